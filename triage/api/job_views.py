"""``POST /v1/train`` and ``GET /v1/jobs[/{id}]``: supervisors start a retraining job and watch it.

One job at a time per database (409 while one is queued or running). The job runs in a thread
of this process (``triage.jobs.JobRunner``); when it promotes a candidate, this server's pipeline
switches to it at once. Jobs are rows in ``train_jobs``: past jobs survive a restart, and a job
whose process died is reported failed (``interrupted``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, FastAPI, Request
from fastapi import Path as PathParam

from triage.api.errors import ApiError
from triage.auth import DbSession, Supervisor
from triage.cases import service
from triage.cases.views import _BodyErrorsAre422
from triage.jobs import (
    JobList,
    JobRead,
    JobRunner,
    TrainRequest,
    get_job,
    job_read,
    list_jobs,
    reap_interrupted,
)

router = APIRouter(prefix="/v1", tags=["supervisor"], route_class=_BodyErrorsAre422)


def _runner(request: Request) -> JobRunner:
    from triage.auth import sessions_of

    app_state = request.app.state
    runner = getattr(app_state, "job_runner", None)
    if runner is None:
        runner = app_state.job_runner = JobRunner(app_state.settings, sessions_of(request), app_state)
    return runner


@router.post("/train", response_model=JobRead, status_code=202)
def start_training(user: Supervisor, request: Request, db: DbSession,
                   data: Annotated[TrainRequest | None, Body()] = None) -> JobRead:
    """重新训练 / start a retraining job: candidate vs active on the fixed split, promoted if not worse."""
    req = data or TrainRequest()
    job = _runner(request).submit(req, user_id=user.id)
    service.audit("train", user=user, detail=f"job={job.id} kind={job.params['kind']} "
                                             f"limit={job.params['limit']} force={int(req.force)}"[:200],
                  db_session=db)
    db.commit()
    return job_read(get_job(job.id, db_session=db))


@router.get("/jobs", response_model=JobList)
def recent_jobs(user: Supervisor, request: Request, db: DbSession) -> JobList:
    """最近的训练任务 / the 20 most recent jobs, newest first."""
    reap_interrupted(running_here=_runner(request).running_ids(), db_session=db)
    return JobList(items=[job_read(j) for j in list_jobs(db_session=db)])


@router.get("/jobs/{job_id}", response_model=JobRead)
def job_status(job_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)], user: Supervisor, request: Request,
               db: DbSession) -> JobRead:
    """训练任务进度与结果 / a job's state, stage, percent, times and result."""
    reap_interrupted(running_here=_runner(request).running_ids(), db_session=db)
    return job_read(get_job(job_id, db_session=db))


@router.post("/jobs/{job_id}/cancel", response_model=JobRead, status_code=202)
def cancel_job(job_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)], user: Supervisor, request: Request,
               db: DbSession) -> JobRead:
    """取消训练任务 / stop a running job at its next step (the active model is unchanged); 409 when it
    is not running in this server."""
    job = get_job(job_id, db_session=db)
    if not _runner(request).cancel(job_id):
        raise ApiError(409, "该任务未在运行，无法取消", "the job is not running in this server; nothing to cancel",
                       {"state": job.state})
    service.audit("train_cancel", user=user, detail=f"job={job_id}", db_session=db)
    db.commit()
    return job_read(get_job(job_id, db_session=db))


def install(app: FastAPI) -> None:
    app.include_router(router)
