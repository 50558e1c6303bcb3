"""The knowledge base's topic entries (``training_data/statute_topics.yml``): for an everyday
complaint topic (公共场所吸烟, 预付卡, 暖气不热 …), the words citizens use for it and the statute
articles that govern it, as a hotline's 知识库 or a 权责清单's 实施依据 lists them.

Retrieval alone ranks by shared words and vectors, and a setting the complaint names (饭馆 → 餐饮,
农贸市场, 超市) often outweighs what happened there (抽烟, 缺斤短两, 过期): a tester's 饭馆里有人
抽烟 got the 消防条例's 排油烟 articles. A complaint that names a topic's words has that topic's
statutes raised and its listed articles put first (``RegulationIndex.search(topics=…)``); each
hit says which entry placed it (``topic``), so an operator sees why.

Entries name statutes and articles by the index's own titles and numbers; an entry whose statute is
not in the index (removed by ``jiesu kb remove``) is skipped, never guessed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from nlu.normalize import is_segmented

log = logging.getLogger(__name__)

TOPICS_NAME = "statute_topics.yml"
TOPICS_FILE = Path(__file__).resolve().parents[1] / "training_data" / TOPICS_NAME


@dataclass(frozen=True)
class Topic:
    name: str
    words: tuple[str, ...]
    unless: tuple[str, ...]
    # statutes in order of relevance, each with its articles in order (第九条 …)
    basis: tuple[tuple[str, tuple[str, ...]], ...]

    def said_in(self, text: str) -> str | None:
        """The first of the topic's words the text uses, unless it also uses a word that means
        something else (``unless``); a word only in what could happen (真着火了大家都跑不出去, 万一
        起火) does not count: a tester's 楼道电动车 complaint cited 发现火灾应当立即报警 first."""
        if any(u in text for u in self.unless):
            return None
        return next((w for w in self.words if w in text and _said_as_fact(text, w)), None)


# what could happen, not what did: 万一 / 一旦 / 如果 …, 真着火了 (a fire lane, a crowded corridor)
_HYPOTHETICAL = re.compile(r"如果|假如|要是|万一|一旦|到时候|的话|真(?:要|的)?(?:着火|起火|失火|出事|发生)")
_BREAKS = "，,。！!？?；;\n"


def _said_as_fact(text: str, word: str) -> bool:
    """Whether some use of ``word`` in ``text`` sits in a clause that does not say it could happen.

    A space is a break too where the text is not in jieba's segmented form: a call's transcript puts spaces
    for its pauses (楼道里头堆了好多纸箱子 还有旧沙发 … 万一着火了可咋整: session 49's corridor had no topic)."""
    breaks = _BREAKS if is_segmented(text) else _BREAKS + " \u3000"
    start = text.find(word)
    while start >= 0:
        left = max(text.rfind(ch, 0, start) for ch in breaks)
        ends = [i for i in (text.find(ch, start + len(word)) for ch in breaks) if i >= 0]
        if not _HYPOTHETICAL.search(text[left + 1:min(ends, default=len(text))]):
            return True
        start = text.find(word, start + 1)
    return False


class TopicFileError(ValueError):
    """A topic file that cannot be read (the message says where)."""


def parse_topics(raw: object, source: str = "statute_topics.yml") -> tuple[Topic, ...]:
    """Topics from the YAML's parsed content; a malformed entry is an error naming it."""
    if not isinstance(raw, dict) or not isinstance(raw.get("topics"), list):
        raise TopicFileError(f"{source}: expected a mapping with a 'topics' list")
    out = []
    for n, t in enumerate(raw["topics"], 1):
        where = f"{source}: topic {n}"
        if not isinstance(t, dict) or not t.get("name") or not isinstance(t.get("basis"), dict):
            raise TopicFileError(f"{where}: needs name, words and basis")
        words = tuple(str(w).strip() for w in t.get("words") or () if str(w).strip())
        if not words:
            raise TopicFileError(f"{where} ({t['name']}): no words")
        short = [w for w in words if len(w) < 2]
        if short:
            raise TopicFileError(f"{where} ({t['name']}): words of one character match anything: {short}")
        basis = []
        for law, arts in t["basis"].items():
            arts = [arts] if isinstance(arts, str) else list(arts or ())
            if not arts:
                raise TopicFileError(f"{where} ({t['name']}): {law} lists no article")
            basis.append((str(law), tuple(str(a) for a in arts)))
        out.append(Topic(str(t["name"]), words, tuple(str(u) for u in t.get("unless") or ()), tuple(basis)))
    return tuple(out)


@lru_cache(maxsize=4)
def load_topics(path: Path = TOPICS_FILE) -> tuple[Topic, ...]:
    """The topic entries of ``path`` (read once per process); none when the file is missing."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        log.warning("kb_index.topics no topic file at %s: retrieval alone", path)
        return ()
    return parse_topics(yaml.safe_load(text), str(path))


@lru_cache(maxsize=8)
def _any_word(topics: tuple[Topic, ...]) -> re.Pattern[str]:
    """One pattern for every topic's words: a text that uses none (most) is done in one scan."""
    words = sorted({w for t in topics for w in t.words}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def matching(text: str, topics: tuple[Topic, ...]) -> list[tuple[Topic, str]]:
    """The topics ``text`` names, each with the word that named it, in the file's order."""
    if not topics or not _any_word(topics).search(text):
        return []
    out = []
    for t in topics:
        w = t.said_in(text)
        if w:
            out.append((t, w))
    return out
