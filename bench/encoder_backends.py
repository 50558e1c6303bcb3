"""The encoder's forward pass per backend: torch fp32 / int8 and ONNX Runtime fp32 / int8.

    python bench/encoder_backends.py [--n 40] [--chars 300] [--rounds 3]

One 300-character complaint per call, 2 threads (``JIESU_THREADS``), the home's checkpoint
(``JIESU_HOME``; the ONNX graphs are exported on first use). Each backend runs in a process of its
own (so no other thread pool spins beside it), the backends taking turns in blocks of ``--n``
texts for ``--rounds`` rounds, so a slow minute on a shared host hits all of them; per
backend the median of its per-round medians, its ratio to torch int8, and the quality cost:
cosine of its embeddings to torch fp32 on the same texts (min and mean). Last line: one JSON object.
Writes ``bench/results/encoder_backends.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import REPO, complaints


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--chars", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--output", type=Path, default=REPO / "bench" / "results" / "encoder_backends.json")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)  # BACKEND:INT8, one process per block
    args = ap.parse_args()

    from triage.settings import get_settings

    s = get_settings()
    if args.worker:
        return _worker(args, s)
    keys = [("torch", False), ("torch", True), ("onnx", False), ("onnx", True)]
    names = {k: f"{k[0]} {'int8' if k[1] else 'fp32'}" for k in keys}
    per_round: dict[tuple[str, bool], list[float]] = {k: [] for k in keys}
    vectors: dict[tuple[str, bool], np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for k in keys:
                out = Path(tmp) / f"{k[0]}-{int(k[1])}-{r}.json"
                subprocess.run([sys.executable, __file__, "--worker", f"{k[0]}:{int(k[1])}", "--n", str(args.n),
                                "--chars", str(args.chars), "--output", str(out)], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                w = json.loads(out.read_text())
                per_round[k].append(w["p50_ms"])
                vectors.setdefault(k, np.asarray(w["vectors"], dtype=np.float32))
            print("  round: " + ", ".join(f"{names[k]} {v[-1]:.1f}" for k, v in per_round.items()), flush=True)
    cos = {k: (v * vectors[("torch", False)]).sum(1) for k, v in vectors.items()}
    quality = {k: (float(c.min()), float(c.mean())) for k, c in cos.items()}
    med = {k: float(np.median(v)) for k, v in per_round.items()}
    base = med[("torch", True)]
    rows = []
    for k in keys:
        row = {"backend": k[0], "int8": k[1], "p50_ms": round(med[k], 1), "vs_torch_int8": round(med[k] / base, 3),
               "cos_to_torch_fp32_min": round(quality[k][0], 4), "cos_to_torch_fp32_mean": round(quality[k][1], 4)}
        rows.append(row)
        print(f"{names[k]:11s}  p50 {row['p50_ms']:6.1f} ms  x{row['vs_torch_int8']:.2f} of torch int8  "
              f"cosine to torch fp32 min {row['cos_to_torch_fp32_min']:.4f} mean {row['cos_to_torch_fp32_mean']:.4f}")
    res = {"texts": args.n, "chars": args.chars, "threads": s.threads, "rounds": args.rounds, "backends": rows,
           "default": {"backend": s.encoder_backend, "int8": s.quantize}}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(res, ensure_ascii=False))


def _worker(args: argparse.Namespace, s) -> None:
    """One backend in a process of its own (no other thread pool beside it): time ``--n`` texts."""
    from classifier.encoder import get_encoder

    backend, q = args.worker.split(":")
    enc = get_encoder(s.encoder, s.home, threads=s.threads, quantize=q == "1", backend=backend)
    texts = [r["text"] for r in complaints(args.n, args.chars)]
    vectors = enc.encode(texts)
    for t in texts[:3]:
        enc.encode([t])  # warm
    ts = []
    for t in texts:
        t0 = time.perf_counter()
        enc.encode([t], prefix="query: ")
        ts.append((time.perf_counter() - t0) * 1000)
    args.output.write_text(json.dumps({"p50_ms": float(np.median(ts)), "vectors": vectors.tolist()}))


if __name__ == "__main__":
    main()
