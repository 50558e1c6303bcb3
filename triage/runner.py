"""``make run``: set up, then start every service as a child process; Ctrl-C (or SIGTERM, SIGHUP)
stops them all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from triage.settings import Settings

REPO = Path(__file__).resolve().parent.parent


RASA_PY = REPO / ".venv-rasa" / "bin" / "python"
BOT = REPO / "bot"

# SIGTERM (systemd, docker stop, ``kill``) and SIGHUP (the terminal closed) would end this process
# at once, by default, without a word to its children: each runs in a session of its own (so a
# Ctrl-C in the terminal reaches this process only), they were orphaned holding their ports
STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, n))
# how long the children get to stop after SIGTERM before the rest of their groups is killed (rasa
# saves its trackers, uvicorn finishes the requests in flight)
STOP_GRACE_S = 10.0


class _Stop(Exception):
    """Raised in the main thread by a stop signal, so that ``run_all``'s ``finally`` stops the
    children whatever it was doing (setting up, training the bot, starting or watching them)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def bot_available() -> bool:
    return RASA_PY.exists() and (BOT / "prepare.py").exists() and (BOT / "domain.yml").exists()


def ensure_bot_token(settings: Settings) -> Path:
    """A ``bot`` role token for the action server, kept in the home dir: made anew when there is
    none, or when this database does not know it as an active bot's (the database was replaced or
    the token revoked: a tester's bot answered every complaint 系统暂时无法连接 on a 401)."""
    from triage.auth import add_user, authenticate
    from triage.db import init_db, session_scope

    path = settings.home / "bot_token"
    init_db(settings)
    old = path.read_text().strip() if path.exists() else ""
    with session_scope(settings) as db:
        if old:
            user = authenticate(old, db_session=db)
            if user is not None and user.role == "bot":
                return path
            _say("▶ 机器人令牌在当前案件库中无效，已重新生成 / the bot token is unknown to this database "
                 "(or revoked): a new one is made")
        token = add_user(f"bot-{os.urandom(3).hex()}", "bot", db_session=db)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token + "\n")
    path.chmod(0o600)
    return path


def prepare_bot() -> None:
    """Train the Rasa model when its config, domain, data or dictionary changed."""
    _say("▶ 对话机器人 / bot: train if its data changed …")
    subprocess.run([str(RASA_PY), "prepare.py", "--train-if-changed"], cwd=BOT, check=True)


def _services(settings: Settings, host: str, port: int) -> list[tuple[str, list[str], Path, dict]]:
    py = sys.executable
    # with a bot, the API's /readyz waits for it too (JIESU_BOT_REQUIRED)
    out = [("api", [py, "-m", "uvicorn", "triage.api.app:create_app", "--factory",
                    "--host", host, "--port", str(port)], REPO,
            {"JIESU_BOT_REQUIRED": "1"} if bot_available() else {})]
    if bot_available():
        rasa = str(REPO / ".venv-rasa" / "bin" / "rasa")
        # the action server files cases with the bot's token: it listens on this machine only
        # (rasa_sdk binds 0.0.0.0 unless SANIC_HOST says otherwise), and the bot runs without its
        # HTTP API (trackers hold what citizens typed, unmasked): the REST channel is all it needs
        env = {"JIESU_API_URL": f"http://{host}:{port}",
               "JIESU_BOT_TOKEN_FILE": str(ensure_bot_token(settings)), "SANIC_HOST": "127.0.0.1"}
        bot_port, actions_port = bot_ports(settings)
        out.append(("bot-actions", [rasa, "run", "actions", "--port", str(actions_port)], BOT, env))
        out.append(("bot", [rasa, "run", "--port", str(bot_port), "--interface", "127.0.0.1",
                            "--endpoints", str(bot_endpoints(settings, actions_port))], BOT, {}))
        # the API forwards /v1/chat to the bot and checks both in /readyz at these addresses
        out[0][3].update({"JIESU_BOT_URL": f"http://127.0.0.1:{bot_port}",
                          "JIESU_BOT_ACTIONS_URL": f"http://127.0.0.1:{actions_port}"})
    return out


def bot_ports(settings: Settings) -> tuple[int, int]:
    """The bot's and its action server's ports: those of ``JIESU_BOT_URL`` and
    ``JIESU_BOT_ACTIONS_URL`` (5005 and 5055 by default), so that a second jiesu, or another Rasa,
    can run beside one on the same machine."""
    from urllib.parse import urlsplit

    return urlsplit(settings.bot_url).port or 5005, urlsplit(settings.bot_actions_url).port or 5055


def bot_endpoints(settings: Settings, actions_port: int) -> Path:
    """The bot's endpoints file, naming its action server's port (``bot/endpoints.yml`` names
    5055, which a plain ``rasa run`` in ``bot/`` reads)."""
    path = settings.home / "bot-endpoints.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n', encoding="utf-8")
    return path


def _users_add_hint(settings: Settings) -> str:
    """The command that makes a token for this system, as it can be typed in another shell: the venv's
    ``jiesu`` (not on PATH) and this home or database (a token made elsewhere went into another
    database, and the login box said 令牌无效: tester58 D18)."""
    exe = Path(sys.executable).parent / "jiesu"
    same_db = "（与服务相同的 JIESU_DATABASE_URL / with the same JIESU_DATABASE_URL）" if settings.database_url else ""
    return (f"JIESU_HOME={Path(settings.home).resolve()} {exe if exe.exists() else 'jiesu'} users add NAME "
            f"--role operator|supervisor{same_db}")


def _say(text: str) -> None:
    """A line of the runner's own, with its time (uvicorn's and the runner's lines had none, and an
    admin could not tell from the log when the bot had died: tester58 D13). A leading newline stays first."""
    lead = "\n" if text.startswith("\n") else ""
    print(f"{lead}{time.strftime('%Y-%m-%d %H:%M:%S')} {text.lstrip(chr(10))}", flush=True)


def _ready(host: str, port: int) -> bool:
    """Whether the API's /readyz (which waits for the bot too) answers 200."""
    import urllib.request

    connect = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    try:
        with urllib.request.urlopen(f"http://{connect}:{port}/readyz", timeout=2) as r:
            return r.status == 200
    except (OSError, ValueError):
        return False


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # the group is gone and its id taken by another user's: not ours
        return False
    return True


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_all(started: list[subprocess.Popen], grace: float, hurry=lambda: False) -> None:
    """SIGTERM the process group of every child ever started, wait up to ``grace`` seconds for the
    groups to empty, SIGKILL what remains. Groups, not just the children: ``rasa run`` and a
    restarted service's leftovers have processes of their own, and a child that has already
    exited may have left some behind. ``hurry()`` true (a second stop signal) skips the wait."""
    groups = list(dict.fromkeys(p.pid for p in started))
    for pgid in groups:
        _signal_group(pgid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while True:
        for p in started:
            p.poll()   # reaps an exited child: a zombie still counts as a member of its group
        alive = [g for g in groups if _group_alive(g)]
        if not alive or time.monotonic() >= deadline or hurry():
            break
        time.sleep(0.1)
    for pgid in alive:
        _say(f"✖ 强制结束 / killing process group {pgid}")
        _signal_group(pgid, signal.SIGKILL)
    for p in started:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def _setup_child(settings: Settings, limits: dict) -> None:
    """``setup_all`` in the child ``_setup`` starts; an error is one line, as the command line says it."""
    from triage.setup import setup_all

    try:
        setup_all(settings, **limits)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:  # said as `jiesu` says an internal error
        if os.environ.get("JIESU_DEBUG"):
            raise
        print(f"内部错误（设置 JIESU_DEBUG=1 可查看详细信息）/ internal error: {type(e).__name__}: {e}",
              file=sys.stderr, flush=True)
        sys.exit(1)


def _setup(settings: Settings, **limits: int | None) -> int:
    """The preparation steps in a child process; its exit code. The runner then only watches its
    services: run in it, setup left the encoder, the models and the indexes loaded for the system's
    whole life, about 950 MB (tester58 D14). A stop while it runs ends it too. ``limits``: those of
    ``setup_all`` (``train_limit``, ``cases_limit``, ``laws_limit``)."""
    import multiprocessing as mp

    child = mp.get_context("spawn").Process(target=_setup_child, args=(settings, limits),
                                           name="jiesu-setup")
    child.start()
    try:
        child.join()
    finally:
        if child.is_alive():
            child.terminate()
            child.join(10)
            if child.is_alive():
                child.kill()
                child.join()
    return child.exitcode or 0


def run_all(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Prepare artifacts, start the services, wait; returns an exit code (0 when stopped by
    Ctrl-C, SIGTERM or SIGHUP: a stop asked for is a clean one)."""

    # a stop signal raises _Stop, except while a child is being started and recorded (a child
    # started but not yet in ``started`` would escape the cleanup): then it waits for the record;
    # once stopping, a second one only cuts the grace period short
    state: dict = {"critical": False, "pending": None, "stopping": False}

    def on_signal(signum, frame):
        if state["stopping"] or state["critical"]:
            state["pending"] = signum
        else:
            raise _Stop(signum)

    previous = {}
    if threading.current_thread() is threading.main_thread():   # signal.signal works there only
        for sig in STOP_SIGNALS:
            previous[sig] = signal.signal(sig, on_signal)
    started: list[subprocess.Popen] = []
    procs: list[tuple[str, subprocess.Popen]] = []
    try:
        rc = _setup(settings)
        if rc:
            _say(f"✖ 准备失败，服务未启动 / setup failed (exit {rc}): nothing was started")
            return rc
        if bot_available():
            prepare_bot()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        services = {name: (cmd, cwd, extra) for name, cmd, cwd, extra in _services(settings, host, port)}
        restarts: dict[str, list[float]] = {}

        def start(name: str) -> subprocess.Popen:
            cmd, cwd, extra = services[name]
            _say(f"▶ 启动 / starting {name}: {' '.join(cmd[-6:])}")
            state["critical"] = True
            try:
                p = subprocess.Popen(cmd, cwd=cwd, env={**env, **extra}, start_new_session=True)
                started.append(p)
            finally:
                state["critical"] = False
            if state["pending"] is not None:
                raise _Stop(state["pending"])
            return p

        for name in services:
            procs.append((name, start(name)))
        bot = (f"  对话机器人 http://127.0.0.1:{bot_ports(settings)[0]}/webhooks/rest/webhook (REST)\n"
               if bot_available() else "")
        _say(f"\n✔ jiesu 已启动，就绪后另行提示 / started, readiness follows:\n  坐席工作台 http://{host}:{port}/\n"
             f"  主管看板   http://{host}:{port}/supervisor\n  API 文档   http://{host}:{port}/docs\n"
             f"{bot}  令牌 / tokens: {_users_add_hint(settings)}\n"
             f"  Ctrl-C 停止全部 / stops everything\n")
        began, announced, again = time.monotonic(), False, False
        while True:
            if not announced and _ready(host, port):
                announced = True
                # after a restart too: nothing said the system was whole again (tester58 D13)
                _say(f"✔ {'再次就绪 / all services ready again' if again else '全部就绪 / all services ready'} "
                     f"({time.monotonic() - began:.0f} s): http://{host}:{port}/readyz")
            for i, (name, p) in enumerate(procs):
                if p is None or p.poll() is None:
                    continue
                _say(f"✖ {name} 已退出 / exited with {p.returncode}")
                if name == "api":   # the operators' API is the system
                    return p.returncode or 1
                recent = [t for t in restarts.get(name, []) if time.time() - t < 300]
                if len(recent) >= 3:
                    # a bot that keeps dying is given up on; the operators' API keeps serving (it stopped
                    # everything: tester58 D2) and the chat page answers 503 in Chinese meanwhile
                    _say(f"✖ {name} 5 分钟内已退出 4 次，不再重启；坐席工作台和 API 继续运行，修复后请重新执行 jiesu run "
                         f"/ {name} gave up on after 4 exits in 5 minutes; the API keeps serving")
                    procs[i] = (name, None)
                    continue
                restarts[name] = recent + [time.time()]
                _say(f"↻ 重启 / restarting {name} ({len(recent) + 1}/3 in 5 min)")
                procs[i] = (name, start(name))
                began, announced, again = time.monotonic(), False, True
            time.sleep(1)
    except (KeyboardInterrupt, _Stop) as e:
        name = signal.Signals(e.signum).name if isinstance(e, _Stop) else "SIGINT"
        _say(f"\n停止中 / stopping ({name}) …")
        return 0
    finally:
        state["stopping"], state["pending"] = True, None
        try:
            stop_all(started, STOP_GRACE_S, hurry=lambda: state["pending"] is not None)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
