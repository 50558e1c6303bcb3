"""``POST /v1/triage``."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from nlu import Complaint
from triage.api.deps import PipelineDep
from triage.batcher import triage_batched_async
from triage.models import TriageResult, Urgent

router = APIRouter(prefix="/v1", tags=["triage"])


class TriageRequest(BaseModel):
    """A complaint to triage."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    text: str = Field(min_length=1, max_length=20_000, description="投诉内容 / complaint text")
    title: str = Field(default="", max_length=500)
    id: str | None = Field(default=None, max_length=100)
    address: str | None = Field(default=None, max_length=500,
                                description="投诉地点（与正文分开填写时；与立案相同，它决定承办单位的层级）/ the place, "
                                            "given apart from the text (as when filing a case)")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        from nlu import has_words, is_blank

        if is_blank(v):
            raise ValueError("投诉内容为空 / text is empty, whitespace or control characters only")
        if not has_words(v):  # as filing a case refuses it (tester46 Q8: triaged as 教育文体 0.5)
            raise ValueError("投诉内容没有文字（只有表情或符号）/ text has no letters or digits")
        return v


@router.post("/triage", response_model=TriageResult)
async def triage(req: TriageRequest, pipeline: PipelineDep, response: Response) -> TriageResult:
    """Triage one complaint: categories, departments with reasons, similar cases, regulations.

    Requests that arrive while the pipeline is busy are triaged together (one encoder pass).
    The ``Server-Timing`` header gives the pipeline's stages in ms (for the batch the request
    was part of; ``batch`` tells its size)."""
    c = Complaint(text=req.text, title=req.title, id=req.id, address=(req.address or "").strip() or None)
    res = await triage_batched_async(pipeline, c)
    response.headers["Server-Timing"] = server_timing(res._timings)
    return res


class UrgencyRequest(BaseModel):
    """A message to check for a danger now."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20_000, description="市民的话 / what the citizen said")


class UrgencyResult(BaseModel):
    urgent: Urgent | None = Field(description="眼下的险情与应急提示（无则为空）/ a danger now and the advice, or null")


@router.post("/urgency", response_model=UrgencyResult)
async def urgency(req: UrgencyRequest) -> UrgencyResult:
    """Only the danger check of a triage (``nlu.urgency.hazard`` on the normalized, masked text, as
    ``POST /v1/triage`` reads it: ``preprocess``'s ``masked`` of a text without a title): no
    segmentation, entities, encoder pass or models. The bot checks every answer inside its form
    with it (a whole triage each time cost an encoder pass per answer)."""
    from nlu import mask_pii, normalize
    from nlu.urgency import hazard

    h = hazard(mask_pii(normalize(req.text))[0])
    return UrgencyResult(urgent=Urgent(kind=h.kind, advice=h.advice, words=h.words) if h else None)


def server_timing(timings: dict[str, float]) -> str:
    """``{"encoder": 31.2, "batch": 1}`` → ``encoder;dur=31.2, batch;desc="1"`` (W3C Server-Timing)."""
    return ", ".join(f'{k};desc="{int(v)}"' if k == "batch" else f"{k};dur={v}" for k, v in timings.items())
