"""The FastAPI application: models and indexes load once in the lifespan."""

from __future__ import annotations

import asyncio
import logging
import re
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from triage.api import errors
from triage.api.errors import body
from triage.settings import Settings, get_settings

log = logging.getLogger("triage.api")


async def _answers(url: str) -> bool:
    """Whether ``url`` answers 200 within a second."""
    import httpx

    try:
        async with httpx.AsyncClient(timeout=1.0) as client:
            return (await client.get(url)).status_code == 200
    except httpx.HTTPError:
        return False


class _AccessQueryMask(logging.Filter):
    """The access log without what a query string carries: an operator's search (``/v1/cases?q=138…``) is
    personal data (tester58 D8). Only the query's values go; paths and status stay. A probe
    (``/healthz``, ``/readyz``) is logged only when its answer changes: a start-up log was 75 lines of
    ``GET /readyz 503`` from the runner's own polling, once a second (tester58 D13)."""

    _QUERY_VALUE = re.compile(r"(?<=[?&])([^=&\s]+)=[^&\s\"]*")
    PROBES = ("/healthz", "/readyz")

    def __init__(self) -> None:
        super().__init__()
        self._probe_status: dict[str, object] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not (isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str)):
            return True
        path = args[2].split("?", 1)[0]
        if path in self.PROBES:
            status = args[4] if len(args) >= 5 else None
            if self._probe_status.get(path, object()) == status:
                return False
            self._probe_status[path] = status
        if "?" in args[2]:
            record.args = (*args[:2], self._QUERY_VALUE.sub(r"\1=…", args[2]), *args[3:])
        return True


def _mask_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, _AccessQueryMask) for f in access.filters):
        access.addFilter(_AccessQueryMask())


def create_app(settings: Settings | None = None, *, load: bool = True) -> FastAPI:
    """Build the app; with ``load`` the pipeline is loaded at start-up."""
    settings = settings or get_settings()
    _mask_access_log()

    from triage.cases import views as case_views

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        case_views.open_store(app, settings)  # migrate; on failure only the case endpoints 503
        app.state.pipeline = None
        if load:
            from triage.batcher import on_pipeline_thread
            from triage.pipeline import TriagePipeline

            try:  # built (and warmed up) on the thread that will run every triage: see triage.batcher
                app.state.pipeline = on_pipeline_thread(TriagePipeline, settings)
            except Exception as e:  # not ready: /readyz says why, /healthz still answers
                app.state.load_error = str(e)
                log.error("triage.api.load_failed %s", e)
            if app.state.pipeline is not None and app.state.db_sessions is not None:
                from triage.cases.index_sync import sync_from_db

                try:  # the database's cases into the similar-case index (stored vectors)
                    app.state.indexed_db_cases = on_pipeline_thread(sync_from_db, app.state.pipeline,
                                                                    app.state.db_sessions)
                except Exception as e:  # noqa: BLE001 - triage works without them; logged
                    log.error("triage.api.case_sync_failed %s", e)
        yield
        case_views.close_store(app, settings)

    # /docs with its script served here, not from a CDN; no /redoc (triage.api.docs_views)
    app = FastAPI(title="jiesu 接诉 API", version="0.1.0", lifespan=lifespan,
                  description="12345 热线工单分拣 / hotline triage", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.load_error = None
    errors.install(app)
    app.add_middleware(errors.BodyLimit)  # 413 for bodies over 1 MiB, before any parsing

    from fastapi import Depends

    from triage.api import triage_views
    from triage.auth import ROLES, require

    app.include_router(triage_views.router, dependencies=[Depends(require(*ROLES))])  # any role's token
    case_views.install(app)
    from triage.api import job_views  # POST /v1/train, GET /v1/jobs/{id} (supervisors)

    job_views.install(app)
    from triage.api import hot_views  # GET /v1/hot-issues (supervisors)

    app.include_router(hot_views.router)
    from triage.api import draft_views  # POST /v1/cases/{ref}/draft-reply, PUT /v1/cases/{ref}/reply (staff)

    draft_views.install(app)
    from triage.api import chat_views  # POST /v1/chat → the bot, and the /chat page (citizens)

    chat_views.install(app)
    from triage.web import views as web_views  # the pages, /static and the menus they fill
    web_views.install(app)
    from triage.api import docs_views  # /docs and its assets under /static-docs

    docs_views.install(app)

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"])
    async def readyz():
        pipe = app.state.pipeline
        if pipe is None:
            return JSONResponse(body(503, "未就绪", "not ready", app.state.load_error), status_code=503)
        out = {"status": "ready", "model": pipe.model_meta.get("id"), "cases": len(pipe.cases)}
        s = app.state.settings
        if s.bot_required:
            # the citizens' chat is part of the system `jiesu run` starts: ready once the bot (its
            # model loaded) and its action server answer (a tester saw ready 37 s before the bot)
            bot = await asyncio.gather(_answers(s.bot_url.rstrip("/") + "/"),
                                       _answers(s.bot_actions_url.rstrip("/") + "/health"))
            out["bot"] = "ready" if all(bot) else "starting"
            if not all(bot):
                missing = [n for n, ok in zip(("bot", "bot-actions"), bot) if not ok]
                return JSONResponse(body(503, "对话机器人尚未就绪，请稍候", "the chat bot is not answering yet",
                                         {"waiting_for": missing}), status_code=503)
        return out

    errors.document_errors(app)
    return app
