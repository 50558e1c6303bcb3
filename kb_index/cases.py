"""FAISS index over past cases: ids, masked texts, departments, reply excerpts.

The index structure follows the collection's size (``index_type``):

* ``flat`` — exact inner product (``IndexFlatIP``); deletes remove the vector at once;
* ``hnsw`` — ``IndexHNSWFlat`` (inner product, ``M`` = 32, ``efSearch`` tunable): ~1 ms per
  query at a million cases where exact search takes tens of milliseconds;
* ``ivf`` — ``IndexIVFFlat`` (inner product, ``nlist`` ≈ 4·√n trained on the cases themselves,
  ``nprobe`` tunable); retrained when the collection has grown fourfold since training;
* ``auto`` (default) — ``flat`` below ``hnsw_threshold`` (50,000) cases, ``hnsw`` above
  (and back to ``flat`` when a compaction finds fewer than 80 % of the threshold).

Every structure sits in an ``IndexIDMap2``, so ids are stable and vectors can be read back.
Cases can be added, updated and removed without a rebuild. HNSW cannot delete a vector, and
IVF's deletion does not fit the id map, so for those an update or delete puts the old vector's
id in a *tombstone* set: searches pass an ``IDSelector`` that excludes the tombstones, so FAISS
itself skips them and still returns ``k`` live hits (the filter is applied inside the search,
which makes an over-fetch unnecessary; hits are also checked against the live records). The
tombstoned vectors are dropped by a *compaction* (rebuild from the stored vectors, no
re-encoding) when they exceed ``compact_fraction`` of the index, and by ``save``.

The directory is written to a temporary name and swapped in, and ``meta.json`` (encoder,
dimension, count, fingerprint, index type and parameters) is checked on load.
"""

from __future__ import annotations

import json
import math
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from kb_index.atomic import recover_dir, swap_dir, temp_dir
from kb_index.sources import CaseRecord

FORMAT = 1
INDEX_TYPES = ("auto", "flat", "hnsw", "ivf")
SMALL_BATCH = 16   # query batches below this size are searched single-threaded
_FAISS_CLASS = {"flat": "IndexFlatIP", "hnsw": "IndexHNSWFlat", "ivf": "IndexIVFFlat"}


class IndexMismatch(RuntimeError):
    """An index directory that does not fit the encoder or this code's format."""


LARGE = 500_000  # HNSW searches with twice the beam from here on


@dataclass
class IndexParams:
    """How the case index is structured and searched (stored in ``meta.json``)."""

    index_type: str = "auto"        # auto | flat | hnsw | ivf
    hnsw_threshold: int = 50_000    # auto: exact below, HNSW from here on
    hnsw_m: int = 32                # HNSW graph degree
    ef_construction: int = 40       # HNSW build beam (FAISS default)
    ef_search: int = 256            # HNSW beam (≥ k); recall@10 at 100k: 0.96 at 128, 0.98 at 256
    ivf_nlist: int = 0              # IVF lists; 0: 4·√n at (re)training
    ivf_nprobe: int = 0             # IVF lists visited per query; 0: max(8, nlist / 16)
    compact_fraction: float = 0.2   # compact when tombstones exceed this share of the vectors

    def __post_init__(self) -> None:
        if self.index_type not in INDEX_TYPES:
            raise ValueError(f"未知索引类型 / unknown case index type {self.index_type!r}: "
                             f"{' | '.join(INDEX_TYPES)}")
        for name in ("hnsw_threshold", "hnsw_m", "ef_construction", "ef_search"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be ≥ 1")
        if self.ivf_nlist < 0 or self.ivf_nprobe < 0:
            raise ValueError("ivf_nlist / ivf_nprobe must be ≥ 0")
        if not 0.0 < self.compact_fraction <= 1.0:
            raise ValueError("compact_fraction must be in (0, 1]")


class CaseIndex:
    """Inner-product search over L2-normalized case embeddings (exact, HNSW or IVF)."""

    def __init__(self, dim: int, encoder: str, fingerprint: str = "", *,
                 index_type: str = "auto", **params: Any) -> None:
        self.dim = dim
        self.encoder = encoder
        self.fingerprint = fingerprint
        self.params = IndexParams(index_type=index_type, **params)
        self._records: dict[int, CaseRecord] = {}
        self._by_id: dict[str, int] = {}
        self._dead: set[int] = set()   # tombstones: ids still in the FAISS index, deleted
        self._selector: Any = None     # IDSelector excluding the tombstones (built lazily)
        self._next = 0
        self._lock = threading.RLock()
        self._kind = ""
        self._nlist = 0       # IVF: lists of the current structure
        self._trained_n = 0   # IVF: vectors it was trained on (0: not trained yet)
        self._install(*self._new_structure(self._target_kind(0), None))

    def __len__(self) -> int:
        return len(self._records)

    @property
    def kind(self) -> str:
        """The structure in use now: ``flat``, ``hnsw`` or ``ivf``."""
        return self._kind

    @property
    def tombstones(self) -> int:
        """Deleted or replaced vectors still held by an HNSW/IVF structure."""
        return len(self._dead)

    # -- structure -----------------------------------------------------------------------
    def _target_kind(self, n: int) -> str:
        p = self.params
        if p.index_type != "auto":
            return p.index_type
        if n >= p.hnsw_threshold:
            return "hnsw"
        # hysteresis: an HNSW index goes back to exact search only well below the threshold
        if self._kind == "hnsw" and n >= 0.8 * p.hnsw_threshold:
            return "hnsw"
        return "flat"

    def _new_structure(self, kind: str, train: np.ndarray | None
                       ) -> tuple[faiss.IndexIDMap2, str, int, int]:
        """An empty ``kind`` structure (IVF trained on ``train``), with its kind, nlist and
        training size; nothing of ``self`` changes until ``_install``."""
        p = self.params
        nlist = n = 0
        if kind == "flat":
            inner = faiss.IndexFlatIP(self.dim)
        elif kind == "hnsw":
            inner = faiss.IndexHNSWFlat(self.dim, p.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = p.ef_construction
            inner.hnsw.efSearch = p.ef_search
        elif kind == "ivf":
            n = 0 if train is None else len(train)
            nlist = p.ivf_nlist or round(4 * math.sqrt(max(n, 1)))
            nlist = max(1, min(nlist, n // 39 if n >= 39 else 1))   # FAISS wants ≥ 39 per list
            quantizer = faiss.IndexFlatIP(self.dim)
            inner = faiss.IndexIVFFlat(quantizer, self.dim, nlist, faiss.METRIC_INNER_PRODUCT)
            inner.own_fields = True
            quantizer.this.disown()   # owned by the IVF index now
            if n:
                # 64 points per list and 10 k-means rounds: coarse centroids lose little recall
                # (nprobe makes up for it) and train 10× faster than FAISS's 256 × 25
                sample = train
                if n > nlist * 64:
                    rng = np.random.default_rng(0)
                    sample = train[np.sort(rng.choice(n, nlist * 64, replace=False))]
                inner.cp.niter = 10
                inner.train(np.ascontiguousarray(sample, dtype=np.float32))
            inner.nprobe = self._nprobe(nlist)
        else:  # pragma: no cover - IndexParams validates
            raise ValueError(kind)
        return faiss.IndexIDMap2(inner), kind, nlist, n

    def _install(self, index: faiss.IndexIDMap2, kind: str, nlist: int, trained: int) -> None:
        """Make ``index`` the live structure; its vectors hold no tombstones."""
        self._index, self._kind, self._nlist, self._trained_n = index, kind, nlist, trained
        self._dead.clear()
        self._selector = None

    def _nprobe(self, nlist: int) -> int:
        return min(nlist, self.params.ivf_nprobe or max(8, nlist // 16))

    def _live(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) of the live entries, read back from the FAISS structure."""
        n = self._index.ntotal
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.dim), dtype=np.float32)
        ids = faiss.vector_to_array(self._index.id_map).astype(np.int64)
        vecs = faiss.downcast_index(self._index.index).reconstruct_n(0, n)
        if self._dead:
            keep = ~np.isin(ids, np.fromiter(self._dead, dtype=np.int64, count=len(self._dead)))
            ids, vecs = ids[keep], vecs[keep]
        return ids, vecs

    def _rebuild(self, kind: str | None = None) -> None:
        """Rebuild the structure from the live vectors (drops tombstones; may change kind)."""
        ids, vecs = self._live()
        kind = kind or self._target_kind(len(ids))
        built = self._new_structure(kind, vecs if kind == "ivf" else None)
        if len(ids):
            built[0].add_with_ids(vecs, ids)
        self._install(*built)

    def _maybe_restructure(self) -> None:
        n = len(self._records)
        target = self._target_kind(n)
        if target != self._kind:
            self._rebuild(target)
        elif self._dead and len(self._dead) > self.params.compact_fraction * self._index.ntotal:
            self._rebuild()
        elif (self._kind == "ivf" and not self.params.ivf_nlist
              and n >= 39 and n > 4 * max(self._trained_n, 1)):
            self._rebuild()   # grown fourfold since training: more lists, better centroids

    def compact(self) -> None:
        """Drop tombstoned vectors now (and re-choose the structure for the current size)."""
        with self._lock:
            self._rebuild()

    def set_index_type(self, index_type: str) -> None:
        """Switch to another structure (from the stored vectors, no re-encoding)."""
        with self._lock:
            self.params = IndexParams(**{**asdict(self.params), "index_type": index_type})
            self._rebuild()

    # -- mutation ------------------------------------------------------------------------
    def upsert(self, records: list[CaseRecord], vectors: np.ndarray) -> None:
        """Add cases (replacing any with the same id); searchable at once."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape != (len(records), self.dim):
            raise ValueError(f"向量维度不符 / vectors {vectors.shape} do not fit {len(records)}×{self.dim}")
        last: dict[str, int] = {r.id: j for j, r in enumerate(records)}   # a repeated id: last wins
        if len(last) != len(records):
            keep = sorted(last.values())
            records, vectors = [records[j] for j in keep], vectors[keep]
        if not records:
            return
        with self._lock:
            self._drop([self._by_id.pop(r.id) for r in records if r.id in self._by_id])
            if self._kind == "ivf" and self._trained_n == 0:
                # an untrained IVF (empty so far): train it on what there is now
                self._rebuild_with(vectors)
            ids = np.arange(self._next, self._next + len(records), dtype=np.int64)
            self._next += len(records)
            self._index.add_with_ids(vectors, ids)
            for i, r in zip(ids.tolist(), records):
                self._records[i] = r
                self._by_id[r.id] = i
            self._maybe_restructure()

    def _rebuild_with(self, extra: np.ndarray) -> None:
        """Rebuild as IVF trained on the live vectors plus ``extra`` (about to be added)."""
        ids, vecs = self._live()
        built = self._new_structure("ivf", np.vstack([vecs, extra]))
        if len(ids):
            built[0].add_with_ids(vecs, ids)
        self._install(*built)

    def remove(self, case_ids: Iterable[str]) -> int:
        """Delete cases by id; returns how many were removed."""
        with self._lock:
            ints = [self._by_id.pop(c) for c in dict.fromkeys(case_ids) if c in self._by_id]
            self._drop(ints)
            if ints:
                self._maybe_restructure()
            return len(ints)

    def _drop(self, ints: list[int]) -> None:
        if not ints:
            return
        for i in ints:
            self._records.pop(i, None)
        if self._kind == "flat":
            self._index.remove_ids(np.array(ints, dtype=np.int64))
        else:
            self._dead.update(ints)
            self._selector = None

    def get(self, case_id: str) -> CaseRecord | None:
        i = self._by_id.get(case_id)
        return self._records.get(i) if i is not None else None

    def vector(self, case_id: str) -> np.ndarray | None:
        """The stored vector of a case, or None (unknown id, or a structure that cannot give
        single vectors back, as IVF without a direct map)."""
        with self._lock:
            i = self._by_id.get(case_id)
            if i is None:
                return None
            try:
                return np.asarray(self._index.reconstruct(int(i)), dtype=np.float32)
            except RuntimeError:
                return None

    def records_and_vectors(self) -> tuple[list[CaseRecord], np.ndarray]:
        """Every live case with its vector (one row each, same order)."""
        with self._lock:
            ids, vecs = self._live()
            keep = [j for j, i in enumerate(ids.tolist()) if i in self._records]
            return [self._records[int(ids[j])] for j in keep], vecs[keep]

    # -- search --------------------------------------------------------------------------
    def _search_params(self, k: int) -> Any:
        p = self.params
        if self._kind == "hnsw":
            sp = faiss.SearchParametersHNSW()
            # from 500k vectors the beam doubles: at 1M, recall@10 is 0.94 at ef 256 and 0.95 at
            # 512 (p95 4.3 ms; bench/results/ann_1m.txt)
            sp.efSearch = max(p.ef_search * (2 if len(self) >= LARGE else 1), k)
        elif self._kind == "ivf":
            sp = faiss.SearchParametersIVF()
            sp.nprobe = self._nprobe(self._nlist)
        else:
            sp = faiss.SearchParameters()
        if self._dead:
            if self._selector is None:
                dead = np.fromiter(self._dead, dtype=np.int64, count=len(self._dead))
                batch = faiss.IDSelectorBatch(dead)
                self._selector = (faiss.IDSelectorNot(batch), batch)   # keep both alive
            sp.sel = self._selector[0]
        return sp

    def stored_vectors(self, items: Sequence[tuple[str, str]]) -> dict[int, np.ndarray]:
        """The vectors this index holds for ``(id, masked text)`` pairs, by the pair's position: those
        of the same id whose stored text is the same (the department model and the hot issues then
        encode only the others: minutes of the encoder on a fresh home)."""
        out: dict[int, np.ndarray] = {}
        for n, (cid, text) in enumerate(items):
            i = self._by_id.get(cid)
            rec = self._records.get(i) if i is not None else None
            if rec is not None and rec.text == text:
                out[n] = np.asarray(self._index.reconstruct(int(i)), dtype=np.float32)
        return out

    def search(self, vectors: np.ndarray, k: int = 10) -> list[list[dict[str, Any]]]:
        """For each query vector, hits best first: ``{"id","score","departments","source",…}``."""
        vectors = np.ascontiguousarray(np.atleast_2d(vectors), dtype=np.float32)
        if vectors.shape[1] != self.dim:
            raise ValueError(f"查询向量维度不符 / query dimension {vectors.shape[1]} != {self.dim}")
        with self._lock:
            if not self._records or k < 1:
                return [[] for _ in range(len(vectors))]
            kk = min(k, len(self._records))
            with _omp_threads(1 if len(vectors) < SMALL_BATCH else 0):
                scores, ids = self._index.search(vectors, kk, params=self._search_params(kk))
            out = []
            for srow, irow in zip(scores, ids):
                hits = []
                for s, i in zip(srow.tolist(), irow.tolist()):
                    r = self._records.get(i)
                    if i < 0 or r is None:
                        continue
                    hits.append({"id": r.id, "score": round(float(s), 4), "departments": r.departments,
                                 "departments_from": r.departments_from, "source": r.source,
                                 "text": r.text[:200], "reply": r.reply[:200], "time": r.time,
                                 "category": r.category})
                out.append(hits)
            return out

    # -- persistence ---------------------------------------------------------------------
    def index_info(self) -> dict[str, Any]:
        """Structure, parameters and sizes, as recorded in ``meta.json``."""
        info: dict[str, Any] = {"type": self._kind, "params": asdict(self.params),
                                "ntotal": int(self._index.ntotal), "tombstones": len(self._dead)}
        if self._kind == "ivf":
            info.update(nlist=self._nlist, nprobe=self._nprobe(self._nlist),
                        trained_on=self._trained_n)
        return info

    def save(self, d: Path, *, compact: bool = True) -> None:
        """Write to a temp dir beside ``d`` and swap it in; ``compact`` drops tombstones first
        (otherwise they are saved and filtered again after loading)."""
        d = Path(d)
        tmp = temp_dir(d)
        try:
            with self._lock:
                if compact and self._dead:
                    self._rebuild()
                faiss.write_index(self._index, str(tmp / "index.faiss"))
                with (tmp / "records.jsonl").open("w", encoding="utf-8") as fh:
                    for i, r in self._records.items():
                        fh.write(json.dumps({"_i": i, **r.to_dict()}, ensure_ascii=False) + "\n")
                meta = {"format": FORMAT, "kind": "cases", "encoder": self.encoder, "dim": self.dim,
                        "count": len(self._records), "next": self._next,
                        "fingerprint": self.fingerprint, "index": self.index_info(),
                        "tombstones": sorted(self._dead),
                        "faiss": faiss.__version__,
                        "created_at": datetime.now(UTC).isoformat(timespec="seconds")}
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
            swap_dir(tmp, d)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, d: Path, *, encoder: str | None = None, dim: int | None = None,
             ef_search: int | None = None, ivf_nprobe: int | None = None) -> CaseIndex:
        """Load from ``d``; refuses a different encoder, dimension, format or an inconsistent
        directory with a clear message. ``ef_search`` / ``ivf_nprobe`` override the stored
        search-time parameters."""
        d = Path(d)
        recover_dir(d)  # a save killed half-way: the previous index, nothing half-written
        meta = read_index_meta(d, kind="cases")
        if encoder is not None and meta["encoder"] != encoder:
            raise IndexMismatch(f"案例索引的编码器不符 / case index was built with encoder "
                                f"{meta['encoder']}, not {encoder}: rebuild it (jiesu setup)")
        if dim is not None and meta["dim"] != dim:
            raise IndexMismatch(f"案例索引维度不符 / case index has dimension {meta['dim']}, the "
                                f"encoder gives {dim}: rebuild it (jiesu setup)")
        info = meta.get("index") or {"type": "flat", "params": {}}   # written before index types
        known = {f.name for f in fields(IndexParams)}
        params = {k: v for k, v in (info.get("params") or {}).items() if k in known}
        if ef_search is not None:
            params["ef_search"] = ef_search
        if ivf_nprobe is not None:
            params["ivf_nprobe"] = ivf_nprobe
        try:
            idx = cls(meta["dim"], meta["encoder"], meta.get("fingerprint", ""), **params)
        except (TypeError, ValueError) as e:
            raise IndexMismatch(f"案例索引参数无效 / invalid index parameters in {d}: {e}") from e
        try:
            index = faiss.read_index(str(d / "index.faiss"))
        except RuntimeError as e:
            raise IndexMismatch(f"案例索引文件损坏 / unreadable {d / 'index.faiss'}: rebuild it") from e
        if index.d != meta["dim"]:
            raise IndexMismatch(f"索引维度不符 / index dimension {index.d} != meta {meta['dim']}")
        kind = info.get("type", "flat")
        inner = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap2) else None
        if kind not in _FAISS_CLASS or type(inner).__name__ != _FAISS_CLASS[kind]:
            raise IndexMismatch(f"案例索引类型不符 / {d}: meta says {kind}, index.faiss holds "
                                f"{type(inner or index).__name__}: rebuild it (jiesu setup)")
        idx._index, idx._kind = index, kind
        if kind == "hnsw":
            inner.hnsw.efSearch = idx.params.ef_search
        elif kind == "ivf":
            idx._nlist, idx._trained_n = int(inner.nlist), int(info.get("trained_on", inner.ntotal))
            inner.nprobe = idx._nprobe(idx._nlist)
        with (d / "records.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                i = row.pop("_i")
                rec = CaseRecord(**row)
                idx._records[i] = rec
                idx._by_id[rec.id] = i
        idx._dead = {int(i) for i in meta.get("tombstones", [])}
        idx._next = meta.get("next", len(idx._records))
        if (len(idx._records) != meta["count"]
                or len(idx._records) + len(idx._dead) != index.ntotal
                or len(idx._by_id) != len(idx._records)):
            raise IndexMismatch(f"案例索引不完整 / case index in {d} is inconsistent "
                                f"({len(idx._records)} records, {len(idx._dead)} tombstones, "
                                f"{index.ntotal} vectors, meta count {meta['count']})")
        stored = faiss.vector_to_array(index.id_map)
        if set(stored.tolist()) != set(idx._records) | idx._dead:
            raise IndexMismatch(f"案例索引不完整 / case index in {d}: vector ids do not match "
                                f"records.jsonl; rebuild it (jiesu setup)")
        return idx


@contextmanager
def _omp_threads(n: int) -> Iterator[None]:
    """Run FAISS with ``n`` OpenMP threads in this thread (0: unchanged).

    A single query gains nothing from a thread team, and on a busy machine waiting for the
    second thread to be scheduled costs tens of milliseconds (measured: exact search over 10k
    vectors, p50 56 ms with 2 threads, 1.8 ms with 1, under load)."""
    if n <= 0:
        yield
        return
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(n)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def read_index_meta(d: Path, *, kind: str) -> dict[str, Any]:
    """An index directory's ``meta.json``, checked for kind and format."""
    p = Path(d) / "meta.json"
    if not p.exists():
        raise IndexMismatch(f"索引不存在或不完整 / no index at {d}: run jiesu setup")
    meta = json.loads(p.read_text(encoding="utf-8"))
    if meta.get("kind") != kind or meta.get("format") != FORMAT:
        raise IndexMismatch(f"索引格式不符 / {d} holds kind={meta.get('kind')} "
                            f"format={meta.get('format')}, expected {kind}/{FORMAT}")
    return meta
