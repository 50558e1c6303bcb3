"""Cases, decisions and the audit log: tables and the API's request/response shapes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from nlu.normalize import has_words
from nlu.types import MAX_YEAR, MIN_YEAR
from triage.db import Base, UtcDateTime, utcnow

Channel = Literal["phone", "web", "bot"]
Status = Literal["已受理", "已派单", "办理中", "已办结", "已撤销"]
Satisfaction = Literal["满意", "基本满意", "不满意"]
NoteKind = Literal["补充", "撤销申请", "备注"]
CHANNELS: tuple[str, ...] = get_args(Channel)
ALL_STATUSES: tuple[str, ...] = get_args(Status)
STATUSES: tuple[str, ...] = ALL_STATUSES[:4]  # in the only order a case may move
SATISFACTIONS: tuple[str, ...] = get_args(Satisfaction)
NOTE_KINDS: tuple[str, ...] = get_args(NoteKind)
CLOSED = STATUSES[-1]
# withdrawn (撤单: the citizen no longer wants it handled, an operator checked): from any open
# status, with the reason as a note; nothing moves a case on from it
WITHDRAWN = ALL_STATUSES[-1]
FINISHED: tuple[str, ...] = (CLOSED, WITHDRAWN)
DISPATCHED = STATUSES[1]
# sent to a department: changing the department then re-dispatches (``service.decide``)
AT_DEPARTMENT: tuple[str, ...] = STATUSES[1:-1]

MAX_TEXT_CHARS = 20_000  # the error handler words string_too_long as "over 20,000 characters"


def _in(col: str, values: tuple[str, ...]) -> str:
    return f"{col} IN ({', '.join(repr(v) for v in values)})"


# -- tables ------------------------------------------------------------------------------------

class Case(Base):
    """One citizen's complaint. ``raw_*`` columns hold personal data: shown to operators only."""

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("status", ALL_STATUSES), name="status"),
        CheckConstraint(f"satisfaction IS NULL OR {_in('satisfaction', SATISFACTIONS)}", name="satisfaction"),
        Index("ix_cases_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text, default="")  # masked
    text: Mapped[str] = mapped_column(Text)  # masked
    contact: Mapped[str | None] = mapped_column(String(200))  # masked
    raw_title: Mapped[str] = mapped_column(Text, default="")
    raw_text: Mapped[str] = mapped_column(Text)
    raw_contact: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(500))
    time: Mapped[datetime | None] = mapped_column(UtcDateTime())  # when the citizen complained
    status: Mapped[str] = mapped_column(String(8), default=STATUSES[0])
    satisfaction: Mapped[str | None] = mapped_column(String(8))
    suggestion: Mapped[dict[str, Any]] = mapped_column(JSON)  # the triage, as the operator saw it
    suggested_category: Mapped[str | None] = mapped_column(String(64), index=True)
    suggested_department: Mapped[str | None] = mapped_column(String(64), index=True)
    decided_category: Mapped[str | None] = mapped_column(String(64), index=True)
    decided_department: Mapped[str | None] = mapped_column(String(64), index=True)
    model_version: Mapped[str | None] = mapped_column(String(128))
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # the danger the complaint names now (``nlu.urgency``: 燃气泄漏 …): open ones lead the queue
    urgent: Mapped[str | None] = mapped_column(String(16), index=True)
    # a priority case (``nlu.priority``: 群体性欠薪 …; Alembic 0008): open ones follow the open dangers
    priority: Mapped[str | None] = mapped_column(String(16), index=True)
    # the unit an operator chose for the decided department (Alembic 0009), and its district ("" at
    # the city level): another district's or another unit of the department than the triage named
    decided_unit: Mapped[str | None] = mapped_column(String(120))
    decided_district: Mapped[str | None] = mapped_column(String(16), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
    # the reply (答复意见) as staff last saved it (masked; Alembic 0004); drafted by triage.drafting
    reply_draft: Mapped[str | None] = mapped_column(Text)
    reply_saved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # SHA-256 of "<number>:<查询码>" (Alembic 0005): the bot reads the case for a citizen only with
    # the code told at filing (triage.cases.service.query_code_matches)
    query_code_hash: Mapped[str | None] = mapped_column(String(64))

    # Every UPDATE is "… WHERE id = ? AND version = <loaded>": a concurrent change makes it match
    # no row (StaleDataError → 409). The service bumps the version itself, once per change.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class Decision(Base):
    """An operator's accept or correction of a suggestion: never overwritten (retraining signal)."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    accepted: Mapped[bool] = mapped_column(Boolean)  # decided == suggested, category and department
    suggested_category: Mapped[str | None] = mapped_column(String(64))
    suggested_department: Mapped[str | None] = mapped_column(String(64))
    decided_category: Mapped[str | None] = mapped_column(String(64))
    decided_department: Mapped[str | None] = mapped_column(String(64))
    decided_unit: Mapped[str | None] = mapped_column(String(120))  # the unit chosen, if the operator chose one
    reason: Mapped[str | None] = mapped_column(Text)
    model_version: Mapped[str | None] = mapped_column(String(128))
    case_version: Mapped[int] = mapped_column(Integer)  # the version the operator decided on
    day: Mapped[str] = mapped_column(String(10), index=True)  # Beijing date, for per-day metrics
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class CaseVector(Base):
    """A case's e5 vector (of its masked text), so the case index takes the database's cases back
    after a restart without encoding them again. Rows of another encoder are re-encoded."""

    __tablename__ = "case_vectors"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    encoder: Mapped[str] = mapped_column(String(200))
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian


class CaseNote(Base):
    """What was said about a case after it was filed: the citizen's additions and withdrawal
    requests (through the bot, or an operator taking the call), staff's remarks. Text masked as the
    case's; ``raw_text`` for operators only."""

    __tablename__ = "case_notes"
    __table_args__ = (CheckConstraint(_in("kind", NOTE_KINDS + ("撤销",)), name="kind"),
                      CheckConstraint(_in("author", ("市民", "坐席", "主管")), name="author"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author: Mapped[str] = mapped_column(String(4))  # 市民 (through the bot or a call) | 坐席 | 主管
    kind: Mapped[str] = mapped_column(String(8))  # NoteKind, or 撤销 (the withdrawal itself, with its reason)
    text: Mapped[str] = mapped_column(Text)  # masked
    raw_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class AuditEntry(Base):
    """Who read or changed which case, and when (个人信息保护法). Ids and actions only: no PII."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # read | create | decide | update | note | reply | draft | promote | rollback
    # No foreign key: the trail outlives the case.
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)


# -- request shapes ----------------------------------------------------------------------------

# C0/C1 control characters other than tab and newlines: never meaningful in a complaint, and NUL
# is rejected by PostgreSQL text columns.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# the same rule as a JSON Schema pattern (ECMA and Python read it alike), for clients and fuzzers
NO_CONTROL = {"pattern": r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"}


def _integral(v: Any) -> Any:
    """JSON has one number type: 3.0 is the integer 3 (JSON Schema says so too); 3.5 stays a float
    and strict mode refuses it, as it refuses "3"."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


Version = Annotated[int, Field(ge=1), BeforeValidator(_integral)]  # in this order: "minimum" in the schema


def _clean_text(v: str) -> str:
    if _CONTROL.search(v):
        raise ValueError("含有控制字符 / contains control characters")
    return v


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class CaseCreate(_Strict):
    """A complaint to file; triage runs on it."""

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="投诉内容 / complaint text",
                      json_schema_extra=NO_CONTROL)
    channel: Channel = Field(description="来源渠道 / phone | web | bot")
    title: str = Field(default="", max_length=500, json_schema_extra=NO_CONTROL)
    contact: str | None = Field(default=None, max_length=200, description="联系方式（仅坐席可见）",
                                 json_schema_extra=NO_CONTROL)
    address: str | None = Field(default=None, max_length=500, json_schema_extra=NO_CONTROL)
    time: datetime | None = Field(default=None, description="诉求时间 ISO 8601；无时区按北京时间")
    flagged: bool = Field(default=False, description="机器人转人工 / bot hand-off")
    category: str | None = Field(
        default=None, min_length=1, max_length=64,
        description="市民确认的类别（机器人问“是哪一种”后）/ the category the citizen chose when asked; "
                    "one of the active model's labels. The triage puts it first and routes by it")

    @field_validator("time", mode="before")
    @classmethod
    def _time_from_json(cls, v: Any) -> Any:
        # strict mode would refuse ISO strings; JSON has no datetime type.
        if isinstance(v, str):
            try:
                return datetime.fromisoformat(v)  # 3.11: any ISO 8601, "Z" included
            except ValueError as e:
                raise ValueError("时间格式应为 ISO 8601 / time must be ISO 8601") from e
        return v

    @field_validator("time")
    @classmethod
    def _time_in_range(cls, v: datetime | None) -> datetime | None:
        # year 1 or 9999 overflows once shifted to UTC, and would stall every time window after
        if v is not None and not (MIN_YEAR <= v.year <= MAX_YEAR):
            raise ValueError(f"诉求时间超出范围（{MIN_YEAR}–{MAX_YEAR} 年）/ time out of range "
                             f"(years {MIN_YEAR}–{MAX_YEAR})")
        return v

    @field_validator("text")
    @classmethod
    def _text_ok(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("投诉内容为空 / text is empty or whitespace")
        _clean_text(v)
        # Emoji or punctuation only: nothing to route; the bot should ask the citizen to describe.
        if not has_words(v):
            raise ValueError("投诉内容没有文字 / text has no letters or digits")
        return v

    @field_validator("title", "contact", "address")
    @classmethod
    def _fields_ok(cls, v: str | None) -> str | None:
        if v is None:
            return v
        return _clean_text(v)

    @field_validator("address")
    @classmethod
    def _blank_address_is_none(cls, v: str | None) -> str | None:
        return v.strip() or None if v is not None else None

    @field_validator("contact")
    @classmethod
    def _contact_reaches_someone(cls, v: str | None) -> str | None:
        """A call-back contact holds a number or an e-mail address, as when one is added later (a
        tester filed a phone case with contact "abc"); blank is none."""
        if v is None or not v.strip():
            return None
        if not any(ch.isdigit() or ch in "@零〇一二三四五六七八九幺两" for ch in v):   # 一三三… is dialled too
            raise ValueError("联系方式须含电话号码或邮箱 / contact must hold a phone number or an e-mail address")
        return v


class DecisionCreate(_Strict):
    """Accept the suggestion, or correct category and/or department."""

    # the rule ``_coherent`` enforces, stated in the schema too (clients and schemathesis read it)
    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["accept"], "properties": {"accept": {"const": True}}},
        {"required": ["category"], "properties": {"category": {"type": "string"}}},
        {"required": ["department"], "properties": {"department": {"type": "string"}}}]})

    accept: bool = Field(default=False, description="采纳建议；省略或 false 时须给出 category 或 department / "
                                                    "accept the suggestion; omitted or false: a correction")
    category: str | None = Field(default=None, min_length=1, max_length=64)
    department: str | None = Field(default=None, min_length=1, max_length=64)
    unit: str | None = Field(default=None, min_length=1, max_length=120,
                             description="承办单位：该部门在任一区或市级的单位（如 市公安局昌平分局、朝阳区城管执法局），"
                                         "省略时按投诉地点 / the acting unit of the department, any district's or the "
                                         "city's (GET /v1/departments lists them); omitted: the one at the complaint's place")
    reason: str | None = Field(default=None, max_length=2000, json_schema_extra=NO_CONTROL)
    version: Version = Field(description="the case version the operator saw (optimistic concurrency)")
    redispatch: bool = Field(
        default=False,
        description="改派：已派单/办理中的案件换承办部门须设为 true，状态回到已派单 / re-dispatch: a case "
                    "already 已派单 or 办理中 changes department only with true, and goes back to 已派单 "
                    "(without it such a change is 409); ignored when the department stays")

    @model_validator(mode="after")
    def _coherent(self) -> DecisionCreate:
        if not self.accept and self.category is None and self.department is None:
            raise ValueError("修改建议时须给出类别或部门 / a correction needs a category or a department")
        if self.reason is not None:
            _clean_text(self.reason)
        return self


class ReplySave(_Strict):
    """The reply an operator edited (from a draft), saved with the case."""

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="答复意见全文 / the reply",
                      json_schema_extra=NO_CONTROL)
    version: Version = Field(description="the case version the operator saw (optimistic concurrency)")

    @field_validator("text")
    @classmethod
    def _text_ok(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("答复内容为空 / reply text is empty or whitespace")
        return _clean_text(v)


class CaseUpdate(_Strict):
    """Move the status one step on; record satisfaction when closing; set/clear the hand-off flag;
    give the call-back contact (a case filed without one)."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [   # at least one of them (``_something``)
        {"required": ["status"], "properties": {"status": {"type": "string"}}},
        {"required": ["satisfaction"], "properties": {"satisfaction": {"type": "string"}}},
        {"required": ["flagged"], "properties": {"flagged": {"type": "boolean"}}},
        {"required": ["contact"], "properties": {"contact": {"type": "string"}}}]})

    status: Status | None = None
    satisfaction: Satisfaction | None = None
    flagged: bool | None = None
    contact: str | None = Field(default=None, min_length=1, max_length=200, json_schema_extra=NO_CONTROL,
                                description="联系方式（案件没有时补充；替换已有的须带 version）/ the call-back "
                                            "contact: added when the case has none; replacing one needs the version")
    reason: str | None = Field(default=None, min_length=1, max_length=2000, json_schema_extra=NO_CONTROL,
                               description="撤销原因（status 为已撤销时必填，记为备注）/ why the case is "
                                           "withdrawn: required with status 已撤销, kept as a note")
    version: Version | None = Field(default=None, description="optional: 409 when the case changed since")

    @field_validator("reason")
    @classmethod
    def _reason_ok(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if not v.strip():
            raise ValueError("撤销原因为空 / reason is empty or whitespace")
        return _clean_text(v).strip()

    @field_validator("contact")
    @classmethod
    def _contact_ok(cls, v: str | None) -> str | None:
        if v is None:
            return v
        v = _clean_text(v).strip()
        if not any(ch.isdigit() or ch == "@" for ch in v):
            raise ValueError("联系方式须含电话号码或邮箱 / contact must hold a phone number or an e-mail address")
        return v

    @model_validator(mode="after")
    def _something(self) -> CaseUpdate:
        if self.status is None and self.satisfaction is None and self.flagged is None and self.contact is None:
            raise ValueError("没有要修改的字段 / nothing to update (status, satisfaction, flagged, contact)")
        if (self.status == WITHDRAWN) != (self.reason is not None):
            raise ValueError("撤销须写明原因（reason），reason 只用于撤销 / status 已撤销 needs a reason, and a "
                             "reason goes only with status 已撤销")
        return self


class NoteCreate(_Strict):
    """A note on a case: the citizen's addition (补充) or withdrawal request (撤销申请), through the
    bot or an operator taking the call; staff's remark (备注). The bot may add only the citizen's."""

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, json_schema_extra=NO_CONTROL,
                      description="内容 / what was said (at most 20,000 characters, as a complaint)")
    kind: NoteKind = Field(description="补充（市民补充情况）| 撤销申请（市民要求撤销，案件转人工）| 备注（工作人员）")

    @field_validator("text")
    @classmethod
    def _text_ok(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("内容为空 / note text is empty or whitespace")
        return _clean_text(v).strip()


# -- response shapes ---------------------------------------------------------------------------

class DecisionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    user_id: int
    accepted: bool
    suggested_category: str | None
    suggested_department: str | None
    decided_category: str | None
    decided_department: str | None
    decided_unit: str | None = None
    reason: str | None
    model_version: str | None
    case_version: int
    created_at: datetime
    # who decided (the console's 分拣记录: a second operator saw only 案件已被他人修改)
    user_name: str | None = None


class NoteRead(BaseModel):
    id: int
    author: str = Field(description="市民 | 坐席 | 主管")
    kind: str = Field(description="补充 | 撤销申请 | 备注 | 撤销（撤销本身及其原因）")
    text: str = Field(description="脱敏文本 / masked text")
    raw_text: str | None = Field(default=None, description="原文（仅坐席）/ as said: operators only")
    user_id: int | None
    created_at: datetime


class CaseRead(BaseModel):
    """A case as the caller may see it: ``raw_*`` are null and ``contact`` masked except for operators."""

    id: int
    number: str
    channel: Channel
    title: str
    text: str = Field(description="脱敏文本 / masked text")
    contact: str | None
    raw_title: str | None = None
    raw_text: str | None = None
    address: str | None
    time: datetime | None
    status: Status
    satisfaction: Satisfaction | None
    suggestion: dict[str, Any] = Field(description="categories, departments with reasons, regulations, "
                                                   "similar case ids, model version")
    suggested_category: str | None
    suggested_department: str | None
    decided_category: str | None
    decided_department: str | None
    model_version: str | None
    flagged: bool
    flag_reason: str | None = Field(default=None, description="标记原因：撤销申请 | 险情 | 转人工（未标记为空）/ "
                                                               "why the case is flagged: withdrawal, danger, hand-off")
    withdraw_asked: bool = Field(default=False, description="标记来自市民的撤销申请（而非机器人转人工）/ "
                                                            "the flag is the citizen's withdrawal request, not a hand-off")
    urgent: str | None = Field(default=None, description="险情（燃气泄漏、火情等），未办结的排在队首 / "
                                                         "the danger named, open ones listed first")
    priority: str | None = Field(default=None, description="重点件（群体性欠薪、老人被困楼上），未办结的排在险情之后、其余之前 / "
                                                           "a priority case, open ones listed after the dangers")
    decided_unit: str | None = Field(default=None, description="坐席选定的承办单位（未选时为空，按投诉地点命名）/ "
                                                               "the unit an operator chose, if one was chosen")
    handled_by: str | None = Field(default=None, description="承办单位（已确认的部门，未确认时为首选建议），按投诉地点的层级命名 / "
                                                              "the unit handling the case, at the complaint's level")
    version: int
    created_at: datetime
    updated_at: datetime
    decisions: list[DecisionRead] | None = None
    notes: list[NoteRead] | None = Field(default=None, description="市民补充、撤销申请与备注，按时间 / the "
                                                                  "citizen's additions, withdrawal requests, staff notes")
    reply_draft: str | None = Field(default=None, description="保存的答复意见（脱敏；坐席与主管可见）/ saved reply")
    reply_saved_at: datetime | None = None
    query_code: str | None = Field(
        default=None, description="查询码：仅在立案的响应中出现一次，市民凭编号和查询码通过机器人查询进度 / "
                                  "the citizen's query code, in the filing response only (never stored in clear)")


class CasePage(BaseModel):
    items: list[CaseRead]
    total: int
    page: int
    page_size: int


class Rate(BaseModel):
    key: str
    total: int
    accepted: int
    rate: float | None


class MetricsRead(BaseModel):
    """Acceptance of suggestions: overall, per suggested department and category, per day."""

    decisions: int
    accepted: int
    acceptance_rate: float | None
    per_department: list[Rate] = Field(description="department suggestion kept, by suggested department")
    per_category: list[Rate] = Field(description="category suggestion kept, by suggested category")
    per_day: list[Rate] = Field(description="both kept, by Beijing date of the decision")
    cases_by_status: dict[str, int]
    satisfaction: dict[str, int]


class DecisionResult(BaseModel):
    """The case after the decision (new ``version``) and the stored decision."""

    case: CaseRead
    decision: DecisionRead


class ModelsRead(BaseModel):
    """Model versions; ``active`` is the registry pointer, ``loaded`` what this server is running."""

    active: str | None
    loaded: str | None
    reload_required: bool = Field(description="the active version (another process may have promoted it, "
                                              "the server follows at once) could not be loaded: the loaded "
                                              "one is still served")
    previous: str | None = Field(default=None, description="回滚将启用的版本 / the version a rollback re-activates")
    models: list[dict[str, Any]]
