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


RASA_PY = REPO / ".venv-rasa" / "bin" / "python"
BOT = REPO / "bot"


def bot_available() -> bool:
    return RASA_PY.exists() and (BOT / "prepare.py").exists() and (BOT / "domain.yml").exists()


def ensure_bot_token(settings: Settings) -> Path:
    """A ``bot`` role token for the action server, created once and kept in the home dir."""
    path = settings.home / "bot_token"
    if path.exists() and path.read_text().strip():
        return path
    from triage.auth import add_user
    from triage.db import init_db, session_scope

    init_db(settings)
    with session_scope(settings) as db:
        token = add_user(f"bot-{os.urandom(3).hex()}", "bot", db_session=db)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token + "\n")
    path.chmod(0o600)
    return path


def prepare_bot() -> None:
    """Train the Rasa model when its config, domain, data or dictionary changed."""
    print("▶ 对话机器人 / bot: train if its data changed …", flush=True)
    subprocess.run([str(RASA_PY), "prepare.py", "--train-if-changed"], cwd=BOT, check=True)


def _services(settings: Settings, host: str, port: int) -> list[tuple[str, list[str], Path, dict]]:
    py = sys.executable
    out = [("api", [py, "-m", "uvicorn", "triage.api.app:create_app", "--factory",
                    "--host", host, "--port", str(port)], REPO, {})]
    if bot_available():
        rasa = str(REPO / ".venv-rasa" / "bin" / "rasa")
        # the action server files cases with the bot's token: it listens on this machine only
        # (rasa_sdk binds 0.0.0.0 unless SANIC_HOST says otherwise), and the bot runs without its
        # HTTP API (trackers hold what citizens typed, unmasked): the REST channel is all it needs
        env = {"JIESU_API_URL": f"http://{host}:{port}",
               "JIESU_BOT_TOKEN_FILE": str(ensure_bot_token(settings)), "SANIC_HOST": "127.0.0.1"}
        out.append(("bot-actions", [rasa, "run", "actions", "--port", "5055"], BOT, env))
        out.append(("bot", [rasa, "run", "--port", "5005", "--interface", "127.0.0.1"], BOT, {}))
    return out


def run_all(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Prepare artifacts, start the services, wait; returns an exit code."""
    from triage.setup import setup_all

    setup_all(settings)
    if bot_available():
        prepare_bot()
    procs: list[tuple[str, subprocess.Popen]] = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    services = {name: (cmd, cwd, extra) for name, cmd, cwd, extra in _services(settings, host, port)}
    restarts: dict[str, list[float]] = {}

    def start(name: str) -> subprocess.Popen:
        cmd, cwd, extra = services[name]
        print(f"▶ 启动 / starting {name}: {' '.join(cmd[-6:])}", flush=True)
        return subprocess.Popen(cmd, cwd=cwd, env={**env, **extra}, start_new_session=True)

    try:
        for name in services:
            procs.append((name, start(name)))
        bot = "  对话机器人 http://127.0.0.1:5005/webhooks/rest/webhook (REST)\n" if bot_available() else ""
        print(f"\n✔ jiesu 已启动 / running:\n  坐席工作台 http://{host}:{port}/\n"
              f"  主管看板   http://{host}:{port}/supervisor\n  API 文档   http://{host}:{port}/docs\n"
              f"{bot}  令牌 / tokens: jiesu users add NAME --role operator|supervisor\n"
              f"  Ctrl-C 停止全部 / stops everything\n", flush=True)
        while True:
            for i, (name, p) in enumerate(procs):
                if p.poll() is None:
                    continue
                print(f"✖ {name} 已退出 / exited with {p.returncode}", flush=True)
                recent = [t for t in restarts.get(name, []) if time.time() - t < 300]
                if name == "api" or len(recent) >= 3:
                    # the operators' API is the system; a bot that keeps dying is given up on
                    # (the chat page answers 503 in Chinese meanwhile)
                    return p.returncode or 1
                restarts[name] = recent + [time.time()]
                print(f"↻ 重启 / restarting {name} ({len(recent) + 1}/3 in 5 min)", flush=True)
                procs[i] = (name, start(name))
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
