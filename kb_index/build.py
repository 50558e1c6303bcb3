"""Building the indexes from the data directory; each build is skipped when its fingerprint
(data files, encoder, options, code version) matches the index already there."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from classifier.data import fingerprint_files
from kb_index.cases import CaseIndex, IndexMismatch, read_index_meta
from kb_index.sources import iter_cases, source_paths

log = logging.getLogger("kb_index.build")

CASES_CODE_VERSION = "1"


@dataclass
class BuildResult:
    path: Path
    skipped: bool
    count: int
    seconds: float


def _existing_fingerprint(d: Path, kind: str) -> str | None:
    try:
        return read_index_meta(d, kind=kind).get("fingerprint")
    except (IndexMismatch, json.JSONDecodeError):
        return None


def build_case_index(data_dir: Path, out_dir: Path, encoder, *, sources: tuple[str, ...] = ("replied",),
                     limit: int | None = None, force: bool = False, batch: int = 64) -> BuildResult:
    """FAISS index over past cases of ``sources`` (masked), embedded with ``query: ``."""
    t0 = time.time()
    fp = fingerprint_files(source_paths(data_dir, sources),
                           extra=f"{sources}|{limit}|{encoder.name}|{CASES_CODE_VERSION}")
    if not force and _existing_fingerprint(out_dir, "cases") == fp:
        meta = read_index_meta(out_dir, kind="cases")
        return BuildResult(out_dir, True, meta["count"], time.time() - t0)
    records = list(iter_cases(data_dir, sources, limit=limit))
    index = CaseIndex(encoder.dim, encoder.name, fp)
    for i in tqdm(range(0, len(records), batch), desc="案例索引 / case index", unit="batch",
                  mininterval=2.0):
        chunk = records[i:i + batch]
        index.upsert(chunk, encoder.encode([r.text for r in chunk], prefix="query: "))
    index.save(out_dir)
    log.info("kb_index.build.cases count=%d seconds=%.1f", len(index), time.time() - t0)
    return BuildResult(out_dir, False, len(index), time.time() - t0)
