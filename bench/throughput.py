"""Triage throughput through the HTTP API at concurrency 1, 4, 8, 16.

    python bench/throughput.py [--levels 1,4,8,16] [--seconds 20] [--url http://127.0.0.1:8000]

Without ``--url`` a uvicorn serving ``JIESU_HOME`` (default ./var) is started on a free loopback
port. The load generator is closed-loop (asyncio + httpx, one keep-alive connection per virtual
client): at each level, that many clients send 300-character complaints (``POST /v1/triage``)
back to back for ``--seconds``; requests arriving while the pipeline is busy are triaged together
in one encoder pass (``triage.batcher.TriageBatcher``). Prints requests/s, p50/p95 and
errors per level, and last one JSON line for the concurrency-8 run with ``concurrency``, ``rps``,
``p95_ms``, ``errors`` (plus ``levels`` with every run). Target ≥ 25 triage/s at concurrency 8,
0 errors. The generator shares the 2 cores with the server; its own CPU time is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import REPO, api_server, complaints, percentile, rss_mb

from triage.settings import get_settings  # noqa: E402 - the server's JIESU_QUERY_TOKENS, for the record


async def run_level(base: str, headers: dict[str, str], rows: list[dict], concurrency: int,
                    seconds: float, start: int = 0) -> dict:
    import httpx

    lat: list[float] = []
    errors = 0
    statuses: dict[int, int] = {}
    stop_at = time.perf_counter() + seconds
    counter = 0

    async def client_loop(k: int) -> None:
        nonlocal errors, counter
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120, limits=limits) as c:
            while time.perf_counter() < stop_at:
                r = rows[(start + counter) % len(rows)]
                counter += 1
                t0 = time.perf_counter()
                try:
                    resp = await c.post("/v1/triage", json={"text": r["text"]})
                    code = resp.status_code
                except httpx.HTTPError:
                    code = -1
                statuses[code] = statuses.get(code, 0) + 1
                if code == 200:
                    lat.append((time.perf_counter() - t0) * 1000)
                else:
                    errors += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(client_loop(k) for k in range(concurrency)))
    wall = time.perf_counter() - t0
    return {"concurrency": concurrency, "requests": len(lat) + errors, "rps": round(len(lat) / wall, 2),
            "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1),
            "errors": errors, "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "seconds": round(wall, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--levels", default="1,4,8,16")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--chars", type=int, default=300)
    ap.add_argument("--url", default=None, help="a running server (token in JIESU_BENCH_TOKEN)")
    ap.add_argument("--output", type=Path, default=REPO / "bench" / "results" / "throughput.json")
    args = ap.parse_args()
    levels = [int(x) for x in args.levels.split(",") if x.strip()]

    import resource

    # every raw labelled message once (1,094), the levels going on where the previous one
    # stopped: a level sends each text once (~550 requests), so per-text caches never help
    rows = complaints(1094, args.chars)
    out = []
    sent = 0
    with api_server(args.url) as (base, headers, pid):
        sent += asyncio.run(run_level(base, headers, rows, 2, 3.0))["requests"]  # warm-up
        for c in levels:
            ru0 = resource.getrusage(resource.RUSAGE_SELF)
            res = asyncio.run(run_level(base, headers, rows, c, args.seconds, start=sent))
            sent += res["requests"]
            ru1 = resource.getrusage(resource.RUSAGE_SELF)
            res["generator_cpu_s"] = round(ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime, 1)
            out.append(res)
            print(f"concurrency {c:3d}: {res['rps']:6.2f} req/s  p50 {res['p50_ms']:7.1f} ms  "
                  f"p95 {res['p95_ms']:7.1f} ms  errors {res['errors']}  "
                  f"(generator CPU {res['generator_cpu_s']} s of {res['seconds']} s)")
        rss = rss_mb(pid) if pid else float("nan")
    main_run = next((r for r in out if r["concurrency"] == 8), out[-1])
    final = {"concurrency": main_run["concurrency"], "rps": main_run["rps"], "p95_ms": main_run["p95_ms"],
             "errors": main_run["errors"], "target_rps": 25, "ratio_to_target": round(main_run["rps"] / 25, 3),
             "server_rss_mb": round(rss, 1), "levels": out,
             "query_tokens": get_settings().query_tokens}
    print(f"server RSS after the runs: {rss:.0f} MiB")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(final, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(final, ensure_ascii=False))


if __name__ == "__main__":
    main()
