"""Shared by the API benchmarks: 300-character complaints from the data, and a real uvicorn
serving the configured home (``JIESU_HOME``, default ./var) on a free loopback port over a fresh
SQLite database, with an operator token."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def complaints(n: int, chars: int = 300, *, seed_offset: int = 0) -> list[dict[str, str]]:
    """``n`` complaints of exactly ``chars`` characters: labelled messages as citizens wrote them
    (``form: raw``), short ones repeated. The segmented rows (words separated by spaces) are left
    out: the pipeline's normalization joins their words again, so a "300-character" segmented row
    reached the encoder as ~190 characters (133 tokens instead of ~210): the figures before
    2026-12-02 (evening) measured those shorter texts."""
    from triage.settings import get_settings

    s = get_settings()
    path = s.data_dir / "complaints" / "labelled.jsonl"
    src = [json.loads(x) for x in path.open(encoding="utf-8") if x.strip()]
    src = [r for r in src if r.get("form", "raw") == "raw"] or src
    src.sort(key=lambda r: -len(r.get("text", "")))  # the longest first: least repetition
    out = []
    for i in range(n):
        r = src[(i + seed_offset) % len(src)]
        text = r["text"]
        while len(text) < chars:
            text += "。" + r["text"]
        out.append({"text": text[:chars], "id": f"bench-{i}"})
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident set size of a process (Linux /proc), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def api_server(url: str | None = None, *, workers_env: dict[str, str] | None = None,
               ready_timeout: float = 600.0) -> Iterator[tuple[str, dict[str, str], int | None]]:
    """Yield ``(base_url, headers, pid)``: the given server (``url`` with ``JIESU_BENCH_TOKEN``), or
    a fresh uvicorn started here and stopped afterwards (``pid`` is its process)."""
    import httpx

    if url:
        yield url.rstrip("/"), {"Authorization": f"Bearer {os.environ.get('JIESU_BENCH_TOKEN', '')}"}, None
        return
    from triage.auth import add_user
    from triage.db import init_db, session_factory
    from triage.settings import Settings

    with tempfile.TemporaryDirectory(prefix="jiesu-bench-") as td:
        db_url = f"sqlite:///{Path(td) / 'bench.db'}"
        settings = Settings(database_url=db_url)
        init_db(settings)
        with session_factory(db_url)() as db:
            token = add_user("bench", "operator", db_session=db)
            db.commit()
        port = _free_port()
        env = {**os.environ, "JIESU_DATABASE_URL": db_url, **(workers_env or {})}
        log_path = Path(td) / "server.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "triage.api.app:create_app", "--factory",
                                     "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                                     "--no-access-log"],
                                    cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + ready_timeout
            while True:
                if proc.poll() is not None:
                    sys.exit(f"server exited:\n{log_path.read_text()[-3000:]}")
                try:
                    if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.time() > deadline:
                    sys.exit(f"server not ready in {ready_timeout:.0f}s:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.3)
            yield base, {"Authorization": f"Bearer {token}"}, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def percentile(xs: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(xs, dtype=float), q)) if xs else float("nan")
