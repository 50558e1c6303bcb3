"""jieba word segmentation with the project's user dictionary; PII placeholders stay whole."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = ["content_tokens", "load_stopwords", "segment", "stopwords_path", "userdict_path"]

_TRAINING = Path(__file__).resolve().parent.parent / "training_data"

# "<手机号>" etc. (see nlu.pii.PLACEHOLDERS): jieba would cut them into "<", "手机号", ">".
_PLACEHOLDER = re.compile(r"(<(?:手机号|座机号|身份证号|银行卡号|邮箱|车牌号)>)")
_USERDICT_LINE = re.compile(r"^(.+?)(?: ([0-9]+))?(?: ([A-Za-z_]+))?$")

_lock = threading.Lock()
_tokenizer = None


def userdict_path() -> Path:
    """Path of the jieba user dictionary shipped in training_data/."""
    return _TRAINING / "userdict.txt"


def stopwords_path() -> Path:
    """Path of the stopword list shipped in training_data/."""
    return _TRAINING / "stopwords.txt"


def _get_tokenizer():
    """The project's own jieba.Tokenizer, built once (thread-safe), user dictionary loaded."""
    global _tokenizer
    tok = _tokenizer
    if tok is not None:
        return tok
    with _lock:
        if _tokenizer is None:
            from nlu.wordseg import new_tokenizer

            # A private Tokenizer (quiet), not jieba's global one, so other modules' add_word
            # calls and ours do not leak into each other; its route search runs compiled.
            t = new_tokenizer()
            for line in userdict_path().read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                m = _USERDICT_LINE.match(line)
                if m:
                    word, freq, tag = m.groups()
                    t.add_word(word, int(freq) if freq else None, tag)
            _tokenizer = t
    return _tokenizer


def _is_punct_or_space(tok: str) -> bool:
    return all(unicodedata.category(c)[0] in "PZSC" for c in tok)


def segment(text: str) -> tuple[str, ...]:
    """jieba tokens of ``text`` (whitespace dropped); PII placeholders are single tokens."""
    if not text:
        return ()
    tok = _get_tokenizer()
    out: list[str] = []
    for i, part in enumerate(_PLACEHOLDER.split(text)):
        if i % 2:
            out.append(part)
        elif part:
            out.extend(w for w in tok.cut(part) if not w.isspace())
    return tuple(out)


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The stopword set from training_data/stopwords.txt (one word a line, '#' comments)."""
    words = set()
    for line in stopwords_path().read_text(encoding="utf-8").splitlines():
        w = line.strip()
        if w and not w.startswith("#"):
            words.add(w)
    return frozenset(words)


def content_tokens(text: str) -> tuple[str, ...]:
    """Tokens of ``text`` without stopwords, punctuation and whitespace (placeholders kept)."""
    stop = load_stopwords()
    return tuple(t for t in segment(text) if t not in stop and not _is_punct_or_space(t))
