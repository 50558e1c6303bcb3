"""Hot issues (热点问题): group complaints about one concrete problem, rank the groups by heat.

What a message is here. ``nlu.preprocess`` normalizes (繁→简), masks PII and extracts entities;
only masked text is used or stored. Each message brings

- its e5 vector: ``query:`` embedding of the masked title + text (384-d, unit length);
- its place: the district, street (街道/镇), 小区 and road names of the nlu address entities
  (plus the city, "A市"), house numbers cut off, generic words ("大型小区") dropped;
- its matter words: unit TF-IDF weights (jieba's IDF table) of the Chinese words of 2+ characters
  that are not stopwords and not part of a place name; compounds also count as their dictionary
  parts ("夜间施工" → 夜间 + 施工), the title's words count twice;
- its time.

Grouping (``HotIssueIndex``): single-pass leader clustering in time order, incremental. Group
centroids (normalized mean of member vectors) sit in a FAISS inner-product index and are
rewritten in place when a member joins, so new cases join existing groups without recomputing
anything. For a batch of messages the index gives each its 16 nearest centroids (groups changed
within the batch are compared directly); a message joins the best group whose

    score = cosine(vector, centroid) + 0.2 × cosine(matter words, the group's summed words)

reaches the threshold for how their places relate, else it starts a group:

- same 小区: 0.98 (0.99 until a tester's five callers about one barbecue stall at 花家地北里, in five
  wordings, made three groups: their pairs score 0.97–0.99); same road (where 小区 cannot be
  compared, or differ): 0.99 — a road is long, and at 0.98 one group of 57 chained a county's roads,
  lights, bus lines and a hospital's site along 东六路 / 漓楚路 / 黄星大道;
- the places cannot be compared (one side names no 小区/road): 1.04;
- the message names no 小区/road at all: 1.08;
- never when both name a district (or street) and none agree, when both name 小区 and none
  agree (unless a road does), nor when the message is more than 60 days from the group's span.

Names agree when equal without 小区/社区, one inside the other (noisy left boundaries), one edit
apart or with char-bigram Jaccard ≥ 0.5 (typos: "魅力之城"/"魅力之诚"); a group compares with the
names at least a fifth of its members use, so it does not snowball through side mentions. After
each batch, each changed group is compared with its 4 nearest groups and merged with one that
passes the same test (two groups can start for one matter when its first messages differ).
Groups silent for 120 days are retired (their centroid zeroed: never joined again).

Tuned on ``complaints/hot_issue_messages.jsonl`` (4,326 real messages, 2019; e5 cosines of any
two complaints lie between ~0.8 and 0.99, so the vector alone cannot tell "same 小区, other
matter" from "same matter"): re-post pairs = message pairs with character-trigram Jaccard ≥ 0.5
(434 pairs); negatives = 20,000 random pairs from the same district.

    setting                         re-posts together (≤30 days apart)  random pairs merged  groups ≥3
    vector only (0.97/0.99/1.00)    0.624 (0.668)                        0.23 %               43
    default (above)                 0.924 (0.987)                        0.50 %               118
    same-site 0.97 / 1.01           0.926 / 0.917                        0.59 / 0.44 %        117 / 108
    places not comparable 1.00      0.929                                0.60 %               143
    no-place 1.04 / 1.12            0.924 / 0.915                        0.60 / 0.46 %        140 / 109
    lexical weight 0.3              0.924                                0.66 %               153
    window 30 / 90 days             0.866 / 0.947                        0.39 / 0.52 %        95 / 124
    no merge pass                   0.922                                0.43 %               109

Measured again with ``bench/hot_issues_tuning.py`` (2026-12-05, the current encoder's vectors; its
random pairs and re-post pairs as above, all re-posts / those ≤ 30 days apart):

    same-site 0.99 / 0.98 / 0.97    0.919 / 0.919 / 0.922 (0.981)        0.83 / 0.92 / 0.97 %  116 / 115 / 122
    same 小区 0.98, same road 0.99   0.919 (0.981)                        0.85 %                119

Same-site 0.98 for roads too merged 18 more of the 20,000 random pairs than 0.99, most of them through
the 57-member chain of roads above; 0.98 for a 小区 alone, 4 more.

A group is **rising** (``rising``; 上升 on the page) when a window is asked, its growth is ≥ 0.5
and ≥ 3 distinct citizens wrote in its last quarter: a burst, not a single new case (every group
whose cases all fall in the last quarter has growth 1).

Re-posts missed are mostly more than 60 days apart (a new episode, by design) or the same
template about different places. Reading the 40 largest groups at the default: about 35 are one
place and one matter (伊景园滨河苑捆绑销售车位 59, 丽发新城搅拌站 54, 魅力之城小区油烟 20, 58车贷 9,
茶场村五组拆迁 9…); the others mix neighbouring roads or related matters (A7县东六路/漓楚路 lights
and crossings), mostly where a place is a 楼盘 name the entity rules do not take for a place
("梦想枫林湾", "万国城一期"): such a message compares as "no place". One writer's 54 "请加快A市…力度"
letters about a park, tap water, schools and rail were the third group until a petition's words
(``PETITION_WORDS``: 加快, 力度, 市委, 行动 …) stopped counting as matter words (tester55 S7; re-posts
together and random pairs merged unchanged, 0.919 and 0.84 %).

Heat (``heat_index``), over the members inside the window asked for:

    heat = (citizens + ln(1 + max(0, likes − dislikes))) × (1 + 0.5·growth) × (1 + 0.5·concentration)

- citizens: distinct citizens. A case with a call-back number counts once per number (kept
  only as a salted hash); elsewhere there is no user id: a message whose text is near-identical
  to an earlier member's (same text, or e5 cosine ≥ 0.98 and character-trigram Jaccard ≥ 0.7) is
  the same citizen re-posting and is not counted again (it still counts in ``count``);
- likes/dislikes: where the channel has them (the message board); a like is weaker evidence
  than writing in, hence the logarithm;
- growth ∈ [−1, 1]: (r − b)/(r + b) with r the citizens per day in the last quarter of the
  window and b those in the three quarters before; 0 when no window is asked for (a whole
  history has no "now");
- concentration ∈ (0, 1]: citizens / (citizens + span in weeks), for 2+ citizens (0 for one):
  the same citizens in a shorter span are hotter.

Titles: place (city + district + the 小区, else road, else street, most members name) + the
problem phrase of a central member's title (place names and "反映/投诉/关于…的问题" off) whose
character bigrams most member titles share, at most 18 characters; without titles the group's top
TF-IDF keywords.

Caches (under ``home/cache/hot_issues``): a data file's vectors (by file fingerprint + encoder),
its grouping (by fingerprint + encoder + parameters + ``CACHE_VERSION``), and the case database's
grouping, grown with every new case.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import json
import logging
import math
import os
import re
import secrets
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from classifier.data import read_user_lines
from nlu.issues import strip_list_opening
from nlu.types import MAX_YEAR, MIN_YEAR, district_of_place

log = logging.getLogger("triage.hot_issues")

CACHE_VERSION = 7  # bump when messages, grouping rules or the cache layout change (caches then rebuild)
VECTORS_VERSION = 1  # bump only when the embedded text changes (re-embedding a data file takes minutes)
_BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")  # the grouping's clock (naive datetimes)


# -- messages ------------------------------------------------------------------------------------

@dataclass
class Message:
    """One complaint as the grouping sees it: masked text only, its place and its time."""

    id: str
    title: str  # masked
    masked: str  # masked title + text (what is embedded)
    time: datetime | None
    place: dict[str, list[str]] = field(default_factory=dict)  # level -> names, see ``place_of``
    likes: int | None = None
    dislikes: int | None = None
    terms: dict[str, float] = field(default_factory=dict)  # unit TF-IDF weights of the matter's words
    # who wrote it, where the channel knows (a case's call-back number, hashed): one caller's
    # cases count one citizen however differently worded (a tester's two calls counted two)
    citizen: str | None = None


def parse_time(value: Any) -> datetime | None:
    """A complaint's time ("2019/2/28 11:25:05", ISO 8601, datetime) as a naive local datetime."""
    t = _parse_time(value)
    # a time the hotline cannot have (year 1, 9999) is no time: it would overflow the windows
    return t if t is not None and MIN_YEAR <= t.year <= MAX_YEAR else None


def _parse_time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value
        try:
            return value.astimezone(_BEIJING).replace(tzinfo=None)
        except OverflowError:
            return None
    s = str(value).strip()
    m = re.match(r"^((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?", s)
    if m:
        y, mo, d, h, mi, se = (int(x) if x else 0 for x in m.groups())
        try:
            return datetime(y, mo, d, h, mi, se)
        except ValueError:
            return None
    try:
        t = datetime.fromisoformat(s)
        return t if t.tzinfo is None else t.astimezone(_BEIJING).replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None


def file_fingerprint(path: Path) -> str:
    """SHA-256 of a file's bytes (the cache key of everything computed from it)."""
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def cache_dir(home: Path) -> Path:
    """Where vectors and groupings computed for data files are cached."""
    return Path(home) / "cache" / "hot_issues"


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _case_index_vectors(messages: Sequence[Message], encoder, index_dir: Path) -> dict[int, np.ndarray]:
    """The vectors the case index in ``index_dir`` holds for these messages (same id, same masked
    text, same encoder), by position; none when it cannot be read."""
    if not (Path(index_dir) / "meta.json").exists():
        return {}
    try:
        from kb_index.cases import CaseIndex

        idx = CaseIndex.load(Path(index_dir), encoder=encoder.name)
        return {n: v for n, v in idx.stored_vectors([(m.id, m.masked) for m in messages]).items()
                if v.shape[0] == encoder.dim}
    except Exception as e:  # noqa: BLE001 - another encoder, a broken index: encode them all
        log.info("triage.hot_issues.no_case_index_vectors %s", type(e).__name__)
        return {}


def embed_messages(messages: Sequence[Message], encoder, *, cache: Path | None = None,
                   batch_size: int = 32, case_index: Path | None = None) -> np.ndarray:
    """e5 ``query:`` vectors of the messages' masked texts, (n, dim) float32, L2-normalized.

    With ``cache`` (an .npz path) the vectors are read from it when its ids and texts match, else
    computed and written there. With ``case_index`` (the home's case index folder) the vectors it
    holds for the same ids and texts are taken from it (the data's messages are in it: the first
    grouping took 20 minutes of the encoder on a shared machine, a tester's supervisor was told 5–10).
    """
    digest = _key(encoder.name, *(f"{m.id}\x1e{m.masked}" for m in messages))
    if cache is not None and cache.exists():
        try:
            with np.load(cache, allow_pickle=False) as z:
                if str(z["digest"]) == digest:
                    return np.ascontiguousarray(z["vectors"], dtype=np.float32)
        except (OSError, KeyError, ValueError) as e:
            log.warning("triage.hot_issues.cache_unreadable %s", type(e).__name__)
    t0 = time.time()
    have = _case_index_vectors(messages, encoder, case_index) if case_index is not None else {}
    todo = [n for n in range(len(messages)) if n not in have]
    texts = [messages[n].masked for n in todo]
    # chunks: a shared encoder (the API's) is free for other requests between them
    parts = [encoder.encode(texts[a:a + 4 * batch_size], prefix="query: ", batch_size=batch_size)
             for a in range(0, len(texts), 4 * batch_size)]
    vecs = np.zeros((len(messages), encoder.dim), dtype=np.float32)
    if parts:
        vecs[todo] = np.concatenate(parts).astype(np.float32)
    for n, v in have.items():
        vecs[n] = v
    log.info("triage.hot_issues.embedded n=%d from_case_index=%d seconds=%.1f", len(messages), len(have),
             time.time() - t0)
    if cache is not None:
        def write(p: Path) -> None:
            with p.open("wb") as f:
                np.savez(f, vectors=vecs, digest=np.array(digest))

        _atomic_write(cache, write)
    return vecs


_PLACE_LEVELS = ("district", "street", "community", "road")
_CITY = re.compile(r"(?<![A-Za-z0-9])[A-Z][0-9]{0,2}市|北京市")


def place_of(entities: Iterable[Any], masked: str = "") -> dict[str, list[str]]:
    """Place names by level from nlu entities (district, street, community, road, a landmark as its
    district and site; city from text).

    Names keep their first-seen order; house numbers ("6栋", "39号") are cut off.
    """
    out: dict[str, list[str]] = {}
    entities = list(entities)
    # an area said right before its community, without 街道/镇 (望京 + 西园三区): the community is
    # called by both (a tester's 望京西园三区 group was placed at 北京市朝阳区西园三区); names_match
    # still pools it with the community said alone
    area_at = {e.end: e.text for e in entities
               if e.kind == "street" and not e.text.endswith(("街道", "镇", "乡", "地区"))}
    for e in entities:
        if e.kind == "place":
            # a landmark (北京西站南广场): its district, and the place itself as the site
            for level, name in (("district", district_of_place(e.value) or ""), ("community", e.text)):
                if len(name) >= 2 and name not in out.setdefault(level, []):
                    out[level].append(name)
            continue
        if e.kind not in _PLACE_LEVELS:
            continue
        name = e.value or e.text if e.kind == "district" else e.text
        name = _HOUSE_TAIL.sub("", name) if e.kind in ("community", "road") else name
        if len(name) < 2 or e.kind == "community" and _generic_community(name):
            continue
        if e.kind == "community" and e.start in area_at:
            name = area_at[e.start] + name
        names = out.setdefault(e.kind, [])
        if name not in names:
            names.append(name)
    m = _CITY.search(masked)
    if m:
        out["city"] = [m.group()]
    return out


# Words the entity rules take for a 小区's name but that name none ("大型小区", "高端别墅小区").
_GENERIC_COMMUNITY = re.compile(r"^(?:大型|高端|别墅|高档|老旧|老|新建|新|周边|附近|周围|该|本|我们|我|整个|这个|那个|"
                                r"住宅|纯住宅|商品房|安置|拆迁|物业|商业|城镇|居民|所在|很多|多个|各个|一些|部分|"
                                r"绝大部分|大部分|一栋|调整|其他|其它|同一|某|各)+(?:小区|社区)$")


def _generic_community(name: str) -> bool:
    return bool(_GENERIC_COMMUNITY.match(name))


_HOUSE_TAIL = re.compile(r"(?:[甲乙丙]?(?:[0-9]+|[一二三四五六七八九十百零〇两]{1,4})"
                         r"(?:号院|号楼|号|栋|幢|座|单元|室|期)|[0-9]+(?:-[0-9]+){1,2}(?:室|号)?)+$")


def _masked_title(title: str) -> str:
    """The title, normalized and masked on its own: not the masked text's first line, which is the
    whole text when the text starts with its title (preprocess keeps the text alone then: a group
    member's title read A市市政建设开发有限公司违规操作…，2500多名职工盼新房…变相涨价…)."""
    if not title.strip():
        return ""
    from nlu import mask_pii, normalize

    return mask_pii(normalize(title))[0]


def message_of(row: dict[str, Any]) -> Message:
    """A ``Message`` from a row ``{id, title?, text, time?, likes?, dislikes?}``: masked, with its place."""
    from nlu import Complaint, preprocess

    text = str(row.get("text") or "")
    title = str(row.get("title") or "")
    t = row.get("time")
    pre = preprocess(Complaint(text=text, title=title, id=str(row.get("id")),
                               time=t if isinstance(t, str) else None))
    masked_title = _masked_title(title)
    place = place_of(pre.entities, pre.masked)
    return Message(id=str(row.get("id")), title=masked_title, masked=pre.masked, time=parse_time(t),
                   place=place, likes=_int(row.get("likes")), dislikes=_int(row.get("dislikes")),
                   terms=terms_of(pre.tokens, masked_title, place))


_MAX_TERMS = 40
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


# the words of a petition's style, no matter of its own: one writer's 54 letters 请加快A市…建设力度 about a park, a
# school, tap water and the trade fair made one hot issue through 加快 / 力度 / 市委 / 行动 (tester55 S7)
PETITION_WORDS = frozenset(
    "加快 力度 步伐 有何 市委 市政府 行动 刻不容缓 全覆盖 加大 推进 请求 强烈 呼吁 建议 关注 重视 政府 部门 "
    "问题 反映 情况 解决 处理 早日 尽早 落实 市长 书记".split())


def terms_of(tokens: Sequence[str], title: str, place: dict[str, list[str]]) -> dict[str, float]:
    """Unit-length TF-IDF weights (jieba's IDF table, sublinear tf) of the words that say what the
    matter is: Chinese words of 2+ characters, no stopwords, no part of a place name; the title's
    words count twice. At most the 40 heaviest."""
    import jieba.analyse

    from nlu import load_stopwords, segment
    from nlu.segment import _get_tokenizer

    freq = _get_tokenizer().FREQ
    stop = load_stopwords()
    names = [n for v in place.values() for n in v]
    tf: Counter = Counter()
    for toks in (tokens, segment(title) if title else ()):
        for t in toks:
            if t in stop or t in PETITION_WORDS or not _HAN_WORD.match(t) or any(t in n for n in names):
                continue
            tf[t] += 1
            if len(t) >= 3:  # "夜间施工" also counts as 夜间 + 施工 (jieba's search mode)
                for n in (2, 3):
                    for i in range(len(t) - n + 1):
                        sub = t[i:i + n]
                        if sub != t and freq.get(sub) and sub not in stop and sub not in PETITION_WORDS:
                            tf[sub] += 1
    idf = jieba.analyse.default_tfidf
    w = {t: (1.0 + float(np.log(c))) * idf.idf_freq.get(t, idf.median_idf) for t, c in tf.items()}
    top = sorted(w.items(), key=lambda kv: -kv[1])[:_MAX_TERMS]
    norm = float(np.sqrt(sum(v * v for _, v in top))) or 1.0
    return {t: round(v / norm, 5) for t, v in top}


MAX_COUNT = 10 ** 9  # likes / dislikes beyond this are no real count


def _int(v: Any) -> int | None:
    """A like / dislike count: a non-negative whole number up to ``MAX_COUNT``, else None."""
    if v is None or v == "" or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(f) or f < 0 or f > MAX_COUNT or f != int(f):
        return None
    return int(f)


def _row_ok(row: Any) -> bool:
    """A usable row: an object whose text is non-empty text, title text if any, and counts that
    are counts (a list as title, a number as text, -5 or 1e400 likes make the row bad)."""
    if not isinstance(row, dict):
        return False
    text, title = row.get("text"), row.get("title")
    if not isinstance(text, str) or not text.strip() or not (title is None or isinstance(title, str)):
        return False
    return all(row.get(k) in (None, "") or _int(row.get(k)) is not None for k in ("likes", "dislikes"))


class HotIssueInputError(ValueError):
    """An input file that cannot be read as complaint rows."""


def read_rows(path: Path, *, quiet: bool = False) -> list[dict[str, Any]]:
    """Rows of a JSONL file ``{id, title?, text, time?, likes?, dislikes?}``; rows without text, or
    with fields of the wrong kind (``_row_ok``), skipped.

    Raises HotIssueInputError when the file is missing or no row is usable.
    """
    path = Path(path)
    if path.is_dir():
        raise HotIssueInputError(f"输入路径是目录，不是文件 / the input is a directory, not a file: {path}")
    if not path.is_file():
        raise HotIssueInputError(f"文件不存在 / file not found: {path}")
    rows: list[dict[str, Any]] = []
    bad: list[int] = []
    for i, line in enumerate(read_user_lines(path), 1):  # UTF-8 (BOM or not) or GB18030
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            bad.append(i)
            continue
        if not _row_ok(row):
            bad.append(i)
            continue
        row.setdefault("id", f"line-{i}")
        rows.append(row)
    if bad and not quiet:   # (said once: top_from_file reads the file first, the grouping again)
        log.info("triage.hot_issues.skipped_rows n=%d", len(bad))  # the user reads the line below
        lines = "、".join(map(str, bad[:10])) + ("…" if len(bad) > 10 else "")
        print(f"跳过 {len(bad)} 行（第 {lines} 行：不是 JSON、没有 text，或 likes/dislikes 不是 0–10⁹ 的整数）/ "
              f"skipped {len(bad)} rows (lines {lines.replace('、', ', ')}: not JSON, no text, or likes/dislikes "
              f"not whole numbers 0–10⁹)", file=sys.stderr)
    if not rows:
        raise HotIssueInputError(f"没有可用的行（须为 JSONL，每行含 text）/ no usable rows (JSONL with text): {path}")
    return rows


def file_vectors_path(home: Path, fingerprint: str, encoder_name: str) -> Path:
    """Cache file of a data file's vectors: keyed by its fingerprint and the encoder."""
    return cache_dir(home) / f"vectors-{fingerprint[:16]}-{_key(encoder_name, str(VECTORS_VERSION))}.npz"


# -- places ----------------------------------------------------------------------------------------

_NAME_SUFFIX = re.compile(r"(?:小区|社区)$")
_SITE_LEVELS = ("community", "road")


def _norm_name(name: str) -> str:
    core = _NAME_SUFFIX.sub("", name.strip())
    return core if len(core) >= 2 else name.strip()


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def names_match(a: str, b: str) -> bool:
    """Two place names denote the same place: equal without 小区/社区, one inside the other (noisy
    left boundaries: "长房云时代小区" / "房云时代小区"), or a typo apart (one edit, or char-bigram
    Jaccard ≥ 0.5 for names of 3+ characters: "魅力之城" / "魅力之诚")."""
    a, b = _norm_name(a), _norm_name(b)
    if a == b:
        return True
    if min(len(a), len(b)) < 2:
        return False
    if a in b or b in a:
        return True
    if min(len(a), len(b)) >= 3:
        if _within_one_edit(a, b) and max(len(a), len(b)) >= 4:
            return True
        ba, bb = _bigrams(a), _bigrams(b)
        return len(ba & bb) / len(ba | bb) >= 0.5
    return False


def _any_match(ms: Iterable[str], gs: Iterable[str], exact: bool = False) -> bool:
    gs = list(gs)
    if exact:
        return any(m in gs for m in ms)
    return any(names_match(m, g) for m in ms for g in gs)


# -- incremental grouping -------------------------------------------------------------------------

@dataclass(frozen=True)
class Params:
    """Grouping parameters (tuned on hot_issue_messages.jsonl; see the module docstring)."""

    # A message joins the group with the best score = cosine(e5 vector, group centroid)
    # + lexical_weight × cosine(TF-IDF of the matter's words, the group's) above the threshold
    # for how their places relate:
    threshold: float = 1.04  # places cannot be compared (one side names no 小区 / road)
    threshold_same_site: float = 0.99  # message and group name the same road (or 小区 and road)
    threshold_same_community: float = 0.98  # message and group name the same 小区
    threshold_no_place: float = 1.08  # the message names no 小区 / road at all
    lexical_weight: float = 0.2
    window_days: float = 60.0  # a message joins a group active within this many days of it
    duplicate: float = 0.98  # cosine to an earlier member from which a message may be a re-post (same citizen)
    k: int = 16  # candidate groups retrieved per message
    k_merge: int = 4  # neighbour groups a changed group is compared with for merging
    merge_margin: float = 0.0  # added to the join threshold when two groups merge
    batch: int = 256  # messages searched against the centroid index at once

    def key(self) -> str:
        return _key(*(f"{k}={v}" for k, v in sorted(self.__dict__.items())))


_MAX_NAMES = 24  # names per level a group compares against (its most frequent)
_DUP_LOOKBACK = 256  # members a new message is compared with for the re-post check


@dataclass
class _Group:
    id: int
    members: list[int] = field(default_factory=list)  # message rows, in arrival order
    names: dict[str, Counter] = field(default_factory=dict)  # level -> Counter(name)
    start: datetime | None = None
    end: datetime | None = None
    text_keys: set[str] = field(default_factory=set)
    closed: bool = False
    terms: dict[str, float] = field(default_factory=dict)  # sum of the members' unit TF-IDF weights
    terms_norm2: float = 0.0  # its squared length, kept up to date on join

    def lexical(self, terms: dict[str, float]) -> float:
        """Cosine between a message's TF-IDF weights and the group's summed weights."""
        if not terms or self.terms_norm2 <= 0:
            return 0.0
        g = self.terms
        return sum(w * g.get(t, 0.0) for t, w in terms.items()) / (self.terms_norm2 ** 0.5)

    def lexical_groups(self, other: _Group) -> float:
        """Cosine between two groups' summed TF-IDF weights."""
        if self.terms_norm2 <= 0 or other.terms_norm2 <= 0:
            return 0.0
        a, b = (self.terms, other.terms) if len(self.terms) <= len(other.terms) else (other.terms, self.terms)
        return sum(w * b.get(t, 0.0) for t, w in a.items()) / (self.terms_norm2 * other.terms_norm2) ** 0.5

    def add_terms(self, terms: dict[str, float]) -> None:
        if not terms:
            return
        g = self.terms
        dot = sum(w * g.get(t, 0.0) for t, w in terms.items())
        self.terms_norm2 += 2 * dot + sum(w * w for w in terms.values())
        for t, w in terms.items():
            g[t] = g.get(t, 0.0) + w

    _top: dict[str, list[str]] = field(default_factory=dict)  # cache of top_names, reset on join

    def top_names(self, level: str) -> list[str]:
        """The level's names that at least a fifth of the members use (at most 24): a group does
        not snowball through the side mentions of a few members ("路过东六路…")."""
        top = self._top.get(level)
        if top is None:
            c = self.names.get(level)
            need = max(1.0, 0.2 * len(self.members))
            top = self._top[level] = [n for n, k in c.most_common(_MAX_NAMES) if k >= need] if c else []
        return top


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _shingles(text: str) -> set[str]:
    t = _NON_WORD.sub("", text)
    return {t[i:i + 3] for i in range(max(1, len(t) - 2))}


def _near_identical(a: str, b: str) -> bool:
    """Character-trigram Jaccard ≥ 0.7: the same text re-sent, maybe lightly edited."""
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / max(1, len(sa | sb)) >= 0.7


def _text_key(masked: str) -> str:
    return hashlib.sha1(_NON_WORD.sub("", masked).encode("utf-8")).hexdigest()[:16]


class HotIssueIndex:
    """Single-pass leader clustering over e5 vectors, place names and time; grows incrementally.

    Group centroids (normalized mean of member vectors) live in a FAISS inner-product index and are
    updated in place when a member joins, so adding cases never recomputes earlier assignments.
    """

    def __init__(self, dim: int, params: Params | None = None, encoder_name: str = "") -> None:
        import faiss

        self.dim = int(dim)
        self.params = params or Params()
        self.encoder_name = encoder_name
        self.messages: list[Message] = []
        self.group_of: list[int] = []  # per message row
        self.repost: list[bool] = []  # per message row: near-identical to an earlier member
        self.groups: list[_Group] = []
        self._vecs = np.zeros((0, self.dim), dtype=np.float32)  # member vectors (re-post checks)
        self._sums = np.zeros((0, self.dim), dtype=np.float64)  # per group: sum of member vectors
        self._index = faiss.IndexFlatIP(self.dim)
        self.newest: datetime | None = None
        self._row_of: dict[str, int] = {}
        self._ends: list[tuple[datetime, int]] = []  # heap of (group end, group) for retiring
        self.extra: dict[str, Any] = {}  # saved with the index (e.g. the source's last case id)
        self.merged = 0  # groups absorbed by the merge pass

    def __len__(self) -> int:
        return len(self.messages)

    # -- the FAISS centroid store ------------------------------------------------------------
    def _centroids_view(self) -> np.ndarray:
        import faiss

        n = self._index.ntotal
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return faiss.rev_swig_ptr(self._index.get_xb(), n * self.dim).reshape(n, self.dim)

    def _centroid(self, g: int) -> np.ndarray:
        s = self._sums[g]
        return (s / max(float(np.linalg.norm(s)), 1e-12)).astype(np.float32)

    def _grow(self, arr: np.ndarray, need: int) -> np.ndarray:
        if need <= arr.shape[0]:
            return arr
        out = np.zeros((max(need, 2 * arr.shape[0], 64), self.dim), dtype=arr.dtype)
        out[:arr.shape[0]] = arr
        return out

    # -- assignment ----------------------------------------------------------------------------
    def _required(self, m: Message, g: _Group) -> float | None:
        """Score a message needs to join group ``g``; None when places or times conflict."""
        return self._threshold(m.place.get, m.time, m.time, g)

    def _threshold(self, names, start: datetime | None, end: datetime | None, g: _Group) -> float | None:
        """Score needed for something with place names ``names(level)`` and time span start–end to
        belong with group ``g``; None when places or times conflict."""
        p = self.params
        if g.closed:
            return None
        if start is not None and g.start is not None:
            w = timedelta(days=p.window_days)
            if start > g.end + w or end < g.start - w:
                return None
        for level in ("district", "street"):
            ms, gs = names(level), g.top_names(level)
            if ms and gs and not _any_match(ms, gs, exact=level == "district"):
                return None
        mc, gc = names("community"), g.top_names("community")
        mr, gr = names("road"), g.top_names("road")
        if mc and gc:
            if _any_match(mc, gc):
                return p.threshold_same_community
            if not (mr and gr and _any_match(mr, gr)):
                return None
            return p.threshold_same_site
        if mr and gr:
            return p.threshold_same_site if _any_match(mr, gr) else None
        if not mc and not mr:
            return p.threshold_no_place
        return p.threshold

    def _merge_pass(self, touched: Iterable[int]) -> None:
        """Merge each group changed in this batch with a near, compatible group: single-pass
        clustering can start two groups for one matter when its first messages differ; only the
        groups just touched are looked at, so earlier work is never redone."""
        p = self.params
        live = [g for g in touched if not self.groups[g].closed and self.groups[g].members]
        if not live or self._index.ntotal < 2 or p.k_merge <= 0:
            return
        D, I = self._index.search(np.stack([self._centroid(g) for g in live]), min(p.k_merge, self._index.ntotal))
        for g, ds, gs in zip(live, D, I, strict=True):
            grp = self.groups[g]
            if grp.closed:  # absorbed earlier in this pass
                continue
            for cos, h in zip(ds.tolist(), gs.tolist(), strict=True):
                if h < 0 or h == g or cos + p.lexical_weight < min(p.threshold_same_site, p.threshold_same_community):
                    continue
                other = self.groups[h]
                if other.closed:
                    continue
                need = self._threshold(other.top_names, other.start, other.end, grp)
                if need is None:
                    continue
                score = cos + p.lexical_weight * grp.lexical_groups(other)
                if score >= need + p.merge_margin:
                    big, small = (g, h) if len(grp.members) >= len(other.members) else (h, g)
                    self._absorb(big, small)
                    if small == g:
                        break
                    grp = self.groups[g]

    def _absorb(self, g: int, h: int) -> None:
        """Move group ``h``'s members into ``g``; ``h`` is closed and leaves the index."""
        grp, other = self.groups[g], self.groups[h]
        for r in other.members:
            self.group_of[r] = g
        grp.members = sorted(grp.members + other.members)
        for level, c in other.names.items():
            grp.names.setdefault(level, Counter()).update(c)
        grp._top.clear()
        grp.text_keys |= other.text_keys
        for t, w in other.terms.items():
            grp.terms[t] = grp.terms.get(t, 0.0) + w
        grp.terms_norm2 = sum(w * w for w in grp.terms.values())
        if other.start is not None:
            grp.start = other.start if grp.start is None else min(grp.start, other.start)
            grp.end = other.end if grp.end is None else max(grp.end, other.end)
            heapq.heappush(self._ends, (grp.end, g))
        self._sums[g] += self._sums[h]
        self._sums[h] = 0.0
        other.members, other.closed = [], True
        view = self._centroids_view()
        view[g] = self._centroid(g)
        view[h] = 0.0
        self.merged += 1

    def _join(self, row: int, g: int, v: np.ndarray) -> None:
        m = self.messages[row]
        grp = self.groups[g]
        key = _text_key(m.masked)
        dup = key in grp.text_keys
        if not dup and grp.members:
            # the most recent members only: a re-post follows its original closely, and big groups
            # must not make each join slower
            recent = grp.members[-_DUP_LOOKBACK:]
            sims = self._vecs[recent] @ v
            # e5 alone puts rewordings of one matter near 0.98: same wording is checked on characters
            close = np.flatnonzero(sims >= self.params.duplicate)
            close = close[np.argsort(-sims[close])[:3]]  # the nearest few: a re-post is the nearest
            dup = any(_near_identical(m.masked, self.messages[recent[i]].masked) for i in close)
        grp.text_keys.add(key)
        grp.members.append(row)
        grp._top.clear()
        grp.add_terms(m.terms)
        for level, names in m.place.items():
            if level == "city" or level in _PLACE_LEVELS:
                c = grp.names.setdefault(level, Counter())
                c.update(list(dict.fromkeys(names)))
        if m.time is not None:
            grp.start = m.time if grp.start is None else min(grp.start, m.time)
            grp.end = m.time if grp.end is None else max(grp.end, m.time)
        self._sums[g] += v
        self.group_of[row] = g
        self.repost[row] = dup

    def _new_group(self) -> int:
        g = len(self.groups)
        self.groups.append(_Group(g))
        self._sums = self._grow(self._sums, g + 1)
        return g

    def add(self, messages: Sequence[Message], vectors: np.ndarray) -> list[int]:
        """Assign new messages (in time order) to existing or new groups; returns their group ids.

        Messages whose id is already in the index are skipped (their existing group is returned).
        """
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(messages) != vectors.shape[0] or (len(messages) and vectors.shape[1] != self.dim):
            raise ValueError(f"{len(messages)} messages but vectors of shape {vectors.shape} (dim {self.dim})")
        order = sorted(range(len(messages)),
                       key=lambda i: (messages[i].time is None, messages[i].time or datetime.min))
        fresh = []
        seen = set()
        for i in order:
            mid = messages[i].id
            if mid not in self._row_of and mid not in seen:
                fresh.append(i)
                seen.add(mid)
        p = self.params
        lowest = min(p.threshold, p.threshold_same_site, p.threshold_same_community, p.threshold_no_place)
        for b0 in range(0, len(fresh), p.batch):
            idx = fresh[b0:b0 + p.batch]
            X = vectors[idx]
            n_indexed = self._index.ntotal
            if n_indexed:
                D, I = self._index.search(X, min(p.k, n_indexed))
            else:
                D = I = np.zeros((len(idx), 0))
            # groups created or changed in this batch: their fresh centroids, compared directly
            touched: dict[int, int] = {}  # group -> row of t_cent
            t_cent = np.zeros((len(idx), self.dim), dtype=np.float32)
            for j, i in enumerate(idx):
                m, v = messages[i], X[j]
                row = len(self.messages)
                self.messages.append(m)
                self._row_of[m.id] = row
                self.group_of.append(-1)
                self.repost.append(False)
                self._vecs = self._grow(self._vecs, row + 1)
                self._vecs[row] = v
                cands: dict[int, float] = {}
                for d, g in zip(D[j], I[j], strict=True):
                    if g >= 0 and g not in touched:
                        cands[int(g)] = float(d)
                if touched:
                    sims = t_cent[:len(touched)] @ v
                    cands.update(zip(touched, sims.tolist(), strict=True))
                best, best_score = -1, -1.0
                for g, cos in sorted(cands.items(), key=lambda kv: -kv[1]):
                    if cos + p.lexical_weight < max(lowest, best_score):
                        break  # lexical similarity is at most 1: no later candidate can pass or win
                    grp = self.groups[g]
                    score = cos + p.lexical_weight * grp.lexical(m.terms)
                    if score < lowest or score <= best_score:
                        continue
                    need = self._required(m, grp)  # places and time: dearer, so after the score
                    if need is not None and score >= need:
                        best, best_score = g, score
                if best < 0:
                    best = self._new_group()
                self._join(row, best, v)
                t_cent[touched.setdefault(best, len(touched))] = self._centroid(best)
                if m.time is not None and (self.newest is None or m.time > self.newest):
                    self.newest = m.time
            self._sync(touched)
            self._merge_pass(touched)
        return [self.group_of[self._row_of[m.id]] for m in messages]

    def _sync(self, touched: Iterable[int]) -> None:
        """Write changed and new centroids into the FAISS index; close groups out of the window."""
        touched = sorted(touched)
        n = self._index.ntotal
        new = [g for g in touched if g >= n]
        if new:
            if new != list(range(n, n + len(new))):
                raise AssertionError("groups must be indexed in creation order")
            self._index.add(np.stack([self._centroid(g) for g in new]))
        view = self._centroids_view()
        for g in touched:
            if g < n:
                view[g] = self._centroid(g)
        for g in touched:
            end = self.groups[g].end
            if end is not None:
                heapq.heappush(self._ends, (end, g))
        if self.newest is not None:
            # A group silent for twice the window can never be joined again (messages arrive in
            # about time order): zero its centroid so it stops taking candidate slots.
            limit = self.newest - timedelta(days=2 * self.params.window_days)
            while self._ends and self._ends[0][0] < limit:
                end, g = heapq.heappop(self._ends)
                grp = self.groups[g]
                if not grp.closed and grp.end == end:
                    grp.closed = True
                    view[g] = 0.0

    # -- persistence ---------------------------------------------------------------------------
    def save(self, d: Path) -> None:
        """Write the index to directory ``d`` (arrays + JSON, no pickle), replacing it atomically."""
        d = Path(d)
        d.parent.mkdir(parents=True, exist_ok=True)
        tmp = d.with_name(f".{d.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.mkdir()
        try:
            n, g = len(self.messages), len(self.groups)
            np.save(tmp / "vectors.npy", self._vecs[:n].astype(np.float16))
            np.save(tmp / "sums.npy", self._sums[:g].astype(np.float32))
            state = {
                "format": CACHE_VERSION, "dim": self.dim, "encoder": self.encoder_name,
                "params": self.params.__dict__, "created_at": datetime.now().isoformat(timespec="seconds"),
                "closed": [x.id for x in self.groups if x.closed],
                "messages": [{**_message_json(m), "group": self.group_of[r], "repost": self.repost[r]}
                             for r, m in enumerate(self.messages)],
                "extra": self.extra,
            }
            (tmp / "state.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
            old = d.with_name(f".{d.name}.{uuid.uuid4().hex[:8]}.old")
            if d.exists():
                os.replace(d, old)
            os.replace(tmp, d)
            if old.exists():
                import shutil

                shutil.rmtree(old, ignore_errors=True)
        finally:
            if tmp.exists():
                import shutil

                shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, d: Path, *, encoder_name: str | None = None, params: Params | None = None) -> HotIssueIndex:
        """Read an index saved by ``save``; ValueError when it was made by another encoder, other
        parameters or another format."""
        d = Path(d)
        state = json.loads((d / "state.json").read_text(encoding="utf-8"))
        if state.get("format") != CACHE_VERSION:
            raise ValueError(f"hot-issue index format {state.get('format')} != {CACHE_VERSION}")
        if encoder_name is not None and state.get("encoder") != encoder_name:
            raise ValueError(f"hot-issue index made with encoder {state.get('encoder')!r}, not {encoder_name!r}")
        p = Params(**state["params"])
        if params is not None and p != params:
            raise ValueError("hot-issue index made with other parameters")
        idx = cls(int(state["dim"]), p, state.get("encoder", ""))
        vecs = np.load(d / "vectors.npy", allow_pickle=False)
        sums = np.load(d / "sums.npy", allow_pickle=False).astype(np.float64)
        idx.extra = state.get("extra") or {}
        closed = set(state.get("closed") or ())
        idx._vecs = vecs.astype(np.float32)
        idx._sums = sums
        idx.groups = [_Group(g, closed=g in closed) for g in range(sums.shape[0])]
        for r, mj in enumerate(state["messages"]):
            m = _message_from_json(mj)
            g = int(mj["group"])
            idx.messages.append(m)
            idx._row_of[m.id] = r
            idx.group_of.append(g)
            idx.repost.append(bool(mj.get("repost")))
            grp = idx.groups[g]
            grp.members.append(r)
            grp.text_keys.add(_text_key(m.masked))
            grp.add_terms(m.terms)
            for level, names in m.place.items():
                grp.names.setdefault(level, Counter()).update(list(dict.fromkeys(names)))
            if m.time is not None:
                grp.start = m.time if grp.start is None else min(grp.start, m.time)
                grp.end = m.time if grp.end is None else max(grp.end, m.time)
                idx.newest = m.time if idx.newest is None else max(idx.newest, m.time)
        if idx.groups:
            cents = np.stack([idx._centroid(g) for g in range(len(idx.groups))])
            cents[sorted(closed)] = 0.0
            idx._index.add(cents)
        for grp in idx.groups:
            if grp.end is not None and not grp.closed:
                heapq.heappush(idx._ends, (grp.end, grp.id))
        return idx

    def central(self, rows: Sequence[int], g: int) -> list[int]:
        """``rows`` of group ``g`` ordered by cosine to its centroid, most central first."""
        c = self._centroid(g)
        sims = self._vecs[list(rows)] @ c
        return [rows[i] for i in np.argsort(-sims, kind="stable")]


def _message_json(m: Message) -> dict[str, Any]:
    return {"id": m.id, "title": m.title, "masked": m.masked,
            "time": m.time.isoformat(timespec="seconds") if m.time else None,
            "place": m.place, "likes": m.likes, "dislikes": m.dislikes, "terms": m.terms, "citizen": m.citizen}


def _message_from_json(d: dict[str, Any]) -> Message:
    return Message(id=d["id"], title=d.get("title") or "", masked=d.get("masked") or "",
                   time=parse_time(d.get("time")), place={k: list(v) for k, v in (d.get("place") or {}).items()},
                   likes=d.get("likes"), dislikes=d.get("dislikes"), terms=dict(d.get("terms") or {}),
                   citizen=d.get("citizen"))


# -- heat and titles ---------------------------------------------------------------------------------

LIKE_WEIGHT = 1.0  # heat points per e-fold of net likes (a like is weaker than writing in)
TREND_WEIGHT = 0.5
BURST_WEIGHT = 0.5


def _citizens(index: HotIssueIndex, rows: Sequence[int], least: int = 1) -> int:
    """Distinct citizens among ``rows``: one per caller where the channel knows who (``citizen``),
    else one per message that is no re-post of an earlier member's."""
    callers: set[str] = set()
    n = 0
    for r in rows:
        who = index.messages[r].citizen
        if who:
            if who not in callers:
                callers.add(who)
                n += 1
        elif not index.repost[r]:
            n += 1
    return max(least, n)


RISING_GROWTH = 0.5   # growth (last quarter of the window against the three before) for 上升
RISING_CITIZENS = 3   # distinct citizens in the last quarter: a burst, not one new case


def heat_index(citizens: int, likes: int, dislikes: int, trend: float, span_days: float) -> float:
    """Heat of a group (see the module docstring): support × (1 + ½·trend) × (1 + ½·burst)."""
    support = citizens + LIKE_WEIGHT * np.log1p(max(0, likes - dislikes))
    # concentration needs two citizens at least: one message has no span to speak of
    burst = citizens / (citizens + max(0.0, span_days) / 7.0) if citizens >= 2 else 0.0
    return float(support * (1 + TREND_WEIGHT * trend) * (1 + BURST_WEIGHT * burst))


_LEAD = re.compile(r"^(?:关于|反映|投诉|举报|咨询|请求|建议|请问|求助|强烈要求|要求|我要|我想|想要|要|恳请|恳求|希望|呼吁|请|对|有关|"
                   # a message's enumeration (第二个是楼道里的垃圾…, 其次, 还有就是)
                   r"第[一二三四五六七八九十0-9]+(?:个|条|件|点)?(?:是|就是|呢)?|首先|其次|再次|还有就是|还有|另外|另一个是|最后|"
                   r"市民|业主|居民|我们家|我家|俺们家|俺家|咱们家|咱家|俺们|咱们|俺|我们|本人|我|的|在|位于|附近|周边|旁边|[\s,，。:：、!！?？;；\-—()（）【】\[\]《》“”\"'])+")
# when it happened, opening a clause (昨天晚上十点多我在北京西站打出租车): not the problem
_TIME_LEAD = re.compile(r"^(?:(?:昨天|今天|前天|刚才|最近|近期|这几天|上周|上个月|每天|天天)"
                        r"(?:早上|上午|中午|下午|晚上|夜里|半夜|凌晨)?|早上|上午|中午|下午|晚上|夜里|半夜|凌晨)"
                        r"(?:[零一二两三四五六七八九十0-9]+点(?:多|半|钟)?)?")
_TIME_BOUND = ("以后", "以前", "之后", "之前", "后", "前", "左右", "到", "至", "还", "也", "就", "才")


def _without_time_lead(clause: str) -> str:
    """The clause without the time it opens with, unless the time is what the clause is about
    (晚上十一点以后还在施工 keeps it), and without what opens a list of problems (两个事：一是…)."""
    clause = strip_list_opening(clause)
    m = _TIME_LEAD.match(clause)
    if not m or not m.end() or clause[m.end():].startswith(_TIME_BOUND):
        return clause
    return clause[m.end():]


_TAIL = re.compile(r"(?:的问题|问题|的投诉|的建议|的咨询|的请求|的反映|一事|事宜|的情况|情况|[\s,，。:：、!！?？;；…~\-—.])+$")
_CLAUSE = re.compile(r"[，,。！!？?；;、\s]+")
_MAX_PROBLEM = 18
# what the bot adds to a description (（市民称此前多次反映未解决）): no part of the problem
_NOTE = re.compile(r"[（(]市民称[^）)]*(?:[）)]|$)")
# words a cut title must not end on: they lead into what follows
_DANGLING = frozenset("也 还 都 就 又 的 地 得 了 和 跟 与 及 在 是 把 被 给 让 对 从 向 往 没 不 很 太 更 最 但 而 且 或 因 因为 所以 如果 但是 而且 并且 还是 就是 也不 也没 都不 都没 一直 已经 总是 经常".split())


# a number or a clock time in words (十一点, 两万四千, 一千二百元): never what a group is about
_NUMBER_WORD = re.compile(r"[零〇一二两三四五六七八九十百千万亿半几多]+[点元块号天年月日岁个次]?")


def _keywords(texts: Sequence[str], stop_names: Iterable[str], top: int = 8) -> list[tuple[str, float]]:
    """TF-IDF keywords of the texts (jieba's IDF table; our tokenizer and stopwords), place names out."""
    import jieba.analyse

    from nlu import content_tokens

    tfidf = jieba.analyse.default_tfidf
    stops = [n for n in stop_names if n]
    tf: Counter = Counter()
    for t in texts:
        for w in set(content_tokens(t)):
            if len(w) < 2 or w.startswith("<") or re.fullmatch(r"[0-9A-Za-z._-]+|[A-Z][0-9]*[区县市省]", w) \
                    or _NUMBER_WORD.fullmatch(w):
                continue
            if any(w in n for n in stops):
                continue
            tf[w] += 1
    scored = [(w, c * tfidf.idf_freq.get(w, tfidf.median_idf)) for w, c in tf.items()]
    scored.sort(key=lambda x: -x[1])
    return scored[:top]


@functools.lru_cache(maxsize=1)
def _topics() -> tuple[Any, ...]:
    """The knowledge base's topic entries, read once; none when they cannot be read (a title
    without them is still a title)."""
    from kb_index.topics import load_topics

    try:
        return load_topics()
    except Exception:  # noqa: BLE001
        return ()


def _topic_words(text: str) -> list[str]:
    """The complaint-topic words (``training_data/statute_topics.yml``) ``text`` says as fact."""
    from kb_index.topics import matching

    topics = _topics()
    return [w for _, w in matching(text, topics)] if topics else []


def topic_label(name: str, texts: Sequence[str] = ()) -> str:
    """A knowledge-base topic's name as a title's problem, in the words the texts use where the name offers
    several (施工噪声/夜间施工; 养犬：不拴绳/狗粪/狗叫扰民 → 养犬不拴绳 or 养犬狗叫扰民), with the kind said in its
    brackets when the texts say it (预付卡（跑路/不退卡） → 预付卡跑路; 出租车（绕路/拒载…） → 出租车绕路)."""
    said = "".join(texts)
    head, _, paren = name.partition("（")
    lead, _, rest = head.rpartition("：")
    options = (rest or head).split("/")
    choice = next((o for o in options if o and o in said), options[0])
    label = f"{lead}{choice}" if lead else choice
    if paren and len(label) <= 4:
        kind = next((k for k in paren.rstrip("）)").split("/") if k and k in said), "")
        label += kind
    return label.strip()


def _told_topic(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The topic a complaint is about, as (name, its words): of those it names as fact, the one whose word
    comes first (科学城星苑小区5号楼电梯坏了一个月了，物业老说配件没到 → 电梯故障, not 物业服务)."""
    from kb_index.topics import matching
    from nlu.priority import WAGES_OWED

    topics = _topics()
    found = matching(text, topics) if topics else []
    if not found:  # 欠我三个月工资: wages owed said other than the topic's words
        return ("拖欠工资", ("工资", "欠薪", "工钱")) if WAGES_OWED.search(text) else None
    topic, _ = min(found, key=lambda tw: (text.find(tw[1]), -len(tw[1])))
    return topic.name, tuple(topic.words)


def _group_topic(texts: Sequence[str]) -> tuple[str, tuple[str, ...]] | None:
    """The topic at least half the texts are about, or None when they share none."""
    votes = Counter(t for t in map(_told_topic, texts) if t)
    if not votes:
        return None
    topic, n = votes.most_common(1)[0]
    return topic if n * 2 >= len(texts) else None


# a clause told as one's own story, no title: first person, sums, what came of it (五千多结果老板跑路了, 欠我三个)
_TOLD_AS_A_STORY = re.compile(r"我|俺|咱|结果|[零一二两三四五六七八九十百千万0-9]+(?:多|来)?(?:万|千|块|元)|五千多|几千")


def _in_topic_words(problem: str, texts: Sequence[str]) -> str:
    """``problem`` (a clause of a member's text), or the group's topic in neutral words when the clause
    says nothing of it (tester52 W12: a case database's titles read 楼下新开了一家烧烤店 for 油烟,
    物业老说配件没到 for a broken lift, 华兴建筑工程有限公司欠我三个 for unpaid wages)."""
    topic = _group_topic(texts)
    if not topic:
        return problem
    name, words = topic
    label = topic_label(name, texts)
    head = re.split(r"[（(/：]", name)[0]
    if problem and (label in problem or head in problem
                    or any(w in problem for w in words) and not _TOLD_AS_A_STORY.search(problem)):
        return problem
    return label


def _problem(title: str, names: Iterable[str], keywords: Sequence[tuple[str, float]]) -> str:
    """The problem part of a member title: place names and boilerplate off, the clause richest in
    the group's keywords, at most 18 characters."""
    t = _NOTE.sub("", _CITY.sub("", title))
    for n in sorted({y for x in names if x for y in (x, _norm_name(x)) if len(y) >= 2}, key=len, reverse=True):
        t = t.replace(n, " ")
    t = re.sub(r"[A-Z][0-9]{1,2}[区县]", " ", t)
    clauses = [c for c in (_TAIL.sub("", _LEAD.sub("", _without_time_lead(c))) for c in _CLAUSE.split(t))
               if len(c) >= 2]
    if not clauses:
        return ""
    kw = dict(keywords)

    def score(c: str) -> float:
        return sum(v for w, v in kw.items() if w in c)

    best = max(clauses, key=lambda c: (score(c), -clauses.index(c)))
    if len(best) <= 8:  # too short alone ("噪音扰民"): join its neighbour when it fits
        i = clauses.index(best)
        for j in (i - 1, i + 1):
            if 0 <= j < len(clauses) and len(best) + len(clauses[j]) <= _MAX_PROBLEM:
                best = clauses[j] + best if j < i else best + clauses[j]
                break
    best = _TAIL.sub("", _LEAD.sub("", best))
    if len(best) > _MAX_PROBLEM:  # cut at a word boundary
        from nlu import segment

        words: list[str] = []
        for w in segment(best):
            if sum(map(len, words)) + len(w) > _MAX_PROBLEM:
                break
            words.append(w)
        # never end on a word that leads into what was cut (…物业也, …垃圾堆了好几天物业也不清 cut)
        while len(words) > 1 and (words[-1] in _DANGLING or len(words[-1]) == 1 and words[-2] in _DANGLING):
            words.pop()
        best = _TAIL.sub("", "".join(words) or best[:_MAX_PROBLEM])
    return best


def _representative_name(counter: Counter | None, at_least: float) -> str | None:
    """The most frequent name of the most supported place (typo/boundary variants pooled)."""
    if not counter:
        return None
    reps: list[list[Any]] = []  # [name, pooled count]
    for name, c in counter.most_common(_MAX_NAMES):
        for r in reps:
            if names_match(name, r[0]):
                r[1] += c
                break
        else:
            reps.append([name, c])
    name, c = max(reps, key=lambda r: r[1])
    return name if c >= at_least else None


def _place_counts(index: HotIssueIndex, rows: Sequence[int]) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for r in rows:
        for level, names in index.messages[r].place.items():
            out.setdefault(level, Counter()).update(list(dict.fromkeys(names)))
    return out


_UNIT_END = re.compile(r"(?:市|区|县|街道|镇|乡|路|街|胡同|小区|社区|村|里)$")


def join_place(place: str, problem: str) -> str:
    """Place + problem, the words where they meet said once: 北京市东城区 + 东城区某路口红绿灯故障 →
    北京市东城区某路口红绿灯故障, …北街小区 + 小区门口早餐摊 → …北街小区门口早餐摊."""
    if problem.startswith(place):
        return problem
    # an address unit the place already names, opening the problem: said once (北京市海淀区毛纺路 +
    # 海淀区工地夜间施工 → 北京市海淀区毛纺路工地夜间施工)
    for k in range(min(len(problem) - 1, 12), 1, -1):
        head = problem[:k]
        if head in place and _UNIT_END.search(head):
            return join_place(place, problem[k:])
    for k in range(min(len(place), len(problem)), 1, -1):
        if problem.startswith(place[-k:]):
            return place + problem[k:]
    return place + problem


def place_label(counts: dict[str, Counter], n: int) -> str:
    """"A市A5区魅力之城小区": city, district and the 小区 (else road, else 街道/镇) most members name."""
    need = max(1.0, 0.3 * n)
    parts = []
    district = _representative_name(counts.get("district"), need)
    city = _representative_name(counts.get("city"), need)
    if city and not (district and district.startswith("北京")):  # "北京市朝阳区" carries its city
        parts.append(city)
    if district:
        parts.append(district)
    for level in ("community", "road", "street"):
        name = _representative_name(counts.get(level), need)
        if name:
            parts.append(name)
            break
    return "".join(parts)


def _iso(t: datetime | None) -> str | None:
    """Beijing time with its offset ("2019-07-04T09:30:00+08:00")."""
    return t.replace(tzinfo=_BEIJING).isoformat(timespec="seconds") if t else None


def summarize(index: HotIssueIndex, *, since: datetime | None = None, until: datetime | None = None,
              top: int = 5, min_count: int = 1, leave_out: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The ``top`` groups by heat over members with ``since <= time <= until``.

    Each group: ``id, title, place, start, end, count, citizens, likes, dislikes, trend, heat,
    members`` (ids, oldest first), ``items`` (id, time, masked title, repost), ``daily``
    ([{date, count}]) and ``keywords``.
    """
    times = [m.time for m in index.messages if m.time is not None]
    w1 = until or (max(times) if times else None)
    w0 = since or (min(times) if times else None)
    # growth is asked of a window (the last N days), not of a whole history
    quarter = (w1 - (w1 - w0) / 4) if (since is not None and w0 and w1 and w1 > w0) else None
    # nothing in the window before its last quarter (a system in its first days, tester54 V15: every
    # group of one day's cases read 上升): no earlier rate to grow from
    if quarter is not None and not any(t < quarter and t >= w0 for t in times if until is None or t <= until):
        quarter = None
    scored = []
    for grp in index.groups:
        rows = [r for r in grp.members
                if index.messages[r].id not in leave_out
                and ((t := index.messages[r].time) is None or ((since is None or t >= since) and
                                                              (until is None or t <= until)))]
        if len(rows) < max(1, min_count):
            continue
        ms = [index.messages[r] for r in rows]
        citizens = _citizens(index, rows)
        likes = sum(m.likes or 0 for m in ms)
        dislikes = sum(m.dislikes or 0 for m in ms)
        ts = sorted(m.time for m in ms if m.time is not None)
        span = (ts[-1] - ts[0]).total_seconds() / 86400 if ts else 0.0
        trend = 0.0
        recent = 0
        # one citizen neither grows nor declines (tester55 S6: single cases in a window's last quarter
        # got ×1.5 and ranked above a two-citizen group whose last case was older)
        if quarter is not None and citizens >= 2:
            recent = _citizens(index, [r for r in rows if (t := index.messages[r].time) and t >= quarter], least=0)
            before = max(0, citizens - recent)
            r_rate, b_rate = recent / 1.0, before / 3.0  # per quarter of the window
            trend = (r_rate - b_rate) / (r_rate + b_rate) if (r_rate + b_rate) > 0 else 0.0
        heat = heat_index(citizens, likes, dislikes, trend, span)
        rising = quarter is not None and trend >= RISING_GROWTH and recent >= RISING_CITIZENS
        scored.append((heat, len(rows), grp.id, rows, citizens, likes, dislikes, trend, ts, rising))
    # a group of one citizen is no hot issue yet (单人诉求，尚未形成热点): after every shared problem
    scored.sort(key=lambda x: (x[4] < 2, -x[0], -x[1], x[2]))
    out = []
    for heat, n, gid, rows, citizens, likes, dislikes, trend, ts, rising in scored[:max(0, top)]:
        out.append({**_describe(index, gid, rows, heat=heat, citizens=citizens, likes=likes, dislikes=dislikes,
                                trend=trend, ts=ts), "rising": rising})
    return out


def _describe(index: HotIssueIndex, gid: int, rows: list[int], *, heat: float, citizens: int, likes: int,
              dislikes: int, trend: float, ts: list[datetime]) -> dict[str, Any]:
    counts = _place_counts(index, rows)
    place = place_label(counts, len(rows))
    all_names = [n for c in counts.values() for n in c]
    central = index.central(rows, gid)
    texts = [(index.messages[r].title + "\n") * 2 + index.messages[r].masked for r in central[:50]]
    keywords = _keywords(texts, all_names)
    # Among the central titles, the problem phrase whose wording most members' titles share:
    # each of its character bigrams scores the share of member titles that contain it.
    titles = [index.messages[r].title for r in central[:30] if index.messages[r].title]
    shared: Counter = Counter(b for t in titles for b in _bigrams(t))
    best = (-1.0, "")
    for rank, r in enumerate(central[:8]):
        m = index.messages[r]
        if m.title:
            cand = _problem(m.title, [n for v in m.place.values() for n in v] + all_names, keywords)
            grams = _bigrams(cand)
            score = sum(shared[b] for b in grams) / max(1, len(titles)) / max(1, len(grams)) ** 0.5 \
                - 0.01 * rank
            if cand and score > best[0]:
                best = (score, cand)
    problem = best[1]
    if not problem:  # no titles (cases filed without one): the same from the most central texts
        # the words of the knowledge base's complaint topics the text uses (停车费, 号贩子, 油烟 …)
        # say the problem more than a rare side word (车号, 签字, 青桔: titles a tester found odd)
        top = max((v for _, v in keywords), default=1.0)
        for rank, r in enumerate(central[:8]):
            m = index.messages[r]
            kws = list(keywords) + [(w, 2 * top) for w in _topic_words(m.masked)]
            cand = _problem(m.masked[:120], [n for v in m.place.values() for n in v] + all_names, kws)
            score = sum(v for w, v in keywords if w in cand) - 0.01 * rank
            if cand and score > best[0]:
                best = (score, cand)
        problem = best[1]
        # … in the words of the topic most of them are about when the clause says nothing of it
        problem = _in_topic_words(problem, [index.messages[r].masked for r in central[:20]])
    if not problem:  # nothing readable: the top keywords in the order the most central member uses them
        text = index.messages[central[0]].masked
        kws = [w for w, _ in keywords[:4]]
        kws.sort(key=lambda w: text.find(w) if w in text else len(text))
        problem = "".join(kws[:3]) or "（无标题）"
    in_order = sorted(rows, key=lambda r: (index.messages[r].time is None, index.messages[r].time or datetime.min))
    daily = Counter(index.messages[r].time.date().isoformat() for r in rows if index.messages[r].time)
    return {
        "id": gid,
        "title": join_place(place, problem),
        "place": place,
        "start": _iso(ts[0]) if ts else None,
        "end": _iso(ts[-1]) if ts else None,
        "count": len(rows),
        "citizens": citizens,
        "likes": likes,
        "dislikes": dislikes,
        "trend": round(trend, 3),
        "heat": round(heat, 1),
        "members": [index.messages[r].id for r in in_order],
        "items": [{"id": index.messages[r].id, "time": _iso(index.messages[r].time),
                   "title": index.messages[r].title or short_title(index.messages[r].masked),
                   "repost": index.repost[r]} for r in in_order],
        "daily": [{"date": d, "count": c} for d, c in sorted(daily.items())],
        "keywords": [w for w, _ in keywords[:5]],
    }


def short_title(text: str, limit: int = 40) -> str:
    """A message without a title, named by its start: whole when short, else cut at the last
    clause break in the limit's last half (，。！？；、 or a space) and marked "…" (a plain cut at 40
    characters read …老板联系 for 老板联系不上)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(ch) for ch in "，,。！!？?；;、 ")
    if cut >= limit // 2:
        head = head[:cut]
    return head.rstrip("，,。！!？?；;、：: ") + "…"


# -- sources: a JSONL file, the case database -------------------------------------------------------

def messages_from_rows(rows: Sequence[dict[str, Any]]) -> list[Message]:
    """Masked messages with places; ids made unique ("id#2") so every row stays a member."""
    seen: Counter = Counter()
    out = []
    for row in rows:
        m = message_of(row)
        seen[m.id] += 1
        if seen[m.id] > 1:
            m.id = f"{m.id}#{seen[m.id]}"
        out.append(m)
    return out


def file_index_dir(home: Path, fingerprint: str, encoder_name: str, params: Params) -> Path:
    """Cache directory of a data file's grouping: keyed by file fingerprint, encoder and parameters."""
    return cache_dir(home) / f"file-{fingerprint[:16]}-{_key(encoder_name, params.key(), str(CACHE_VERSION))}"


def cached_file_index(path: Path, home: Path, encoder_name: str, params: Params | None = None) -> HotIssueIndex | None:
    """The cached grouping of ``path`` if one was computed for this file, encoder and parameters."""
    d = file_index_dir(home, file_fingerprint(path), encoder_name, params or Params())
    if not (d / "state.json").exists():
        return None
    try:
        return HotIssueIndex.load(d, encoder_name=encoder_name, params=params or Params())
    except (OSError, ValueError, KeyError) as e:
        log.warning("triage.hot_issues.cache_invalid %s", type(e).__name__)
        return None


def group_file(path: Path, home: Path, encoder, params: Params | None = None, *,
               progress=None, case_index: Path | None = None) -> HotIssueIndex:
    """Group a JSONL file's rows (cached under ``home`` by file fingerprint + encoder + parameters);
    vectors the case index folder ``case_index`` holds for its rows are not encoded again.

    Raises HotIssueInputError for a missing file or one without usable rows.
    """
    params = params or Params()
    path = Path(path)
    if path.is_dir():
        raise HotIssueInputError(f"输入路径是目录，不是文件 / the input is a directory, not a file: {path}")
    if not path.is_file():
        raise HotIssueInputError(f"文件不存在 / file not found: {path}")
    idx = cached_file_index(path, home, encoder.name, params)
    if idx is not None:
        return idx
    fp = file_fingerprint(path)
    rows = read_rows(path, quiet=True)
    t0 = time.time()
    messages = messages_from_rows(rows)
    if progress:
        progress(f"预处理 {len(messages)} 条 / preprocessed in {time.time() - t0:.1f} s")
    t0 = time.time()
    vecs = embed_messages(messages, encoder, cache=file_vectors_path(home, fp, encoder.name), case_index=case_index)
    if progress:
        progress(f"向量 / vectors in {time.time() - t0:.1f} s")
    idx = HotIssueIndex(vecs.shape[1] if len(vecs) else encoder.dim, params, encoder.name)
    t0 = time.time()
    idx.add(messages, vecs)
    if progress:
        progress(f"分组 {sum(1 for g in idx.groups if g.members)} 组 / grouped in {time.time() - t0:.1f} s")
    idx.extra = {"source": str(path.name), "fingerprint": fp}
    idx.save(file_index_dir(home, fp, encoder.name, params))
    return idx


def message_of_case(case: Any, salt: str = "") -> Message:
    """A ``Message`` from a stored ``Case`` (its masked title/text; the address adds place names)."""
    from nlu import Complaint, preprocess

    when = parse_time(case.time or case.created_at)  # Beijing time; None where out of range
    pre = preprocess(Complaint(text=case.text, title=case.title or "", id=case.number,
                               time=when.date().isoformat() if when else None))
    place = place_of(pre.entities, pre.masked)
    if case.address:
        from nlu import extract_entities, mask_pii, normalize

        addr = mask_pii(normalize(case.address))[0]
        for level, names in place_of(extract_entities(addr), addr).items():
            for n in names:
                if n not in place.setdefault(level, []):
                    place[level].insert(0, n)
    title = _masked_title(case.title or "")
    # the number alone: not a note on when to call (（下午3点以后）) nor an extension (转8001)
    number = re.sub(r"[（(][^）)]*[）)]|(?:转|分机)\s*\d+", "", getattr(case, "raw_contact", None) or "")
    digits = re.sub(r"\D", "", number)
    # the number itself never leaves the database: its hash with the grouping's own random salt
    # (``CaseGrouping``'s, in its state) stands for it in the cache
    citizen = _key("citizen", salt, digits[-11:]) if len(digits) >= 7 else None
    return Message(id=case.number, title=title, masked=pre.masked, time=when, place=place,
                   terms=terms_of(pre.tokens, title, place), citizen=citizen)


class CaseGrouping:
    """The case database's grouping, kept under ``home`` and grown with each new case (by id)."""

    def __init__(self, settings, encoder, params: Params | None = None) -> None:
        import threading

        self.settings = settings
        self.encoder = encoder
        self.params = params or Params()
        self.dir = cache_dir(settings.home) / f"db-{_key(settings.db_url, encoder.name, self.params.key())}"
        self.lock = threading.Lock()
        self.index: HotIssueIndex | None = None

    def _fresh(self) -> HotIssueIndex:
        return HotIssueIndex(self.encoder.dim, self.params, self.encoder.name)

    def update(self, db_session) -> HotIssueIndex:
        """Add cases filed since the last update; rebuild only when the database was replaced."""
        from sqlalchemy import select

        from triage.cases.models import Case

        with self.lock:
            idx = self.index
            if idx is None and (self.dir / "state.json").exists():
                try:
                    idx = HotIssueIndex.load(self.dir, encoder_name=self.encoder.name, params=self.params)
                except (OSError, ValueError, KeyError) as e:
                    log.warning("triage.hot_issues.db_state_invalid %s", type(e).__name__)
            if idx is None:
                idx = self._fresh()
            last_id = int(idx.extra.get("last_id") or 0)
            if last_id:
                num = db_session.scalar(select(Case.number).where(Case.id == last_id))
                if num != idx.extra.get("last_number"):  # another database at this URL: start over
                    idx, last_id = self._fresh(), 0
            # callers' numbers are hashed with this grouping's own random salt, kept in its state
            salt = str(idx.extra.get("salt") or secrets.token_hex(16))
            added = 0
            while True:
                cases = list(db_session.scalars(select(Case).where(Case.id > last_id).order_by(Case.id).limit(512)))
                if not cases:
                    break
                messages = [message_of_case(c, salt) for c in cases]
                vecs = embed_messages(messages, self.encoder)
                idx.add(messages, vecs)
                last_id = cases[-1].id
                idx.extra = {"last_id": last_id, "last_number": cases[-1].number, "salt": salt}
                added += len(cases)
            if added:
                idx.save(self.dir)
                log.info("triage.hot_issues.db_added n=%d total=%d groups=%d", added, len(idx), len(idx.groups))
            self.index = idx
            return idx


def window(index: HotIssueIndex, days: float | None, *, now: datetime | None = None) -> tuple[datetime | None, datetime | None]:
    """(since, until) of the last ``days`` days before ``now`` (default: the newest message's time);
    (None, None) for the whole index when ``days`` is None."""
    if days is None:
        return None, None
    until = now or index.newest or datetime.now(_BEIJING).replace(tzinfo=None)
    return until - timedelta(days=float(days)), until


def top_from_file(path: Path, settings, *, top: int = 5, days: float | None = None, encoder=None,
                  params: Params | None = None, progress=None) -> list[dict[str, Any]]:
    """Top groups of a JSONL file (``days`` counts back from its newest message)."""
    read_rows(path)  # a bad file fails here, before the encoder loads
    enc = encoder or settings.load_encoder()
    idx = group_file(path, settings.home, enc, params, progress=progress, case_index=settings.indexes_dir / "cases")
    since, until = window(idx, days)
    return summarize(idx, since=since, until=until, top=top)


def now_beijing() -> datetime:
    """Beijing wall-clock time, naive (the grouping's time base)."""
    return datetime.now(_BEIJING).replace(tzinfo=None)


def top_from_db(settings, *, top: int = 5, days: float | None = 30, encoder=None, db_session=None,
                grouping: CaseGrouping | None = None) -> tuple[list[dict[str, Any]], int]:
    """Top groups of the case database's cases of the last ``days`` days (None: all); also the
    number of cases in that window."""
    from triage.db import init_db, session_scope

    enc = encoder or settings.load_encoder()
    grouping = grouping or CaseGrouping(settings, enc)
    if db_session is None:
        init_db(settings)
        with session_scope(settings) as s:
            idx, leave_out = grouping.update(s), no_hot_issue(s)
    else:
        idx, leave_out = grouping.update(db_session), no_hot_issue(db_session)
    since, until = window(idx, days, now=now_beijing())
    n = sum(1 for m in idx.messages if m.id not in leave_out
            and (m.time is None or since is None or since <= m.time <= until))
    return summarize(idx, since=since, until=until, top=top, leave_out=leave_out), n


# a person's own danger is no public hot issue: privacy, and nothing a department fixes in bulk
PRIVATE_DANGERS = ("轻生危险", "人身危险")


def no_hot_issue(db_session) -> frozenset[str]:
    """Numbers of the cases no hot issue counts: withdrawn or asked to be withdrawn (the citizen
    no longer wants it handled: 垃圾站已经清理了), praise, and a person's own danger (a tester's groups
    showed a suicide threat and a case of domestic violence under their words). Read at each
    summary: a case withdrawn after it was grouped leaves the group."""
    from sqlalchemy import or_, select

    from triage.cases.models import WITHDRAWN, Case, CaseNote

    asked = select(CaseNote.case_id).where(CaseNote.kind == "撤销申请")
    q = select(Case.number).where(or_(Case.status == WITHDRAWN, Case.urgent.in_(PRIVATE_DANGERS),
                                      Case.suggestion["request_kind"].as_string() == "表扬",
                                      Case.id.in_(asked)))
    return frozenset(db_session.scalars(q))


def format_table(groups: Sequence[dict[str, Any]], *, members: bool = True) -> str:
    """A readable Chinese table of ranked groups, each followed by its member ids."""
    if not groups:
        return "没有找到热点问题 / no hot issues found"
    lines = [f"{'排名':<4}{'热度':>7}  {'条数':>4}  {'人数':>4}  {'点赞':>5}  {'时间跨度':<23}  标题（地点）"]
    for i, g in enumerate(groups, 1):
        span = f"{(g['start'] or '')[:10]}—{(g['end'] or '')[:10]}"
        lines.append(f"{i:<6}{g['heat']:>7.1f}  {g['count']:>6}  {g['citizens']:>6}  {g['likes']:>7}  "
                     f"{span:<23}  {'↑上升 ' if g.get('rising') else ''}{g['title']}（{g['place'] or '地点未识别'}）")
        if members:
            lines.append(f"      成员 / members: {', '.join(g['members'])}")
    return "\n".join(lines)
