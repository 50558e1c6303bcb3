"""The case database's cases in the similar-case index.

A filed case is searchable at once (``source: "db"``, id ``db-<number>``): its vector is the one
the triage computed, kept in ``case_vectors`` with the case. It votes for a department only once
an operator has decided one (a suggestion must not vote for itself); the decision updates the
index entry in place. The index on disk is the one ``jiesu setup`` built from the data directory;
at start-up the server adds the database's cases from their stored vectors (a vector of another
encoder, or a missing one, is encoded again and stored), so nothing depends on the index files
being rewritten while serving, and a crash cannot leave a half-written index behind.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kb_index.sources import CaseRecord
from triage.cases.models import Case, CaseVector

log = logging.getLogger("triage.cases.index")

SOURCE = "db"
_BATCH = 256


def record_id(case: Case) -> str:
    return f"{SOURCE}-{case.number}"


def record_of(case: Case) -> CaseRecord:
    """How the index stores a database case: masked text only; its department and category once
    decided."""
    text = "\n".join(x for x in (case.title or "", case.text or "") if x.strip())
    return CaseRecord(id=record_id(case), source=SOURCE, text=text,
                      departments=[case.decided_department] if case.decided_department else [],
                      time=case.time.isoformat() if case.time else "",
                      category=case.decided_category or "")


def _to_bytes(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype="<f4").ravel().tobytes()


def _from_bytes(b: bytes, dim: int) -> np.ndarray | None:
    v = np.frombuffer(b, dtype="<f4")
    return v if v.size == dim else None


def store_vector(case_id: int, vector: np.ndarray, encoder: str, *, db_session: Session) -> None:
    """Keep a case's vector (in the caller's transaction)."""
    row = db_session.get(CaseVector, case_id)
    if row is None:
        db_session.add(CaseVector(case_id=case_id, encoder=encoder, vector=_to_bytes(vector)))
    else:
        row.encoder, row.vector = encoder, _to_bytes(vector)


def _upsert(pipeline: Any, records: Sequence[CaseRecord], vectors: np.ndarray) -> None:
    pipeline.cases.upsert(list(records), np.asarray(vectors, dtype=np.float32))  # under the index's lock


def _encode(pipeline: Any, cases: Sequence[Case]) -> np.ndarray:
    from triage.batcher import PipelineThreadEncoder

    # in chunks on the pipeline thread (see triage.batcher): triage batches interleave with a long
    # start-up sync instead of waiting for all of it
    return PipelineThreadEncoder(pipeline.encoder).encode([c.text or "" for c in cases], prefix="query: ")


def learn_places(pipeline: Any, cases: Sequence[Case]) -> None:
    """Where these cases placed the communities and roads they name (``triage.place_memory``)."""
    places = getattr(pipeline, "places", None)
    if places is None:
        return
    for c in cases:
        places.learn(c.number, (c.suggestion or {}).get("entities"))


def index_case(pipeline: Any, case: Case, *, db_session: Session, vector: np.ndarray | None = None) -> bool:
    """Add or update one case in the live index; its vector from ``vector``, the database, or the
    encoder (then stored). Never raises: the case is stored whatever happens to the index."""
    if pipeline is None or getattr(pipeline, "cases", None) is None:
        return False
    learn_places(pipeline, [case])
    try:
        enc = pipeline.encoder.name
        if vector is None:
            row = db_session.get(CaseVector, case.id)
            if row is not None and row.encoder == enc:
                vector = _from_bytes(row.vector, pipeline.cases.dim)
        if vector is None:
            vector = _encode(pipeline, [case])[0]
            store_vector(case.id, vector, enc, db_session=db_session)
            db_session.commit()
        _upsert(pipeline, [record_of(case)], np.asarray(vector)[None, :])
        return True
    except Exception:
        log.exception("triage.cases.index_failed case=%s", case.id)
        return False


def sync_from_db(pipeline: Any, factory: sessionmaker[Session]) -> dict[str, int]:
    """Add every database case to ``pipeline.cases`` (start-up); returns counts."""
    t0 = time.time()
    enc, dim = pipeline.encoder.name, pipeline.cases.dim
    added = encoded = 0
    last_id = 0
    while True:
        with factory() as db:
            rows = db.execute(select(Case, CaseVector).outerjoin(CaseVector, CaseVector.case_id == Case.id)
                              .where(Case.id > last_id).order_by(Case.id).limit(_BATCH)).all()
            if not rows:
                break
            last_id = rows[-1][0].id
            cases = [c for c, _ in rows]
            vecs: list[np.ndarray | None] = [
                _from_bytes(v.vector, dim) if v is not None and v.encoder == enc else None for _, v in rows]
            missing = [i for i, v in enumerate(vecs) if v is None]
            if missing:
                new = _encode(pipeline, [cases[i] for i in missing])
                for i, v in zip(missing, new, strict=True):
                    vecs[i] = v
                    store_vector(cases[i].id, v, enc, db_session=db)
                db.commit()
                encoded += len(missing)
            _upsert(pipeline, [record_of(c) for c in cases], np.stack(vecs))  # type: ignore[arg-type]
            learn_places(pipeline, cases)
            added += len(cases)
    if added:
        log.info("triage.cases.index_synced cases=%d encoded=%d seconds=%.1f", added, encoded, time.time() - t0)
    return {"cases": added, "encoded": encoded}
