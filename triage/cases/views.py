"""``/v1/cases``, ``/v1/metrics`` and ``/v1/models``: thin routers over ``triage.cases.service``.

Roles: operators and supervisors work on cases (only operators see raw personal data); the bot
files cases and reads one by id or number (masked); supervisors alone manage model versions and
see the metrics.

``POST /v1/models/{id}/promote`` and ``/rollback`` move the registry's active pointer and switch
this server's pipeline to that version at once; a version that cannot be loaded (corrupted files,
another encoder) is refused with 409 and the pointer put back, so the previous model keeps serving.
Other servers over the same home see the change after a restart (``GET /v1/models`` shows
``active`` vs ``loaded`` and ``reload_required``).
"""

from __future__ import annotations

import functools
import inspect
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Coroutine
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from triage.api.deps import PipelineDep
from triage.api.errors import ApiError, body
from triage.auth import AnyUser, CurrentUser, DbSession, Staff, Supervisor, require
from triage.batcher import triage_batched
from triage.cases import index_sync, service
from triage.cases.models import (
    CaseCreate,
    CasePage,
    CaseRead,
    CaseUpdate,
    DecisionCreate,
    DecisionResult,
    MetricsRead,
    ModelsRead,
    NoteCreate,
    Status,
)
from triage.settings import Settings

log = logging.getLogger("triage.cases")



def _releasing_sessions(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` closing its database sessions as soon as it returns.

    FastAPI serializes a sync endpoint's return value in a worker thread, and closes a yield
    dependency only after that. A session that went back to the database after its commit (a lazy
    load, the index update) would hold its pooled connection while waiting for a worker thread; a
    burst of requests can take every worker thread, each waiting for a connection: a deadlock
    until the pool's timeout (500 decisions at once found it). What endpoints return is built
    inside them, so nothing needs the session afterwards."""
    if inspect.iscoroutinefunction(endpoint):
        return endpoint  # serialized on the event loop: no thread to wait for

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        finally:
            for v in kwargs.values():
                if isinstance(v, Session):
                    v.close()

    return run


class _BodyErrorsAre422(APIRoute):
    """The route class of the case store's routers: FastAPI answers a body it cannot decode
    (invalid UTF-8) with a bare 400, here a 422 with both messages like every other malformed
    body; and sync endpoints hand their database connection back before their result is
    serialized (``_releasing_sessions``)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, _releasing_sessions(endpoint), **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except StarletteHTTPException as e:
                if e.status_code != 400:
                    raise
                raise ApiError(422, "请求体无法解析：须为 UTF-8 编码的 JSON",
                               "request body cannot be parsed: it must be UTF-8 encoded JSON") from None

        return route_handler


router = APIRouter(prefix="/v1", tags=["cases"], route_class=_BodyErrorsAre422)
models_router = APIRouter(prefix="/v1/models", tags=["models"], route_class=_BodyErrorsAre422)

Filer = Annotated[CurrentUser, Depends(require("operator", "supervisor", "bot"))]
CaseRef = Annotated[str, PathParam(max_length=40, description="案件 id 或编号 / id or number (JS20261127-000123)")]
QueryCode = Annotated[str | None, Query(max_length=12, description=(
    "查询码（机器人代市民查询时必填；也可放在 X-Query-Code 头中，不进访问日志）/ the citizen's query code: "
    "required of the bot role, which reads a case only for the citizen who filed it (or in the "
    "X-Query-Code header, which access logs do not record)"))]
QueryCodeHeader = Annotated[str | None, Header(alias="X-Query-Code", max_length=12, include_in_schema=True)]
# the bot's opaque id of the chat asking (wrong codes lock that chat first, see _bot_may_read)
CitizenHeader = Annotated[str | None, Header(alias="X-Citizen", max_length=128)]


MAX_CODE_FAILURES = 5  # wrong 查询码 per case number (per citizen, when the bot names one) and window
# wrong 查询码 per case number from all citizens together: a stranger's guesses no longer lock the
# citizen out (a tester's six wrong codes did, for 15 minutes), and a million codes still take years
MAX_CASE_CODE_FAILURES = 30
CODE_WINDOW_S = 15 * 60


class _CodeGuard:
    """Wrong 查询码 per case reference (this process): six digits are a million guesses, the lock
    makes them months. Unknown numbers count and lock alike, so a 429 tells nothing of existence."""

    def __init__(self) -> None:
        self._fails: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        recent = [t for t in self._fails.get(key, []) if now - t < CODE_WINDOW_S]
        if recent:
            self._fails[key] = recent
        else:
            self._fails.pop(key, None)
        return recent

    def check(self, key: str, limit: int = MAX_CODE_FAILURES) -> None:
        now = time.monotonic()
        with self._lock:
            recent = self._recent(key, now)
        if len(recent) >= limit:
            wait = int(CODE_WINDOW_S - (now - recent[0])) + 1
            raise ApiError(429, f"查询码错误次数过多，请{(wait + 59) // 60}分钟后再试",
                           f"too many wrong query codes for this case number: try again in {wait} s",
                           {"locked": True, "retry_after": wait})

    def failed(self, key: str) -> None:
        with self._lock:
            self._fails.setdefault(key, []).append(time.monotonic())
            if len(self._fails) > 100_000:  # forget the stale ones rather than grow without end
                now = time.monotonic()
                for k in list(self._fails):
                    self._recent(k, now)


CODE_GUARD = _CodeGuard()


def _bot_may_read(ref: str, code: str | None, user: CurrentUser, db: Any, citizen: str | None = None) -> None:
    """The bot reads for citizens: only with the case's 查询码. A wrong or missing code is the same
    404 as an unknown number, so sequential numbers cannot be probed; after MAX_CODE_FAILURES
    misses in CODE_WINDOW_S a number is locked (429) for the rest of the window — for the citizen
    who missed (``citizen``: the bot's opaque id of the chat), and for everyone after
    MAX_CASE_CODE_FAILURES misses of all citizens together (without ``citizen``: after
    MAX_CODE_FAILURES, as before)."""
    if user.role != "bot":
        return
    key = service.canonical_ref(ref)  # one count however the number is typed
    keys = [(key, MAX_CASE_CODE_FAILURES), (f"{key}|{citizen}", MAX_CODE_FAILURES)] if citizen else [
        (key, MAX_CODE_FAILURES)]
    for k, limit in keys:
        CODE_GUARD.check(k, limit)

    def failed() -> None:
        for k, _ in keys:
            CODE_GUARD.failed(k)
    try:
        case = service.get_case(ref, db_session=db)
    except service.CaseNotFound:
        failed()
        raise
    if not service.query_code_matches(case, code):
        failed()
        log.warning("triage.cases.query_code_refused case=%s user=%s given=%s", case.id, user.id, bool(code))
        raise service.CaseNotFound(ref)


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _case_index(request: Request) -> Any:
    pipe = getattr(request.app.state, "pipeline", None)
    return getattr(pipe, "cases", None)


def _router(request: Request) -> Any:
    """The pipeline's router (names a case's unit), else one over the duty list alone."""
    pipe = getattr(request.app.state, "pipeline", None)
    if getattr(pipe, "router", None) is not None:
        return pipe.router
    s = _settings(request)
    return _plain_router(s.data_dir, s.training_data)


@lru_cache(maxsize=4)
def _plain_router(data_dir: Path, training_data: Path) -> Any:
    from triage.routing import Router, load_departments

    try:
        return Router(load_departments(data_dir, training_data))
    except (OSError, ValueError) as e:
        log.warning("triage.cases.router_unavailable %s", e)
        return None


@lru_cache(maxsize=4)
def _department_names(data_dir: Path, training_data: Path) -> dict[str, str] | None:
    """Department code → name (None when the list cannot be read: nothing is checked then)."""
    from triage.routing import load_departments

    try:
        return {code: d.name for code, d in load_departments(data_dir, training_data).items()}
    except (OSError, ValueError) as e:
        log.warning("triage.cases.no_department_list %s", e)
        return None


def _department_codes(data_dir: Path, training_data: Path) -> frozenset[str] | None:
    names = _department_names(data_dir, training_data)
    return frozenset(names) if names is not None else None


def _plain(name: str) -> str:
    """A unit name as compared: NFKC (full-width brackets read as the list's) without a bracketed
    part (朝阳区城市管理委 names 朝阳区城市管理委（城管执法局）)."""
    return re.sub(r"\([^()]*\)", "", unicodedata.normalize("NFKC", name.strip()))


@lru_cache(maxsize=4)
def _district_units(data_dir: Path, training_data: Path) -> dict[str, tuple[str, str]]:
    """A district's unit of a department, compared as ``_plain`` writes it → (code, district):
    朝阳区城市管理委 → (urban_management, 朝阳区), 朝阳区属地街道（乡镇）→ (street_township, 朝阳区)."""
    from triage.routing import department_units, load_departments

    out: dict[str, tuple[str, str]] = {}
    try:
        departments = load_departments(data_dir, training_data)
    except (OSError, ValueError):
        return out
    # each department's district offices and its special units there (朝阳区城管执法局), as a decision names them
    for code, d in departments.items():
        for unit, district in department_units(d):
            if district:
                out.setdefault(_plain(unit), (code, district))
    return out


def _district_filter(value: str | None) -> str | None:
    """朝阳 / 朝阳区 / 北京市朝阳区 → 朝阳区; anything else is 400 with the sixteen districts."""
    from nlu.lexicon import DISTRICTS

    if not value or not value.strip():
        return None
    v = unicodedata.normalize("NFKC", value.strip()).removeprefix("北京市")
    district = DISTRICTS.get(v) or (v if v in DISTRICTS.values() else None)
    if district is None:
        raise ApiError(400, "未知的区（应为北京市十六区之一，如 朝阳区）",
                       "unknown district: one of Beijing's sixteen districts, e.g. 朝阳区",
                       {"district": value, "valid": sorted(DISTRICTS.values())})
    return district


def _department_filter(value: str | None, request: Request) -> tuple[str | None, str | None]:
    """The code a list filter names, and the district when it names a district's unit: a code, a
    department's name written as the department list writes it (市城市管理委（城管执法局）), or a
    district's unit (朝阳区城市管理委（城管执法局）, 市公安局朝阳分局, 朝阳区属地街道（乡镇）: a
    district operator's own cases); anything else is 400 with the valid codes and their names.
    Unchecked, a name or a typo matched no case and looked like an empty queue."""
    if not value:
        return value, None
    s = _settings(request)
    names = _department_names(s.data_dir, s.training_data)
    if names is None or value in names:
        return value, None
    # full-width brackets as the console writes units (市城市管理委（城管执法局）) read as the list's
    wanted = unicodedata.normalize("NFKC", value.strip())
    named = [code for code, name in names.items() if unicodedata.normalize("NFKC", name) == wanted]
    if not named:  # 市城市管理委 for 市城市管理委（城管执法局）
        named = [code for code, name in names.items() if _plain(name) == _plain(value)]
    if len(named) == 1:
        return named[0], None
    unit = _district_units(s.data_dir, s.training_data).get(_plain(value))
    if unit is not None:
        return unit
    raise ApiError(400, "未知的部门（请用部门代码，如 urban_management，部门全称，或区级单位名称，如 "
                   "朝阳区城市管理委（城管执法局））",
                   "unknown department: use a department code (e.g. urban_management), a department's "
                   "full name or a district's unit", {"department": value, "valid": dict(sorted(names.items()))})


def _category_filter(value: str | None, request: Request, db: Session) -> str | None:
    """A list filter's category: one of the serving model's labels or one some case carries (a
    label of an earlier version); anything else is 400 with them (a tester's ?category=不存在 gave
    an empty list, where ?department= and ?status= refuse)."""
    if not value:
        return value
    labels = set(getattr(getattr(getattr(request.app.state, "pipeline", None), "model", None), "labels", None) or ())
    if value in labels:
        return value
    labels |= service.case_categories(db_session=db)
    if value in labels or not labels:
        return value
    raise ApiError(400, "未知的类别（应为模型的类别之一）", "unknown category: not a label of the model or of any case",
                   {"category": value, "valid": sorted(labels)})


@lru_cache(maxsize=16)
def _category_labels(models_dir: Path, model_version: str | None) -> frozenset[str] | None:
    from classifier.registry import ModelError, read_meta

    if not model_version:
        return None
    try:
        return frozenset(read_meta(models_dir / model_version).get("labels") or ()) or None
    except (ModelError, OSError):
        return None


# -- cases ---------------------------------------------------------------------------------------

@router.post("/cases", response_model=CaseRead, status_code=201)
def create_case(data: CaseCreate, user: Filer, pipeline: PipelineDep, db: DbSession) -> CaseRead:
    """立案：分拣并保存，返回案件编号 / file a case: triage it, store it, return it with its number;
    a ``time`` more than a day ahead of now is 400."""
    service.check_filing_time(data.time)  # before the triage: nothing to compute for a bad time
    labels = list(getattr(getattr(pipeline, "model", None), "labels", None) or ())
    if data.category is not None and data.category not in labels:
        raise service.InvalidChoice("未知的类别（应为当前模型的类别之一）",
                                    "unknown category: not one of the active model's labels",
                                    {"category": data.category, "labels": labels})
    result = triage_batched(pipeline, service.complaint_of(data))
    case = service.create_case(data, result, user=user, db_session=db, encoder=pipeline.encoder.name)
    index_sync.index_case(pipeline, case, db_session=db, vector=getattr(result, "_vector", None))
    return service.to_read(case, user, case_index=getattr(pipeline, "cases", None))


@router.get("/cases", response_model=CasePage)
def list_cases(user: Staff, db: DbSession, request: Request,
               status: Status | None = None,
               department: Annotated[str | None, Query(
                   max_length=64, description="部门代码或部门全称；未知的为 400 / a department code, or its "
                                              "full name; an unknown one is 400")] = None,
               district: Annotated[str | None, Query(
                   max_length=16, description="区（朝阳区 / 朝阳），按投诉所在区 / the complaint's "
                                              "district")] = None,
               category: Annotated[str | None, Query(max_length=64)] = None,
               q: Annotated[str | None, Query(max_length=100, description="关键词 / search text")] = None,
               flagged: bool | None = None,
               decided: Annotated[bool | None, Query(description="已有分拣决定 / has an operator decision")] = None,
               page: Annotated[int, Query(ge=1, le=100_000)] = 1,
               page_size: Annotated[int, Query(ge=1, le=100)] = 20,
               order: Literal["newest", "oldest"] = "newest",
               brief: Annotated[bool, Query(description="只要列表所需字段（不含分拣建议与原文，正文截至 200 字）"
                                                        " / list fields only: no suggestion, no raw text, "
                                                        "text cut to 200 characters")] = False) -> CasePage:
    """案件列表（分页）/ cases, filtered and paginated, with the total."""
    department, unit_district = _department_filter(department, request)
    category = _category_filter(category, request, db)
    district = _district_filter(district)
    if unit_district and district and unit_district != district:
        raise ApiError(400, f"部门所属区（{unit_district}）与 district（{district}）不一致",
                       "the department's unit names another district than the district filter",
                       {"department": unit_district, "district": district})
    got = service.list_cases(user=user, status=status, department=department, category=category, q=q,
                             district=district or unit_district,
                             flagged=flagged, decided=decided, page=page, page_size=page_size,
                             oldest_first=order == "oldest", router=_router(request), db_session=db)
    if brief:  # the console's queue, refreshed every minute: ~10 KB instead of ~250 KB for 22 cases
        got.items = [c.model_copy(update={"suggestion": {}, "raw_text": None, "raw_title": None,
                                          "text": c.text[:200]}) for c in got.items]
    return got


@router.get("/cases/{ref}", response_model=CaseRead)
def read_case(ref: CaseRef, user: AnyUser, request: Request, db: DbSession, code: QueryCode = None,
              code_header: QueryCodeHeader = None, citizen: CitizenHeader = None) -> CaseRead:
    """查看案件 / one case with its decisions (raw contact for operators only); the bot role needs
    the case's ``code`` (查询码)."""
    _bot_may_read(ref, code or code_header, user, db, citizen)
    return service.read_case(ref, user=user, case_index=_case_index(request), router=_router(request),
                             db_session=db)


@router.post("/cases/{ref}/decision", response_model=DecisionResult)
def decide(ref: CaseRef, data: DecisionCreate, user: Staff, request: Request, db: DbSession) -> DecisionResult:
    """确认或修改分拣 / accept or correct the suggestion; a stale ``version`` is 409, and so is a
    department change of a case already 已派单 or 办理中 unless it says ``redispatch: true`` (改派:
    the case goes back to 已派单)."""
    s = _settings(request)
    case = service.get_case(ref, db_session=db)
    case, decision = service.decide(
        ref, data, user=user, db_session=db,
        departments=_department_codes(s.data_dir, s.training_data),
        categories=_category_labels(s.models_dir, case.model_version), router=_router(request))
    # the decided department now votes for similar complaints (in place, no rebuild)
    index_sync.index_case(getattr(request.app.state, "pipeline", None), case, db_session=db)
    return DecisionResult(case=service.to_read(case, user, router=_router(request)),
                          decision=service.decision_reads([decision])[0])


@router.patch("/cases/{ref}", response_model=CaseRead)
def update_case(ref: CaseRef, data: CaseUpdate, user: AnyUser, request: Request, db: DbSession,
                code: QueryCode = None, code_header: QueryCodeHeader = None,
                citizen: CitizenHeader = None) -> CaseRead:
    """更新状态/满意度/联系方式 / move the status on, record satisfaction, set or clear the hand-off
    flag, add the call-back contact; withdraw an open case (status 已撤销 with its ``reason``).

    The bot may only raise the hand-off flag (转人工) and add a contact to a case that has none, with
    the case's ``code``; everything else is staff work."""
    if user.role == "bot" and (data.status is not None or data.satisfaction is not None
                               or data.flagged is False):
        raise ApiError(403, "无权限：机器人只能标记转人工或补充联系方式",
                       "forbidden: the bot role may only set flagged=true or add a contact")
    _bot_may_read(ref, code or code_header, user, db, citizen)
    return service.to_read(service.update_case(ref, data, user=user, db_session=db), user, router=_router(request))


@router.post("/cases/{ref}/notes", response_model=CaseRead, status_code=201)
def add_note(ref: CaseRef, data: NoteCreate, user: AnyUser, request: Request, db: DbSession,
             code: QueryCode = None, code_header: QueryCodeHeader = None,
             citizen: CitizenHeader = None) -> CaseRead:
    """补充情况、撤销申请、备注 / a note on a case: the citizen's addition (补充) or withdrawal request
    (撤销申请, which flags the case for an operator), or staff's remark (备注). The bot adds only the
    citizen's, with the case's ``code``; the case is returned with all its notes."""
    _bot_may_read(ref, code or code_header, user, db, citizen)
    case = service.add_note(ref, data, user=user, db_session=db)
    return service.to_read(case, user, notes=service.case_notes(case.id, db_session=db), router=_router(request))


@router.get("/metrics", response_model=MetricsRead, tags=["supervisor"])
def metrics(user: Supervisor, db: DbSession,
            days: Annotated[int, Query(ge=1, le=3660)] = 30) -> MetricsRead:
    """建议采纳率 / acceptance of suggestions per department, category and day."""
    return service.metrics(days=days, db_session=db)


# -- model versions --------------------------------------------------------------------------------

_MODEL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def _models(request: Request) -> ModelsRead:
    from classifier.registry import get_active_id, list_models, rollback_target

    models_dir = _settings(request).models_dir
    pipe = getattr(request.app.state, "pipeline", None)
    if pipe is not None and hasattr(pipe, "follow_changes"):
        pipe.follow_changes()  # a version another process promoted (jiesu train) is served now
    loaded = pipe.model_meta.get("id") if pipe is not None else None
    active = get_active_id(models_dir)
    return ModelsRead(active=active, loaded=loaded, reload_required=bool(loaded and active != loaded),
                      previous=rollback_target(models_dir),
                      models=list_models(models_dir))


def _known_model(request: Request, model_id: str) -> str:
    from classifier.registry import list_models

    if not _MODEL_ID.match(model_id) or ".." in model_id or \
            model_id not in {m["id"] for m in list_models(_settings(request).models_dir)}:
        raise ApiError(404, "模型版本不存在", "model version not found", {"model": model_id})
    return model_id


@models_router.get("", response_model=ModelsRead)
def list_model_versions(user: Supervisor, request: Request) -> ModelsRead:
    """模型版本 / model versions with metrics; which is active and which this server runs."""
    return _models(request)


def _serve_active(request: Request, pointer_before: dict[str, Any]) -> None:
    """Switch this server to the registry's active version; if it cannot be loaded, put the
    pointer back (the previous version keeps serving) and answer 409."""
    from classifier.registry import restore_pointer

    pipe = getattr(request.app.state, "pipeline", None)
    if pipe is None and getattr(request.app.state, "load_error", None):
        # the server started without a model it could load: load the whole pipeline now
        from triage.batcher import on_pipeline_thread
        from triage.pipeline import TriagePipeline

        try:
            request.app.state.pipeline = on_pipeline_thread(TriagePipeline, _settings(request))
            request.app.state.load_error = None
            log.info("triage.models.loaded_after_switch")
        except Exception as e:  # noqa: BLE001 - still nothing to serve: say so, keep the pointer as it was
            restore_pointer(_settings(request).models_dir, pointer_before)
            request.app.state.load_error = str(e)
            raise ApiError(409, "该模型版本无法加载，服务仍未就绪", "this model version cannot be loaded either; "
                           "the server is still not ready", str(e)[:500]) from None
        return
    if pipe is None:
        return
    try:
        pipe.reload_model()
    except Exception as e:  # noqa: BLE001 - corrupted files raise all sorts; the old model stays
        restore_pointer(_settings(request).models_dir, pointer_before)
        log.warning("triage.models.switch_refused error=%s", e)
        raise ApiError(409, "该模型版本无法加载，仍使用原版本", "this model version cannot be loaded; "
                       "the previous one stays active", str(e)[:500]) from None


@models_router.post("/rollback", response_model=ModelsRead)
def rollback_model(user: Supervisor, request: Request, db: DbSession) -> ModelsRead:
    """回滚到上一版本 / re-activate the previous version; this server serves it at once."""
    from classifier.registry import ModelError, read_pointer, rollback

    before = read_pointer(_settings(request).models_dir)
    try:
        mid = rollback(_settings(request).models_dir)
    except ModelError as e:
        raise ApiError(409, "没有可回滚的版本", "no previous model to roll back to", str(e)) from None
    _serve_active(request, before)
    service.audit("rollback", user=user, detail=f"model={mid}"[:200], db_session=db)
    db.commit()
    return _models(request)


@models_router.post("/{model_id}/promote", response_model=ModelsRead)
def promote_model(model_id: str, user: Supervisor, request: Request, db: DbSession) -> ModelsRead:
    """启用某版本 / make a version active; this server serves it at once."""
    from classifier.registry import ModelError, read_pointer, set_active

    mid = _known_model(request, model_id)
    before = read_pointer(_settings(request).models_dir)
    try:
        set_active(_settings(request).models_dir, mid)
    except ModelError as e:
        raise ApiError(409, "该模型版本不可用", "this model version cannot be used", str(e)) from None
    _serve_active(request, before)
    service.audit("promote", user=user, detail=f"model={mid}"[:200], db_session=db)
    db.commit()
    return _models(request)


# -- wiring ----------------------------------------------------------------------------------------

def open_store(app: FastAPI, settings: Settings) -> None:
    """Migrate the database and keep a session factory on ``app.state``; on failure the case
    endpoints answer 503 and the rest of the app keeps working."""
    from triage.db import init_db, session_factory

    app.state.db_sessions = None
    app.state.db_error = None
    try:
        init_db(settings)
        app.state.db_sessions = session_factory(settings.db_url)
    except Exception as e:  # noqa: BLE001 - reported by the 503s, logged here
        app.state.db_error = f"{type(e).__name__}: {e}"[:500]
        log.error("triage.cases.db_failed %s", app.state.db_error)


def close_store(app: FastAPI, settings: Settings) -> None:
    from triage.db import dispose_engine

    if getattr(app.state, "db_sessions", None) is not None:
        dispose_engine(settings.db_url)


def install(app: FastAPI) -> None:
    """Add the case and model routers, and turn database overload into a 503 (not a 500)."""
    app.include_router(router)
    app.include_router(models_router)

    async def _db_busy(_: Request, exc: Exception) -> JSONResponse:
        log.warning("triage.cases.db_busy %s: %s", type(exc).__name__,
                    str(getattr(exc, "orig", None) or "")[:200])  # the driver's message: no SQL, no data
        return JSONResponse(body(503, "案件库繁忙，请稍后重试", "case database busy, retry later"),
                            status_code=503, headers={"Retry-After": "1"})

    app.add_exception_handler(OperationalError, _db_busy)
    app.add_exception_handler(PoolTimeout, _db_busy)
