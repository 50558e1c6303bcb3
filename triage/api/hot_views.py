"""``GET /v1/hot-issues``: the hottest groups of complaints about one place and problem (supervisors).

Source ``cases`` groups the case database's recent cases (incrementally: each call adds only the
cases filed since the previous one, ``triage.hot_issues.CaseGrouping``); source ``data`` reads
``complaints/hot_issue_messages.jsonl`` from the data directory, whose grouping is computed once
and cached under the home directory by file fingerprint + encoder name. ``auto`` (the default)
uses the cases when the window holds any, else the data file.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from pydantic import BaseModel, Field

from triage import hot_issues as hi
from triage.api.errors import ApiError
from triage.auth import DbSession, Supervisor
from triage.batcher import PipelineThreadEncoder
from triage.cases.views import _BodyErrorsAre422

log = logging.getLogger("triage.hot_issues")

router = APIRouter(prefix="/v1", tags=["supervisor"], route_class=_BodyErrorsAre422)

DATA_FILE = Path("complaints") / "hot_issue_messages.jsonl"


class HotIssueItem(BaseModel):
    id: str
    time: str | None
    title: str = Field(description="脱敏标题 / masked title (or the start of the masked text)")
    repost: bool = Field(description="与组内较早一条几乎相同（同一市民重复提交）/ near-identical re-post")


class HotIssueDay(BaseModel):
    date: str
    count: int


class HotIssueRead(BaseModel):
    id: int
    title: str = Field(description="地点 + 问题 / place + problem")
    place: str
    start: str | None
    end: str | None
    count: int = Field(description="诉求条数 / messages in the window")
    citizens: int = Field(description="不同市民数（重复提交算一人）/ distinct citizens")
    likes: int
    dislikes: int
    trend: float = Field(description="增长：窗口最后四分之一 vs 之前（-1…1）/ growth")
    rising: bool = Field(default=False, description="上升：增长 ≥ 0.5 且窗口最后四分之一有 ≥ 3 位市民反映 / a burst: "
                                                    "growth ≥ 0.5 and ≥ 3 citizens in the window's last quarter")
    heat: float
    members: list[str] = Field(description="案件编号 / case ids, oldest first")
    items: list[HotIssueItem]
    daily: list[HotIssueDay]
    keywords: list[str]


class HotIssuesRead(BaseModel):
    source: Literal["cases", "data"]
    since: str | None
    until: str | None
    messages: int = Field(description="窗口内参与分组的诉求数 / messages in the window")
    groups: list[HotIssueRead]
    heat: str = Field(default=("heat = (distinct citizens + ln(1 + max(0, likes − dislikes))) × "
                               "(1 + 0.5·trend) × (1 + 0.5·concentration); concentration = citizens / "
                               "(citizens + span in weeks) for 2+ citizens; trend over the window (the cases' "
                               "default 30 days; the data file's only when days is given), none for one "
                               "citizen; groups of one citizen rank after the others"))


class _State:
    """Per app: the case grouping and the data file's grouping (loaded or being computed)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cases: hi.CaseGrouping | None = None
        self.file_index: hi.HotIssueIndex | None = None
        self.file_key: tuple[str, float] | None = None
        self.computing: threading.Thread | None = None
        self.error: str | None = None


def _state(app: FastAPI) -> _State:
    st = getattr(app.state, "hot_issues", None)
    if st is None:
        with _INIT_LOCK:
            st = getattr(app.state, "hot_issues", None)
            if st is None:
                st = app.state.hot_issues = _State()
    return st


_INIT_LOCK = threading.Lock()


def _encoder(request: Request) -> Any:
    """The loaded pipeline's encoder (else the home's, for a server still starting)."""
    pipe = getattr(request.app.state, "pipeline", None)
    if pipe is not None:
        return pipe.encoder
    try:
        return request.app.state.settings.load_encoder()
    except Exception as e:  # noqa: BLE001 - reported as 503
        raise ApiError(503, "编码器不可用", "encoder unavailable", str(e)[:300]) from None


def _file_groups(request: Request, encoder, *, top: int, days: float | None) -> HotIssuesRead:
    settings = request.app.state.settings
    path = Path(settings.data_dir) / DATA_FILE
    if not path.is_file():
        raise ApiError(404, "热点数据文件不存在", "hot-issue data file not found", {"file": str(DATA_FILE)})
    st = _state(request.app)
    stat = path.stat()
    key = (str(path), stat.st_mtime)
    with st.lock:
        if st.file_key != key:
            st.file_index, st.file_key = None, None
            idx = hi.cached_file_index(path, settings.home, encoder.name)
            if idx is not None:
                st.file_index, st.file_key = idx, key
        idx = st.file_index
        if idx is None:
            if st.computing is None or not st.computing.is_alive():
                st.error = None
                st.computing = threading.Thread(target=_compute, args=(st, path, settings, encoder, key),
                                                name="hot-issues-file", daemon=True)
                st.computing.start()
            # the data's messages take their vectors from the case index: about a minute of preprocessing
            # and grouping (4,326 messages: 14 s + 9 s here); was 20+ minutes of the encoder (tester49 R23)
            raise ApiError(503, "热点分组正在计算（首次约需 1 分钟），请稍后重试",
                           "the hot-issue grouping of the data file is being computed (the first time takes "
                           "about a minute); retry later", {"error": st.error} if st.error else None)
    since, until = hi.window(idx, days)
    groups = hi.summarize(idx, since=since, until=until, top=top)
    n = sum(1 for m in idx.messages if m.time is None or since is None or since <= m.time <= until)
    return HotIssuesRead(source="data", since=hi._iso(since), until=hi._iso(until), messages=n,
                         groups=[HotIssueRead(**g) for g in groups])


def _compute(st: _State, path: Path, settings, encoder, key) -> None:
    try:
        idx = hi.group_file(path, settings.home, PipelineThreadEncoder(encoder),
                            case_index=settings.indexes_dir / "cases")
        with st.lock:
            st.file_index, st.file_key = idx, key
    except Exception as e:  # noqa: BLE001 - shown by the next request's 503
        st.error = f"{type(e).__name__}: {e}"[:300]
        log.error("triage.hot_issues.compute_failed %s", type(e).__name__)


@router.get("/hot-issues", response_model=HotIssuesRead)
def hot_issues(user: Supervisor, request: Request, db: DbSession,
               days: Annotated[float | None, Query(gt=0, le=3660, description="最近 N 天（案件缺省 30；数据文件自其最新一条起算，缺省全部）")] = None,
               top: Annotated[int, Query(ge=1, le=50)] = 5,
               source: Literal["auto", "cases", "data"] = "auto") -> HotIssuesRead:
    """热点问题 / groups of complaints about one place and problem, hottest first."""
    encoder = _encoder(request)
    if source in ("auto", "cases"):
        st = _state(request.app)
        with st.lock:
            if st.cases is None or st.cases.encoder.name != encoder.name:
                st.cases = hi.CaseGrouping(request.app.state.settings, PipelineThreadEncoder(encoder))
            grouping = st.cases
        groups, n = hi.top_from_db(request.app.state.settings, top=top, days=30 if days is None else days,
                                   encoder=encoder, db_session=db, grouping=grouping)
        if n or source == "cases":
            since, until = hi.window(grouping.index, 30 if days is None else days, now=hi.now_beijing())
            return HotIssuesRead(source="cases", since=hi._iso(since), until=hi._iso(until), messages=n,
                                 groups=[HotIssueRead(**g) for g in groups])
    return _file_groups(request, encoder, top=top, days=days)
