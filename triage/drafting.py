"""Reply drafts (答复意见) for routed cases: a grounded template composer, no language model.

A draft is put together from four kinds of material, none of it invented:

* **the case itself** — the complaint is restated from its own masked title (or its first
  clause), and the handling department is the decided one, else the top suggestion (with the
  acting unit at the address's level, e.g. 朝阳区城市管理委（城管执法局））;
* **the formula of official replies** — the parts every official reply in the data is built
  from (salutation, opening, the finding's lead word, the legal-basis verb, closing and its
  extras) are recognised by the regular expressions in ``FORMULAS``; their classes were counted
  over the 2,588 replied messages and 1,171 mailbox letters (``ReplyFormulas.counts``; run this
  module as a script to print them). For a case, each part takes the class that its most similar
  past cases' replies use (similarity-weighted vote over the case index hits with a reply), the
  corpus' most common class when none of them shows the part. Only the *class* of a past reply
  is used, rendered from our own fixed wording: no name, place, number or user id of another
  case can reach a draft;
* **the knowledge base** — the top one or two articles of the triage are cited by statute and
  article number with their text, each checked to be exactly the text of an article in the
  loaded regulation index (``verify_citation``); one that is not is dropped (and listed). Those
  of a statute the signing department enforces come first; for a department an operator decided
  that none of them names, its own statutes' best articles for the complaint. A long article is
  quoted by its lead-in and the parts that share the complaint's words ("……" for the rest);
* **placeholders** — every fact the department must supply (date of the check, what it found,
  the measures taken, the result, the reply's date) is a visible ``【待核实：…】`` /
  ``【待填写：…】`` marker, never a guess.

``draft_reply(case_or_triage, pipeline)`` returns a ``Draft``; the API (``POST
/v1/cases/{ref}/draft-reply``), ``jiesu draft`` and the operator console use it.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

log = logging.getLogger("triage.drafting")

# -- placeholders --------------------------------------------------------------------------------

PLACEHOLDER_RE = re.compile(r"【待(?:填写|核实)：([^】]+)】")


def fill(name: str) -> str:
    """A fact the department writes in: ``【待填写：name】``."""
    return f"【待填写：{name}】"


def check(name: str) -> str:
    """A fact the department checks and confirms: ``【待核实：name】``."""
    return f"【待核实：{name}】"


PH_HANDLE = "网友称呼"
PH_CHECK_DATE = "核查日期"
PH_FINDINGS = "核查情况"
PH_MEASURES = "采取的措施"
PH_RESULT = "处理结果"
PH_UNIT = "答复单位"
PH_DATE = "答复日期"
PH_PHONE = "咨询电话"
PH_DEPARTMENT = "承办单位"
PH_PRAISE = "对被表扬人员的表彰或转达情况"
PH_ANSWER = "政策答复（办理条件、材料、地点、流程）"
PH_SUGGESTION = "对建议的研究意见（采纳、纳入计划或暂不采纳的理由）"


# -- formula classes -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Formula:
    """One class of one part of an official reply: how to recognise it, how we word it."""

    part: str
    name: str
    pattern: re.Pattern[str] | None   # None: never recognised, only a default
    template: str                     # {topic} {unit} {channel} {lead} placeholders allowed


def _f(part: str, name: str, pattern: str | None, template: str) -> Formula:
    return Formula(part, name, re.compile(pattern) if pattern else None, template)


# The head of a reply (first ~40 characters) decides the salutation. Named ones address the
# citizen by the handle of the platform ("网友“UU0081796”您好"): the department writes it in.
_HELLO = r"[\s，,：:！!、]*(?:您|你)好"
SALUTATIONS: tuple[Formula, ...] = (
    _f("salutation", "netizen_named", r"^\s*网友\s*[“\"「][^”\"」]{1,30}[”\"」]" + _HELLO,
       f"网友“{fill(PH_HANDLE)}”：您好！"),
    _f("salutation", "quoted_named", r"^\s*[“\"「][^”\"」]{1,30}[”\"」](?:" + _HELLO + r"|\s*[：:，,])",
       f"“{fill(PH_HANDLE)}”：您好！"),
    _f("salutation", "respected", r"^\s*尊敬的[^，,：:！!]{0,12}" + r"[\s，,：:！!]*(?:您|你)好?",
       "尊敬的网友：您好！"),
    _f("salutation", "citizen", r"^\s*(?:市民|群众)(?:朋友|同志)?" + _HELLO, "市民朋友：您好！"),
    _f("salutation", "netizen", r"^\s*(?:亲爱的|这位)?网(?:友|民)(?:朋友)?" + _HELLO, "网友：您好！"),
    _f("salutation", "plain", r"^\s*(?:您|你)好", "您好！"),
)

# The opening sentence (searched in the first ~160 characters after the salutation), most
# specific first. {topic} is the restated complaint, {unit} the handling unit.
OPENINGS: tuple[Formula, ...] = (
    _f("opening", "platform", r"(?:通过|在)(?:平台|网站|《问政|“市长信箱”|市长信箱)",
       "您通过{channel}反映的{topic}已收悉，现将有关情况回复如下："),
    _f("opening", "attention", r"高度重视",
       "针对您反映的{topic}，{unit}高度重视，现将有关情况回复如下："),
    _f("opening", "forwarded", r"(?:已转|转交|转由|转至|转相关)",
       "您反映的{topic}已转{unit}办理，现将办理情况回复如下："),
    _f("opening", "received_reply", r"(?:收悉|收到)[^。]{0,30}?(?:[。，,！!；;]\s*)?(?:现将?|现就|特)?"
       r"[^。]{0,16}?(?:回复|答复)如下",
       "您的{message}已收悉。关于您反映的{topic}，现将有关情况回复如下："),
    _f("opening", "received", r"(?:收悉|收到)", "您反映的{topic}已收悉，现回复如下："),
    _f("opening", "about", r"(?:关于|针对|就)(?:您|你)",
       "关于您反映的{topic}，现回复如下："),
)

# The lead word of the finding ("经查，…").
LEADS: tuple[Formula, ...] = (
    _f("lead", "on_site", r"经(?:过)?现场(?:调查|核实|查看|核查|勘查|检查)", "经现场核实"),
    _f("lead", "investigate_verify", r"经(?:过)?调查核实", "经调查核实"),
    _f("lead", "verify_check", r"经(?:过)?核查", "经核查"),
    _f("lead", "verify", r"经(?:过)?核实", "经核实"),
    _f("lead", "learn", r"经(?:过)?(?:调查)?了解", "经了解"),
    _f("lead", "investigate", r"经(?:过)?调查", "经调查"),
    _f("lead", "check", r"经查(?:实|明)?[，,：:]", "经查"),
)

# The verb introducing a legal basis ("根据《…》第X条规定").
LEGAL: tuple[Formula, ...] = (
    _f("legal", "genju", r"根据《[^》]{2,40}》", "根据"),
    _f("legal", "anzhao", r"按照《[^》]{2,40}》", "按照"),
    _f("legal", "yiju", r"依据《[^》]{2,40}》", "依据"),
    _f("legal", "yizhao", r"依照《[^》]{2,40}》", "依照"),
)

# The closing thanks (searched in the last ~160 characters, before the date).
CLOSINGS: tuple[Formula, ...] = (
    _f("closing", "thanks_work", r"感谢(?:您|你)?对[^。！!]{0,24}(?:工作|事业|发展)[^。！!]{0,4}"
       r"(?:关心|支持|理解|监督|关注|信任)", "感谢您对我们工作的关心、监督与支持。"),
    _f("closing", "thanks_message", r"(?:感谢|谢谢)(?:您|你)的(?:留言|来信|问政|反映|来电|关注|监督|建议|信任|理解)",
       "感谢您的{message}！"),
    _f("closing", "thanks_plain", r"感谢|谢谢", "谢谢！"),
)

# Optional sentences around the closing, each used when most similar replies have it.
EXTRAS: tuple[Formula, ...] = (
    _f("extra", "contact", r"(?:咨询电话|联系电话|服务电话|热线|拨打|来电咨询)",
       f"如有疑问，可拨打{fill(PH_PHONE)}咨询。"),
    _f("extra", "special", r"特此(?:回复|答复|函复)", "特此回复。"),
    _f("extra", "wish", r"祝(?:您|你)", "祝您生活愉快！"),
)

PARTS: dict[str, tuple[Formula, ...]] = {
    "salutation": SALUTATIONS, "opening": OPENINGS, "lead": LEADS, "legal": LEGAL, "closing": CLOSINGS,
}
FORMULAS: dict[tuple[str, str], Formula] = {(f.part, f.name): f for fs in (*PARTS.values(), EXTRAS) for f in fs}
DEFAULTS = {"salutation": "netizen", "opening": "received_reply", "lead": "verify_check", "legal": "genju",
            "closing": "thanks_work"}

_TRAILING_DATE = re.compile(r"\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?[\s。]*$")


def _without_date(text: str) -> str:
    """``text`` without a trailing date (the signature's; searched in the last 40 characters)."""
    start = max(0, len(text) - 40)
    m = _TRAILING_DATE.search(text, start)
    return text[: m.start()] if m else text


@dataclass
class Profile:
    """The formula classes one reply uses (``None``: the part is not there, or not visible)."""

    salutation: str | None = None
    opening: str | None = None
    lead: str | None = None
    legal: str | None = None
    closing: str | None = None
    extras: frozenset[str] = frozenset()
    complete: bool = True   # False: an excerpt, whose end (closing, extras) is cut off

    def get(self, part: str) -> str | None:
        return getattr(self, part)


def _first(formulas: Iterable[Formula], text: str) -> str | None:
    for f in formulas:
        if f.pattern is not None and f.pattern.search(text):
            return f.name
    return None


def classify_reply(reply: str, *, complete: bool = True) -> Profile:
    """The formula classes of one official reply (``complete=False`` for a truncated excerpt)."""
    text = re.sub(r"\s+", " ", reply or "").strip()
    if not text:
        return Profile(complete=complete)
    sal = _first(SALUTATIONS, text[:40])
    rest = text
    if sal is not None:
        m = next(f.pattern for f in SALUTATIONS if f.name == sal).search(text)  # type: ignore[union-attr]
        rest = text[m.end():] if m else text
    head = rest[:160]
    body = text
    end = text
    if complete:
        end = _without_date(text)[-160:]
    return Profile(
        salutation=sal,
        opening=_first(OPENINGS, head),
        lead=_first(LEADS, body),
        legal=_first(LEGAL, body),
        closing=_first(CLOSINGS, end) if complete else None,
        extras=frozenset(f.name for f in EXTRAS if complete and f.pattern is not None and f.pattern.search(end)),
        complete=complete,
    )


# -- the corpus of official replies ------------------------------------------------------------------

REPLY_SOURCES = {  # data file → (id field, id prefix, reply field)
    "complaints/replied_messages.jsonl": ("id", "", "reply"),
    "letters/shangluo_mailbox.jsonl": ("mail_id", "letter-", "reply"),
}


@dataclass
class ReplyFormulas:
    """Formula classes of every official reply in the data, by case id, and their counts."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    replies: int = 0

    @classmethod
    def from_data(cls, data_dir: Path) -> ReplyFormulas:
        """Classify the replies of the data files (ids as the case index has them)."""
        out = cls()
        for rel, (id_field, prefix, reply_field) in REPLY_SOURCES.items():
            path = Path(data_dir) / rel
            if not path.is_file():
                continue
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    reply = str(row.get(reply_field) or "")
                    if not reply.strip() or row.get(id_field) is None:
                        continue
                    out.add(f"{prefix}{row[id_field]}", classify_reply(reply))
        return out

    def add(self, case_id: str, profile: Profile) -> None:
        self.profiles[case_id] = profile
        self.replies += 1
        for part in PARTS:
            self.counts.setdefault(part, Counter())[profile.get(part) or "none"] += 1
        for x in profile.extras:
            self.counts.setdefault("extra", Counter())[x] += 1

    def most_common(self, part: str) -> str:
        """The corpus' most common class of ``part`` (never "none"); the default without data."""
        for name, _ in self.counts.get(part, Counter()).most_common():
            if name != "none":
                return name
        return DEFAULTS[part]


_CORPUS: dict[tuple[str, tuple[float, ...]], ReplyFormulas] = {}
_CORPUS_LOCK = threading.Lock()


def reply_formulas(data_dir: Path) -> ReplyFormulas:
    """``ReplyFormulas`` of ``data_dir``, computed once per process (again if the files change)."""
    paths = [Path(data_dir) / rel for rel in REPLY_SOURCES]
    key = (str(Path(data_dir).resolve()), tuple(p.stat().st_mtime if p.is_file() else 0.0 for p in paths))
    with _CORPUS_LOCK:
        got = _CORPUS.get(key)
        if got is None:
            t0 = time.time()
            got = ReplyFormulas.from_data(Path(data_dir))
            _CORPUS.clear()
            _CORPUS[key] = got
            log.info("triage.drafting.formulas replies=%d seconds=%.2f", got.replies, time.time() - t0)
        return got


# -- citations -----------------------------------------------------------------------------------------

_ARTICLE_TABLES: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], list[Any]]] = weakref.WeakKeyDictionary()
_TABLE_LOCK = threading.Lock()


def _article_table(regulations: Any) -> dict[tuple[str, str], list[Any]]:
    """(law, article) → the loaded index's articles (a statute may repeat a number)."""
    with _TABLE_LOCK:
        table = _ARTICLE_TABLES.get(regulations)
        if table is None or sum(map(len, table.values())) != len(regulations.articles):
            table = {}
            for a in regulations.articles:
                table.setdefault((a.law, a.article), []).append(a)
            _ARTICLE_TABLES[regulations] = table
        return table


def find_article(regulations: Any, law: str, article: str, text: str) -> Any | None:
    """The knowledge base's article titled ``law`` / ``article`` whose text is exactly ``text``."""
    for a in _article_table(regulations).get((law, article), ()):
        if a.text == text:
            return a
    return None


def verify_citation(regulations: Any, law: str, article: str, text: str) -> bool:
    """True when ``text`` is word for word the text of ``law`` ``article`` in the knowledge base."""
    return find_article(regulations, law, article, text) is not None


# -- the draft ---------------------------------------------------------------------------------------

class DraftDepartment(BaseModel):
    code: str
    name: str
    unit: str = Field(description="承办单位（按地址层级）/ acting unit at the address's level")


class DraftCitation(BaseModel):
    law: str
    article: str
    text: str = Field(description="条文原文（已与知识库逐字核对）/ the article, checked word for word")


class DroppedCitation(BaseModel):
    law: str
    article: str
    reason: str


class DraftPart(BaseModel):
    cls: str = Field(alias="class", description="格式类别 / formula class")
    source: str = Field(description="similar（相似案例答复）| corpus（语料中最常见）| case（本案）")
    cases: list[str] = Field(default_factory=list, description="使用该类别的相似案例 / similar cases using it")

    model_config = {"populate_by_name": True}


class Draft(BaseModel):
    """A reply draft: text with placeholders, the department, verified citations, its provenance."""

    text: str
    department: DraftDepartment | None
    citations: list[DraftCitation]
    dropped_citations: list[DroppedCitation] = Field(default_factory=list)
    placeholders: list[str] = Field(description="须由承办单位填写/核实的内容 / facts the department supplies")
    structure_from: list[str] = Field(description="格式取自这些相似案例的答复 / similar cases whose replies shaped it")
    structure: dict[str, DraftPart]
    restated: str = Field(description="复述的诉求 / the complaint as restated")
    case: str | None = Field(default=None, description="案件编号 / case number")
    warnings: list[str] = Field(default_factory=list, description="起草时的提醒 / what to check before using it")


@dataclass
class _Source:
    """What a draft is made from, whatever it came as (a stored case or a triage)."""

    title: str
    text: str
    channel: str
    departments: list[dict[str, Any]]
    decided: str | None
    regulations: list[dict[str, Any]]
    similar: list[dict[str, Any]]
    address: dict[str, str]
    number: str | None = None
    kind: str = "投诉"   # nlu.request_kind: 投诉 | 表扬 | 咨询 | 建议

    @property
    def query(self) -> str:
        """What the citations are matched against: title and text."""
        return f"{self.title}。{self.text}" if self.title else self.text


def _as_dict(x: Any) -> dict[str, Any]:
    return x.model_dump() if hasattr(x, "model_dump") else dict(x)


def _masked(text: str) -> str:
    from nlu import mask_pii

    return mask_pii(text)[0] if text else ""


def _source(obj: Any) -> _Source:
    from nlu.request_kind import request_kind

    if hasattr(obj, "suggestion") and hasattr(obj, "number"):   # a stored case (ORM row or CaseRead)
        sug = dict(obj.suggestion or {})
        # masked again: an operator's CaseRead carries the raw title
        title, text = _masked(obj.title or ""), _masked(obj.text or "")
        return _Source(title=title, text=text, channel=obj.channel or "",
                       departments=list(sug.get("departments") or []),
                       decided=obj.decided_department or None,
                       regulations=list(sug.get("regulations") or []),
                       similar=list(sug.get("similar_cases") or []),
                       address=dict((sug.get("entities") or {}).get("address") or {}), number=obj.number,
                       # a case filed before the kind was kept: read from its text
                       kind=sug.get("request_kind") or request_kind(f"{title}\n{text}" if title else text))
    if hasattr(obj, "masked_text"):                                # a TriageResult
        return _Source(title="", text=obj.masked_text, channel="",
                       departments=[_as_dict(d) for d in obj.departments], decided=None,
                       regulations=[_as_dict(r) for r in obj.regulations],
                       similar=[_as_dict(s) for s in obj.similar_cases],
                       address=dict((obj.entities or {}).get("address") or {}),
                       kind=getattr(obj, "request_kind", None) or request_kind(obj.masked_text))
    raise TypeError(f"cannot draft a reply for {type(obj).__name__}")


# -- restating the complaint ----------------------------------------------------------------------------

_MASK_TOKEN = re.compile(r"<[^<>\s]{1,8}>")
_GREETING = re.compile(r"^(?:(?:尊敬的)?[^，,。！!]{0,8}(?:领导|书记|市长|县长|区长|局长|工作人员|同志)[们]?"
                       r"(?:您们|你们)?好?|您好|你好|大家好|各位好)[，,！!。：:\s]*")
_LEAD_IN = re.compile(r"^(?:我(?:们|家|是)?[^，,。]{0,8}?(?:要|想|来)?(?:向您|向你们|在此)?"
                      r"(?:反映|反应|投诉|举报|咨询|求助|建议)(?:一下|个|一个)?(?:问题|情况|事情)?[，,：:。\s]*"
                      r"|(?:反映|反应|投诉|举报|咨询|求助|建议|关于)(?:一下)?[：:，,\s]*)")
_CLAUSE_END = re.compile(r"[。！？!?；;\n]")
# the citizen speaking of themselves (我住朝阳区…，楼下那家川菜馆油烟机直接对着我们家窗户排): an official reply
# restates neutrally (an operator tester's R17); who they are, said first, is no part of the matter
_SELF_INTRO = re.compile(r"^我(?:们)?(?:是|系)([^，,。]{0,24}?)的?(?:一名|一位|一个)?(?:业主|居民|住户|租户|家长|市民|村民|职工|员工|学生|老人)[，,]")
_PLACE_IN_INTRO = re.compile(r"[区县镇乡村路街巷园苑院]|小区|社区|街道|大厦|公寓")
_I_LIVE = re.compile(r"^我(?:们)?(?:家)?(?:住在|住|家在)|^我(?:们)?(?:特别|非常)?(?:想|要)?(?:表扬|感谢)(?:一下)?")
_FIRST_PERSON = ((re.compile(r"^我(?:们)?家(?=楼|门|小区|附近|对面|旁边|隔壁|后面|前面)"), ""),
                 (re.compile(r"我们家|我家"), "居民家"), (re.compile(r"我们小区|咱们小区|我家小区"), "小区"),
                 (re.compile(r"我们楼|我们这栋楼|我们单元"), "居民楼"))


def _neutral(s: str) -> str:
    """A restatement in the third person: no self-introduction, no 我住, 我们家 → 居民家."""
    intro = _SELF_INTRO.match(s)
    if intro and len(s) - intro.end() >= 6:  # 我是西城区…小区业主，物业费… → 西城区…小区，物业费…
        place = intro.group(1) if _PLACE_IN_INTRO.search(intro.group(1)) else ""
        s = (place + "，" if place else "") + s[intro.end():]
    s = _I_LIVE.sub("", s)
    for pattern, said in _FIRST_PERSON:
        s = pattern.sub(said, s)
    return s
_TOPIC_SUFFIX = re.compile(r"(?:的)?(?:问题|情况|事宜|事情|现象|诉求|建议|咨询)$")
RESTATE_CHARS = 40


# what tells a matter in a clause (not a place, nor who the citizen is): a fault, a nuisance, money owed …
_MATTER_MARK = re.compile(r"不|没|坏|欠|拖|吵|噪|乱|漏|堵|臭|味|烟|收费|涨|违|占|扰|脏|破|塌|裂|停|骗|跑路|退|投诉|举报|反映")


def _matter_first(s: str) -> str:
    """``s`` from its first clause that tells the matter: leading clauses that only say where or who
    (朝阳区望京街道望京西园三区，楼下新开的一家烧烤店…油烟直接排到…; 我们是在…干活的农民工，…) are left to the rest of
    the reply (tester54 V14: the restatement was the place and half a sentence, or who the citizen is)."""
    clauses = [c for c in re.split(r"[，,；;]", s) if c]
    i = 0
    while i < len(clauses) - 1 and not _MATTER_MARK.search(clauses[i]) and any(
            _MATTER_MARK.search(c) for c in clauses[i + 1:]):
        i += 1
    # (a short place before the matter stays: 西城区广安门外街道某某小区，物业费一年没少交 — only one that would push
    # the matter's clause past the restatement's length gives way)
    if not i or len("，".join(clauses[:i + 1])) <= RESTATE_CHARS:
        return s
    return "，".join(clauses[i:])


def restate(title: str, text: str, *, limit: int = RESTATE_CHARS) -> str:
    """The complaint in a few words, from its own masked title, else its first clause."""
    from nlu.issues import strip_list_opening

    def clean(s: str) -> str:
        # a masked number goes with the words that introduce it ("身份证号：<身份证号>，")
        s = re.sub(r"(?:身份证号?码?|证件号码?|手机号?码?|电话号?码?|联系电话|联系方式|银行卡号?|卡号|邮箱)?"
                   r"[：:是为\s]{0,2}" + _MASK_TOKEN.pattern + r"[，,、；;]?", "", s)
        s = _MASK_TOKEN.sub("", s)
        s = re.sub(r"\s+", "", s)
        for _ in range(2):
            s = _GREETING.sub("", s)
            s = _LEAD_IN.sub("", s)
            s = strip_list_opening(s)   # 两个事：一是… (a tester's draft restated the list's opening)
        s = s.strip("，,、：:；;。！!？?“”\"'（）() ")
        return s

    cand = clean(title or "")
    if len(cand) < 4:
        from nlu.issues import split_issues

        issues = split_issues(text or "")   # two problems: the first one's words, not the second's too
        for clause in _CLAUSE_END.split(issues[0] if issues else text or ""):
            cand = clean(clause)
            if len(cand) >= 6:
                break
    cand = _matter_first(cand)
    cand = _neutral(cand).replace("“", "‘").replace("”", "’")  # (quoted in “…”问题: no quotes inside quotes)
    if len(cand) > limit:
        cut = max(cand.rfind(ch, 0, limit + 1) for ch in "，,、")
        if cut >= limit // 2:
            cand = cand[:cut]
        else:  # at a word's end, not inside one (a tester's read "…拖椅子、跺")
            from nlu import segment

            out = ""
            for w in segment(cand):
                if len(out) + len(w) > limit:
                    break
                out += w
            cand = out or cand[:limit]
        cand = cand.strip("，,、：:；; ")
    return cand


def topic_phrase(restated: str) -> str:
    """``“…”问题`` (no second 问题 when the restatement already ends with one)."""
    if not restated:
        return "问题"
    m = _TOPIC_SUFFIX.search(restated)
    if m:
        return f"“{restated[: m.start()]}”{m.group(0).removeprefix('的')}" if m.start() else f"“{restated}”"
    return f"“{restated}”问题"


# -- choosing the formula ------------------------------------------------------------------------------

K_SIMILAR = 8  # replied past cases that vote on the formula


def _profiles_of(similar: Sequence[dict[str, Any]], pipeline: Any, corpus: ReplyFormulas
                 ) -> list[tuple[str, float, Profile]]:
    """(id, score, profile) of the nearest past cases that have an official reply."""
    out: list[tuple[str, float, Profile]] = []
    index = getattr(pipeline, "cases", None)
    for hit in similar:
        cid = str(hit.get("id") or "")
        if not cid:
            continue
        prof = corpus.profiles.get(cid)
        if prof is None:   # not a data-file case (e.g. a filed case): its indexed excerpt, if any
            rec = index.get(cid) if index is not None else None
            reply = (rec.reply if rec is not None else "") or str(hit.get("reply") or "")
            if not reply.strip():
                continue
            prof = classify_reply(reply, complete=False)
        out.append((cid, float(hit.get("score") or 0.0), prof))
        if len(out) >= K_SIMILAR:
            break
    return out


def _vote(voters: Sequence[tuple[str, float, Profile]], part: str) -> tuple[str | None, list[str]]:
    """The class of ``part`` with the most similarity weight, and the voters using it."""
    weight: dict[str, float] = {}
    first: dict[str, int] = {}
    for i, (_, score, prof) in enumerate(voters):
        name = prof.get(part)
        if name is None:
            continue
        weight[name] = weight.get(name, 0.0) + max(score, 1e-3)
        first.setdefault(name, i)
    if not weight:
        return None, []
    best = max(weight, key=lambda n: (weight[n], -first[n]))
    return best, [cid for cid, _, prof in voters if prof.get(part) == best]


def _choose(voters: Sequence[tuple[str, float, Profile]], corpus: ReplyFormulas
            ) -> tuple[dict[str, DraftPart], set[str]]:
    parts: dict[str, DraftPart] = {}
    for part in PARTS:
        name, users = _vote(voters, part)
        if name is None:
            parts[part] = DraftPart(cls=corpus.most_common(part), source="corpus")
        else:
            parts[part] = DraftPart(cls=name, source="similar", cases=users)
    complete = [(cid, s, p) for cid, s, p in voters if p.complete]
    total = sum(max(s, 1e-3) for _, s, _ in complete)
    extras: set[str] = set()
    for f in EXTRAS:
        users = [cid for cid, _, p in complete if f.name in p.extras]
        w = sum(max(s, 1e-3) for cid, s, _ in complete if cid in users)
        if total and w / total >= 0.5:
            extras.add(f.name)
            parts[f"extra:{f.name}"] = DraftPart(cls=f.name, source="similar", cases=users)
    return parts, extras


# -- composing ---------------------------------------------------------------------------------------------

_CHANNEL = {"phone": ("12345热线", "来电"), "web": ("网站留言", "留言"), "bot": ("在线反映", "留言"),
            "": ("平台", "留言")}
CITE_MAX = 2
# A second article only from the first one's statute (its duty and its penalty, say; measured over
# 50 held-out replied cases the second hit shares the first's statute in 33) and scoring at least
# this share of the first: an article of another statute that merely ranks next is left out.
CITE_SECOND_RATIO = 0.6
CITE_FROM_TOP = 3   # the cited articles come from the triage's first three
_SKIP_KINDS = {"purpose", "commencement", "supplementary", "scope", "definition"}
# Statutes on the hotline's own work, never the legal basis of a department's answer to a citizen
# (北京市接诉即办工作条例 第三十七条 is about 劝阻、批评、教育 of complainants)
_NOT_A_BASIS = frozenset({"北京市接诉即办工作条例"})
# Salutations that address a poster on a message board: a caller or a chat user is a 市民
_NETIZEN_SALUTATIONS = frozenset({"netizen_named", "quoted_named", "netizen", "respected"})


def book_title(law: str) -> str:
    """《…》 around a title, inner book-title marks as 〈〉 (《北京市实施〈中华人民共和国道路交通安全法〉办法》)."""
    return "《" + law.replace("《", "〈").replace("》", "〉") + "》"


def _department(src: _Source, pipeline: Any) -> DraftDepartment | None:
    code = src.decided or (src.departments[0].get("code") if src.departments else None)
    if not code:
        return None
    sug = next((d for d in src.departments if d.get("code") == code), None)
    router = getattr(pipeline, "router", None)
    known = getattr(router, "departments", {}) if router is not None else {}
    name = (sug or {}).get("name") or (known[code].name if code in known else code)
    unit = (sug or {}).get("unit") or ""
    if not unit and code in known:
        try:
            unit = router.unit_name(code, src.address, src.text)
        except Exception:  # noqa: BLE001 - a name is enough
            unit = ""
    return DraftDepartment(code=code, name=name, unit=unit or name)


# A query word counts for the check below from this weight on (``RegulationIndex.query_terms``:
# the thesaurus's statutory words 0.8, sub-words 0.7, everyday words scaled down by their affinity
# to statute language, so 一块 / 回来 do not make an article "share a word").
_SHARED_MIN_WEIGHT = 0.5


def shared_words(index: Any, query: str, text: str) -> list[str]:
    """The complaint's words (and the statutory words the thesaurus adds for them) that the
    article's own text uses: an article that shares none is no legal basis to quote in a reply,
    however near its vector came (户外广告 条例 第四十四条 for a rooftop 彩钢房)."""
    from kb_index.regulations import tokenize

    inv = getattr(index, "_draft_inv_vocab", None)
    if inv is None or len(inv) != len(index.vocab):
        inv = {j: w for w, j in index.vocab.items()}
        index._draft_inv_vocab = inv
    words = {inv[j] for j, w in index.query_terms(query).items() if w >= _SHARED_MIN_WEIGHT and j in inv}
    return sorted(words & set(tokenize(text)))


def _citations(src: _Source, pipeline: Any) -> tuple[list[DraftCitation], list[DroppedCitation]]:
    from kb_index.regulations import article_kind
    from triage.routing import article_departments

    index = getattr(pipeline, "regulations", None)
    query = src.query
    cited: list[DraftCitation] = []
    dropped: list[DroppedCitation] = []
    top_score: float | None = None
    signer = src.decided or (src.departments[0].get("code") if src.departments else None)
    settings = getattr(pipeline, "settings", None)
    # a statute's other article that names another department acting is no basis for this one's
    # reply (a tester's 市场监管局 draft quoted 食品安全条例 §63: 由卫生行政部门责令限期改正) — where
    # the signer is a department statutes name at all (a street office is not)
    check_named = bool(signer and settings is not None and _department_laws(pipeline, signer))
    for r in _for_the_department(src, pipeline, query):
        if len(cited) >= CITE_MAX:
            break
        law, article, text = str(r.get("law") or ""), str(r.get("article") or ""), str(r.get("text") or "")
        art = find_article(index, law, article, text) if index is not None else None
        if art is None:
            dropped.append(DroppedCitation(law=law, article=article,
                                           reason="知识库中无此条文或文字不符 / not in the knowledge base word for word"))
            continue
        if article_kind(art) in _SKIP_KINDS or law in _NOT_A_BASIS:
            continue   # a purpose, scope or commencement clause is no legal basis for a reply
        # an article a knowledge-base entry lists for the complaint's topic is its basis whatever
        # words it uses (抽烟 → 控制吸烟条例's 吸烟)
        if not r.get("topic") and not shared_words(index, query, text):
            dropped.append(DroppedCitation(law=law, article=article,
                                           reason="条文与诉求没有共同的词语 / the article shares no word with the complaint"))
            continue
        asked = _first_question(query) if getattr(src, "kind", "") == "咨询" else ""
        if asked and r.get("topic") and not _topic_in(asked, str(r["topic"])):
            # the topic named only in what the question tells of itself (…我在海淀区上班，租房住在昌平区: 房屋租赁's
            # 民法典 §708 quoted for 居住证需要什么材料, tester54 V8)
            dropped.append(DroppedCitation(law=law, article=article,
                                           reason="条文不是所问事项的规定 / the article is not about what is asked"))
            continue
        if getattr(src, "kind", "") == "咨询" and not r.get("topic") and not _speaks_to(asked or query, text):
            # a question is answered with what its subject is: 居住证怎么办理 quoted 促进中小企业发展条例 §44 on
            # 工作居住证 for talent, marked 已核对 (an operator tester's W2)
            dropped.append(DroppedCitation(law=law, article=article,
                                           reason="条文不是所问事项的规定 / the article is not about what is asked"))
            continue
        if check_named:
            named = article_departments(text, settings.data_dir, settings.training_data)
            if named and signer not in named:
                depts = getattr(getattr(pipeline, "router", None), "departments", {}) or {}
                who = "、".join(sorted(depts[c].name if c in depts else c for c in named))
                dropped.append(DroppedCitation(
                    law=law, article=article,
                    reason=f"条文由其他部门执行（{who}），不作落款单位的依据 / the article names another "
                           f"department acting"))
                continue
        score = float(r.get("score") or 0.0)
        if top_score is None:
            top_score = score
        elif score < CITE_SECOND_RATIO * top_score:
            break
        elif law != cited[0].law or article == cited[0].article:
            continue
        cited.append(DraftCitation(law=law, article=article, text=text))
    return cited, dropped


# the words of a question that say nothing of its subject (请问…怎么办理，需要带什么材料，在哪里办)
_ASKING = re.compile(r"您好|你好|请问|咨询|一下|我想|想问|问一下|了解|怎么|如何|什么|哪些|哪里|哪儿|多少|需要|能不能|可以|是否|"
                     r"有没有|办理|申请|材料|手续|规定|政策|条件|标准|北京市?|的|吗|呢|了|去|在|办|带|要|我|是")


# characters that may stand before a subject's word without making it another thing (办理居住证, 的居住证;
# 工作居住证 is another thing than 居住证)
_BEFORE_A_TERM = set("的办领请持取得有和或及与本该其凭发换补注签为以按对经由向在将把、，《“")


def _first_question(text: str) -> str:
    """The first sentence of ``text`` that asks (请问在北京市办理居住证需要什么材料？), or "" when none does."""
    for m in re.finditer(r"[^。！!？?]+[。！!？?]?", text or ""):
        sentence = m.group(0)
        if re.search(r"[？?]$|请问|想问|问一下|怎么|如何|什么|哪里|哪儿|能不能|可不可以|是否|吗", sentence):
            return sentence
    return ""


def _topic_in(text: str, topic: str) -> bool:
    """Whether the knowledge-base topic ``topic`` is named in ``text`` (as the statutes' topic matching reads)."""
    from kb_index.topics import load_topics, matching

    try:
        topics = load_topics()
    except Exception:  # noqa: BLE001 - no topics, no judgement: the article stays
        return True
    return any(t.name == topic for t, _ in matching(text, topics))


def _speaks_to(question: str, article: str) -> bool:
    """Whether ``article`` is about the question's subject: three of its two-character pieces, or a short
    subject (居住证) said in the article as itself, not inside a longer name (工作居住证)."""
    subject = _ASKING.sub("，", question)
    pairs = {subject[i:i + 2] for i in range(len(subject) - 1)
             if all("\u4e00" <= ch <= "\u9fff" for ch in subject[i:i + 2])}
    shared = sum(1 for p in pairs if p in article)
    if shared >= 3:
        return True
    runs = [r for r in re.findall(r"[\u4e00-\u9fff]{2,}", subject)]
    return bool(runs) and shared == len(pairs) and all(
        any(i == 0 or article[i - 1] in _BEFORE_A_TERM or not "\u4e00" <= article[i - 1] <= "\u9fff"
            for i in (m.start() for m in re.finditer(re.escape(r), article)))
        for r in runs)


def _department_laws(pipeline: Any, code: str | None) -> set[str]:
    """The statutes that make ``code`` one of their main departments (the router's 主管部门
    table, the share a routing reason needs)."""
    router = getattr(pipeline, "router", None)
    if router is None or not code:
        return set()
    need = getattr(router, "LAW_REASON_SHARE", 0.2)
    return {law for law, per in (getattr(router, "law_departments", None) or {}).items()
            if any(c == code and share >= need for c, share, _ in per)}


def _for_the_department(src: _Source, pipeline: Any, query: str) -> list[dict[str, Any]]:
    """The triage's first articles, those of a statute the signing department enforces first. When
    none is (an operator corrected the department: 食物中毒 decided for 市场监管局, the triage's
    articles from 突发公共卫生事件应急条例), the best articles of that department's statutes for the
    complaint; the triage's own when the department has none that match. Articles a knowledge-base
    entry lists for the complaint's topic stay first whoever signs, and accepting the suggested
    department never changes what is cited (a tester's 油烟 draft went from 大气法 to the
    小规模食品 licence articles once the suggestion was accepted)."""
    regs = [dict(r) for r in src.regulations[:CITE_FROM_TOP]]
    # a weak citation (found by its words alone: a passport's queue and 旅游法) is quoted only when nothing
    # else is there
    regs = [r for r in regs if not r.get("weak")] or regs
    if any(r.get("topic") for r in regs):
        return [r for r in regs if r.get("topic")] + [r for r in regs if not r.get("topic")]
    suggested = src.departments[0].get("code") if src.departments else None
    code = src.decided or suggested
    own = _department_laws(pipeline, code)
    if not own:
        return regs
    if any(r.get("law") in own for r in regs):
        return [r for r in regs if r.get("law") in own] + [r for r in regs if r.get("law") not in own]
    index = getattr(pipeline, "regulations", None)
    if index is None or not src.decided or src.decided == suggested:
        return regs
    from nlu import Complaint, preprocess
    from triage.pipeline import statute_query

    hits = index.search(statute_query(preprocess(Complaint(text=src.text, title=src.title))), k=60)
    mine = [h for h in hits if h.get("law") in own][:CITE_FROM_TOP]
    return mine or regs


def _article_body(c: DraftCitation) -> str:
    """The article's text after its number, for quoting ("第二十条 …" → "…")."""
    return c.text.removeprefix(c.article).strip(" \u3000\t")


QUOTE_MAX_CHARS = 300  # a longer article is quoted by the parts that bear on the complaint
_QUOTE_PARTS = re.compile(r"[^；。\n]+[；。]?")


def _quote(c: DraftCitation, index: Any, query: str) -> str:
    """What of the article the reply quotes: all of it when short; of a long one (a tester's draft
    pasted 1,500 characters of an epidemic law's duty list) its lead-in and the sentences or items
    that share the complaint's words, in order, the rest left out as "……". Each part is the
    article's own text word for word."""
    body = _article_body(c)
    if len(body) <= QUOTE_MAX_CHARS or index is None:
        return body
    spans = [(m.start(), m.end()) for m in _QUOTE_PARTS.finditer(body) if m.group().strip()]
    keep = {0} | {i for i, (a, b) in enumerate(spans) if i and shared_words(index, query, body[a:b])}
    out, used, last = [], 0, -1
    for i in sorted(keep):
        a, b = spans[i]
        if used + b - a > QUOTE_MAX_CHARS and out:
            break
        # the next part keeps what separated it (a line break between items); a gap is "……"
        out.append(body[spans[last][1]:b] if i == last + 1 and last >= 0 else ("……" if out else "") + body[a:b])
        used, last = used + b - a, i
    return "".join(out) + ("……" if last < len(spans) - 1 else "")


def draft_reply(case_or_triage: Any, pipeline: Any) -> Draft:
    """The reply draft of a stored case (``Case`` / ``CaseRead``) or of a ``TriageResult``."""
    t0 = time.perf_counter()
    src = _source(case_or_triage)
    data_dir = getattr(getattr(pipeline, "settings", None), "data_dir", None)
    corpus = reply_formulas(data_dir) if data_dir is not None else ReplyFormulas()
    voters = _profiles_of(src.similar, pipeline, corpus)
    parts, extras = _choose(voters, corpus)
    dept = _department(src, pipeline)
    citations, dropped = _citations(src, pipeline)
    index = getattr(pipeline, "regulations", None)
    query = src.query
    warnings: list[str] = []
    from nlu import Complaint, preprocess
    from triage.pipeline import says_nothing

    if says_nothing(preprocess(Complaint(text=src.text, title=src.title))):
        # "我要投诉。", "北京西站南广场": no matter a department could answer, no article to cite
        citations, dropped = [], []
        if not src.decided:   # nor a unit to sign it, until an operator has decided one
            dept = None
        warnings.append("诉求内容不清（只有地点、时间或问候），请先向市民核实具体问题再答复；草稿未引用法规 / "
                        "the complaint says nothing a department could answer: ask the citizen first; no article cited")
    if src.kind in ("表扬", "建议"):
        # praise is passed on with thanks, not investigated: no findings, no article (a tester's praise of
        # a community worker was drafted "针对您反映的…问题…高度重视…经调查…根据《突发公共卫生事件应急条例》")
        citations, dropped = [], []
    restated = restate(src.title, src.text)
    channel_name, message = _CHANNEL.get(src.channel, _CHANNEL[""])
    unit = dept.unit if dept else fill(PH_DEPARTMENT)
    values = {"topic": topic_phrase(restated), "unit": unit, "channel": channel_name, "message": message}

    if src.channel in ("phone", "bot") and parts["salutation"].cls in _NETIZEN_SALUTATIONS:
        # the similar cases' replies went to message-board posters; this citizen called or chatted
        parts["salutation"] = DraftPart(cls="citizen", source="case")

    def say(part: str) -> str:
        return FORMULAS[(part, parts[part].cls)].template.format(**values)

    lines: list[str] = [say("salutation")]
    if src.kind == "表扬":
        # praise is no 问题: "您来信表扬的“我想表扬一下…”问题" read as a complaint (a tester)
        said = f"（“{restated}”）" if restated else ""
        # 来电 / 留言 as it came (a phone call's praise was 您来信中的表扬: tester52 W18)
        lines.append(f"感谢您对{unit}工作的肯定和支持！您{message}中的表扬{said}，我们已转达{unit}及相关工作人员。")
        lines.append(f"{fill(PH_PRAISE)}。")
        lines.append("我们将以此为激励，继续做好服务工作。")
    elif src.kind == "建议":
        # a suggestion (能不能把末班车往后延一点) is passed on and answered with what became of it: no
        # "经查…" finding of a wrong, no article (a tester's was drafted as a complaint)
        said = f"（“{restated}”）" if restated else ""
        lines.append(f"您提出的建议{said}已转{unit}研究，现答复如下：")
        lines.append(f"{fill(PH_SUGGESTION)}。")
    elif src.kind == "咨询":
        # a question is answered with the policy: no "经查…" finding, no measures taken
        lines.append(f"关于您咨询的{values['topic']}，现答复如下：")
        lines.append(f"{fill(PH_ANSWER)}。")
        if citations:
            verb = FORMULAS[("legal", parts["legal"].cls)].template
            for c in citations:
                lines.append(f"{verb}{book_title(c.law)}{c.article}规定：“{_quote(c, index, query)}”")
    else:
        lines.append(say("opening"))
        lead = FORMULAS[("lead", parts["lead"].cls)].template
        lines.append(f"{lead}，{check(PH_CHECK_DATE)}，{fill(PH_FINDINGS)}。")
        if citations:
            verb = FORMULAS[("legal", parts["legal"].cls)].template
            for c in citations:
                lines.append(f"{verb}{book_title(c.law)}{c.article}规定：“{_quote(c, index, query)}”")
            lines.append(f"依据上述规定，{fill(PH_MEASURES)}。")
        else:
            lines.append(f"针对上述情况，{fill(PH_MEASURES)}。")
        lines.append(f"目前，{fill(PH_RESULT)}。")
    end: list[str] = []
    if "contact" in extras:
        end.append(FORMULAS[("extra", "contact")].template)
    end.append(say("closing"))
    if "wish" in extras:
        end.append(FORMULAS[("extra", "wish")].template)
    if "special" in extras:
        end.append(FORMULAS[("extra", "special")].template)
    lines.append("".join(end))
    lines.append(fill(PH_UNIT) if dept is None else unit)
    lines.append(fill(PH_DATE))
    text = "\n".join(x for x in lines if x)

    placeholders = list(dict.fromkeys(PLACEHOLDER_RE.findall(text)))
    if not citations:
        parts["legal"] = DraftPart(cls="none", source="case")
    users = {cid for p in parts.values() if p.source == "similar" for cid in p.cases}
    structure_from = [cid for cid, _, _ in voters if cid in users]
    parts["restatement"] = DraftPart(cls="title" if (src.title or "").strip() else "first_clause", source="case")
    log.info("triage.drafting.draft voters=%d citations=%d dropped=%d ms=%.1f", len(voters), len(citations),
             len(dropped), (time.perf_counter() - t0) * 1000)
    return Draft(text=text, department=dept, citations=citations, dropped_citations=dropped,
                 placeholders=placeholders, structure_from=structure_from, structure=parts,
                 restated=restated, case=src.number, warnings=warnings)


def _main() -> None:  # pragma: no cover - prints the corpus counts (python -m triage.drafting)
    from triage.settings import get_settings

    corpus = reply_formulas(get_settings().data_dir)
    print(f"{corpus.replies} replies")
    for part, counter in corpus.counts.items():   # shares of all replies
        print(part, ", ".join(f"{k} {v} ({v / corpus.replies:.0%})" for k, v in counter.most_common()))


if __name__ == "__main__":  # pragma: no cover
    _main()
