"""Case store operations: plain functions taking ``db_session=``; portable SQL only.

Every read and change of a case writes an audit row in the same transaction. Changes use
optimistic concurrency: the UPDATE carries the version the caller saw, and a stale one is 409.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import unicodedata
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from nlu import Complaint, mask_pii
from triage.api.errors import ApiError
from triage.auth import CurrentUser, User
from triage.cases.models import (
    ALL_STATUSES,
    AT_DEPARTMENT,
    CLOSED,
    DISPATCHED,
    FINISHED,
    STATUSES,
    WITHDRAWN,
    AuditEntry,
    Case,
    CaseNote,
    CaseCreate,
    CasePage,
    CaseRead,
    CaseUpdate,
    Decision,
    DecisionCreate,
    DecisionRead,
    MetricsRead,
    NoteCreate,
    NoteRead,
    Rate,
    ReplySave,
)
from triage.db import utcnow
from triage.models import TriageResult

log = logging.getLogger("triage.cases")

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")  # no DST in China
NUMBER_PREFIX = "JS"
_NUMBER = re.compile(r"^JS\d{8}-\d{6,}$")


class CaseNotFound(ApiError):
    def __init__(self, ref: object) -> None:
        super().__init__(404, "案件不存在", "case not found", {"case": str(ref)})


class CaseConflict(ApiError):
    def __init__(self, zh: str, en: str, details: Any = None) -> None:
        super().__init__(409, zh, en, details)


class StaleVersion(CaseConflict):
    def __init__(self, current: int | None) -> None:
        super().__init__("案件已被他人修改，请刷新后重试", "stale version: the case was changed by someone "
                         "else; reload it and try again", {"current_version": current})


class InvalidChoice(ApiError):
    def __init__(self, zh: str, en: str, details: Any = None) -> None:
        super().__init__(422, zh, en, details)


# -- masking -----------------------------------------------------------------------------------

# a fact the reply draft leaves for the department (triage.drafting: 【待填写：…】 / 【待核实：…】)
_PLACEHOLDER = re.compile(r"【待(?:填写|核实)：[^】]*】")

# dangers to a life or to many at once, listed before the hazards (井盖缺失, 坠落坍塌, 爆管跑水 …) among open
# urgent cases (nlu.urgency's kinds)
LIFE_AT_STAKE = ("人身危险", "轻生危险", "火情", "燃气泄漏", "积水被困", "急症中毒", "电梯困人", "电梯伤人",
                 "触电危险", "交通事故")


def mask(text: str) -> str:
    """``text`` with phone, ID-card, bank-card numbers and e-mail replaced by placeholders."""
    return mask_pii(text)[0] if text else text


def mask_reply(text: str, case: Case) -> str:
    """A reply as it is stored: personal data masked, but a landline that is not the citizen's (the
    department's own 咨询电话, 010-68351150, which the reply is meant to give) kept as written."""
    if not text:
        return text
    from nlu import find_pii

    def digits(s: str) -> str:
        return re.sub(r"\D", "", unicodedata.normalize("NFKC", s))

    found = [(p.kind, digits(src[p.start:p.end])) for src in (case.raw_text, case.raw_title, case.raw_contact)
             if src for p in find_pii(src)]
    own = {d for _, d in found}
    # the citizen's landline written without its area code (62345678 for 010-62345678)
    local = {d[-n:] for kind, d in found if kind == "landline" and len(d) >= 10 for n in (7, 8)}
    spans = [(p.start, p.end, p.placeholder) for p in find_pii(text)
             if not (p.kind == "landline" and digits(text[p.start:p.end]) not in own)]
    spans += [(m.start(), m.end(), "<座机号>") for m in re.finditer(r"(?<![0-9０-９])[0-9０-９]{7,8}(?![0-9０-９])", text)
              if digits(m.group()) in local and not any(a <= m.start() < b for a, b, _ in spans)]
    out, pos = [], 0
    for a, b, placeholder in sorted(spans):
        out += [text[pos:a], placeholder]
        pos = b
    return "".join(out) + text[pos:]


def mask_contact(contact: str) -> str:
    """Contact details shown to non-operators: PII placeholders, any leftover digit starred."""
    return re.sub(r"[0-9０-９]", "*", mask(contact))


QUERY_CODE = re.compile(r"^\d{6}$")


def _code_hash(number: str, code: str) -> str:
    return hashlib.sha256(f"{number}:{code}".encode()).hexdigest()


def query_code_matches(case: Case, code: str | None) -> bool:
    """Whether ``code`` is the case's 查询码 (constant-time; a case without one matches nothing)."""
    if not case.query_code_hash or not code or not QUERY_CODE.match(code):
        return False
    return hmac.compare_digest(case.query_code_hash, _code_hash(case.number, code))


def case_number(case_id: int, created: datetime) -> str:
    """``JS<Beijing date>-<id, 6+ digits>``, e.g. ``JS20261127-000123``: unique because the id is."""
    return f"{NUMBER_PREFIX}{created.astimezone(BEIJING):%Y%m%d}-{case_id:06d}"


def complaint_of(data: CaseCreate) -> Complaint:
    """The pipeline's input for a case: raw text (the pipeline masks it first)."""
    return Complaint(text=data.text, title=data.title, category=data.category, address=data.address,
                     time=as_utc(data.time).astimezone(BEIJING).isoformat() if data.time else None)


def as_utc(t: datetime) -> datetime:
    """Aware UTC; a time without an offset is Beijing time (the hotline's clock)."""
    return (t if t.tzinfo else t.replace(tzinfo=BEIJING)).astimezone(UTC)


def located(address: dict[str, Any]) -> str | None:
    """The place the triage read from the text, for a case filed without one: the whole address,
    else its most precise part (a landmark's normal form names its district), else the district
    alone (a tester's case list showed no place for "I live in Chaoyang district…")."""
    for k in ("address", "community", "road", "place", "street", "district"):
        if address.get(k):
            return str(address[k])[:500]
    return None


def suggestion_of(result: TriageResult) -> dict[str, Any]:
    """What is stored of a triage: rankings with reasons, regulations, similar case *ids*."""
    d = result.model_dump(mode="json")
    d.pop("id", None)
    d["similar_cases"] = [{"id": s["id"], "score": s["score"], "departments": s["departments"]}
                          for s in d.get("similar_cases", [])]
    return d


# -- audit ---------------------------------------------------------------------------------------

def audit(action: str, *, user: CurrentUser | None, case_ids: Iterable[int | None] = (None,),
          detail: str | None = None, db_session: Session) -> None:
    """Record who did ``action`` on which cases; committed with the caller's transaction."""
    now = utcnow()
    db_session.add_all([AuditEntry(user_id=user.id if user else None, action=action, case_id=cid,
                                   detail=detail, at=now) for cid in case_ids])


def audit_trail(*, case_id: int | None = None, db_session: Session) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    if case_id is not None:
        stmt = stmt.where(AuditEntry.case_id == case_id)
    return list(db_session.scalars(stmt))


# -- cases ---------------------------------------------------------------------------------------

# How far ahead of this server's clock a filing time may be: a caller's clock a little fast, a
# time typed without its offset (read as Beijing time). Beyond that it is a typo (2030 for 2020)
# and would sort the case above every real one, and stall the "last N days" windows.
FUTURE_SLACK = timedelta(days=1)


def check_filing_time(t: datetime | None) -> None:
    """400 when a complaint's time is more than ``FUTURE_SLACK`` after now (the year range,
    ``MIN_YEAR``–``MAX_YEAR``, is the request model's check, 422)."""
    if t is None:
        return
    now = utcnow()
    if as_utc(t) > now + FUTURE_SLACK:
        raise ApiError(400, f"诉求时间不能晚于现在（现在是北京时间 {now.astimezone(BEIJING):%Y-%m-%d %H:%M}）",
                       "the complaint's time is in the future (more than a day after now)",
                       {"time": as_utc(t).isoformat(), "now": now.isoformat()})


def contact_in_text(text: str, title: str = "") -> str | None:
    """The phone numbers a complaint itself gives ("有事打我电话13912345678", one said in Chinese
    digits too), as its contact when none was given apart: a chat or a pasted message carries its
    call-back number in the text, and an operator needs it in the contact field."""
    from nlu import find_pii, normalize
    from nlu.pii import ascii_digits

    found: list[str] = []
    for src in (text, title):
        norm = normalize(src or "")
        found += [norm[p.start:p.end] for p in find_pii(norm) if p.kind in ("mobile", "landline")]
    # as digits, as an operator dials them (一三九… → 139…)
    found = [ascii_digits(f) for f in found]
    return "、".join(dict.fromkeys(found))[:200] or None


_SPOKEN_NUMBER = re.compile(r"[0-9零〇一二三四五六七八九幺\s\-]{7,}")


def dialable(contact: str | None) -> str | None:
    """A contact that is a number alone (in Chinese digits, "一三三 一二三四 五六七八", or in groups)
    as plain digits: a search for 13312345678 finds it and hot issues count one caller; any other
    contact ("王女士 139…") as given."""
    from nlu.pii import ascii_digits

    if contact and _SPOKEN_NUMBER.fullmatch(contact.strip()):
        return re.sub(r"[\s\-]", "", ascii_digits(contact.strip()))
    return contact


def create_case(data: CaseCreate, result: TriageResult, *, user: CurrentUser, db_session: Session,
                encoder: str | None = None) -> Case:
    """Store a case with its triage (and, with ``encoder``, the triage's vector of its masked text)
    and give it a number; returns the committed case."""
    check_filing_time(data.time)
    vector = getattr(result, "_vector", None)
    now = utcnow()
    top_cat = result.categories[0].label if result.categories else None
    top_dept = result.departments[0].code if result.departments else None
    contact = dialable(data.contact) or contact_in_text(data.text, data.title)
    case = Case(
        number=f"tmp-{uuid.uuid4().hex[:28]}", channel=data.channel,
        title=mask(data.title), text=mask(data.text),
        contact=mask_contact(contact) if contact else None,
        raw_title=data.title, raw_text=data.text, raw_contact=contact,
        address=data.address or located(result.entities.get("address") or {}),
        time=as_utc(data.time) if data.time else now,
        status=STATUSES[0], satisfaction=None, suggestion=suggestion_of(result),
        suggested_category=top_cat, suggested_department=top_dept,
        model_version=result.model_version, flagged=data.flagged, created_by=user.id,
        urgent=result.urgent.kind if result.urgent else None,
        priority=result.priority.kind if result.priority else None,
        version=1, created_at=now, updated_at=now,
    )
    db_session.add(case)
    db_session.flush()  # the id; the number is derived from it in the same transaction
    case.number = case_number(case.id, now)
    # the citizen's 查询码: told once (this response), stored only as a hash
    code = f"{secrets.randbelow(10**6):06d}"
    case.query_code_hash = _code_hash(case.number, code)
    if vector is not None and encoder:  # for the similar-case index (triage.cases.index_sync)
        from triage.cases.index_sync import store_vector

        store_vector(case.id, vector, encoder, db_session=db_session)
    audit("create", user=user, case_ids=[case.id], detail=f"channel={data.channel}", db_session=db_session)
    db_session.commit()
    log.info("triage.cases.created id=%s channel=%s", case.id, data.channel)
    case.new_query_code = code  # not a column: to_read shows it in the filing response only
    return case


# a case number as people type it: lower case, without the dash, with full-width digits or spaces
_LOOSE_NUMBER = re.compile(r"^(?:JS)?\s*(\d{8})\s*[-－—–]?\s*(\d{6,})$", re.IGNORECASE)


def canonical_ref(ref: str | int) -> str:
    """A case reference as stored: an id's digits, or the number ``JS20261127-000123`` however it
    was typed (``js20261127000123``, ``JS20261127 000123``, full-width digits)."""
    s = unicodedata.normalize("NFKC", str(ref)).strip()  # ＪＳ２０２６… typed with a full-width IME
    loose = _LOOSE_NUMBER.match(s) if not s.isdigit() or len(s) >= 14 else None
    return f"{NUMBER_PREFIX}{loose.group(1)}-{loose.group(2)}" if loose else s.upper()


def get_case(ref: str | int, *, db_session: Session) -> Case:
    """A case by id (``123``) or by number (``JS20261127-000123``, typed as ``canonical_ref`` reads)."""
    s = canonical_ref(ref)
    if s.isdigit() and len(s) < 19:
        case = db_session.get(Case, int(s))
    elif _NUMBER.match(s):
        case = db_session.scalar(select(Case).where(Case.number == s))
    else:
        case = None
    if case is None:
        raise CaseNotFound(ref)
    return case


def case_decisions(case_id: int, *, db_session: Session) -> list[Decision]:
    return list(db_session.scalars(select(Decision).where(Decision.case_id == case_id).order_by(Decision.id)))


def case_notes(case_id: int, *, db_session: Session) -> list[CaseNote]:
    return list(db_session.scalars(select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)))


def handled_by(case: Case, router: Any = None) -> str | None:
    """The unit that handles ``case``, as a citizen is told of it: the decided department's (or,
    undecided, the first suggestion's) unit at the complaint's place — from the stored suggestion,
    else named by ``router`` (``Router.unit_name``) for a department the suggestion did not list
    (a tester re-dispatched to the street office and was told 相关部门)."""
    code = case.decided_department or case.suggested_department
    if not code:
        return None
    if case.decided_unit and case.decided_department:
        return case.decided_unit
    suggestion = case.suggestion or {}
    unit = next((d.get("unit") or d.get("name") for d in suggestion.get("departments") or []
                 if d.get("code") == code), None)
    if unit:
        return unit
    if router is not None and code in getattr(router, "departments", {}):
        address = (suggestion.get("entities") or {}).get("address") or {}
        return router.unit_name(code, address if isinstance(address, dict) else None, case.text or "")
    return None


def to_read(case: Case, user: CurrentUser, *, decisions: list[Decision] | None = None,
            notes: list[CaseNote] | None = None, case_index: Any = None, router: Any = None) -> CaseRead:
    """The case as ``user`` may see it: raw text and contact only for operators.

    With ``case_index`` (the loaded ``CaseIndex``), similar case ids are expanded with their
    masked text, departments and reply excerpt.
    """
    raw = user.sees_raw
    suggestion = dict(case.suggestion or {})
    flag_reason = _flag_reason(case, notes) if case.flagged else None
    withdraw_asked = flag_reason == "撤销申请"
    if case_index is not None and suggestion.get("similar_cases"):
        suggestion["similar_cases"] = [_expand_similar(s, case_index) for s in suggestion["similar_cases"]]
    return CaseRead(
        id=case.id, number=case.number, channel=case.channel,  # type: ignore[arg-type]
        title=case.title,  # masked for everyone, as ``text``: the queue shows it (raw_title for operators)
        text=case.text,
        contact=case.raw_contact if raw else case.contact,
        raw_title=case.raw_title if raw else None,
        raw_text=case.raw_text if raw else None,
        address=case.address if raw or not case.address else mask(case.address),
        time=case.time, status=case.status, satisfaction=case.satisfaction,  # type: ignore[arg-type]
        suggestion=suggestion, suggested_category=case.suggested_category,
        suggested_department=case.suggested_department, decided_category=case.decided_category,
        decided_department=case.decided_department, model_version=case.model_version,
        flagged=case.flagged, withdraw_asked=withdraw_asked, flag_reason=flag_reason, urgent=case.urgent,
        priority=case.priority, decided_unit=case.decided_unit,
        handled_by=handled_by(case, router), version=case.version, created_at=case.created_at, updated_at=case.updated_at,
        decisions=decision_reads(decisions) if decisions is not None else None,
        notes=[note_read(n, user) for n in notes] if notes is not None else None,
        # staff's reply: the bot files and reads cases for citizens, it has no use for drafts
        reply_draft=case.reply_draft if user.role != "bot" else None,
        reply_saved_at=case.reply_saved_at if user.role != "bot" else None,
        query_code=getattr(case, "new_query_code", None),
    )


DANGER_NOTE_PREFIX = "市民登记过程中报告险情"   # the bot's note of a danger told while filing (bot/actions)


def _flag_reason(case: Case, notes: list[CaseNote] | None) -> str:
    """Why a flagged case waits for a person, as the queue's badge says it: 撤销申请 (a citizen's
    withdrawal request), 险情 (a danger told while the bot filed it, in its 补充 note), else 转人工
    (a hand-off). From ``notes`` where given, else one query (flagged cases only)."""
    if notes is None:
        from sqlalchemy.orm import object_session

        session = object_session(case)
        if session is None:
            return "转人工"
        notes = list(session.scalars(select(CaseNote).where(CaseNote.case_id == case.id,
                                                            CaseNote.kind.in_(("撤销申请", "补充")))))
    if any(n.kind == "撤销申请" for n in notes):
        return "撤销申请"
    if any(n.kind == "补充" and (n.text or "").startswith(DANGER_NOTE_PREFIX) for n in notes):
        return "险情"
    return "转人工"


def decision_reads(decisions: list[Decision]) -> list[DecisionRead]:
    """The decisions as read, each with the name of the staff member who made it."""
    from sqlalchemy.orm import object_session

    ids = {d.user_id for d in decisions}
    session = object_session(decisions[0]) if decisions else None
    names = dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if session else {}
    return [DecisionRead.model_validate(d).model_copy(update={"user_name": names.get(d.user_id)}) for d in decisions]


def note_read(note: CaseNote, user: CurrentUser) -> NoteRead:
    return NoteRead(id=note.id, author=note.author, kind=note.kind, text=note.text,
                    raw_text=note.raw_text if user.sees_raw else None,
                    user_id=note.user_id if user.role != "bot" else None, created_at=note.created_at)


def _expand_similar(hit: dict[str, Any], case_index: Any) -> dict[str, Any]:
    try:
        rec = case_index.get(hit.get("id"))
    except Exception:  # noqa: BLE001 - an index without the case: keep the stored id and score
        rec = None
    if rec is None:
        return hit
    return {**hit, "source": rec.source, "text": rec.text, "reply": rec.reply}


def read_case(ref: str | int, *, user: CurrentUser, case_index: Any = None, router: Any = None,
              db_session: Session) -> CaseRead:
    """One case with its decisions, as ``user`` may see it; the read is audited."""
    case = get_case(ref, db_session=db_session)
    out = to_read(case, user, decisions=case_decisions(case.id, db_session=db_session),
                  notes=case_notes(case.id, db_session=db_session), case_index=case_index, router=router)
    audit("read", user=user, case_ids=[case.id], db_session=db_session)
    db_session.commit()
    return out


def case_categories(*, db_session: Session) -> set[str]:
    """Every category a case was suggested or decided with."""
    rows = db_session.execute(select(Case.suggested_category).distinct()).scalars().all()
    rows += db_session.execute(select(Case.decided_category).distinct()).scalars().all()
    return {r for r in rows if r}


def list_cases(*, user: CurrentUser, status: str | None = None, department: str | None = None,
               category: str | None = None, q: str | None = None, flagged: bool | None = None,
               decided: bool | None = None, page: int = 1, page_size: int = 20, oldest_first: bool = False,
               router: Any = None, district: str | None = None,
               db_session: Session) -> CasePage:
    """Cases matching the filters, one page, with the total; each case shown is an audited read.

    ``department``/``category`` match the decided value, or the suggestion while undecided;
    ``decided`` False: cases no operator has decided yet (the console's queue), True: the others.
    ``district`` (朝阳区): the district of the unit an operator chose for the case, else the one
    the triage placed the complaint in (its address entity).
    ``q`` searches the number and masked title and text; for operators also raw text, contact and
    address (stored as given, masked only when shown to others).
    """
    conds: list[Any] = []
    if status:
        conds.append(Case.status == status)
    if department:
        conds.append(func.coalesce(Case.decided_department, Case.suggested_department) == department)
    if category:
        conds.append(func.coalesce(Case.decided_category, Case.suggested_category) == category)
    if district:   # the district of the unit an operator chose, else where the triage placed it
        placed = Case.suggestion[("entities", "address", "district")].as_string()
        conds.append(func.coalesce(Case.decided_district, placed).in_([district, f"北京市{district}"]))
    if flagged is not None:
        conds.append(Case.flagged.is_(flagged))
    if decided is not None:
        undecided = and_(Case.decided_category.is_(None), Case.decided_department.is_(None))
        conds.append(not_(undecided) if decided else undecided)
    if q and q.strip():
        term = q.strip()
        cols = [Case.number, Case.title, Case.text]
        if user.sees_raw:  # others must not be able to probe raw personal data through search
            cols += [Case.raw_text, Case.raw_title, Case.raw_contact, Case.address]
        # words apart (电梯 老人): a case with every one of them (it found none: tester54 V11)
        for word in term.split():
            conds.append(or_(*[c.icontains(word, autoescape=True) for c in cols]))
    total = db_session.scalar(select(func.count(Case.id)).where(*conds)) or 0
    order = Case.id.asc() if oldest_first else Case.id.desc()
    # a danger now (燃气泄漏 …) leads the list until the case is closed, the longest waiting first
    is_open_urgent = and_(Case.urgent.is_not(None), Case.status.not_in(FINISHED))
    open_urgent = sql_case((is_open_urgent, 0), else_=1)
    # a life at stake before a hazard (a gas leak was listed below a missing manhole cover: tester52 W9)
    severity = sql_case((and_(is_open_urgent, Case.urgent.in_(LIFE_AT_STAKE)), 0), else_=1)
    # then a priority case (群体性欠薪, 老人被困楼上: tester52 W13), also the longest waiting first
    is_open_priority = and_(Case.urgent.is_(None), Case.priority.is_not(None), Case.status.not_in(FINISHED))
    open_priority = sql_case((is_open_priority, 0), else_=1)
    waiting = sql_case((is_open_urgent, Case.id), (is_open_priority, Case.id), else_=0)
    rows = list(db_session.scalars(select(Case).where(*conds).order_by(open_urgent, severity, open_priority, waiting,
                                                                       order)
                                   .offset((page - 1) * page_size).limit(page_size)))
    items = [to_read(c, user, router=router) for c in rows]   # ``router`` names units the triage did not list
    if rows:
        audit("read", user=user, case_ids=[c.id for c in rows], detail="list", db_session=db_session)
        db_session.commit()
    return CasePage(items=items, total=total, page=page, page_size=page_size)


def _commit_or_conflict(case: Case, *, db_session: Session) -> None:
    try:
        db_session.commit()
    except StaleDataError:
        db_session.rollback()
        current = db_session.scalar(select(Case.version).where(Case.id == case.id))
        raise StaleVersion(current) from None


def _unit_choice(unit: str, code: str, case: Case, router: Any) -> tuple[str, str]:
    """``unit`` as the department's unit list writes it (``triage.routing.department_units``), with
    its district ("" at the city level); another unit, or one of another department, is 422 naming
    those of the complaint's district and the city's."""
    from triage.routing import department_units

    address = ((case.suggestion or {}).get("entities") or {}).get("address") or {}
    address = address if isinstance(address, dict) else {}
    dept = getattr(router, "departments", {}).get(code) if router is not None else None
    if dept is None:
        raise InvalidChoice("无法核对承办单位（部门列表不可用）", "cannot check the unit: no department list",
                            {"unit": unit})
    units = department_units(dept, address.get("district", ""), address.get("street", ""))
    want = unicodedata.normalize("NFKC", unit.strip())
    for name, district in units:
        if unicodedata.normalize("NFKC", name) == want:
            return name, district
    near = [name for name, district in units if district in ("", units[0][1])][:12]
    raise InvalidChoice(f"{unit} 不是{dept.name}的承办单位（可选：{'、'.join(near[:6])} 或其他区的同类单位）",
                        f"{unit} is no unit of {code}: GET /v1/departments lists each department's units",
                        {"unit": unit, "department": code, "valid": near})


def decide(ref: str | int, data: DecisionCreate, *, user: CurrentUser,
           departments: set[str] | None = None, categories: set[str] | None = None,
           router: Any = None, db_session: Session) -> tuple[Case, Decision]:
    """Accept or correct the suggestion; the decision is kept next to the suggestion.

    Args:
        departments, categories: known codes/labels to check a correction against (None: no check).

    A case already sent to its department (已派单, 办理中) changes department only with
    ``data.redispatch``: it then goes back to 已派单 (sent to the new department, not yet taken
    up there), and the decision row and the audit entry record the move. Without it the change
    is 409: another operator's correction would silently leave the case 办理中 at a department
    it was never sent to. The category, and a decision that keeps the department, change freely.

    ``data.unit`` names the acting unit where it is not the one at the complaint's place (another
    district's, 市公安局昌平分局 for a case placed by the workplace in 海淀; another unit of the
    department, 朝阳区城管执法局 / 朝阳区城市管理委), checked against ``router``'s department list;
    a changed department without one drops the unit chosen before. Sending a dispatched case to
    another unit is a 改派 like another department.

    Raises 409 on a stale ``data.version``, a closed case or such a department change, 422 on an
    unknown code or unit.
    """
    case = get_case(ref, db_session=db_session)
    if case.status in FINISHED:   # said first: reloading would not help (a tester read 已被他人修改)
        raise CaseConflict(f"案件{case.status}，不能再修改分拣", f"the case is {_EN_STATUS[case.status]}; its "
                           "triage can no longer change")
    if case.version != data.version:
        raise StaleVersion(case.version)
    sug_cat, sug_dept = case.suggested_category, case.suggested_department
    if data.accept:
        if data.category not in (None, sug_cat) or data.department not in (None, sug_dept):
            raise InvalidChoice("接受建议时不能同时修改类别或部门（请设 accept=false）",
                                "accept=true cannot carry a different category or department; "
                                "send accept=false to correct")
        cat, dept = sug_cat, sug_dept
    else:
        # what the correction leaves out keeps its current value (an earlier correction, or the
        # suggestion): correcting the category alone must not undo a corrected department
        cat = data.category or case.decided_category or sug_cat
        dept = data.department or case.decided_department or sug_dept
    if data.department and departments is not None and data.department not in departments:
        raise InvalidChoice("未知的部门代码（请用部门代码，如 urban_management）",
                            "unknown department code (use a code, e.g. urban_management)",
                            {"department": data.department, "valid": sorted(departments)})
    if data.category and categories is not None and data.category not in categories:
        raise InvalidChoice("未知的类别", "unknown category", {"category": data.category})
    sug_unit = next((d.get("unit") for d in (case.suggestion or {}).get("departments") or []
                     if isinstance(d, dict) and d.get("code") == sug_dept), None)
    unit, unit_district = case.decided_unit, case.decided_district
    if data.unit:
        unit, unit_district = _unit_choice(data.unit, dept, case, router)
        if data.accept and unit != sug_unit:
            raise InvalidChoice("接受建议时不能另选承办单位（请设 accept=false）",
                                "accept=true cannot carry another unit; send accept=false to correct")
    elif data.accept or dept != (case.decided_department or sug_dept):
        unit, unit_district = None, None   # the suggestion's unit, or the one chosen was the other department's
    if unit is not None and unit == sug_unit and dept == sug_dept:
        unit, unit_district = None, None   # the suggestion's own unit: nothing chosen
    # the department it was sent to: dispatching needs a decided one (``update_case``)
    sent_to = case.decided_department or sug_dept
    sent_unit = handled_by(case, router)
    new_unit = unit or (sug_unit if dept == sug_dept else None)
    redispatch = case.status in AT_DEPARTMENT and (
        dept != sent_to or (new_unit is not None and sent_unit is not None and new_unit != sent_unit))
    if redispatch and not data.redispatch:
        # the unit as the operator reads it in the console, not its code
        raise CaseConflict(f"案件已派单至 {sent_unit or sent_to}（{case.status}），改派须先退回：请带 redispatch=true "
                           f"重新派单，状态将回到{DISPATCHED}",
                           f"the case was dispatched to {sent_to} ({case.status}); changing its department "
                           f"re-dispatches it: send redispatch=true, and its status goes back to {DISPATCHED}",
                           {"status": case.status, "department": sent_to, "requested": dept})
    now = utcnow()
    accepted = cat == sug_cat and dept == sug_dept and unit is None
    detail = f"accepted={int(accepted)}"
    if unit is not None:
        detail += f";unit={unit}"
    if redispatch:
        detail += f";redispatch={sent_to}->{dept};status={case.status}->{DISPATCHED}"
        case.status = DISPATCHED
    case.decided_category, case.decided_department = cat, dept
    case.decided_unit, case.decided_district = unit, unit_district
    case.version = data.version + 1
    case.updated_at = now
    decision = Decision(case_id=case.id, user_id=user.id, accepted=accepted,
                        suggested_category=sug_cat, suggested_department=sug_dept,
                        decided_category=cat, decided_department=dept, decided_unit=unit,
                        reason=mask(data.reason) if data.reason else None,  # notes are not a place for PII
                        model_version=case.model_version, case_version=data.version,
                        day=now.astimezone(BEIJING).date().isoformat(), created_at=now)
    db_session.add(decision)
    audit("decide", user=user, case_ids=[case.id], detail=detail[:200], db_session=db_session)
    _commit_or_conflict(case, db_session=db_session)
    return case, decision


def update_case(ref: str | int, data: CaseUpdate, *, user: CurrentUser, db_session: Session) -> Case:
    """Move the status one step on (已受理 → 已派单 → 办理中 → 已办结), or withdraw an open case
    (→ 已撤销, its reason kept as a note; 撤单 when the citizen no longer wants it handled); record
    satisfaction on a closing or closed case, set or clear the hand-off flag. Invalid moves are 409."""
    case = get_case(ref, db_session=db_session)
    if data.version is not None and data.version != case.version:
        raise StaleVersion(case.version)
    changes: list[str] = []
    if data.status == WITHDRAWN:
        if case.status == WITHDRAWN:   # a second reason would be lost: say so rather than 200
            raise CaseConflict("案件已撤销", "the case is already withdrawn",
                               {"from": case.status, "to": data.status, "allowed": []})
        if case.status == CLOSED:
            raise CaseConflict("案件已办结，不能撤销", "the case is closed; it can no longer be withdrawn",
                               {"from": case.status, "to": data.status, "allowed": []})
        case.status = WITHDRAWN
        changes.append(f"status={WITHDRAWN}")
        if case.flagged:  # the hand-off (a withdrawal request, say) is done with
            case.flagged = False
            changes.append("flagged=0")
        db_session.add(_note(case, user, "撤销", data.reason or ""))
    elif data.status is not None and data.status != case.status:
        if case.status == WITHDRAWN:
            raise CaseConflict("案件已撤销，状态不能再变", "the case is withdrawn; its status can no longer change",
                               {"from": case.status, "to": data.status, "allowed": []})
        cur, new = STATUSES.index(case.status), STATUSES.index(data.status)
        nxt = STATUSES[cur + 1] if cur + 1 < len(STATUSES) else None
        if new != cur + 1:
            raise CaseConflict(f"状态只能按顺序推进：{case.status} → {nxt or '（已办结，不能再变）'}",
                               f"status moves one step forward only: from {case.status} the next is "
                               f"{nxt or 'none (closed)'}",
                               {"from": case.status, "to": data.status, "allowed": [nxt] if nxt else []})
        if data.status == STATUSES[1] and not case.decided_department:
            raise CaseConflict("派单前须先确认承办部门（POST /v1/cases/{id}/decision）",
                               "decide the department before dispatching (POST /v1/cases/{id}/decision)")
        if data.status == CLOSED and not (case.reply_draft or "").strip():
            # 接诉即办: a case is closed with its answer to the citizen (a tester closed one with none)
            raise CaseConflict("办结前须先保存给市民的答复（PUT /v1/cases/{id}/reply）",
                               "save the reply to the citizen before closing (PUT /v1/cases/{id}/reply)")
        if data.status == CLOSED:
            # the draft's facts still to fill (【待填写：处理结果】): a reply saying them is no answer (tester49 R1)
            left = list(dict.fromkeys(_PLACEHOLDER.findall(case.reply_draft or "")))
            if left:
                raise CaseConflict(f"答复中还有待填写的内容：{'、'.join(left)}；请填写后保存答复再办结",
                                   f"the reply still has placeholders to fill ({len(left)}): fill them in, "
                                   "save the reply, then close",
                                   {"placeholders": left})
        case.status = data.status
        changes.append(f"status={data.status}")
    if data.satisfaction is not None:
        if case.status != CLOSED:
            raise CaseConflict("满意度只能在办结时记录", "satisfaction is recorded only when the case is closed",
                               {"status": case.status})
        if case.satisfaction not in (None, data.satisfaction) and data.version is None:
            # a recorded rating changes only knowingly: with the version that was read
            raise CaseConflict("已记录满意度；修改须带上读取时的 version",
                               "satisfaction is already recorded; send the version you read to change it",
                               {"satisfaction": case.satisfaction, "version": case.version})
        if case.satisfaction != data.satisfaction:
            case.satisfaction = data.satisfaction
            changes.append(f"satisfaction={data.satisfaction}")
    if data.flagged is not None and data.flagged != case.flagged:
        case.flagged = data.flagged
        changes.append(f"flagged={int(data.flagged)}")
    new_contact = dialable(data.contact)
    if new_contact is not None and new_contact != case.raw_contact:
        if case.raw_contact and (user.role == "bot" or data.version is None):
            # a contact already given is replaced only knowingly (staff, with the version read); the
            # bot only adds one to a case filed without (what a citizen says later never overwrites)
            raise CaseConflict("案件已有联系方式；修改须由坐席带上读取时的 version",
                               "the case already has a contact; staff replace it with the version they read",
                               {"version": case.version})
        case.raw_contact, case.contact = new_contact, mask_contact(new_contact)
        changes.append("contact")  # never the number itself in the audit log
    if not changes:
        return case  # nothing changed: idempotent, no new version
    case.version += 1
    case.updated_at = utcnow()
    audit("update", user=user, case_ids=[case.id], detail=";".join(changes), db_session=db_session)
    _commit_or_conflict(case, db_session=db_session)
    return case


_EN_STATUS = {CLOSED: "closed", WITHDRAWN: "withdrawn"}
_AUTHOR = {"operator": "坐席", "supervisor": "主管", "bot": "市民"}


def _note(case: Case, user: CurrentUser, kind: str, text: str) -> CaseNote:
    return CaseNote(case_id=case.id, user_id=user.id, author=_AUTHOR[user.role], kind=kind,
                    text=mask(text), raw_text=text, created_at=utcnow())


def add_note(ref: str | int, data: NoteCreate, *, user: CurrentUser, db_session: Session) -> Case:
    """Keep what was said about a case after filing: the citizen's addition (补充) or withdrawal
    request (撤销申请), from the bot (author 市民) or an operator taking the call (author 坐席); a
    remark (备注) of staff's. A withdrawal request raises the hand-off flag (the case's version
    moves on then): an operator checks and withdraws it (``update_case``). The bot adds only the
    citizen's notes, and none to a finished case (409: nobody would read it); staff remark on any."""
    case = get_case(ref, db_session=db_session)
    if user.role == "bot":
        if data.kind == "备注":
            raise ApiError(403, "无权限：机器人只能记录市民的补充或撤销申请",
                           "forbidden: the bot role adds only the citizen's 补充 or 撤销申请")
        if case.status in FINISHED:
            raise CaseConflict(f"案件{case.status}，不能再补充；如有新问题请重新反映",
                               f"the case is {_EN_STATUS[case.status]}: nothing can be added to it; file a new "
                               "complaint for a new problem", {"status": case.status})
    elif data.kind != "备注" and case.status in FINISHED:
        raise CaseConflict(f"案件{case.status}，市民的补充或撤销申请请记为备注或重新立案",
                           f"the case is {_EN_STATUS[case.status]}: record the citizen's words as a 备注, "
                           "or file a new case", {"status": case.status})
    note = _note(case, user, data.kind, data.text)
    db_session.add(note)
    detail = f"note={data.kind}"
    if data.kind == "撤销申请" and not case.flagged:
        case.flagged = True
        case.version += 1
        case.updated_at = utcnow()
        detail += ";flagged=1"
    audit("note", user=user, case_ids=[case.id], detail=detail, db_session=db_session)
    _commit_or_conflict(case, db_session=db_session)
    return case


def save_reply(ref: str | int, data: ReplySave, *, user: CurrentUser, db_session: Session) -> Case:
    """Store the reply staff edited with the case (masked: it is meant for other eyes than the
    operator's; the department's own landline stays, ``mask_reply``); a stale ``data.version`` is
    409, like decisions."""
    case = get_case(ref, db_session=db_session)
    if case.status in FINISHED:
        raise CaseConflict(f"案件{case.status}，答复不能再修改", f"the case is {_EN_STATUS[case.status]}; its "
                           "reply can no longer change")
    if case.version != data.version:
        raise StaleVersion(case.version)
    now = utcnow()
    case.reply_draft = mask_reply(data.text, case)
    case.reply_saved_at = now
    case.version = data.version + 1
    case.updated_at = now
    audit("reply", user=user, case_ids=[case.id], detail=f"chars={len(data.text)}", db_session=db_session)
    _commit_or_conflict(case, db_session=db_session)
    return case


# -- metrics -------------------------------------------------------------------------------------

def _rate(key: Any, total: Any, accepted: Any) -> Rate:
    t, a = int(total or 0), int(accepted or 0)
    return Rate(key=str(key) if key is not None else "", total=t, accepted=a,
                rate=round(a / t, 4) if t else None)


def metrics(*, days: int = 30, today: date | None = None, db_session: Session) -> MetricsRead:
    """Acceptance of suggestions over the last ``days`` Beijing days; status and satisfaction counts.

    Each decided case counts once, by its latest decision in the window (a department corrected,
    then the category corrected too, is one case whose suggestion was not kept, not two), on the
    day of that decision.
    """
    today = today or utcnow().astimezone(BEIJING).date()
    since = (today - timedelta(days=days - 1)).isoformat()
    latest = select(func.max(Decision.id)).where(Decision.day >= since).group_by(Decision.case_id)
    window = Decision.id.in_(latest.scalar_subquery())
    both = func.sum(sql_case((Decision.accepted.is_(True), 1), else_=0))
    dept_kept = func.sum(sql_case((Decision.decided_department == Decision.suggested_department, 1), else_=0))
    cat_kept = func.sum(sql_case((Decision.decided_category == Decision.suggested_category, 1), else_=0))
    n = func.count(Decision.id)

    total, accepted = db_session.execute(select(n, both).where(window)).one()
    per_dept = db_session.execute(select(Decision.suggested_department, n, dept_kept).where(window)
                                  .group_by(Decision.suggested_department).order_by(n.desc())).all()
    per_cat = db_session.execute(select(Decision.suggested_category, n, cat_kept).where(window)
                                 .group_by(Decision.suggested_category).order_by(n.desc())).all()
    per_day = db_session.execute(select(Decision.day, n, both).where(window)
                                 .group_by(Decision.day).order_by(Decision.day)).all()
    by_status = dict(db_session.execute(select(Case.status, func.count(Case.id)).group_by(Case.status)).all())
    sat = dict(db_session.execute(select(Case.satisfaction, func.count(Case.id))
                                  .where(Case.satisfaction.is_not(None)).group_by(Case.satisfaction)).all())
    overall = _rate("all", total, accepted)
    return MetricsRead(
        decisions=overall.total, accepted=overall.accepted, acceptance_rate=overall.rate,
        per_department=[_rate(*r) for r in per_dept], per_category=[_rate(*r) for r in per_cat],
        per_day=[_rate(*r) for r in per_day],
        cases_by_status={s: int(by_status.get(s, 0)) for s in ALL_STATUSES},
        satisfaction={str(k): int(v) for k, v in sat.items()},
    )
