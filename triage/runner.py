"""``make run``: set up, then start every service as a child process; Ctrl-C stops them all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from triage.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def _services(settings: Settings, host: str, port: int) -> list[tuple[str, list[str], Path]]:
    py = sys.executable
    out = [("api", [py, "-m", "uvicorn", "triage.api.app:create_app", "--factory",
                    "--host", host, "--port", str(port)], REPO)]
    rasa = REPO / ".venv-rasa" / "bin" / "rasa"
    bot = REPO / "bot"
    if rasa.exists() and (bot / "config.yml").exists() and (bot / "domain.yml").exists():
        out.append(("bot-actions", [str(rasa), "run", "actions", "--port", "5055"], bot))
        out.append(("bot", [str(rasa), "run", "--enable-api", "--port", "5005",
                            "--interface", "127.0.0.1"], bot))
    return out


def run_all(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Prepare artifacts, start the services, wait; returns an exit code."""
    from triage.setup import setup_all

    setup_all(settings)
    procs: list[tuple[str, subprocess.Popen]] = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    try:
        for name, cmd, cwd in _services(settings, host, port):
            print(f"▶ 启动 / starting {name}: {' '.join(cmd[-6:])}", flush=True)
            procs.append((name, subprocess.Popen(cmd, cwd=cwd, env=env, start_new_session=True)))
        print(f"\n✔ jiesu 已启动 / running:\n  API        http://{host}:{port}/docs\n"
              f"  健康检查   http://{host}:{port}/readyz\n  Ctrl-C 停止全部 / stops everything\n", flush=True)
        while True:
            for name, p in procs:
                if p.poll() is not None:
                    print(f"✖ {name} 已退出 / exited with {p.returncode}", flush=True)
                    return p.returncode or 1
            time.sleep(1)
    except KeyboardInterrupt:
        print("\n停止中 / stopping …", flush=True)
        return 0
    finally:
        for _, p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        deadline = time.time() + 10
        for _, p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
