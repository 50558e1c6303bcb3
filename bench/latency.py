"""Single-complaint triage latency through the HTTP API, beside the bare encoder forward pass.

    python bench/latency.py [--n 200] [--chars 300] [--url http://127.0.0.1:8000]
                            [--client http.client|httpx]

Without ``--url`` a uvicorn serving ``JIESU_HOME`` (default ./var, built by ``jiesu setup``) is
started on a free loopback port. Sends ``--n`` 300-character complaints one at a time
(``POST /v1/triage``, one keep-alive connection); after each answer it times the encoder alone on the same text
in this process (same checkpoint, backend, int8 and thread settings as the server, the server
idle meanwhile), so host noise hits both sides of the ratio alike. Prints p50/p95 of both, the
ratio triage p50 / encoder p50, the server's
resident memory, and last one JSON line with ``p50_ms``, ``p95_ms``, ``encoder_p50_ms``, ``ratio``.
Targets on the 2-core machine: p50 ≤ 60 ms, p95 ≤ 150 ms, ratio ≤ 1.3.

The client is the standard library's ``http.client`` (the request written and the answer read
in full, as any HTTP client must): what is timed is the server and the loopback, not a client
library's own bookkeeping. ``--client httpx`` times the same through httpx, whose request and
response objects cost ~0.5 ms more per call on this machine (measured side by side against the
same server: 2.26 vs 1.80 ms outside the pipeline).
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import time
from pathlib import Path
from typing import Self

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import REPO, api_server, complaints, percentile, rss_mb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--chars", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--url", default=None, help="a running server (token in JIESU_BENCH_TOKEN)")
    ap.add_argument("--client", choices=("http.client", "httpx"), default="http.client")
    ap.add_argument("--output", type=Path, default=REPO / "bench" / "results" / "latency.json")
    args = ap.parse_args()

    rows = complaints(args.n + args.warmup, args.chars)
    from triage.settings import get_settings

    # the bare encoder: same checkpoint and settings as the server, loaded here before the server
    # starts; timed on each text right after the server answered it (the server idle then), so a
    # slow minute on a shared host hits both sides of the ratio alike
    enc = get_settings().load_encoder()
    qt = get_settings().query_tokens or None  # the server's JIESU_QUERY_TOKENS: the same pass
    t_start = time.time()
    with api_server(args.url) as (base, headers, pid):
        t_ready = time.time() - t_start
        api_ms: list[float] = []
        enc_ms: list[float] = []
        stages: dict[str, list[float]] = {}
        errors = 0
        with _client(args.client, base, headers) as client:
            for i, r in enumerate(rows):
                t0 = time.perf_counter()
                resp = client.post("/v1/triage", json={"text": r["text"]})
                dt = (time.perf_counter() - t0) * 1000
                t1 = time.perf_counter()
                enc.encode([r["text"]], prefix="query: ", max_tokens=qt)
                de = (time.perf_counter() - t1) * 1000
                if resp.status_code != 200:
                    errors += 1
                    if errors <= 3:
                        print(f"HTTP {resp.status_code}: {resp.text[:300]}", file=sys.stderr)
                elif i >= args.warmup:
                    api_ms.append(dt)
                    enc_ms.append(de)
                    for name, ms in server_timing(resp.headers.get("server-timing", "")).items():
                        stages.setdefault(name, []).append(ms)
        rss = rss_mb(pid) if pid else float("nan")

    p50, p95 = percentile(api_ms, 50), percentile(api_ms, 95)
    e50, e95 = percentile(enc_ms, 50), percentile(enc_ms, 95)
    res = {"n": len(api_ms), "chars": args.chars, "p50_ms": round(p50, 1), "p95_ms": round(p95, 1),
           "encoder_p50_ms": round(e50, 1), "encoder_p95_ms": round(e95, 1),
           "ratio": round(p50 / e50, 3), "errors": errors, "server_rss_mb": round(rss, 1),
           "server_ready_s": round(t_ready, 1), "encoder": enc.name, "quantized": enc.quantize, "backend": enc.backend,
           "threads": get_settings().threads, "client": args.client, "query_tokens": get_settings().query_tokens, "targets": {"p50_ms": 60, "p95_ms": 150, "ratio": 1.3}}
    # the server's own account (Server-Timing): its pipeline's stages, and what HTTP, FastAPI and
    # the thread hand-off add on top of the pipeline
    res["server_stages_p50_ms"] = {k: round(percentile(v, 50), 2) for k, v in stages.items()}
    if stages.get("pipeline"):
        res["outside_pipeline_p50_ms"] = round(percentile(
            [a - b for a, b in zip(api_ms, stages["pipeline"])], 50), 2)
    print(f"triage via API   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({len(api_ms)} requests, {errors} errors)")
    if stages:
        print("server stages p50 (ms): " + ", ".join(f"{k} {v}" for k, v in res["server_stages_p50_ms"].items())
              + f"; outside the pipeline {res.get('outside_pipeline_p50_ms')}")
    print(f"encoder alone    p50 {e50:7.1f} ms   p95 {e95:7.1f} ms   ({enc.name})")
    print(f"ratio triage/encoder p50 {p50 / e50:.2f} (target ≤ 1.3); server RSS {rss:.0f} MiB (≤ 2500)")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(res, ensure_ascii=False))


class _Answer:
    def __init__(self, status_code: int, headers: dict[str, str], body: bytes) -> None:
        self.status_code, self.headers, self.content = status_code, headers, body

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class _RawClient:
    """POST JSON over one keep-alive ``http.client`` connection; the body is read in full."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        host, _, port = base.split("://", 1)[1].rstrip("/").partition(":")
        self.conn = http.client.HTTPConnection(host, int(port or 80), timeout=60)
        self.headers = {**headers, "Content-Type": "application/json"}

    def post(self, path: str, *, json: dict) -> _Answer:
        self.conn.request("POST", path, body=_dumps(json), headers=self.headers)
        resp = self.conn.getresponse()
        body = resp.read()
        return _Answer(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.conn.close()


def _dumps(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _client(kind: str, base: str, headers: dict[str, str]):
    if kind == "httpx":
        import httpx

        return httpx.Client(base_url=base, headers=headers, timeout=60)
    return _RawClient(base, headers)


def server_timing(header: str) -> dict[str, float]:
    """``encoder;dur=31.2, batch;desc="1"`` → ``{"encoder": 31.2}`` (durations only)."""
    out = {}
    for part in header.split(","):
        name, _, rest = part.strip().partition(";")
        if rest.startswith("dur="):
            try:
                out[name] = float(rest[4:])
            except ValueError:
                pass
    return out


if __name__ == "__main__":
    main()
