"""Retraining jobs and the rows supervisors add: tables, service functions and the job runner.

``POST /v1/train`` stores a ``train_jobs`` row and runs ``classifier.retrain.retrain`` in a
thread of the API process, one job at a time (a second start is 409 while one is queued or
running). The thread writes its stage and percent into the row, then the result or the error,
so ``GET /v1/jobs/{id}`` works from any process and after a restart. A job whose process died
(same host, process gone) is marked failed with ``interrupted`` the next time jobs are read.

``labelled_rows`` keeps the examples supervisors add (``jiesu train --add-rows``), masked: every
later retraining uses them again, so a label added once stays in the model.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from triage.api.errors import ApiError
from triage.db import Base, UtcDateTime, utcnow

log = logging.getLogger("triage.jobs")

JobState = Literal["queued", "running", "succeeded", "failed"]
JOB_STATES: tuple[str, ...] = get_args(JobState)
LIVE_STATES = ("queued", "running")
INTERRUPTED = "interrupted"

# Stage codes the retraining reports, with the words the dashboard shows.
STAGES_ZH = {
    "queued": "排队中", "data": "准备数据", "embed": "编码文本", "fit": "训练模型", "calibrate": "校准置信度",
    "refit": "全量重训", "save": "保存版本", "evaluate": "固定评估集上比较", "reference": "重训参照模型",
    "promote": "决定是否启用", "reload": "服务切换新模型", "done": "完成", "failed": "失败",
    "cancelled": "已取消",
}


class JobCancelled(Exception):
    """Raised inside a job's progress report once a supervisor cancelled it."""

# One token per process: tells this process's jobs from a dead predecessor's with the same pid.
_PROCESS = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def process_owner() -> str:
    return _PROCESS


def _in(col: str, values: tuple[str, ...]) -> str:
    return f"{col} IN ({', '.join(repr(v) for v in values)})"


# -- tables ------------------------------------------------------------------------------------

class TrainJob(Base):
    """One retraining run: parameters, progress, and the comparison it ended with."""

    __tablename__ = "train_jobs"
    __table_args__ = (CheckConstraint(_in("state", JOB_STATES), name="state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    percent: Mapped[int] = mapped_column(Integer, default=0)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))  # host:pid:token of the process running it
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class AddedRow(Base):
    """A labelled example a supervisor added (masked text); possibly of a new label."""

    __tablename__ = "labelled_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(64), index=True)
    text_sha: Mapped[str] = mapped_column(String(64), unique=True)  # one label per text
    source: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


# -- shapes ------------------------------------------------------------------------------------

MODEL_KIND_NAMES = ("e5_ngram", "tfidf_svm")
Kind = Literal["e5_ngram", "tfidf_svm"]


class TrainRequest(BaseModel):
    """What a retraining job should do; every field optional (defaults from the settings)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Kind | None = Field(default=None, description="e5_ngram | tfidf_svm；默认取 JIESU_TRAIN_KIND")
    limit: int | None = Field(default=None, ge=100, le=10_000_000,
                              description="只用部分标注数据（调试、测试）/ labelled-row subset")
    from_db: bool = Field(default=True, description="合并案件库中坐席确认或更正的案件")
    force: bool = Field(default=False, description="即使比当前版本差也启用 / promote even if worse")


class JobError(BaseModel):
    zh: str
    en: str


class JobRead(BaseModel):
    """A retraining job as the dashboard polls it."""

    id: int
    state: JobState
    stage: str
    stage_zh: str
    percent: int
    params: dict[str, Any]
    model_id: str | None = Field(default=None, description="训练并保存的候选版本（无论是否启用）/ the candidate "
                                                        "version this job trained and saved, promoted or not; "
                                                        "null until the job succeeds")
    promoted: bool | None = Field(default=None, description="候选版本是否已启用 / whether the candidate was "
                                                          "promoted (refused: it stays saved, inactive)")
    result: dict[str, Any] | None = Field(description="candidate id, both models' metrics on the fixed "
                                                      "evaluation split, promoted, reason")
    error: JobError | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobList(BaseModel):
    items: list[JobRead]


def job_read(job: TrainJob) -> JobRead:
    err = None
    if job.error:
        zh, _, en = job.error.partition(" / ")
        err = JobError(zh=zh, en=en or zh)
    res = job.result or {}
    # a job stored before ``model_id`` was written has the candidate as ``candidate_id`` only
    return JobRead(id=job.id, state=job.state, stage=job.stage, stage_zh=STAGES_ZH.get(job.stage, job.stage),
                   percent=job.percent, params=job.params or {},
                   model_id=res.get("model_id") or res.get("candidate_id"), promoted=res.get("promoted"),
                   result=job.result, error=err,
                   created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at)


# -- service -----------------------------------------------------------------------------------

class JobNotFound(ApiError):
    def __init__(self, job_id: object) -> None:
        super().__init__(404, "训练任务不存在", "training job not found", {"job": str(job_id)})


class JobBusy(ApiError):
    def __init__(self, job_id: int) -> None:
        super().__init__(409, "已有训练任务在进行，请等待其结束", "a training job is already queued or running",
                         {"job": job_id})


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _owner_dead(owner: str, running_here: set[int], job_id: int) -> bool:
    """Whether the process that ran this job is known to be gone."""
    if owner == _PROCESS:
        return job_id not in running_here  # ours, but no thread holds it (a failed start)
    host, _, rest = owner.partition(":")
    pid_s = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_s.isdigit():
        return False  # another machine's job: it reports its own end
    pid = int(pid_s)
    return pid == os.getpid() or not _pid_alive(pid)


def reap_interrupted(*, running_here: Iterable[int] = (), db_session: Session) -> list[int]:
    """Mark queued or running jobs whose process died as failed (``interrupted``); returns ids."""
    here = set(running_here)
    now = utcnow()
    dead = []
    for job in db_session.scalars(select(TrainJob).where(TrainJob.state.in_(LIVE_STATES))):
        if _owner_dead(job.owner, here, job.id):
            job.state, job.stage, job.finished_at, job.updated_at = "failed", "failed", now, now
            job.error = "任务中断：服务进程在任务完成前退出 / interrupted: the server process ended before the job finished"
            dead.append(job.id)
    if dead:
        db_session.commit()
        log.warning("triage.jobs.interrupted ids=%s", dead)
    return dead


def live_job(*, db_session: Session) -> TrainJob | None:
    return db_session.scalar(select(TrainJob).where(TrainJob.state.in_(LIVE_STATES)).order_by(TrainJob.id))


def create_job(params: dict[str, Any], *, user_id: int | None, db_session: Session) -> TrainJob:
    """A queued job owned by this process; 409 when another is queued or running."""
    busy = live_job(db_session=db_session)
    if busy is not None:
        raise JobBusy(busy.id)
    now = utcnow()
    job = TrainJob(state="queued", stage="queued", percent=0, params=params, owner=_PROCESS,
                   created_by=user_id, created_at=now, updated_at=now)
    db_session.add(job)
    db_session.commit()
    return job


def get_job(job_id: int, *, db_session: Session) -> TrainJob:
    job = db_session.get(TrainJob, job_id)
    if job is None:
        raise JobNotFound(job_id)
    return job


def list_jobs(*, limit: int = 20, db_session: Session) -> list[TrainJob]:
    return list(db_session.scalars(select(TrainJob).order_by(TrainJob.id.desc()).limit(limit)))


def _update(sessions: Any, job_id: int, **fields: Any) -> None:
    with sessions() as s:
        job = s.get(TrainJob, job_id)
        if job is None:
            return
        for k, v in fields.items():
            setattr(job, k, v)
        job.updated_at = utcnow()
        s.commit()


# -- added rows --------------------------------------------------------------------------------

def text_sha(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\x00{text}".encode()).hexdigest()


def add_rows(rows: Iterable[dict[str, str]], *, source: str | None, db_session: Session) -> tuple[int, int]:
    """Store masked ``{title?, text, label}`` rows; a text already stored is kept as it is.
    Returns (added, duplicates)."""
    from nlu import mask_pii

    added = dup = 0
    seen = set(db_session.scalars(select(AddedRow.text_sha)))
    now = utcnow()
    for r in rows:
        title = mask_pii(r.get("title") or "")[0]
        text = mask_pii(r["text"])[0]
        sha = text_sha(title, text)
        if sha in seen:
            dup += 1
            continue
        seen.add(sha)
        db_session.add(AddedRow(title=title, text=text, label=r["label"].strip(), text_sha=sha,
                                source=(source or None) and source[:200], created_at=now))
        added += 1
    db_session.commit()
    return added, dup


def added_label_counts(*, db_session: Session) -> dict[str, int]:
    from sqlalchemy import func

    return {lab: int(n) for lab, n in db_session.execute(
        select(AddedRow.label, func.count(AddedRow.id)).group_by(AddedRow.label)).all()}


# -- runner ------------------------------------------------------------------------------------

class JobRunner:
    """Runs one retraining job at a time in a daemon thread of this process."""

    def __init__(self, settings: Any, sessions: Any, app_state: Any) -> None:
        self.settings, self.sessions, self.state = settings, sessions, app_state
        self._lock = threading.Lock()
        self._threads: dict[int, threading.Thread] = {}
        self._cancel: set[int] = set()

    def cancel(self, job_id: int) -> bool:
        """Ask a job of this process to stop at its next progress report; False when it is not
        running here (finished, or another process's)."""
        with self._lock:
            t = self._threads.get(job_id)
            if t is None or not t.is_alive():
                return False
            self._cancel.add(job_id)
            return True

    def running_ids(self) -> set[int]:
        with self._lock:
            return {jid for jid, t in self._threads.items() if t.is_alive()}

    def submit(self, req: TrainRequest, *, user_id: int | None) -> TrainJob:
        """Create the job row (409 when one is live) and start its thread."""
        params = {"kind": req.kind or self.settings.train_kind,
                  "limit": req.limit if req.limit is not None else self.settings.train_limit,
                  "from_db": req.from_db, "force": req.force}
        with self._lock:  # one process: no two submits race between the check and the insert
            with self.sessions() as s:
                reap_interrupted(running_here={j for j, t in self._threads.items() if t.is_alive()},
                                 db_session=s)
                job = create_job(params, user_id=user_id, db_session=s)
            t = threading.Thread(target=self._run, args=(job.id, params), name=f"train-job-{job.id}",
                                 daemon=True)
            self._threads[job.id] = t
            t.start()
        log.info("triage.jobs.started id=%d kind=%s limit=%s", job.id, params["kind"], params["limit"])
        return job

    def _retrain_departments(self, pipe: Any, encoder: Any) -> dict[str, Any]:
        """The department model again with the operators' decisions, served at once (a failure
        here leaves the category retraining's result as it is)."""
        from classifier.department import load_department_model
        from triage.setup import department_summary, train_department_model

        try:
            enc = encoder if encoder is not None else self.settings.load_encoder()
            r = train_department_model(self.settings, enc, only_with_decisions=True)
            if pipe is not None and not r.get("skipped") and not r.get("kept"):
                pipe.dept_model = load_department_model(self.settings.models_dir, pipe.encoder.name)
            return department_summary(r)
        except Exception as e:  # noqa: BLE001 - the category result stands; say why this did not
            log.exception("triage.jobs.departments_failed")
            return {"error": f"部门模型未更新 / department model not retrained: {type(e).__name__}: {str(e)[:200]}"}

    def _run(self, job_id: int, params: dict[str, Any]) -> None:
        from classifier.retrain import retrain
        from triage.batcher import PipelineThreadEncoder

        _update(self.sessions, job_id, state="running", stage="data", percent=1, started_at=utcnow())
        last = {"stage": "data", "percent": 1}

        def progress(stage: str, percent: float) -> None:
            if job_id in self._cancel:
                raise JobCancelled()
            pct = int(max(0, min(99, percent)))
            if stage != last["stage"] or pct != last["percent"]:
                last.update(stage=stage, percent=pct)
                _update(self.sessions, job_id, stage=stage, percent=pct)

        try:
            pipe = getattr(self.state, "pipeline", None)
            encoder = PipelineThreadEncoder(pipe.encoder) if pipe is not None else None
            res = retrain(self.settings, force=params["force"], kind=params["kind"], limit=params["limit"],
                          from_db=params["from_db"], encoder=encoder, progress=progress)
            out = res.to_dict()
            # the saved candidate under the name ``jiesu train`` prints it by: a refused one is kept
            # (inactive, promotable later), and a result without its id read as "nothing saved"
            out["model_id"] = res.candidate_id
            if not res.promoted:
                out["note"] = (f"候选版本 {res.candidate_id} 已保存但未启用（可在主管看板或用 jiesu models promote "
                               f"{res.candidate_id} 启用）/ candidate {res.candidate_id} was saved but not "
                               f"promoted (promote it on the dashboard or with jiesu models promote "
                               f"{res.candidate_id})")
            if res.promoted and pipe is not None:
                progress("reload", 99)
                from triage.model_reload import reload_model

                out["served"] = reload_model(pipe)
            if params["from_db"]:
                out["departments"] = self._retrain_departments(pipe, encoder)
            _update(self.sessions, job_id, state="succeeded", stage="done", percent=100, result=out,
                    finished_at=utcnow())
            log.info("triage.jobs.succeeded id=%d candidate=%s promoted=%s", job_id, res.candidate_id,
                     res.promoted)
        except JobCancelled:
            log.info("triage.jobs.cancelled id=%d stage=%s", job_id, last["stage"])
            _update(self.sessions, job_id, state="failed", stage="cancelled", finished_at=utcnow(),
                    error=f"已由主管取消（在“{STAGES_ZH.get(last['stage'], last['stage'])}”阶段），当前启用的模型不变 / "
                          f"cancelled by a supervisor (at stage {last['stage']}); the active model is unchanged")
        except Exception as e:
            msg = str(e)[:400]
            if " / " not in msg:
                msg = f"训练失败：{type(e).__name__} / training failed: {type(e).__name__}: {msg}"
            log.exception("triage.jobs.failed id=%d %s", job_id, type(e).__name__)
            _update(self.sessions, job_id, state="failed", stage="failed", error=msg, finished_at=utcnow())
        finally:
            with self._lock:
                self._threads.pop(job_id, None)
                self._cancel.discard(job_id)
