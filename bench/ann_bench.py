"""Case index structures at scale: exact (flat), IVF and HNSW through ``kb_index.cases.CaseIndex``.

Synthetic 384-d normalized vectors shaped like sentence embeddings (a shared direction, topics,
sub-topics, low-rank within-topic variation: mean cosine ≈ 0.6, nearest neighbour ≈ 0.9) at
10k and 100k cases, and 1M with ``--full``. For each structure: build time (all vectors in one
``upsert``), index size (FAISS serialization, counted without writing it) and RSS growth while
building, p50 / p95 latency of single-query ``search(k=10)`` calls (the API's access pattern),
and recall@10 against exact search. ``--ef`` / ``--nprobe`` add operating points for the same
built HNSW / IVF index.

    .venv/bin/python bench/ann_bench.py            # 10k + 100k, ≤ 3 min on 2 cores
    .venv/bin/python bench/ann_bench.py --full     # + 1M (about 6 GB RAM, tens of minutes)

Prints a table; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import faiss

from kb_index.cases import CaseIndex
from kb_index.sources import CaseRecord

DIM = 384
TARGET_1M = {"p95_ms": 5.0, "recall_at_10": 0.95}


def synthetic(n: int, *, seed: int = 0) -> np.ndarray:
    """``n`` normalized vectors (see module docstring); same generator as the recall test."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(DIM).astype(np.float32)
    common /= np.linalg.norm(common)
    topics = rng.standard_normal((max(20, n // 2000), DIM)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    subs = rng.standard_normal((n // 100 + 1, DIM)).astype(np.float32)
    subs /= np.linalg.norm(subs, axis=1, keepdims=True)
    basis = np.linalg.qr(rng.standard_normal((DIM, 48)))[0].T.astype(np.float32)
    out = np.empty((n, DIM), dtype=np.float32)
    for s in range(0, n, 100_000):   # in chunks: a 1M float64 temporary would need 3 GB
        m = min(100_000, n - s)
        x = (0.8 * common + 0.4 * topics[rng.integers(0, len(topics), m)]
             + 0.3 * subs[rng.integers(0, len(subs), m)]
             + (0.35 / np.sqrt(48)) * rng.standard_normal((m, 48)).astype(np.float32) @ basis
             + (0.1 / np.sqrt(DIM)) * rng.standard_normal((m, DIM)).astype(np.float32))
        out[s:s + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def rss() -> int:
    """Resident set size of this process in bytes."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def index_bytes(idx: CaseIndex) -> int:
    """Size of the FAISS structure as serialized (what ``save`` writes), counted in passing."""
    total = 0

    def count(chunk: bytes) -> int:
        nonlocal total
        total += len(chunk)
        return len(chunk)

    faiss.write_index(idx._index, faiss.PyCallbackIOWriter(count))
    return total


def latencies(idx: CaseIndex, queries: np.ndarray,
              k: int = 10) -> tuple[np.ndarray, np.ndarray, list[set[int]]]:
    """Per-query wall and CPU time (ms) of single-query searches, and the hit ids.

    Single queries run in one thread, so the thread's CPU time is the latency an idle machine
    would show; wall time includes waiting for a core on a shared one."""
    for q in queries[:10]:   # warm-up
        idx.search(q, k=k)
    wall, cpu, hits = [], [], []
    for q in queries:
        t, c = time.perf_counter(), time.thread_time()
        row = idx.search(q, k=k)[0]
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
        hits.append({int(h["id"]) for h in row})
    return np.asarray(wall), np.asarray(cpu), hits


def recall(hits: list[set[int]], truth: np.ndarray) -> float:
    return float(np.mean([len(h & set(t.tolist())) / truth.shape[1] for h, t in zip(hits, truth)]))


def _trim() -> None:
    """Collect garbage and hand freed heap back to the OS, so that RSS deltas mean something."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def build(kind: str, base: np.ndarray, records: list[CaseRecord], **params) -> tuple[CaseIndex, dict]:
    _trim()
    r0, t0 = rss(), time.perf_counter()
    idx = CaseIndex(DIM, "synthetic", index_type=kind, **params)
    idx.upsert(records, base)
    info = {"build_s": round(time.perf_counter() - t0, 2), "rss_delta_bytes": rss() - r0,
            "index_bytes": index_bytes(idx)}
    return idx, info


def measure(idx: CaseIndex, queries: np.ndarray, truth: np.ndarray | None) -> dict:
    t, c, hits = latencies(idx, queries)
    return {"p50_ms": round(float(np.percentile(t, 50)), 3),
            "p95_ms": round(float(np.percentile(t, 95)), 3),
            "p50_cpu_ms": round(float(np.percentile(c, 50)), 3),
            "p95_cpu_ms": round(float(np.percentile(c, 95)), 3),
            "recall_at_10": round(recall(hits, truth), 4) if truth is not None else 1.0}


def run_size(n: int, n_queries: int, efs: list[int], nprobes: list[int], kinds: list[str],
             log) -> list[dict]:
    x = synthetic(n + n_queries, seed=n)
    base, queries = x[:n], np.ascontiguousarray(x[n:])
    del x
    records = [CaseRecord(id=str(i), source="bench", text="") for i in range(n)]
    rows: list[dict] = []

    idx, info = build("flat", base, records)
    t = time.perf_counter()
    truth = np.asarray([[int(h["id"]) for h in row] for row in idx.search(queries, k=10)])
    log(f"  n={n:,}: exact ground truth for {n_queries} queries in {time.perf_counter() - t:.1f}s")
    if "flat" in kinds:
        rows.append({"n": n, "method": "exact", "params": "IndexFlatIP", **info,
                     **measure(idx, queries, None)})
        log(_fmt(rows[-1]))
    del idx
    if "ivf" in kinds:
        idx, info = build("ivf", base, records)
        nlist = idx.index_info()["nlist"]
        for npb in nprobes or [0]:
            idx.params.ivf_nprobe = npb
            rows.append({"n": n, "method": "ivf",
                         "params": f"nlist={nlist} nprobe={idx._nprobe(nlist)}",
                         **info, **measure(idx, queries, truth)})
            log(_fmt(rows[-1]))
        del idx
    if "hnsw" in kinds:
        idx, info = build("hnsw", base, records)
        for ef in efs:
            idx.params.ef_search = ef
            rows.append({"n": n, "method": "hnsw",
                         "params": f"M={idx.params.hnsw_m} efC={idx.params.ef_construction} ef={ef}",
                         **info, **measure(idx, queries, truth)})
            log(_fmt(rows[-1]))
        del idx
    gc.collect()
    return rows


HEADER = (f"{'n':>9} {'method':<6} {'params':<28} {'build s':>8} {'index MB':>9} {'RSS Δ MB':>9} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p50 cpu':>7} {'p95 cpu':>7} {'recall@10':>9}")


def _fmt(r: dict) -> str:
    return (f"{r['n']:>9,} {r['method']:<6} {r['params']:<28} {r['build_s']:>8.1f} "
            f"{r['index_bytes'] / 2**20:>9.1f} {r['rss_delta_bytes'] / 2**20:>9.1f} "
            f"{r['p50_ms']:>7.3f} {r['p95_ms']:>7.3f} {r['p50_cpu_ms']:>7.3f} {r['p95_cpu_ms']:>7.3f} "
            f"{r['recall_at_10']:>9.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="also 1M vectors")
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated collection sizes")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--ef", default="128,256", help="HNSW efSearch values (256: the default)")
    ap.add_argument("--nprobe", default="0", help="IVF nprobe values (0: max(8, nlist/16))")
    ap.add_argument("--methods", default="flat,ivf,hnsw")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.full and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    efs = [int(e) for e in args.ef.split(",") if e]
    nprobes = [int(p) for p in args.nprobe.split(",") if p]
    kinds = [k for k in args.methods.split(",") if k]

    def log(msg: str) -> None:
        print(msg, flush=True)

    t0 = time.time()
    log(f"faiss {faiss.__version__}, {faiss.omp_get_max_threads()} threads, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}; dim {DIM}, {args.queries} single-query searches "
        f"per row (ms: wall time; cpu: the thread's CPU time)")
    log(HEADER)
    rows: list[dict] = []
    for n in sizes:
        rows += run_size(n, args.queries, efs, nprobes, kinds, log)
    log("")
    log(HEADER)
    for r in rows:
        log(_fmt(r))
    summary: dict = {"bench": "ann", "dim": DIM, "queries": args.queries,
                     "threads": faiss.omp_get_max_threads(), "faiss": faiss.__version__,
                     "load_average": [round(x, 1) for x in os.getloadavg()],
                     "seconds": round(time.time() - t0, 1), "results": rows}
    big = [r for r in rows if r["n"] >= 1_000_000 and r["method"] != "exact"]
    if big:
        ok = [r for r in big if r["p95_ms"] <= TARGET_1M["p95_ms"]
              and r["recall_at_10"] >= TARGET_1M["recall_at_10"]]
        summary["target_1m"] = {**TARGET_1M, "met_by": [f"{r['method']} {r['params']}" for r in ok]}
        log(f"1M target p95 ≤ {TARGET_1M['p95_ms']} ms, recall@10 ≥ {TARGET_1M['recall_at_10']}: "
            f"{'met by ' + '; '.join(summary['target_1m']['met_by']) if ok else 'NOT met'}")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
