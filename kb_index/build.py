"""Building the indexes from the data directory; each build is skipped when its fingerprint
(data files, encoder, options, code version) matches the index already there."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from classifier.data import fingerprint_files
from kb_index.cases import CaseIndex, IndexMismatch, read_index_meta
from kb_index.sources import iter_cases, source_paths

log = logging.getLogger("kb_index.build")

CASES_CODE_VERSION = "2"  # 2: departments read from the reply's text where its units are generic


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


def _reusable_vectors(out_dir: Path, encoder_name: str) -> dict[tuple[str, str], np.ndarray]:
    """(id, masked text) → vector of the index already at ``out_dir`` when it was made with the
    same encoder: a rebuild (new code version, changed data file) encodes only what is new."""
    if not (Path(out_dir) / "meta.json").exists():
        return {}
    try:
        old = CaseIndex.load(Path(out_dir), encoder=encoder_name)
    except Exception as e:  # noqa: BLE001 - an unreadable old index: encode everything
        log.info("kb_index.build.cases.no_reuse %s", e)
        return {}
    recs, vecs = old.records_and_vectors()
    return {(r.id, r.text): v for r, v in zip(recs, vecs)}


def build_case_index(data_dir: Path, out_dir: Path, encoder, *, sources: tuple[str, ...] = ("replied",),
                     limit: int | None = None, force: bool = False, batch: int = 64,
                     index_type: str = "auto") -> BuildResult:
    """FAISS index over past cases of ``sources`` (masked), embedded with ``query: ``.

    ``index_type`` (auto | flat | hnsw | ivf) is not part of the fingerprint: a current index
    of another type is restructured from its stored vectors, without re-encoding the cases."""
    t0 = time.time()
    fp = fingerprint_files(source_paths(data_dir, sources),
                           extra=f"{sources}|{limit}|{encoder.name}|{CASES_CODE_VERSION}")
    if not force and _existing_fingerprint(out_dir, "cases") == fp:
        meta = read_index_meta(out_dir, kind="cases")
        configured = (meta.get("index") or {}).get("params", {}).get("index_type", "auto")
        if configured == index_type:
            return BuildResult(out_dir, True, meta["count"], time.time() - t0)
        try:
            index = CaseIndex.load(out_dir, encoder=encoder.name)
        except IndexMismatch:
            index = None
        if index is not None:
            index.set_index_type(index_type)
            index.save(out_dir)
            log.info("kb_index.build.cases.restructured type=%s count=%d", index.kind, len(index))
            return BuildResult(out_dir, False, len(index), time.time() - t0)
    records = list(iter_cases(data_dir, sources, limit=limit))
    index = CaseIndex(encoder.dim, encoder.name, fp, index_type=index_type)
    have = _reusable_vectors(out_dir, encoder.name)
    kept = [r for r in records if (r.id, r.text) in have]
    if kept:
        index.upsert(kept, np.stack([have[r.id, r.text] for r in kept]))
        log.info("kb_index.build.cases.reused count=%d", len(kept))
    todo = [r for r in records if (r.id, r.text) not in have]
    for i in tqdm(range(0, len(todo), batch), desc="案例索引 / case index", unit="batch",
                  mininterval=2.0):
        chunk = todo[i:i + batch]
        index.upsert(chunk, encoder.encode([r.text for r in chunk], prefix="query: "))
    index.save(out_dir)
    log.info("kb_index.build.cases count=%d seconds=%.1f", len(index), time.time() - t0)
    return BuildResult(out_dir, False, len(index), time.time() - t0)


REGS_CODE_VERSION = "1"


def build_regulation_index(data_dir: Path, out_dir: Path, encoder, *, dense: bool = True,
                           limit_laws: int | None = None, force: bool = False,
                           added: Path | None = None) -> BuildResult:
    """BM25 (+ dense ``passage:`` vectors when ``dense``) over the latest in-force articles.

    Statutes added or removed with ``jiesu kb add`` / ``kb remove`` (the store ``added``,
    by default ``<home>/kb_added`` for ``out_dir`` = ``<home>/indexes/regulations``) are applied
    on top of the data directory's, and are part of the fingerprint that decides the skip."""
    from kb_index.added import (
        ADDED_DIR,
        apply_overrides,
        overrides_fingerprint,
        regulation_build_fingerprint,
    )
    from kb_index.regulations import (
        QUERY_SYNONYMS,
        IndexFormatError,
        RegulationIndex,
        fingerprint_sources,
        load_statutes,
    )

    t0 = time.time()
    added = Path(added) if added is not None else Path(out_dir).parent.parent / ADDED_DIR
    articles = load_statutes(data_dir)
    if limit_laws is not None:
        keep = sorted({a.law for a in articles})[:limit_laws]
        articles = [a for a in articles if a.law in keep]
    enc_name = encoder.name if dense else None
    fp = fingerprint_sources(data_dir, {a.path for a in articles})
    base = f"{fp}|{enc_name}|{limit_laws}|{REGS_CODE_VERSION}"
    kb_fp = overrides_fingerprint(added)
    want = regulation_build_fingerprint(base, kb_fp)
    if not force and (out_dir / "meta.json").exists():
        try:
            meta = json.loads((out_dir / "meta.json").read_text(encoding="utf-8"))
            if meta.get("build_fingerprint") == want:
                idx = RegulationIndex.load(out_dir)  # still loadable?
                if not kb_fp and idx.synonyms != QUERY_SYNONYMS:
                    # the code's thesaurus grew since the build: the new one, same articles and vectors
                    idx.synonyms = dict(QUERY_SYNONYMS)
                    idx.save(out_dir)
                    log.info("kb_index.build.regulations thesaurus updated (%d words)", len(QUERY_SYNONYMS))
                return BuildResult(out_dir, True, meta["count"], time.time() - t0)
        except (json.JSONDecodeError, IndexFormatError, KeyError):
            pass
    if kb_fp:
        articles = apply_overrides(articles, added)
    embed = None
    if dense:
        bar = tqdm(total=len(articles), desc="法规向量 / article vectors", unit="art", mininterval=2.0)

        def embed(texts: list[str]):
            v = encoder.encode(texts, prefix="passage: ")
            bar.update(len(texts))
            return v

    # with added statutes the articles are not all files of data_dir: fingerprint the articles
    idx = RegulationIndex().build(articles, embed=embed, encoder_name=enc_name,
                                  data_dir=None if kb_fp else data_dir)
    if dense:
        bar.close()
    idx.meta.update(build_fingerprint=want, build_base=base, limit_laws=limit_laws)
    idx.save(out_dir)
    log.info("kb_index.build.regulations count=%d seconds=%.1f", len(articles), time.time() - t0)
    return BuildResult(out_dir, False, len(articles), time.time() - t0)
