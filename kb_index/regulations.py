"""Statutes and Beijing local regulations: parsing, version selection and hybrid retrieval.

Data layout (read-only, under the data directory): ``laws/index.csv`` and
``laws/{beijing,national}/*.md``. A statute file is ``# 名称``, a header with its adoption and
amendment history, ``<!-- INFO END -->``, then optional chapter headings (``## 第一章 …``,
sections ``### 第一节 …``; the 民法典 parts use ``## 第一分编`` / ``### 第一章`` / ``#### 第一节``)
and articles that start a line with ``第X条`` (Chinese numerals) followed by a space.

Version selection (``load_statutes``): ``index.csv`` is the primary source, but it is checked
against the files themselves, because the two sometimes disagree:

* rows are merged per *path* (the index lists 广告法 twice with opposite ``is_latest_in_repo``);
* versions are grouped per (scope, index ``law``) and the newest one is chosen from the best date
  evidence available: the index ``version_date``, the date in the file name ``名称(YYYY-MM-DD).md``
  and the latest date in the file's own amendment header (undated files carry only the latter).
  A disagreement with ``is_latest_in_repo`` is logged and the date evidence wins;
* rows with ``expired_flag == 1`` are out of force; so is a statute that a newer statute in the
  collection repeals in its commencement article (``……起施行。《X》同时废止``), e.g.
  噪声污染防治法 (2021) repeals 环境噪声污染防治法, which the index still marks as current;
* index rows whose file is missing are skipped with a warning; files not in the index are ignored.

Commencement (``effective_from``): a statute whose own text dates its 施行 after today (``本条例自
2027年7月1日起施行``, or ``2027年7月1日起施行`` in its header) is not yet in force. Its articles are
indexed with that date and left out of ``search`` and ``cite`` until it comes (Beijing date, read
at query time: no rebuild is needed on the day); ``jiesu kb add`` says so when it adds one. A
supervisor's new version of a statute in force that starts later (``kb_index.added.supersede``)
leaves the old version cited until that day (``effective_until``), then the new one takes over.

Retrieval (``RegulationIndex``): BM25 over jieba tokens (own implementation on a scipy sparse
matrix so that query terms can carry weights), optionally fused with cosine similarity over
dense vectors, and two documented priors: a small boost for Beijing local regulations and a
demotion of purpose / definition / scope / commencement clauses.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import math
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from kb_index.atomic import recover_dir, swap_dir, temp_dir
from kb_index.topics import Topic, load_topics, matching

log = logging.getLogger(__name__)

LAWS_DIR = "laws"
INDEX_CSV = "laws/index.csv"
INFO_END = "<!-- INFO END -->"
SCOPES = {"beijing": "beijing_local", "national": "national"}

# --------------------------------------------------------------------------------------------
# Chinese numerals
# --------------------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_NUM = "零〇一二三四五六七八九两十百千万"


def cn_to_int(s: str) -> int:
    """Convert a Chinese numeral such as ``一百零五`` or ``二十`` (or ASCII digits) to an int."""
    s = s.strip()
    if not s:
        raise ValueError("empty numeral")
    if s.isdigit():
        return int(s)
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return total + section + (digit or 0)


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------

# 第二十条 / 第二十条之一, then a (full-width) space or end of line. A paragraph that merely starts
# with a cross-reference ("第十条规定的……") has no space after 条 and is not an article start.
_ARTICLE_RE = re.compile(rf"^(第([{_CN_NUM}\d]+)条(?:之([{_CN_NUM}\d]+))?)(?:[ \u3000\t]+|$)")
_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*?)\s*$")
_CHAPTER_RE = re.compile(rf"^第[{_CN_NUM}\d]+章")
_DATE_CN_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FILE_DATE_RE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\.md$")
# A commencement date, in Arabic or Chinese numerals (二〇二七年七月一日), full-width digits too
_ANY_DATE = (r"([0-9０-９〇零一二三四五六七八九]{4})\s*年\s*([0-9０-９一二三四五六七八九十]{1,3})\s*月"
             r"\s*([0-9０-９一二三四五六七八九十]{1,3})\s*日")
# in an article: the statute's own commencement (本条例自…起施行), not a single provision's
# (本条例第三十条自…起施行: no 条 in between) nor another statute's (《X》自…起施行)
_COMMENCE_DATE_RE = re.compile(r"本(?:法|条例|办法|规定|决定|解释|细则|规则|准则)[^。；;\n条]{0,12}?"
                               r"(?:自|于|从)?\s*" + _ANY_DATE + r"\s*起?(?:施行|实施|生效)")
# in the header (adoption and amendment history): "2027年7月1日起施行" is about this statute
_HEADER_COMMENCE_RE = re.compile(_ANY_DATE + r"\s*起?(?:施行|实施|生效)")
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def today() -> str:
    """Today's date in Beijing (YYYY-MM-DD): the day a statute's 施行 date is compared with."""
    return datetime.now(BEIJING).date().isoformat()


def _date_of(y: str, m: str, d: str) -> str:
    import unicodedata

    y, m, d = (unicodedata.normalize("NFKC", x) for x in (y, m, d))
    year = int("".join(str(_CN_DIGITS.get(ch, ch)) for ch in y)) if not y.isdigit() else int(y)
    try:
        return datetime(year, cn_to_int(m), cn_to_int(d)).date().isoformat()
    except ValueError:   # 2月30日: not a date, no evidence
        return ""


def commencement_date(header: str, texts: Iterable[str]) -> str:
    """The date a statute takes effect (施行), YYYY-MM-DD, from its header and article texts; the
    latest one when several are given (a revision's date follows the original's); "" when its
    text names none (自公布之日起施行, or no commencement clause)."""
    found = [_date_of(*m) for m in _HEADER_COMMENCE_RE.findall(header or "")]
    for t in texts:
        if "施行" in t or "实施" in t or "生效" in t:
            found += [_date_of(*m) for m in _COMMENCE_DATE_RE.findall(t)]
    return max((d for d in found if d), default="")


@dataclass(frozen=True)
class Article:
    """One article (条) of a statute, text word for word from its file."""

    id: str              # f"{law}#{article}", e.g. "北京市生活垃圾管理条例#第二十条"
    law: str             # the title from the file's first line, without "# "
    scope: str           # beijing_local | national
    chapter: str         # "第三章 生活垃圾分类投放" (whitespace normalised) or ""
    article: str         # "第二十条" / "第二十条之一", exactly as in the text
    number: int          # 20 for 第二十条 and for 第二十条之一; see ``sub`` / ``sort_key``
    text: str            # the article's paragraphs joined by "\n", starting with "第X条"
    version_date: str    # YYYY-MM-DD or ""
    in_force: bool
    path: str            # relative to the data directory, e.g. "laws/beijing/….md"
    sub: int = 0         # 1 for 第二十条之一, 0 otherwise
    # the statute's 施行 date (``commencement_date``), "" when its text names none: after today,
    # not yet in force, and left out of search and citations until then
    effective_from: str = ""
    # the day a newer version added by a supervisor takes over (``kb_index.added.supersede``): from
    # then on this version is no longer cited; "" when no newer version waits
    effective_until: str = ""

    def in_force_on(self, day: str) -> bool:
        """In force on ``day`` (YYYY-MM-DD): current, its commencement date reached, and not yet
        replaced by a newer version."""
        return (self.in_force and self.effective_from <= day
                and not (self.effective_until and self.effective_until <= day))

    @property
    def sort_key(self) -> tuple[int, int]:
        """Order of the article within its statute: (number, sub)."""
        return (self.number, self.sub)


def _norm_heading(text: str) -> str:
    """``第一章  总　　则`` → ``第一章 总则``: collapse the gap after the number, drop padding."""
    text = text.replace("\u3000", " ").strip()
    m = re.match(rf"^(第[{_CN_NUM}\d]+[章节编条]|第[{_CN_NUM}\d]+分编)\s*(.*)$", text)
    if m:
        head, rest = m.group(1), re.sub(r"\s+", "", m.group(2))
        return f"{head} {rest}".strip()
    return re.sub(r"\s+", " ", text)


def _header_dates(header: str) -> list[str]:
    out = []
    for y, mo, d in _DATE_CN_RE.findall(header):
        try:
            out.append(f"{int(y):04d}-{int(mo):02d}-{int(d):02d}")
        except ValueError:
            continue
    return out


def _rel_path(path: Path) -> str:
    parts = path.resolve().parts
    if LAWS_DIR in parts:
        i = len(parts) - 1 - parts[::-1].index(LAWS_DIR)
        return "/".join(parts[i:])
    return path.name


def _read_statute(path: Path) -> tuple[str, str, list[str]]:
    """(title, header text, body lines) of a statute file."""
    raw = path.read_text(encoding="utf-8-sig")
    lines = raw.splitlines()
    if not lines or not lines[0].startswith("#"):
        raise ValueError(f"{path}: first line is not a '# 名称' title")
    title = lines[0].lstrip("#").strip()
    try:
        end = next(i for i, ln in enumerate(lines) if ln.strip() == INFO_END)
    except StopIteration:
        end = 0  # no header marker: treat everything after the title as body
    header = "\n".join(lines[1:end]) if end else ""
    return title, header, lines[end + 1:]


def parse_statute(path: str | Path, *, scope: str | None = None, version_date: str | None = None,
                  in_force: bool = True, rel_path: str | None = None) -> list[Article]:
    """Parse one statute file into its articles (preamble and header text are skipped)."""
    path = Path(path)
    title, header, body = _read_statute(path)
    if scope is None:
        scope = SCOPES.get(path.parent.name, path.parent.name)
    if version_date is None:
        m = _FILE_DATE_RE.search(path.name)
        dates = _header_dates(header)
        version_date = m.group(1) if m else (max(dates) if dates else "")
    rel = rel_path or _rel_path(path)

    articles: list[Article] = []
    chapter = ""
    cur: dict[str, Any] | None = None
    seen: dict[str, int] = {}

    def flush() -> None:
        nonlocal cur
        if cur is None:
            return
        text = "\n".join(cur["lines"])
        label = cur["article"]
        aid = f"{title}#{label}"
        if aid in seen:  # a repeated number in the source: keep both, stable suffix
            seen[aid] += 1
            aid = f"{aid}~{seen[aid]}"
        else:
            seen[aid] = 1
        articles.append(Article(id=aid, law=title, scope=scope, chapter=cur["chapter"],
                                article=label, number=cur["number"], text=text,
                                version_date=version_date, in_force=in_force, path=rel,
                                sub=cur["sub"]))
        cur = None

    for line in body:
        if not line.strip():
            continue
        h = _HEADING_RE.match(line)
        if h and line.startswith("#"):
            flush()
            heading = _norm_heading(h.group(2))
            if _CHAPTER_RE.match(heading):
                chapter = heading
            elif not re.match(rf"^第[{_CN_NUM}\d]+(节|分编|编)", heading):
                chapter = heading  # e.g. "## 一、……" in 决定 documents, or a titled part
            continue
        m = _ARTICLE_RE.match(line)
        if m:
            flush()
            cur = {"article": m.group(1), "number": cn_to_int(m.group(2)),
                   "sub": cn_to_int(m.group(3)) if m.group(3) else 0,
                   "chapter": chapter, "lines": [line]}
        elif cur is not None:
            cur["lines"].append(line)
        # text before the first article (preamble, 决定 body without 条) is skipped
    flush()
    effective = commencement_date(header, (a.text for a in articles))
    if effective:
        articles = [replace(a, effective_from=effective) for a in articles]
    return articles


def with_commencement(articles: Sequence[Article]) -> list[Article]:
    """``articles`` with each statute's ``effective_from`` read from its article texts: for an
    index saved before the field existed (its headers are not in the index; the commencement
    article, where the data's statutes all state the date, is)."""
    by_law: dict[str, list[str]] = {}
    for a in articles:
        by_law.setdefault(a.law, []).append(a.text)
    dates = {law: commencement_date("", texts) for law, texts in by_law.items()}
    return [replace(a, effective_from=dates[a.law]) if dates[a.law] else a for a in articles]


# --------------------------------------------------------------------------------------------
# Version selection
# --------------------------------------------------------------------------------------------

def _truthy(v: str | None) -> bool:
    try:
        return float(v or 0) == 1.0
    except ValueError:
        return str(v).strip().lower() in {"true", "yes"}


def _norm_law_name(name: str) -> str:
    return (name.replace("中华人民共和国", "").replace("〈", "《").replace("〉", "》")
            .replace("<", "《").replace(">", "》").replace(" ", "").strip())


_BOOK_RE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")


@dataclass
class StatuteInfo:
    """One statute file as selected by ``select_statutes``."""

    path: str                 # relative to data dir
    scope: str
    law: str                  # index name (short form, e.g. 民法典·物权编)
    title: str                # the file's title line
    version_date: str
    effective_date: str       # best date evidence used to order versions
    expired: bool
    latest: bool              # newest version of its (scope, law) group
    repealed_by: str = ""     # title of a statute in the collection that repeals this one
    notes: list[str] = field(default_factory=list)

    @property
    def in_force(self) -> bool:
        """Latest version, not expired, not repealed by a newer statute."""
        return self.latest and not self.expired and not self.repealed_by


def select_statutes(data_dir: str | Path) -> list[StatuteInfo]:
    """Every indexed statute file with its version/in-force status (see module docstring)."""
    data_dir = Path(data_dir)
    index_path = data_dir / INDEX_CSV
    if not index_path.exists():
        raise FileNotFoundError(f"statute index not found: {index_path}")
    with index_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))

    by_path: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = r["path"].strip()
        if p in by_path:  # duplicate row for the same file: merge flags
            prev = by_path[p]
            prev["_latest_flag"] = prev["_latest_flag"] or _truthy(r.get("is_latest_in_repo"))
            prev["_expired"] = prev["_expired"] or _truthy(r.get("expired_flag"))
            log.info("index.csv lists %s twice; rows merged", p)
            continue
        by_path[p] = {**r, "_latest_flag": _truthy(r.get("is_latest_in_repo")),
                      "_expired": _truthy(r.get("expired_flag"))}

    infos: list[StatuteInfo] = []
    for p, r in by_path.items():
        fp = data_dir / LAWS_DIR / p
        if not fp.exists():
            log.warning("index.csv row without file, skipped: %s", p)
            continue
        title, header, _ = _read_statute(fp)
        m = _FILE_DATE_RE.search(p)
        file_date = m.group(1) if m else ""
        idx_date = (r.get("version_date") or "").strip()
        hdates = _header_dates(header)
        notes = []
        if file_date and idx_date and file_date != idx_date:
            notes.append(f"file name date {file_date} != index version_date {idx_date}")
        effective = max([d for d in (idx_date, file_date, max(hdates) if hdates else "") if d],
                        default="")
        infos.append(StatuteInfo(path=f"{LAWS_DIR}/{p}", scope=r["scope"].strip(),
                                 law=r["law"].strip(), title=title,
                                 version_date=idx_date or file_date or effective,
                                 effective_date=effective, expired=r["_expired"],
                                 latest=r["_latest_flag"], notes=notes))

    # newest version per (scope, law), by date evidence; ties keep the index's choice
    groups: dict[tuple[str, str], list[StatuteInfo]] = {}
    for s in infos:
        groups.setdefault((s.scope, s.law), []).append(s)
    for group in groups.values():
        best = max(group, key=lambda s: (s.effective_date, s.latest, s.path))
        for s in group:
            new_latest = s is best
            if len(group) > 1 and new_latest != s.latest:
                msg = (f"index.csv is_latest_in_repo={int(s.latest)} for {s.path} but its dates "
                       f"({s.effective_date}) say {'newest' if new_latest else 'older'}")
                log.warning(msg)
                s.notes.append(msg)
            elif len(group) == 1 and not s.latest:
                log.warning("index.csv says %s is not the latest version, but it is the only "
                            "one in the repository; treated as latest", s.path)
                s.notes.append("only version in repo although index says not latest")
            s.latest = new_latest if len(group) > 1 else True

    # repeals declared in commencement articles of current statutes
    by_name: dict[str, list[StatuteInfo]] = {}
    for s in infos:
        for n in {_norm_law_name(s.title), _norm_law_name(s.law)}:
            by_name.setdefault(n, []).append(s)
    for s in infos:
        if not (s.latest and not s.expired):
            continue
        own = {_norm_law_name(s.title), _norm_law_name(s.law)}
        for art in parse_statute(data_dir / s.path, scope=s.scope, rel_path=s.path)[-3:]:
            if "施行" not in art.text:
                continue
            for sent in re.split(r"(?<=。)", art.text):
                if "废止" not in sent:
                    continue
                for name in _BOOK_RE.findall(sent):
                    n = _norm_law_name(name)
                    if n in own:
                        continue
                    for t in by_name.get(n, []):
                        if t.effective_date > s.effective_date > "":
                            continue  # the named statute is newer than the repealing one
                        t.repealed_by = s.title
                        t.notes.append(f"repealed by {s.title} ({art.article})")
                        log.info("%s treated as repealed by %s", t.path, s.title)
    return infos


def load_statutes(data_dir: str | Path, *, latest_in_force_only: bool = True,
                  honour_repeals: bool = True) -> list[Article]:
    """Articles of the indexed statutes; by default only the latest version in force of each.

    ``honour_repeals=False`` ignores repeals found in other statutes' text and follows
    index.csv alone (224 statutes, 12,689 articles in the current data instead of 221 / 12,513).
    With ``latest_in_force_only=False`` older versions are included too; their ids carry the
    version (``名称@2021-09-24#第一条``) so that all ids stay unique.
    """
    data_dir = Path(data_dir)
    out: list[Article] = []
    for s in select_statutes(data_dir):
        in_force = s.latest and not s.expired and (not s.repealed_by or not honour_repeals)
        if latest_in_force_only and not in_force:
            continue
        arts = parse_statute(data_dir / s.path, scope=s.scope, version_date=s.version_date,
                             in_force=in_force, rel_path=s.path)
        if not s.latest:   # older versions keep ids distinct from the current one's
            tag = s.version_date or Path(s.path).stem
            arts = [replace(a, id=f"{a.law}@{tag}#{a.id.split('#', 1)[1]}") for a in arts]
        out.extend(arts)
    return out


def fingerprint_sources(data_dir: str | Path, paths: Iterable[str]) -> str:
    """sha256 over ``laws/index.csv`` and the given statute files (relative paths), in order."""
    data_dir = Path(data_dir)
    h = hashlib.sha256()
    for rel in [INDEX_CSV, *sorted(set(paths))]:
        h.update(rel.encode("utf-8") + b"\0")
        h.update((data_dir / rel).read_bytes())
        h.update(b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# Tokenisation
# --------------------------------------------------------------------------------------------

def _jieba():
    """jieba with its default dictionary only (``nlu.wordseg.default_tokenizer``: shared and
    read-only), so that other modules' user dictionaries never change how statutes were
    tokenised at build time versus queries at search time.
    """
    from nlu.wordseg import default_tokenizer

    return default_tokenizer()


def _general_freq() -> tuple[dict[str, int], float]:
    """jieba's dictionary word frequencies (a general-language corpus) and their total."""
    tok = _jieba()
    return tok.FREQ, float(tok.total)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words and legal boilerplate dropped on both sides.
STOPWORDS: frozenset[str] = _words("""
的 了 和 与 或 及 以及 或者 并 并且 而 在 对 对于 由 从 向 把 被 将
为 以 于 之 其 该 此 这 那 是 有 无 不 也 都 就 还 又 再 等 等等
中 上 下 内 外 后 前 时 个 些 所 者 得 地 着 过 吗 呢 吧 啊 呀 嘛
啦
""")

# Dropped from *queries* only: generic complaint vocabulary that carries no topic. Long colloquial
# complaints are full of these and they otherwise match thousands of articles weakly.
QUERY_STOPWORDS: frozenset[str] = _words("""
请 请问 麻烦 谢谢 感谢 希望 要求 恳请 强烈 尽快 尽早 及时 马上 赶紧 帮忙
帮帮 帮助 求助 求 管管 管一管 管理管理 相关 相关部门 有关 有关部门 部门
单位 领导 政府 市民 群众 百姓 老百姓 我们 你们 他们 她们 我 你 他 她 它
咱们 大家 人家 自己 别人 本人 家里 我家 他家 家 邻居 居民 住户 业主们
小区 楼 楼里 楼下 楼上 附近 周边 旁边 门口 这里 那里 这儿 那儿 这边 那边
反映 反应 投诉 举报 问题 情况 事情 事 解决 处理 处置 落实 整改 回复 答复
严重 非常 特别 十分 极其 实在 真的 确实 根本 完全 一直 已经 仍然 依然
还是 总是 每天 天天 经常 常常 多次 好几次 几次 一次 每次 最近 现在 目前
当时 以前 之前 后来 然后 而且 但是 可是 但 可 却 因为 所以 如果 如何
怎么 怎么办 怎样 为什么 什么 哪个 哪里 哪些 谁 多少 是否 能否 能不能
可不可以 可以 应该 应当 需要 没有 没 有人 一个 一些 这个 那个 这种 那种
这样 那样 这些 那些 一下 一点 一样 一起 一直到 不了 不到 不能 不会 不要
不管 不理 知道 觉得 认为 看到 发现 表示 告诉 说 问 找 打 给 让 叫 去
来 到 用 做 搞 弄 看 想 要 能 会 好 很 太 更 最 多 少 大 小 一 二
三 几 月 日 年 天 号 点 分钟 小时 影响 生活 正常 休息 造成 导致 存在
出现 发生 进行 采取 措施 工作 人员 工作人员 负责 负责人 有效 合理 合法
违法 违规 行为 规定 标准 依法
""") | frozenset({
    # words whose statutory sense is another one: 加盖 is 加盖印章 (a seal) in statutes, a storey
    # built on top in complaints (its thesaurus entry adds 违法建设)
    "加盖"})

_PUNCT_RE = re.compile(r"^[\W_\d]+$", re.UNICODE)
# 八个, 二十多个, 三天, 两米: counts and measures say nothing about the topic of a complaint
_NUMERAL_RE = re.compile(rf"^[{_CN_NUM}\d几多余半每]+"
                         r"[个只次天年月日号米块元岁层楼周张间辆栋户台遍度]?[多余]?[个]?$")


def tokenize(text: str, *, mode: str = "search") -> list[str]:
    """jieba tokens, lower-cased, without punctuation, numbers and ``STOPWORDS``.

    ``mode="search"`` (documents) also emits the sub-words of long words (生活垃圾 → 生活, 垃圾,
    生活垃圾); ``mode="precise"`` (queries) emits each word once.
    """
    jb = _jieba()
    words = jb.cut_for_search(text) if mode == "search" else jb.cut(text)
    out = []
    for tok in words:
        tok = tok.strip().lower()
        if tok and not _PUNCT_RE.match(tok) and tok not in STOPWORDS:
            out.append(tok)
    return out


def query_tokens(text: str) -> list[str]:
    """A query's words: ``tokenize(text, mode="precise")`` read from ``nlu.wordseg.content_words``
    (the text without punctuation, NFKC, lower case), the cut the category model's word block
    makes of the same complaint, so the pipeline cuts a complaint once for both.

    Words cannot span punctuation in ``tokenize``; here they can. Measured when this came in
    (``bench/regulations_eval.py``): hybrid 0.711 / 0.892 and BM25 0.687 / 0.819 top-1 / top-3
    unchanged; on the reply-cited queries hybrid top-3 0.744 → 0.732 (1 of 82)."""
    from nlu.wordseg import content_words

    return [t for t in content_words(text) if not _PUNCT_RE.match(t) and t not in STOPWORDS]


# Colloquial → statutory vocabulary. Citizens write 噪音/狗/饭馆/违建/社保; statutes say
# 噪声/犬/餐饮/违法建设/社会保险. Each query word found here adds the statutory terms (at
# ``SearchConfig.synonym_weight``). A general hotline thesaurus, not keyed to particular
# complaints; pass ``synonyms={}`` to ``RegulationIndex`` to switch it off.
QUERY_SYNONYMS: dict[str, tuple[str, ...]] = {
    # noise, dogs, smoking
    "噪音": ("噪声",), "扰民": ("噪声",),
    "狗": ("犬",), "遛狗": ("犬",), "宠物狗": ("犬",),
    "抽烟": ("吸烟",), "禁烟": ("吸烟",), "二手烟": ("吸烟",),
    # catering, food
    "饭馆": ("餐饮",), "饭店": ("餐饮",), "餐馆": ("餐饮",), "餐厅": ("餐饮",),
    "小吃店": ("餐饮",), "烧烤店": ("餐饮", "烧烤"), "外卖": ("网络餐饮",), "过期": ("保质期",),
    # building, property management, city management
    "违建": ("违法建设",), "私搭乱建": ("违法建设",), "业委会": ("业主委员会",),
    "物业费": ("物业服务费用",), "城管": ("城市管理",), "小广告": ("张贴", "宣传品"),
    "占道": ("占用道路",), "摆摊": ("摊点",),
    # labour, social insurance
    "社保": ("社会保险",), "五险一金": ("社会保险", "住房公积金"), "公积金": ("住房公积金",),
    "欠薪": ("拖欠", "工资"), "讨薪": ("拖欠", "工资"), "工钱": ("工资",),
    "辞退": ("解除劳动合同",), "开除": ("解除劳动合同",),
    # consumers
    "充值卡": ("预付卡",), "会员卡": ("预付卡",), "储值卡": ("预付卡",), "年卡": ("预付卡",),
    "网购": ("电子商务",), "网店": ("电子商务",),
    # transport, utilities
    "共享单车": ("互联网租赁自行车",), "电动车": ("电动自行车",), "网约车": ("网络预约出租汽车",),
    "打车": ("出租汽车",), "出租车": ("出租汽车",), "暖气": ("供热",), "取暖费": ("供热",),
    "煤气": ("燃气",),
    # elderly
    "老人": ("老年人",), "养老院": ("养老机构",),
    # 2026-12-04 (session 29): the everyday topics of the hotline written the way citizens put
    # them (狗 by size and breed, 控烟, how a 违建 is built, where 垃圾 piles up, what the disabled
    # meet), a list written from the topics, checked on real messages labelled by someone else
    "大狗": ("犬",), "小狗": ("犬",), "狗狗": ("犬",), "养狗": ("犬",), "狗主人": ("犬",),
    "拴绳": ("犬",), "牵绳": ("犬",), "狗叫": ("犬",), "金毛": ("犬",), "泰迪": ("犬",),
    "哈士奇": ("犬",), "藏獒": ("犬",),
    "控烟": ("吸烟",), "烟味": ("吸烟",), "烟头": ("吸烟",),
    "搭建": ("违法建设",), "私搭": ("违法建设",), "乱搭": ("违法建设",), "加盖": ("违法建设",),
    "彩钢房": ("违法建设",), "彩钢板": ("违法建设",), "阳光房": ("违法建设",), "扩建": ("违法建设",),
    "垃圾桶": ("生活垃圾",), "垃圾站": ("生活垃圾",), "垃圾箱": ("生活垃圾",), "垃圾房": ("生活垃圾",),
    "垃圾堆": ("生活垃圾",), "垃圾车": ("生活垃圾",), "倒垃圾": ("生活垃圾",), "扔垃圾": ("生活垃圾",),
    "厨余": ("厨余垃圾",),
    "轮椅": ("无障碍", "残疾人"), "坡道": ("无障碍",), "盲道": ("无障碍",), "残障": ("残疾人",),
    "招牌": ("牌匾标识",), "门头": ("牌匾标识",), "牌匾": ("牌匾标识",), "广告牌": ("户外广告",),
    "办卡": ("预付卡",), "充值": ("预付卡",), "储值": ("预付卡",), "健身卡": ("预付卡",),
    "天然气": ("燃气",), "燃气味": ("燃气",), "煤气味": ("燃气",),
    "小河": ("河道",), "河沟": ("河道",), "水沟": ("河道",), "河里": ("河道",),
    "绕路": ("出租汽车",), "绕道": ("出租汽车",), "拒载": ("出租汽车",), "打表": ("计价器",),
    "的哥": ("出租汽车",),
    "老树": ("古树名木",), "古树": ("古树名木",),
    "单车": ("互联网租赁自行车",), "乱停": ("停放",), "乱停车": ("停车",), "车位": ("停车",),
    "供暖": ("供热",), "医保": ("基本医疗保险",), "五险": ("社会保险",),
    "欠工资": ("拖欠", "工资"), "不发工资": ("拖欠", "工资"), "没发工资": ("拖欠", "工资"),
    "租房": ("房屋租赁",), "房东": ("房屋租赁",), "中介": ("房地产经纪",),
    "夜间施工": ("建筑施工", "噪声"), "打桩": ("建筑施工", "噪声"),
    "装修": ("装饰装修", "室内装修"), "电梯": ("特种设备",),
    # 2026-12-05 (session 30): the complaint words of the data directory's 8,000 messages that the
    # statutes never (or at most twice) use, most frequent first (1,500 read), those with a
    # statutory counterpart; written from that frequency list, not from any query's misses
    "违章建筑": ("违法建设",), "搭乱建": ("违法建设",), "违建房": ("违法建设",),
    "开发商": ("房地产开发", "商品房"), "楼盘": ("商品房",), "购房": ("商品房",), "买房": ("商品房",),
    "售楼部": ("商品房",), "开盘": ("商品房",), "认购": ("商品房",), "网签": ("商品房",),
    "首付": ("商品房",), "购房款": ("商品房",), "房款": ("商品房",), "购房者": ("商品房",),
    "新房": ("商品房",), "交房": ("商品房", "交付"), "收房": ("商品房", "交付"),
    "退房": ("商品房",), "房子": ("房屋",), "楼房": ("房屋",), "危房": ("房屋安全",),
    "房产证": ("不动产登记",), "产权证": ("不动产登记",),
    "漏水": ("渗漏",), "渗水": ("渗漏",), "开裂": ("工程质量",), "裂缝": ("工程质量",),
    "臭味": ("恶臭", "异味"), "臭气": ("恶臭", "异味"), "臭气熏天": ("恶臭", "异味"),
    "难闻": ("异味",), "刺鼻": ("异味",), "直排": ("排放",), "烟道": ("油烟",),
    "环评": ("环境影响评价",), "分贝": ("噪声",), "隔音": ("噪声",),
    "夜宵": ("餐饮",), "早餐": ("餐饮",), "脏乱差": ("环境卫生",), "绿化带": ("绿地",),
    "老鼠": ("病媒生物",), "苍蝇": ("病媒生物",), "蚊虫": ("病媒生物",),
    "停水": ("供水",), "水压": ("供水",), "水表": ("供水",), "停电": ("供电",),
    "自来水": ("供水", "饮用水"), "发黄": ("水质",), "浑浊": ("水质",), "黄水": ("水质",), "锈水": ("水质",),
    "下水道": ("排水",), "起火": ("火灾",), "棚改": ("棚户区改造",), "拆迁户": ("征收", "补偿"),
    "学区": ("入学", "就近"), "就近入学": ("入学", "就近"), "上学": ("入学",), "补课": ("有偿补课",),
    "补课费": ("有偿补课",), "驾校": ("驾驶培训",), "老师": ("教师",), "班主任": ("教师",),
    "斑马线": ("人行横道",), "红绿灯": ("信号灯",), "违停": ("停车", "停放"),
    "号线": ("城市轨道交通",), "地铁站": ("城市轨道交通",), "地铁口": ("城市轨道交通",),
    "公交站": ("公共交通",), "公交车站": ("公共交通",), "公交线路": ("公共交通",),
    "公交公司": ("公共交通",), "交警": ("公安机关交通管理部门",), "交警部门": ("公安机关交通管理部门",),
    "低保": ("最低生活保障",), "ktv": ("娱乐场所",), "看病": ("医疗",),
    "血汗钱": ("工资",), "务工人员": ("农民工",), "打工": ("劳动者",),
    "环保局": ("生态环境",), "环保部门": ("生态环境",), "规划局": ("城乡规划",),
    "国土局": ("自然资源",), "社保局": ("社会保险",), "劳动局": ("劳动保障",),
    "工商局": ("市场监督管理",), "房产局": ("房屋",),
    # 2026-12-05 (session 33): a tester's short-weight and food-poisoning complaints found the
    # food-waste and epidemic statutes; the statutes say 侵害消费者权益 / 计量 and 食品安全事故 / 食源性疾病
    "缺斤短两": ("侵害消费者权益", "计量"), "缺斤少两": ("侵害消费者权益", "计量"),
    "短斤少两": ("侵害消费者权益", "计量"), "鬼秤": ("侵害消费者权益", "计量器具"),
    "短秤": ("侵害消费者权益", "计量器具"), "电子秤": ("计量器具",),
    "食物中毒": ("食品安全事故", "食源性疾病"), "吃坏肚子": ("食源性疾病",), "拉肚子": ("食源性疾病",),
    # a gym that closed with its members' money: the statutes say 单用途预付卡 and 停业
    "跑路": ("单用途预付卡", "停业"), "卷钱": ("单用途预付卡", "停业"), "闭店": ("单用途预付卡", "停业"),
    "关店": ("单用途预付卡", "停业"), "退卡": ("预付卡",), "办的卡": ("预付卡",), "卡里": ("预付卡",),
    "会员费": ("预付卡",), "课时费": ("预付卡",),
    # a second tester's round: renovation noise (the noise law says 室内装修) and how noise is said
    "电钻": ("室内装修", "噪声"), "砸墙": ("室内装修", "噪声"), "太吵": ("噪声",), "吵死": ("噪声",),
    "很吵": ("噪声",), "吵闹": ("噪声",), "吵得": ("噪声",),
}

# Articles whose text marks them as purpose / definition / scope / commencement clauses.
_PURPOSE_RE = re.compile(r"^第[一二]条\s*(为了|为|根据)")
_DEFINITION_RE = re.compile(r"(本(条例|法|办法|规定|决定|细则|编)所称|下列用语的含义)")
_SCOPE_RE = re.compile(r"适用本(条例|法|办法|规定|细则)")
_COMMENCE_RE = re.compile(r"(自\S{0,20}起施行|本(条例|法|办法|规定)具体应用中的问题"
                          r"|由[^。]{0,30}负责解释)")


def article_kind(a: Article) -> str:
    """'purpose', 'definition', 'scope', 'commencement', 'supplementary' (附则) or 'normal'."""
    text = a.text
    if a.number <= 2 and _PURPOSE_RE.match(text) and "制定" in text:
        return "purpose"
    if _COMMENCE_RE.search(text) and len(text) < 260:
        return "commencement"
    if "附则" in a.chapter:
        return "supplementary"
    if _DEFINITION_RE.search(text) and len(text) < 400:
        return "definition"
    if a.number <= 4 and _SCOPE_RE.search(text) and len(text) < 300:
        return "scope"
    return "normal"


@dataclass
class SearchConfig:
    """Tunable retrieval parameters (documented defaults; stored in ``meta.json``)."""

    # BM25 over articles. Every article is indexed with its law title (``title_repeat`` times)
    # and chapter heading, so that 养犬/吸烟/物业 in a title count for all of its articles.
    k1: float = 1.2
    b: float = 0.75
    title_repeat: int = 2
    chapter_repeat: int = 1
    # BM25 over whole statutes (all articles concatenated): rewards terms that recur throughout a
    # statute (its topic) over a word that happens to occur once. Article score =
    # (1 - law_weight)·article_bm25/max + law_weight·statute_bm25/max, for matching articles.
    law_weight: float = 0.6
    law_k1: float = 1.2
    law_b: float = 0.75
    # Queries: precise-mode jieba words minus STOPWORDS/QUERY_STOPWORDS; single characters only
    # through QUERY_SYNONYMS; a word the statutes never use backs off to its sub-words at
    # ``backoff_weight``; query tf is damped as 1 + log(tf); at most ``max_query_terms`` terms
    # (highest weight·idf) are kept.
    backoff_weight: float = 0.7
    synonym_weight: float = 0.8
    max_query_terms: int = 40
    # Legal affinity of a query word: log of (its frequency in the statute corpus / its
    # frequency in general Chinese, jieba's dictionary counts). Everyday words that statutes
    # rarely use (一块, 随时, 回来, 孩子) get a large statute IDF and would match arbitrary
    # articles; their weight is scaled by clip((affinity - aff_lo) / (aff_hi - aff_lo), aff_floor,
    # 1). Legal/topical words (工资, 物业, 油烟, 清运) keep full weight. aff_floor=1 disables it.
    aff_lo: float = -5.0
    aff_hi: float = -1.0
    aff_floor: float = 0.1
    # Priors (multipliers on the final score): Beijing local regulations first when both fit —
    # the hotline cites the local regulation first; boilerplate articles last.
    beijing_prior: float = 1.10
    demote: dict[str, float] = field(default_factory=lambda: {
        "purpose": 0.5, "definition": 0.7, "scope": 0.6, "commencement": 0.3,
        "supplementary": 0.6})
    # Hybrid with dense vectors: reciprocal rank fusion (default) or min-max weighted scores.
    fusion: str = "rrf"
    rrf_k: int = 60
    dense_weight: float = 1.0      # RRF weight of the dense list (BM25 list has weight 1.0)
    weighted_alpha: float = 0.5    # weighted: alpha·bm25_norm + (1 - alpha)·cos_norm
    candidates: int = 300          # per-retriever candidates considered for fusion / grouping
    # group_by_law: a statute scores sum(w_i · score of its i-th best article).
    law_decay: tuple[float, ...] = (1.0, 0.3, 0.1)
    # Votes of similar past cases (``search(law_votes=…)``, see kb_index/case_statutes.py): a
    # statute's votes divided by the most-voted statute's, times ``case_weight``, are added to its
    # own score divided by the best one (article scores without grouping, statute scores with it);
    # ``case_k`` similar cases vote. Chosen on the 58 dev queries (top-1 0.72 → 0.79 for weight
    # 0.4 and 10–60 cases alike; top-3 best with 40–60), in a flat region: weight 0.3–0.5.
    # Each case votes for its ``case_laws`` best statutes only: with all ten it keeps, the tails
    # of forty cases add up for the statutes that every city complaint half-matches (市容环境卫生,
    # 物业管理), which then took top places from the one that fits (养犬, 古树, 预付卡). Chosen on
    # the 83 queries of 2026-12-03 (1 / 3 / 10 statutes: top-1 0.795 / 0.820 / 0.795, top-3
    # 0.904 / 0.928 / 0.916) and checked on 34 queries written before that (fresh2): top-3 0.853
    # → 0.912, top-1 0.765 either way.
    case_weight: float = 0.4
    case_k: int = 40
    case_laws: int = 3
    # The knowledge base's topic entries (kb_index/topics.py, training_data/statute_topics.yml): a
    # statute a topic the query names lists gets ``topic_weight`` added like the votes (its n-th
    # statute × ``topic_decay`` ** n), and the entry's articles lead its statute's articles.
    # 2026-12-05, 124 entries, with votes (top-1 / top-3; weight 0 = no entries): own 155 queries
    # 0.774 / 0.890 → 0.858 / 0.968 (weight 0.5), 0.890 / 0.987 (1.0), 0.884 / 0.987 (2.0); the 90
    # real messages labelled by a helper who never saw the system 0.656 / 0.867 → 0.700 / 0.956,
    # 0.744 / 0.944, 0.767 / 0.911; decay 0.5 / 0.7 / 0.85 at weight 1.0: own 0.884 / 0.981,
    # 0.890 / 0.987, 0.877 / 0.987, real 0.767 / 0.956, 0.744 / 0.944, 0.722 / 0.933.
    topic_weight: float = 1.0
    topic_decay: float = 0.5


FORMAT = "jiesu-regulation-index"
FORMAT_VERSION = 1
ADDED_DIR = "kb_added"  # where ``jiesu kb add`` keeps statutes (``kb_index.added.ADDED_DIR``)


class IndexFormatError(RuntimeError):
    """A saved index that cannot be loaded (missing files, other format or version, stale)."""


def _law_short(title: str) -> str:
    return title.replace("中华人民共和国", "")


def _bm25_weights(rows: np.ndarray, cols: np.ndarray, tf: np.ndarray, lengths: np.ndarray,
                  n_terms: int, k1: float, b: float) -> tuple[sparse.csc_matrix, np.ndarray]:
    n = len(lengths)
    df = np.bincount(cols, minlength=n_terms).astype(np.float32)
    idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
    avgdl = float(lengths.mean()) or 1.0
    norm = k1 * (1.0 - b + b * lengths[rows] / avgdl)
    w = (idf[cols] * tf * (k1 + 1.0) / (tf + norm)).astype(np.float32)
    return sparse.csc_matrix((w, (rows, cols)), shape=(n, n_terms)), idf


class RegulationIndex:
    """Article-level hybrid index: BM25 over jieba tokens (+ optional dense cosine), fused."""

    def __init__(self, config: SearchConfig | None = None, *,
                 synonyms: dict[str, tuple[str, ...]] | None = None) -> None:
        self.config = config or SearchConfig()
        self.synonyms = dict(QUERY_SYNONYMS if synonyms is None else synonyms)
        self.articles: list[Article] = []
        self.vocab: dict[str, int] = {}
        self.idf = np.zeros(0, dtype=np.float32)
        self.matrix: sparse.csc_matrix | None = None       # articles × terms
        self.law_matrix: sparse.csc_matrix | None = None   # statutes × terms
        self.law_of = np.zeros(0, dtype=np.int32)           # article → statute row
        self.ctf = np.zeros(0, dtype=np.float32)            # term counts over all articles
        self._stat_total = 1.0
        self.prior = np.zeros(0, dtype=np.float32)
        self.dense: np.ndarray | None = None
        self.meta: dict[str, Any] = {}
        self.embed: Callable[[list[str]], np.ndarray] | None = None
        self._expand_cache: dict[str, list[int]] = {}
        self._term_cache: dict[str, tuple[tuple[int, float, float], ...]] = {}
        self._term_cache_key: tuple[Any, ...] | None = None
        self._title_index: tuple[dict[str, int], np.ndarray, list[Article]] | None = None
        self._pending_state: tuple[Any, np.ndarray | None] | None = None
        self._positions: tuple[dict[tuple[str, str], list[int]], list[Article]] | None = None
        self._added: tuple[list[str], list[Article]] | None = None
        # the topic entries searches read (None: the repository's training_data/statute_topics.yml)
        self.topics: tuple[Topic, ...] | None = None

    # ---------------------------------------------------------------- building
    @staticmethod
    def passage(a: Article) -> str:
        """Text given to a dense encoder for an article: law, chapter and article text."""
        return f"{a.law} {a.chapter} {a.text}".strip()

    def _doc_tokens(self, a: Article, cache: dict[str, list[str]]) -> list[str]:
        c = self.config
        toks = tokenize(a.text)
        if a.law not in cache:
            cache[a.law] = tokenize(_law_short(a.law))
        toks += cache[a.law] * c.title_repeat
        if a.chapter:
            key = "\0" + a.chapter
            if key not in cache:
                cache[key] = tokenize(re.sub(rf"^第[{_CN_NUM}\d]+章\s*", "", a.chapter))
            toks += cache[key] * c.chapter_repeat
        return toks

    def build(self, articles: Sequence[Article], *,
              embed: Callable[[list[str]], np.ndarray] | None = None,
              encoder_name: str | None = None, data_dir: str | Path | None = None,
              vectors: np.ndarray | None = None, batch_size: int = 64) -> RegulationIndex:
        """Index ``articles``; ``embed`` (passages → vectors) or precomputed ``vectors`` (one
        row per article, of ``passage(article)``) add the dense part."""
        t0 = time.perf_counter()
        self.articles = list(articles)
        if not self.articles:
            raise ValueError("no articles to index")
        ids = [a.id for a in self.articles]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate article ids")
        cache: dict[str, list[str]] = {}
        self._build_bm25([self._doc_tokens(a, cache) for a in self.articles])
        self._build_prior()
        dim = None
        self.dense = None
        if vectors is None and embed is not None:
            texts = [self.passage(a) for a in self.articles]
            vectors = np.vstack([np.asarray(embed(texts[i:i + batch_size]), dtype=np.float32)
                                 for i in range(0, len(texts), batch_size)])
        if vectors is not None:
            vectors = np.asarray(vectors, dtype=np.float32)
            if vectors.ndim != 2 or vectors.shape[0] != len(self.articles):
                raise ValueError(f"need one vector per article ({len(self.articles)}), "
                                 f"got shape {vectors.shape}")
            self.dense = _l2norm(vectors)
            dim = int(self.dense.shape[1])
            self.embed = embed
        if data_dir is not None:
            fp = fingerprint_sources(data_dir, {a.path for a in self.articles})
        else:
            h = hashlib.sha256()
            for a in self.articles:
                h.update(f"{a.id}\0{a.path}\0{a.text}\0".encode())
            fp = "articles:" + h.hexdigest()
        self.meta = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "count": len(self.articles),
            "statutes": int(self.law_matrix.shape[0]), "fingerprint": fp,
            "encoder": ({"name": encoder_name or (_callable_name(embed) if embed else "unknown"),
                         "dim": dim} if dim is not None else None),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "config": _config_json(self.config), "vocabulary": len(self.vocab),
            "tokenizer": _tokenizer_id(),
            "build_seconds": round(time.perf_counter() - t0, 2),
        }
        return self

    def _build_bm25(self, docs: list[list[str]]) -> None:
        c = self.config
        vocab: dict[str, int] = {}
        laws: dict[str, int] = {}
        law_of = np.zeros(len(docs), dtype=np.int32)
        rows, cols, tfs = [], [], []
        lengths = np.zeros(len(docs), dtype=np.float32)
        for i, toks in enumerate(docs):
            law_of[i] = laws.setdefault(self.articles[i].path, len(laws))
            lengths[i] = len(toks)
            counts: dict[int, int] = {}
            for t in toks:
                j = vocab.setdefault(t, len(vocab))
                counts[j] = counts.get(j, 0) + 1
            rows.extend([i] * len(counts))
            cols.extend(counts.keys())
            tfs.extend(counts.values())
        r = np.asarray(rows, dtype=np.int64)
        col = np.asarray(cols, dtype=np.int64)
        tf = np.asarray(tfs, dtype=np.float32)
        self.matrix, self.idf = _bm25_weights(r, col, tf, lengths, len(vocab), c.k1, c.b)
        # statute level: sum the article term counts per statute
        law_tf = sparse.coo_matrix((tf, (law_of[r], col)), shape=(len(laws), len(vocab))).tocsr()
        law_tf.sum_duplicates()
        lt = law_tf.tocoo()
        law_len = np.bincount(law_of, weights=lengths, minlength=len(laws)).astype(np.float32)
        self.law_matrix, _ = _bm25_weights(lt.row.astype(np.int64), lt.col.astype(np.int64),
                                           lt.data.astype(np.float32), law_len, len(vocab),
                                           c.law_k1, c.law_b)
        self.law_of = law_of
        self.vocab = vocab
        self.ctf = np.bincount(col, weights=tf, minlength=len(vocab)).astype(np.float32)
        self._stat_total = float(self.ctf.sum()) or 1.0
        self._expand_cache = {}
        self._term_cache = {}

    def _build_prior(self) -> None:
        c = self.config
        prior = np.ones(len(self.articles), dtype=np.float32)
        for i, a in enumerate(self.articles):
            if a.scope == "beijing_local":
                prior[i] *= c.beijing_prior
            prior[i] *= c.demote.get(article_kind(a), 1.0)
        self.prior = prior

    def set_embedder(self, embed: Callable[[list[str]], np.ndarray] | None) -> None:
        """Attach the query encoder (same model as the stored vectors) after ``load``."""
        self.embed = embed

    # ---------------------------------------------------------------- searching
    def _expand(self, term: str) -> list[int]:
        """Columns for a synonym target: the word itself; a single character also brings the
        most frequent indexed words that contain it (犬 → 养犬, 犬只 …); a phrase the index
        does not hold, its words (互联网租赁自行车 → 互联网, 租赁, 自行车)."""
        if term in self._expand_cache:
            return self._expand_cache[term]
        out = [self.vocab[term]] if term in self.vocab else []
        if len(term) == 1:
            cand = [j for t, j in self.vocab.items() if term in t and 2 <= len(t) <= 3]
            out += sorted(cand, key=lambda j: float(self.idf[j]))[:5]
        elif not out:
            out = [self.vocab[t] for t in tokenize(term, mode="precise")
                   if len(t) >= 2 and t in self.vocab]
        self._expand_cache[term] = out
        return out

    def affinity_weight(self, word: str) -> float:
        """Query-word weight in [aff_floor, 1]: how much more statutes use it than general text."""
        c = self.config
        if c.aff_floor >= 1.0:
            return 1.0
        freq, total = _general_freq()
        j = self.vocab.get(word)
        stat = float(self.ctf[j]) if j is not None and j < len(self.ctf) else 0.0
        aff = (math.log((stat + 0.5) / self._stat_total)
               - math.log((freq.get(word, 0) + 0.5) / total))
        return min(1.0, max(c.aff_floor, (aff - c.aff_lo) / ((c.aff_hi - c.aff_lo) or 1.0)))

    def _term_parts(self, t: str) -> tuple[tuple[int, float, float], ...]:
        """What query word ``t`` adds: ``(column, a, b)``, weight ``base * a * b`` (``base`` from
        its count in the query). Depends only on the word and the index, so it is kept per word
        (the same words recur across complaints): the sub-word cuts and affinity look-ups were
        a third of ``query_terms``."""
        c = self.config
        weights = (c.synonym_weight, c.backoff_weight, c.aff_floor, c.aff_lo, c.aff_hi)
        src = self._term_cache_key
        # valid for these very vocabulary and thesaurus objects (a copy given other ones, as the
        # benchmark's ablations make, starts its own) and these weights
        if (src is None or src[0] is not self.vocab or src[1] is not self.synonyms or src[2] != weights
                or len(self._term_cache) > 200_000):
            self._term_cache, self._term_cache_key = {}, (self.vocab, self.synonyms, weights)
        parts = self._term_cache.get(t)
        if parts is not None:
            return parts
        out = self._synonym_parts(t)
        if len(t) >= 2:
            if t in self.vocab:
                out.append((self.vocab[t], self.affinity_weight(t), 1.0))
            if not (len(t) < 3 and t in self.vocab):
                # sub-words of long or unknown words (广告牌 → 广告, 健身房 → 健身)
                for sub in tokenize(t):
                    if (len(sub) >= 2 and sub != t and sub in self.vocab
                            and sub not in QUERY_STOPWORDS and not _NUMERAL_RE.match(sub)):
                        out.append((self.vocab[sub], c.backoff_weight, self.affinity_weight(sub)))
        parts = self._term_cache[t] = tuple(out)
        return parts

    def _synonym_parts(self, word: str) -> list[tuple[int, float, float]]:
        """The statutory words the thesaurus adds for ``word``, as ``_term_parts`` entries."""
        w = self.config.synonym_weight
        return [(j, w, 1.0) for s in self.synonyms.get(word, ()) for j in self._expand(s)]

    def _phrase_keys(self) -> list[str]:
        """The thesaurus's words, for ``query_terms`` to find in the text itself (kept per
        thesaurus object). A single character among them too: 狗 inside 流浪狗 / 狗粮 / 遛狗绳,
        words the cut keeps whole and the statutes never use, still means 犬."""
        got = getattr(self, "_phrases", None)
        if got is None or got[0] is not self.synonyms:
            got = self._phrases = (self.synonyms, sorted(self.synonyms))
        return got[1]

    def query_terms(self, query: str) -> dict[int, float]:
        """Weighted query terms (column → weight), see ``SearchConfig``. A thesaurus word counts
        where it stands in the text even when the cut splits it (共享单车 → 共享 / 单车, 私搭乱建彩钢房
        → 私搭乱 / 建彩 / 钢房): only its statutory words are added then, once per occurrence."""
        c = self.config
        tf: dict[str, int] = {}
        for t in query_tokens(query):
            if t not in QUERY_STOPWORDS and not _NUMERAL_RE.match(t):
                tf[t] = tf.get(t, 0) + 1
        phrases: dict[str, int] = {}
        if self.synonyms:
            from nlu.normalize import content_view

            view = content_view(query)
            for k in self._phrase_keys():
                if k not in tf and k in view:
                    phrases[k] = view.count(k)
        out: dict[int, float] = {}
        counted = [(self._synonym_parts(k), n) for k, n in phrases.items()]
        counted += [(self._term_parts(t), n) for t, n in tf.items()]
        for parts, n in counted:
            base = 1.0 + math.log(n)
            for j, a, b in parts:
                w = base * a * b
                if w > out.get(j, 0.0):
                    out[j] = w
        if len(out) > c.max_query_terms:
            top = sorted(out, key=lambda j: -out[j] * float(self.idf[j]))
            out = {j: out[j] for j in top[:c.max_query_terms]}
        return out

    @staticmethod
    def _column_products(m: sparse.csc_matrix, cols: np.ndarray, qw: np.ndarray) -> np.ndarray:
        """``m[:, cols] @ qw`` read straight from the CSC arrays: the same float32 sums in the same
        order (column by column), without building the sliced matrix (~0.2 ms a query)."""
        ip = m.indptr
        starts, lens = ip[cols], ip[cols + 1] - ip[cols]
        total = int(lens.sum())
        out = np.zeros(m.shape[0], dtype=np.float32)
        if total == 0:
            return out
        first = np.cumsum(lens) - lens  # where each column's run begins in the gathered order
        offs = np.repeat(starts - first, lens) + np.arange(total)
        vals = m.data[offs] * np.repeat(qw, lens)
        np.add.at(out, m.indices[offs], vals)
        return out

    def bm25_scores(self, query: str) -> np.ndarray:
        """Lexical score of every article in [0, 1] (article and statute BM25; no priors)."""
        if self.matrix is None or self.law_matrix is None:
            raise RuntimeError("index is empty: call build() or load() first")
        terms = self.query_terms(query)
        n = len(self.articles)
        if not terms:
            return np.zeros(n, dtype=np.float32)
        cols = np.fromiter(terms.keys(), dtype=np.int64)
        qw = np.fromiter(terms.values(), dtype=np.float32)
        art = self._column_products(self.matrix, cols, qw)
        top = float(art.max())
        if top <= 0:
            return np.zeros(n, dtype=np.float32)
        lw = self.config.law_weight
        if lw > 0:
            law = self._column_products(self.law_matrix, cols, qw)
            law = law / (float(law.max()) or 1.0)
            out = (1.0 - lw) * art / top + lw * law[self.law_of]
            return np.where(art > 0, out, 0.0).astype(np.float32)
        return (art / top).astype(np.float32)

    def scores(self, query: str, *, query_vec: np.ndarray | None = None) -> np.ndarray:
        """Final (fused, prior-weighted) score of every article; 0 for non-candidates."""
        c = self.config
        bm = self.bm25_scores(query)
        if query_vec is None and self.dense is not None and self.embed is not None:
            query_vec = np.asarray(self.embed([query]), dtype=np.float32)[0]
        if query_vec is None or self.dense is None:
            return bm * self.prior
        q = np.asarray(query_vec, dtype=np.float32).ravel()
        if q.shape[0] != self.dense.shape[1]:
            raise ValueError(f"query_vec has dim {q.shape[0]}, index has {self.dense.shape[1]}")
        cos = _matvec(self.dense, q / (float(np.linalg.norm(q)) or 1.0))
        n = len(self.articles)
        m = min(c.candidates, n)
        bm_top = _top_positive(bm, m)
        cos_top = _top(cos, m)
        fused = np.zeros(n, dtype=np.float32)
        if c.fusion == "rrf":
            fused[bm_top] += 1.0 / (c.rrf_k + 1.0 + np.arange(len(bm_top)))
            fused[cos_top] += c.dense_weight / (c.rrf_k + 1.0 + np.arange(len(cos_top)))
            fused *= (c.rrf_k + 1.0) / (1.0 + c.dense_weight)   # first in both lists → 1.0
        elif c.fusion == "weighted":
            cand = np.union1d(bm_top, cos_top)
            fused[cand] = (c.weighted_alpha * _minmax(bm[cand])
                           + (1.0 - c.weighted_alpha) * _minmax(cos[cand]))
        else:
            raise ValueError(f"unknown fusion {c.fusion!r}")
        return fused * self.prior

    def search(self, query: str, k: int = 10, *, query_vec: np.ndarray | None = None,
               group_by_law: bool = False, per_law: int = 3,
               scope: str | None = None, law_votes: dict[str, float] | None = None,
               topics: tuple[Topic, ...] | None = None) -> list[dict]:
        """Best articles first as {id, law, article, chapter, text, score, scope} (and ``topic``: the
        knowledge-base entry that placed it, ``kb_index.topics``; ``topics`` replaces the index's
        table, ``()`` for none); with
        ``group_by_law`` best statutes first as {law, scope, path, score, articles: [hits]}
        (``path``: file of the best article);
        ``scope`` ("beijing_local" / "national") restricts the hits; ``law_votes`` (statute title →
        votes of similar cases, ``CaseStatutes.votes``) raise the statutes they name, see
        ``SearchConfig.case_weight``."""
        s = self.scores(query, query_vec=query_vec)
        allowed = None
        if scope is not None:
            allowed = self._scope_mask(scope)
            s = np.where(allowed, s, 0.0)
        pending = self.not_yet_in_force()
        if pending is not None:   # statutes whose 施行 date is still to come are not cited
            s = np.where(pending, 0.0, s)
            allowed = ~pending if allowed is None else allowed & ~pending
        boost = self._vote_boost(law_votes)
        s, topic_boost, topic_of = self._topic_boost(query, s, allowed, topics)
        if topic_boost is not None:
            boost = topic_boost if boost is None else boost + topic_boost
        if not group_by_law:
            top = _top_positive(s, k if boost is None else min(len(s), max(self.config.candidates, 20 * k)))
            if boost is not None and len(top):
                s = np.where(s > 0, s / float(s[top[0]]) + boost, 0.0)
                top = top[np.argsort(-s[top], kind="stable")][:k]
            return [self._hit(i, s[i], topic_of) for i in top]
        cand = _top_positive(s, min(len(s), max(self.config.candidates, 20 * k)))
        if not len(cand):
            return []
        # grouped by statute title (the four 民法典 files form one), best article first in each
        _, title_of = self._titles()
        t = title_of[cand]
        o = np.argsort(t, kind="stable")
        ts = t[o]
        start = np.flatnonzero(np.r_[True, ts[1:] != ts[:-1]])
        size = np.diff(np.r_[start, len(ts)])
        rank = np.arange(len(ts)) - np.repeat(start, size)
        decay = np.asarray(self.config.law_decay, dtype=np.float64)
        w = np.where(rank < len(decay), decay[np.minimum(rank, len(decay) - 1)], 0.0)
        score = np.add.reduceat(s[cand[o]].astype(np.float64) * w, start)
        first = cand[o[start]]            # each statute's best article
        if boost is not None:
            score = score / (float(score.max()) or 1.0) + boost[first]
        out = []
        for g in np.lexsort((first, -score))[:k]:   # by score, ties by the best article's place
            idx = cand[o[start[g]:start[g] + min(size[g], per_law)]]
            a = self.articles[int(first[g])]
            out.append({"law": a.law, "scope": a.scope, "path": a.path, "score": round(float(score[g]), 6),
                        "articles": [self._hit(i, s[i], topic_of) for i in idx]})
        return out

    def _topic_boost(self, query: str, s: np.ndarray, allowed: np.ndarray | None,
                     topics: tuple[Topic, ...] | None) -> tuple[np.ndarray, np.ndarray | None, dict[int, str]]:
        """The topic entries ``query`` names (``kb_index.topics``): ``s`` with each entry's articles
        raised to their statute's best score (listed order kept, so they lead it), the per-article
        boost of their statutes (None: no entry named), and article → the entry's name."""
        c = self.config
        table = topics if topics is not None else (self.topics if self.topics is not None else load_topics())
        named = matching(query, table) if table and c.topic_weight > 0 else []
        if not named:
            return s, None, {}
        names, of = self._titles()
        pos = self._article_positions()
        law_boost = np.zeros(len(names), dtype=np.float32)
        own = s
        s = s.copy()
        floor = 0.3 * float(s.max() or 1.0)
        topic_of: dict[int, str] = {}
        k = 0   # the articles raised so far: the first entry's first article stays first
        for t, _word in named:
            j = 0   # the entry's n-th statute the index holds and may cite
            for law, arts in self._titled_after(t, names, own, of, allowed) + list(t.basis):
                ti = names.get(law)
                if ti is None:
                    continue   # a statute the index no longer holds (jiesu kb remove)
                idx = [i for a in arts for i in pos.get((law, a), ()) if allowed is None or allowed[i]]
                if not idx:
                    continue
                law_boost[ti] = max(law_boost[ti], c.topic_weight * c.topic_decay ** j)
                j += 1
                best = max(floor, float(own[of == ti].max()))
                for i in idx:
                    s[i] = max(float(s[i]), best * (1.0 + 1e-4 * (1000 - k)))
                    k += 1
                    topic_of.setdefault(i, t.name)
        if not topic_of:
            return s, None, {}
        return s, law_boost[of], topic_of

    def _titled_after(self, t: Topic, names: dict[str, int], own: np.ndarray, of: np.ndarray,
                      allowed: np.ndarray | None) -> list[tuple[str, tuple[str, ...]]]:
        """Statutes a supervisor added (``jiesu kb add``) that the entry does not list and whose
        title names its topic (one of its words, or the statutory word for it: 共享单车 →
        互联网租赁自行车), with their two best articles for the query: a statute added on exactly
        this topic leads the entry's. A supervisor who added 北京市互联网租赁自行车停放管理规定 found
        the entry's 文明行为促进条例 articles above it for its own words. Only added ones: among the
        data's statutes titles name topics loosely (工资 → 保障农民工工资支付条例 for every wage
        complaint, 医疗 → 院前医疗急救服务条例), and the entries were written knowing them."""
        added = self._added_titles()
        if not added:
            return []
        listed = {law for law, _ in t.basis}
        words = {w for w in t.words if len(w) >= 2}
        words |= {syn for w in list(words) for syn in self.synonyms.get(w, ()) if len(syn) >= 2}
        out = []
        for law in added:
            ti = names.get(law)
            if ti is None or law in listed or not any(w in law for w in words):
                continue
            rows = np.flatnonzero((of == ti) if allowed is None else (of == ti) & allowed)
            rows = rows[np.argsort(-own[rows], kind="stable")][:2]
            if len(rows) and own[rows[0]] > 0:
                out.append((law, tuple(self.articles[i].article for i in rows)))
        return out

    def _added_titles(self) -> list[str]:
        """Titles of the statutes ``jiesu kb add`` put in (their files under ``ADDED_DIR``)."""
        got = self._added
        if got is None or got[1] is not self.articles:
            titles = list(dict.fromkeys(a.law for a in self.articles if a.path.startswith(ADDED_DIR + "/")))
            got = self._added = (titles, self.articles)
        return got[0]

    def _article_positions(self) -> dict[tuple[str, str], list[int]]:
        """(statute title, article number) → the article's rows (a long article may have several)."""
        got = self._positions
        if got is None or got[1] is not self.articles:
            pos: dict[tuple[str, str], list[int]] = {}
            for i, a in enumerate(self.articles):
                pos.setdefault((a.law, a.article), []).append(i)
            got = self._positions = (pos, self.articles)
        return got[0]

    def cite(self, query: str, k: int = 5, *, query_vec: np.ndarray | None = None,
             law_votes: dict[str, float] | None = None, lead: int = 2,
             scope: str | None = None, topics: tuple[Topic, ...] | None = None) -> list[dict]:
        """``k`` articles for a complaint, in statute order (``group_by_law``'s ranking): the
        first statute's ``lead`` best articles, then the best article of each next statute, then
        (when fewer statutes match) the next articles of each in turn. Its first distinct
        statutes are the statute ranking, whose top 3 a plain article list often does not reach
        (one statute's articles fill it). An article's ``score`` is its statute's (what put it
        there), never above the one before it."""
        groups = self.search(query, k=k, query_vec=query_vec, group_by_law=True,
                             per_law=max(lead, 3), scope=scope, law_votes=law_votes, topics=topics)
        def first(g: dict, n: int) -> list[dict]:
            # a topic entry that lists one article of its statute says that one applies: the
            # retrieval's next pick from the same statute does not lead with it (号贩子's 第五十二条
            # came with 第六十八条, 淫秽物品)
            arts = g["articles"][:n]
            if arts and arts[0].get("topic"):
                arts = [arts[0]] + [h for h in arts[1:] if h.get("topic")]
            return arts

        out = [{**h, "score": g["score"]} for gi, g in enumerate(groups)
               for h in first(g, lead if gi == 0 else 1)]
        if len(out) < k:
            seen = {h["id"] for h in out}
            out += [{**h, "score": g["score"]} for g in groups for h in g["articles"] if h["id"] not in seen]
        out = out[:k]
        for a, b in zip(out, out[1:]):   # best first: never above the one before
            b["score"] = min(b["score"], a["score"])
        return out

    def _vote_boost(self, votes: dict[str, float] | None) -> np.ndarray | None:
        """Per article: ``case_weight`` × its statute's votes / the most votes (None: no votes)."""
        c = self.config
        if not votes or c.case_weight <= 0:
            return None
        most = max(votes.values())
        if most <= 0:
            return None
        names, of = self._titles()
        per_title = np.zeros(len(names), dtype=np.float32)
        for title, v in votes.items():
            j = names.get(title)
            if j is not None:
                per_title[j] = c.case_weight * v / most
        return per_title[of]

    def _titles(self) -> tuple[dict[str, int], np.ndarray]:
        """Statute title → number, and each article's number (the 民法典 files share one)."""
        got = self._title_index
        if got is None or got[2] is not self.articles:
            names: dict[str, int] = {}
            of = np.fromiter((names.setdefault(a.law, len(names)) for a in self.articles),
                             dtype=np.int32, count=len(self.articles))
            got = self._title_index = (names, of, self.articles)
        return got[0], got[1]

    def not_yet_in_force(self, day: str | None = None) -> np.ndarray | None:
        """Per article: its statute's 施行 date is after ``day`` (default: today in Beijing), or a
        newer version has taken over by then (``effective_until``); None when no article is (the
        usual case: nothing to mask)."""
        day = day or today()
        key = (id(self.articles), len(self.articles), day)
        got = self._pending_state
        if got is None or got[0] != key:
            mask = np.fromiter((a.effective_from > day or bool(a.effective_until and a.effective_until <= day)
                                for a in self.articles), dtype=bool, count=len(self.articles))
            got = self._pending_state = (key, mask if mask.any() else None)
        return got[1]

    def _scope_mask(self, scope: str) -> np.ndarray:
        if getattr(self, "_mask_scope", None) != scope:
            self._mask = np.fromiter((a.scope == scope for a in self.articles), dtype=bool,
                                     count=len(self.articles))
            self._mask_scope = scope
        return self._mask

    def _hit(self, i: int, score: float, topic_of: dict[int, str] | None = None) -> dict:
        a = self.articles[int(i)]
        hit = {"id": a.id, "law": a.law, "article": a.article, "chapter": a.chapter,
               "text": a.text, "score": round(float(score), 6), "scope": a.scope}
        if topic_of and int(i) in topic_of:
            hit["topic"] = topic_of[int(i)]
        return hit

    # ---------------------------------------------------------------- persistence
    def save(self, directory: str | Path) -> Path:
        """Write the index to ``directory`` atomically (temp dir, then rename)."""
        if self.matrix is None or self.law_matrix is None:
            raise RuntimeError("nothing to save: build() first")
        directory = Path(directory)
        tmp = temp_dir(directory)
        try:
            with (tmp / "articles.jsonl").open("w", encoding="utf-8") as fh:
                for a in self.articles:
                    fh.write(json.dumps(asdict(a), ensure_ascii=False) + "\n")
            (tmp / "vocab.json").write_text(
                json.dumps(sorted(self.vocab, key=self.vocab.__getitem__), ensure_ascii=False),
                encoding="utf-8")
            am, lm = self.matrix.tocsr(), self.law_matrix.tocsr()
            np.savez(tmp / "bm25.npz",
                     a_data=am.data, a_indices=am.indices, a_indptr=am.indptr,
                     a_shape=np.asarray(am.shape),
                     l_data=lm.data, l_indices=lm.indices, l_indptr=lm.indptr,
                     l_shape=np.asarray(lm.shape),
                     idf=self.idf, prior=self.prior, law_of=self.law_of, ctf=self.ctf)
            if self.dense is not None:
                np.save(tmp / "dense.npy", self.dense.astype(np.float32))
            (tmp / "synonyms.json").write_text(json.dumps(self.synonyms, ensure_ascii=False),
                                               encoding="utf-8")
            meta = {**self.meta, "files": sorted(p.name for p in tmp.iterdir()) + ["meta.json"]}
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2),
                                           encoding="utf-8")
            swap_dir(tmp, directory)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return directory

    @classmethod
    def load(cls, directory: str | Path, *, data_dir: str | Path | None = None,
             embed: Callable[[list[str]], np.ndarray] | None = None) -> RegulationIndex:
        """Load a saved index; with ``data_dir``, refuse one built from other statute files."""
        directory = Path(directory)
        recover_dir(directory)  # a save killed half-way: the previous index, nothing half-written
        mp = directory / "meta.json"
        if not mp.exists():
            raise IndexFormatError(f"not a regulation index (no meta.json): {directory}")
        try:
            meta = json.loads(mp.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise IndexFormatError(f"unreadable meta.json in {directory}: {e}") from e
        if meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
            raise IndexFormatError(
                f"{directory}: index format {meta.get('format')!r} "
                f"v{meta.get('format_version')} but this code reads {FORMAT!r} "
                f"v{FORMAT_VERSION}; rebuild the index")
        for name in ("articles.jsonl", "vocab.json", "bm25.npz", "synonyms.json"):
            if not (directory / name).exists():
                raise IndexFormatError(f"{directory}: missing {name}; rebuild the index")
        known = {f.name for f in fields(SearchConfig)}
        cfg = {k: v for k, v in (meta.get("config") or {}).items() if k in known}
        if "law_decay" in cfg:
            cfg["law_decay"] = tuple(cfg["law_decay"])
        synonyms = json.loads((directory / "synonyms.json").read_text(encoding="utf-8"))
        idx = cls(SearchConfig(**cfg), synonyms={k: tuple(v) for k, v in synonyms.items()})
        with (directory / "articles.jsonl").open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        idx.articles = [Article(**r) for r in rows]
        if rows and "effective_from" not in rows[0]:   # saved before commencement dates were kept
            idx.articles = with_commencement(idx.articles)
        terms = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        idx.vocab = {t: i for i, t in enumerate(terms)}
        try:
            with np.load(directory / "bm25.npz") as z:
                a_shape = tuple(int(x) for x in z["a_shape"])
                idx.matrix = sparse.csr_matrix((z["a_data"], z["a_indices"], z["a_indptr"]),
                                               shape=a_shape).tocsc()
                l_shape = tuple(int(x) for x in z["l_shape"])
                idx.law_matrix = sparse.csr_matrix((z["l_data"], z["l_indices"], z["l_indptr"]),
                                                   shape=l_shape).tocsc()
                idx.idf, idx.prior, idx.law_of = z["idf"], z["prior"], z["law_of"]
                idx.ctf = z["ctf"]
                idx._stat_total = float(idx.ctf.sum()) or 1.0
        except (KeyError, ValueError, OSError) as e:
            raise IndexFormatError(f"{directory}: unreadable bm25.npz ({e}); rebuild") from e
        n = len(idx.articles)
        if (n != meta.get("count") or a_shape != (n, len(terms)) or l_shape[1] != len(terms)
                or len(idx.law_of) != n or len(idx.prior) != n or len(idx.ctf) != len(terms)):
            raise IndexFormatError(f"{directory}: article/vocabulary counts do not match "
                                   f"meta.json; rebuild the index")
        enc = meta.get("encoder")
        if enc:
            dp = directory / "dense.npy"
            if not dp.exists():
                raise IndexFormatError(f"{directory}: meta names encoder {enc} but no dense.npy")
            idx.dense = np.load(dp)
            if idx.dense.shape != (n, enc.get("dim")):
                raise IndexFormatError(f"{directory}: dense.npy shape {idx.dense.shape} does "
                                       f"not match {n}×{enc.get('dim')}")
        if meta.get("tokenizer") != _tokenizer_id():
            log.warning("%s was built with tokenizer %s, this process has %s; search quality may "
                        "suffer until the index is rebuilt", directory, meta.get("tokenizer"),
                        _tokenizer_id())
        if data_dir is not None:
            fp = fingerprint_sources(data_dir, {a.path for a in idx.articles})
            if fp != meta.get("fingerprint"):
                raise IndexFormatError(f"{directory}: built from other statute files than those "
                                       f"in {data_dir} (fingerprint mismatch); rebuild the index")
        idx.meta = meta
        idx.embed = embed
        return idx


def build_index(data_dir: str | Path, *, embed: Callable[[list[str]], np.ndarray] | None = None,
                encoder_name: str | None = None,
                config: SearchConfig | None = None) -> RegulationIndex:
    """Load the latest in-force statutes of ``data_dir`` and index them."""
    arts = load_statutes(data_dir)
    return RegulationIndex(config).build(arts, embed=embed, encoder_name=encoder_name,
                                         data_dir=data_dir)


_MATVEC_POOL: ThreadPoolExecutor | None = None
_MATVEC_LOCK = threading.Lock()


def _matvec(m: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``m @ v``, the rows in two halves on two threads when ``m`` is large.

    The pipeline keeps BLAS at one thread (``triage.pipeline._one_blas_thread``), and the 12.5k ×
    384 article matrix (19 MB, cold in cache after the encoder's pass) took ~1.7 ms on one core
    against ~0.8 on two. Each output is one row's dot product, so the halves give the same
    numbers as one call."""
    global _MATVEC_POOL
    n = m.shape[0]
    if n < 4096:
        return m @ v
    if _MATVEC_POOL is None:
        with _MATVEC_LOCK:
            if _MATVEC_POOL is None:
                _MATVEC_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jiesu-matvec")
    out = np.empty(n, dtype=np.result_type(m.dtype, v.dtype))
    h = n // 2
    other = _MATVEC_POOL.submit(np.dot, m[:h], v, out[:h])
    np.dot(m[h:], v, out[h:])
    other.result()
    return out


def _top(x: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest values, score descending then index ascending."""
    k = min(k, len(x))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < len(x):
        part = np.argpartition(-x, k - 1)[:k]
        # values tied with the k-th: the lowest indices, not whichever the partition kept
        v = x[part].min()
        above = part[x[part] > v]
        part = np.concatenate([above, np.flatnonzero(x == v)[: k - len(above)]])
    else:
        part = np.arange(len(x))
    return part[np.lexsort((part, -x[part]))]


def _top_positive(x: np.ndarray, k: int) -> np.ndarray:
    """``_top`` over the positive entries only (fused scores are zero but for a few hundred
    candidates: no partition of the whole array)."""
    idx = np.flatnonzero(x > 0)
    if len(idx) <= k:
        return idx[np.lexsort((idx, -x[idx]))]
    return idx[_top(x[idx], k)]


def _minmax(x: np.ndarray) -> np.ndarray:
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi > lo else np.ones_like(x)


def _l2norm(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return (x / n).astype(np.float32)


def _callable_name(fn: Any) -> str:
    owner = getattr(fn, "__self__", None)
    for obj in (fn, owner):
        if obj is not None:
            for attr in ("name", "model_name", "encoder_name"):
                v = getattr(obj, attr, None)
                if isinstance(v, str) and v:
                    return v
    return getattr(fn, "__qualname__", type(fn).__name__)


def _tokenizer_id() -> str:
    try:
        from importlib.metadata import version

        return f"jieba {version('jieba')} default dictionary"
    except Exception:  # noqa: BLE001
        return "jieba default dictionary"


def _config_json(cfg: SearchConfig) -> dict[str, Any]:
    d = asdict(cfg)
    d["law_decay"] = list(d["law_decay"])
    return d
