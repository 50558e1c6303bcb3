"""FAISS index over past cases: ids, masked texts, departments, reply excerpts.

Cases can be added, updated and removed without a rebuild; the directory is written to a
temporary name and swapped in, and ``meta.json`` (encoder, dimension, count, fingerprint) is
checked on load.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import faiss
import numpy as np

from kb_index.sources import CaseRecord

FORMAT = 1


class IndexMismatch(RuntimeError):
    """An index directory that does not fit the encoder or this code's format."""


class CaseIndex:
    """Exact inner-product search over L2-normalized case embeddings."""

    def __init__(self, dim: int, encoder: str, fingerprint: str = "") -> None:
        self.dim = dim
        self.encoder = encoder
        self.fingerprint = fingerprint
        self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self._records: dict[int, CaseRecord] = {}
        self._by_id: dict[str, int] = {}
        self._next = 0
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._records)

    # -- mutation ------------------------------------------------------------------------
    def upsert(self, records: list[CaseRecord], vectors: np.ndarray) -> None:
        """Add cases (replacing any with the same id); searchable at once."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape != (len(records), self.dim):
            raise ValueError(f"向量维度不符 / vectors {vectors.shape} do not fit {len(records)}×{self.dim}")
        with self._lock:
            self.remove([r.id for r in records if r.id in self._by_id])
            ids = np.arange(self._next, self._next + len(records), dtype=np.int64)
            self._next += len(records)
            self._index.add_with_ids(vectors, ids)
            for i, r in zip(ids.tolist(), records):
                self._records[i] = r
                self._by_id[r.id] = i

    def remove(self, case_ids: Iterable[str]) -> int:
        """Delete cases by id; returns how many were removed."""
        with self._lock:
            ints = [self._by_id.pop(c) for c in case_ids if c in self._by_id]
            if ints:
                self._index.remove_ids(np.array(ints, dtype=np.int64))
                for i in ints:
                    self._records.pop(i, None)
            return len(ints)

    def get(self, case_id: str) -> CaseRecord | None:
        i = self._by_id.get(case_id)
        return self._records.get(i) if i is not None else None

    # -- search --------------------------------------------------------------------------
    def search(self, vectors: np.ndarray, k: int = 10) -> list[list[dict[str, Any]]]:
        """For each query vector, hits best first: ``{"id","score","departments","source",…}``."""
        vectors = np.ascontiguousarray(np.atleast_2d(vectors), dtype=np.float32)
        with self._lock:
            if not self._records:
                return [[] for _ in range(len(vectors))]
            scores, ids = self._index.search(vectors, min(k, len(self._records)))
            out = []
            for srow, irow in zip(scores, ids):
                hits = []
                for s, i in zip(srow.tolist(), irow.tolist()):
                    r = self._records.get(i)
                    if i < 0 or r is None:
                        continue
                    hits.append({"id": r.id, "score": round(float(s), 4), "departments": r.departments,
                                 "source": r.source, "text": r.text[:200], "reply": r.reply[:200],
                                 "time": r.time})
                out.append(hits)
            return out

    # -- persistence ---------------------------------------------------------------------
    def save(self, d: Path) -> None:
        """Write to a temp dir beside ``d`` and swap it in."""
        d = Path(d)
        d.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=d.parent, prefix=f".tmp-{d.name}-"))
        try:
            with self._lock:
                faiss.write_index(self._index, str(tmp / "index.faiss"))
                with (tmp / "records.jsonl").open("w", encoding="utf-8") as fh:
                    for i, r in self._records.items():
                        fh.write(json.dumps({"_i": i, **r.to_dict()}, ensure_ascii=False) + "\n")
                meta = {"format": FORMAT, "kind": "cases", "encoder": self.encoder, "dim": self.dim,
                        "count": len(self._records), "next": self._next,
                        "fingerprint": self.fingerprint,
                        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
            _swap_dir(tmp, d)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, d: Path, *, encoder: str | None = None) -> "CaseIndex":
        """Load from ``d``; refuses a different encoder or format with a clear message."""
        meta = read_index_meta(d, kind="cases")
        if encoder is not None and meta["encoder"] != encoder:
            raise IndexMismatch(f"案例索引的编码器不符 / case index was built with encoder "
                                f"{meta['encoder']}, not {encoder}: rebuild it (jiesu setup)")
        idx = cls(meta["dim"], meta["encoder"], meta.get("fingerprint", ""))
        idx._index = faiss.read_index(str(Path(d) / "index.faiss"))
        if idx._index.d != meta["dim"]:
            raise IndexMismatch(f"索引维度不符 / index dimension {idx._index.d} != meta {meta['dim']}")
        with (Path(d) / "records.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                i = row.pop("_i")
                rec = CaseRecord(**row)
                idx._records[i] = rec
                idx._by_id[rec.id] = i
        idx._next = meta.get("next", len(idx._records))
        if len(idx._records) != idx._index.ntotal or len(idx._records) != meta["count"]:
            raise IndexMismatch(f"案例索引不完整 / case index in {d} is inconsistent "
                                f"({len(idx._records)} records, {idx._index.ntotal} vectors)")
        return idx


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


def _swap_dir(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new``: rename the old one away first, then delete it."""
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
