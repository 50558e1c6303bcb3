"""The result shapes shared by the batch CLI, the API and the bot."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class Ranked(BaseModel):
    label: str
    confidence: float
    # the citizen chose this reading when asked (``Complaint.category``): not the model's alone
    stated: bool = False
    # the repeated cases (重复件) whose operator-decided category this is: not the model's alone
    repeat_of: list[str] | None = None


class DepartmentSuggestion(BaseModel):
    code: str
    name: str
    unit: str = ""  # the acting unit at the address's level, e.g. 朝阳区城市管理委（城管执法局）
    confidence: float
    reasons: list[str] = Field(default_factory=list)


class RegulationHit(BaseModel):
    law: str
    article: str
    text: str
    score: float
    chapter: str = ""
    scope: str = ""
    # the similar past cases whose own statutes include this one (those that voted for it most)
    similar_cases: list[str] = Field(default_factory=list)
    # the knowledge base's topic entry that lists this article (kb_index/topics.py), "" if none
    topic: str = ""
    # found by its words alone, weakly (no entry lists it, far below the first, or few similar cases cite it):
    # shown as 仅供参考, and a reply draft cites it only when nothing else is there (triage.pipeline.mark_weak)
    weak: bool = False


class SimilarCase(BaseModel):
    id: str
    score: float
    departments: list[str] = Field(default_factory=list)
    # "reply_text": read from the official reply's text (its replying units were generic ones)
    departments_from: str = ""
    source: str = ""
    text: str = ""
    reply: str = ""


class Urgent(BaseModel):
    """A danger now (``nlu.urgency``): the citizen is told ``advice`` at once, the case is listed first."""
    kind: str = Field(description="险情类别，如 燃气泄漏 / the danger, e.g. 燃气泄漏")
    advice: str = Field(description="立即告知市民的安全提示 / safety advice to give the citizen now")
    words: str = Field(default="", description="认定依据的原话 / the words that named it")


class PriorityFlag(BaseModel):
    """A priority case (``nlu.priority``): no danger now, but not to wait in first-come order."""
    kind: str = Field(description="重点件类别：群体性欠薪、老人被困楼上 / the kind, e.g. 群体性欠薪")
    reason: str = Field(description="为何优先、交谁处置（给坐席看）/ why it goes first and to whom, for the operator")
    words: str = Field(default="", description="认定依据的原话 / the words that named it")


class TriageResult(BaseModel):
    """One complaint's triage: every list sorted best first."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    masked_text: str
    entities: dict[str, Any]
    categories: list[Ranked]
    departments: list[DepartmentSuggestion]
    regulations: list[RegulationHit]
    similar_cases: list[SimilarCase]
    needs_clarification: bool = Field(
        default=False, description="top category below the calibrated threshold: ask, don't guess")
    model_version: str | None = None
    urgent: Urgent | None = None
    priority: PriorityFlag | None = Field(
        default=None, description="重点件（群体性欠薪、老人被困楼上）：无即时险情，但应优先派单 / "
                                  "a priority case: no danger now, but dispatched before the first-come queue")
    units: dict[str, str] = Field(
        default_factory=dict, description="每个部门在投诉地点层级的承办单位（与部门名称不同者），供坐席改选部门时参考 / "
                                          "each department's acting unit at the complaint's place, where it differs from its name")
    request_kind: Literal["投诉", "表扬", "咨询", "建议"] = Field(
        default="投诉", description="诉求类型：投诉、表扬（转达被表扬人员所在单位并致谢）、咨询（答复政策）或建议（转有关单位研究）/ "
                                   "what the message asks for: a complaint, praise, a question or a suggestion (nlu.request_kind)")
    repeats: list[str] = Field(
        default_factory=list, description="疑似重复件：已登记工单中与本诉求几乎相同者（文字相同，或相近且地点相同）的编号，"
                                          "请核对后合并，勿重复派单 / filed cases this one likely repeats (the same text, or "
                                          "near with the same place): merge rather than dispatch twice")
    # the encoder's vector of the masked text (not serialized): a filed case keeps it for the case index
    _vector: Any = PrivateAttr(default=None)
    # the pipeline's per-stage times for the batch this result came from (not serialized)
    _timings: dict[str, float] = PrivateAttr(default_factory=dict)
