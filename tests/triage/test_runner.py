"""``jiesu run``'s process supervision: a bot that exits is restarted, the API keeps running; the
action server listens on this machine only; the bot runs without its unauthenticated HTTP API."""

from __future__ import annotations

import sys

import pytest

from triage import runner


def test_services_bind_the_action_server_locally_and_leave_the_bots_http_api_off(test_settings, monkeypatch):
    monkeypatch.setattr(runner, "bot_available", lambda: True)
    monkeypatch.setattr(runner, "ensure_bot_token", lambda s: s.home / "bot.token")
    got = {name: (cmd, extra) for name, cmd, _, extra in runner._services(test_settings, "127.0.0.1", 8123)}
    assert got["bot-actions"][1]["SANIC_HOST"] == "127.0.0.1"
    assert got["bot-actions"][1]["JIESU_API_URL"] == "http://127.0.0.1:8123"
    bot = got["bot"][0]
    assert "--enable-api" not in bot and bot[bot.index("--interface") + 1] == "127.0.0.1"
    # with a bot, the API's /readyz waits for it (tests/bot/test_bot_e2e.py checks that against a real one)
    assert got["api"][1]["JIESU_BOT_REQUIRED"] == "1"


def test_the_bots_ports_come_from_the_settings_so_two_systems_can_share_a_machine(test_settings, monkeypatch):
    monkeypatch.setattr(runner, "bot_available", lambda: True)
    monkeypatch.setattr(runner, "ensure_bot_token", lambda s: s.home / "bot.token")
    settings = test_settings.model_copy(update={"bot_url": "http://127.0.0.1:5105",
                                                "bot_actions_url": "http://127.0.0.1:5155"})
    got = {name: (cmd, extra) for name, cmd, _, extra in runner._services(settings, "127.0.0.1", 8123)}
    actions, bot = got["bot-actions"][0], got["bot"][0]
    assert actions[actions.index("--port") + 1] == "5155" and bot[bot.index("--port") + 1] == "5105"
    endpoints = bot[bot.index("--endpoints") + 1]
    assert "http://127.0.0.1:5155/webhook" in open(endpoints, encoding="utf-8").read()
    assert got["api"][1]["JIESU_BOT_URL"] == "http://127.0.0.1:5105"
    assert got["api"][1]["JIESU_BOT_ACTIONS_URL"] == "http://127.0.0.1:5155"
    # the defaults: the ports bot/endpoints.yml and the README name
    got = {name: cmd for name, cmd, _, _ in runner._services(test_settings, "127.0.0.1", 8123)}
    assert got["bot"][got["bot"].index("--port") + 1] == "5005"
    assert got["bot-actions"][got["bot-actions"].index("--port") + 1] == "5055"


def test_a_bot_that_exits_is_restarted_then_given_up_on_while_the_api_serves_on(test_settings, monkeypatch, capsys):
    monkeypatch.setattr(runner, "_setup", lambda s: 0)
    monkeypatch.setattr(runner, "bot_available", lambda: False)
    api = [sys.executable, "-c", "import time; time.sleep(12); raise SystemExit(7)"]
    bot = [sys.executable, "-c", "raise SystemExit(3)"]
    monkeypatch.setattr(runner, "_services", lambda s, h, p: [("api", api, ".", {}), ("bot", bot, ".", {})])
    rc = runner.run_all(test_settings, port=8124)
    out = capsys.readouterr().out
    assert out.count("重启 / restarting bot") == 3 and out.count("✖ bot 已退出") == 4
    # the bot given up on, the API kept serving (it had stopped everything: tester58 D2) until its own exit
    assert "不再重启" in out and "API 继续运行" in out
    assert out.index("不再重启") < out.index("✖ api 已退出") and rc == 7
    # each of the runner's lines says when (tester58 D13: no time on them)
    import re

    said = [ln for ln in out.splitlines() if re.search(r"[▶✖↻✔]", ln)]
    assert said and all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [▶✖↻✔]", ln) for ln in said), said


def test_ready_is_said_again_after_a_restart(test_settings, monkeypatch, capsys):
    """全部就绪 once the services answer, and 再次就绪 once they answer again after a bot's restart
    (tester58 D13: nothing said the system was whole again)."""
    monkeypatch.setattr(runner, "_setup", lambda s: 0)
    monkeypatch.setattr(runner, "bot_available", lambda: False)
    monkeypatch.setattr(runner, "_ready", lambda h, p: True)
    api = [sys.executable, "-c", "import time; time.sleep(6); raise SystemExit(4)"]
    bot = [sys.executable, "-c", "import time; time.sleep(2); raise SystemExit(3)"]
    monkeypatch.setattr(runner, "_services", lambda s, h, p: [("api", api, ".", {}), ("bot", bot, ".", {})])
    assert runner.run_all(test_settings, port=8125) == 4
    out = capsys.readouterr().out
    assert out.count("全部就绪") == 1 and out.count("再次就绪") >= 1
    # the token hint can be typed as it is: the venv's jiesu, this home (tester58 D18)
    hint = next(ln for ln in out.splitlines() if "令牌 / tokens:" in ln)
    assert f"JIESU_HOME={test_settings.home.resolve()} " in hint and f"{sys.prefix}/bin/jiesu users add" in hint
    assert out.index("全部就绪") < out.index("↻ 重启") < out.index("再次就绪")


@pytest.mark.parametrize("code", [0, 5])
def test_the_api_exiting_stops_everything(test_settings, monkeypatch, code):
    monkeypatch.setattr(runner, "_setup", lambda s: 0)
    monkeypatch.setattr(runner, "bot_available", lambda: False)
    api = [sys.executable, "-c", f"raise SystemExit({code})"]
    bot = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(runner, "_services", lambda s, h, p: [("api", api, ".", {}), ("bot", bot, ".", {})])
    assert runner.run_all(test_settings, port=8125) == (code or 1)


# A stand-in for ``jiesu run`` in a process of its own, so that a real signal reaches it: its
# services are an "api" that starts a grandchild in its own group (as ``rasa run`` does) and a
# "bot" that ignores SIGTERM (it must be killed once the grace period is over).
_RUNNER_SCRIPT = """
import os, sys
sys.path.insert(0, {repo!r})
from triage import runner

runner._setup = lambda s: 0
runner.bot_available = lambda: False
runner.STOP_GRACE_S = 1.5
api = [sys.executable, "-c", {api!r}, {pids!r}]
bot = [sys.executable, "-c", {bot!r}, {pids!r}]
runner._services = lambda s, h, p: [("api", api, ".", {{}}), ("bot", bot, ".", {{}})]
from triage.settings import Settings
sys.exit(runner.run_all(Settings(), port=8126))
"""
_API = """
import os, subprocess, sys, time
g = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
open(os.path.join(sys.argv[1], "api"), "w").write(f"{os.getpid()} {g.pid}")
time.sleep(120)
"""
_BOT = """
import os, signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
open(os.path.join(sys.argv[1], "bot"), "w").write(str(os.getpid()))
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """A process that has not exited (a zombie, waiting for a parent to reap it, has)."""
    import os
    from pathlib import Path

    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.exists() and Path("/proc/self").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (FileNotFoundError, ProcessLookupError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_stop_signal_stops_every_child_and_their_children(tmp_path, sig):
    import os
    import signal
    import subprocess
    import time
    from pathlib import Path

    repo = str(Path(runner.__file__).resolve().parent.parent)
    script = _RUNNER_SCRIPT.format(repo=repo, api=_API, bot=_BOT, pids=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    children: list[int] = []
    try:
        deadline = time.time() + 30
        while not ((tmp_path / "api").exists() and (tmp_path / "bot").exists()):
            assert proc.poll() is None and time.time() < deadline, proc.communicate()[0]
            time.sleep(0.1)
        time.sleep(0.3)   # both pid files complete, the runner watching
        children = [int(x) for x in (tmp_path / "api").read_text().split()] + [int((tmp_path / "bot").read_text())]
        assert all(_alive(pid) for pid in children)
        proc.send_signal(getattr(signal, sig))
        out, _ = proc.communicate(timeout=20)
        assert proc.returncode == 0, out
        assert f"停止中 / stopping ({sig})" in out
        assert "强制结束 / killing process group" in out   # the bot that ignored SIGTERM
        time.sleep(0.2)   # the grandchild's reaping by whoever adopted it
        assert [pid for pid in children if _alive(pid)] == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in children:   # a failure leaves none behind
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_the_bot_token_is_made_anew_when_the_database_does_not_know_it(test_settings, tmp_path):
    """A home whose database was replaced kept a token no user holds: the bot then answered every
    complaint 系统暂时无法连接 on a 401 while ``jiesu run`` said ready (a tester's first start)."""
    from triage.auth import authenticate, set_active
    from triage.db import session_scope

    home = tmp_path / "home"
    settings = test_settings.model_copy(update={"home": home, "database_url": f"sqlite:///{tmp_path / 'a.db'}"})
    path = runner.ensure_bot_token(settings)
    first = path.read_text().strip()
    assert runner.ensure_bot_token(settings).read_text().strip() == first   # known: kept
    replaced = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'b.db'}"})
    second = runner.ensure_bot_token(replaced).read_text().strip()
    assert second != first
    with session_scope(replaced) as db:
        user = authenticate(second, db_session=db)
        assert user is not None and user.role == "bot"
        set_active(user.name, False, db_session=db)                        # revoked
    third = runner.ensure_bot_token(replaced).read_text().strip()
    assert third not in (first, second)
    with session_scope(replaced) as db:
        assert authenticate(third, db_session=db).role == "bot"


@pytest.mark.skipif(not runner.bot_available(), reason="the bot's virtualenv is not installed")
def test_run_refuses_a_bot_port_in_use_or_shared_before_setting_anything_up(test_env, tmp_path):
    import socket
    import subprocess

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        for args in (["--bot-port", str(taken)], ["--actions-port", str(taken)],
                     ["--port", "18731", "--bot-port", "18731"], ["--bot-port", "18732", "--actions-port", "18732"]):
            r = subprocess.run([sys.executable, "-m", "triage.cli", "run", *args], env=test_env, cwd=tmp_path,
                               capture_output=True, text=True, timeout=120, check=False)
            assert r.returncode == 2 and "错误 / error" in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
            assert "▶" not in r.stdout   # nothing was set up or started


def test_run_refuses_a_missing_data_directory_before_setting_anything_up(test_env, tmp_path):
    """tester58 D5: jiesu run with a wrong JIESU_DATA_DIR converted the encoder, then said 内部错误 (exit 1)."""
    import subprocess

    r = subprocess.run([sys.executable, "-m", "triage.cli", "run", "--port", "18733"],
                       env={**test_env, "JIESU_DATA_DIR": str(tmp_path / "nowhere"), "JIESU_HOME": str(tmp_path / "h")},
                       cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 2 and "数据目录不存在" in r.stderr and "▶" not in r.stdout, (r.stdout, r.stderr)
    assert not (tmp_path / "h" / "encoder").exists()


def test_a_bad_setting_is_named_with_exit_2(test_env, tmp_path):
    """tester58 D6: JIESU_THREADS=abc printed pydantic's validation dump and exit 1."""
    import subprocess

    r = subprocess.run([sys.executable, "-m", "triage.cli", "kb", "list"], env={**test_env, "JIESU_THREADS": "abc"},
                       cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 2 and "配置有误" in r.stderr and "JIESU_THREADS='abc'" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_a_host_that_is_not_this_machines_is_said_so(test_env, tmp_path):
    """tester58 D20: a wrong --host was reported as 端口已被占用？ (port in use?)."""
    import socket
    import subprocess

    r = subprocess.run([sys.executable, "-m", "triage.cli", "serve", "--host", "192.0.2.1", "--port", "18734"],
                       env=test_env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 2 and "本机没有这个地址" in r.stderr and "端口已被占用" not in r.stderr, r.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = subprocess.run([sys.executable, "-m", "triage.cli", "serve", "--port", str(busy.getsockname()[1])],
                           env=test_env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 2 and "端口已被占用" in r.stderr, r.stderr


def test_setup_runs_in_a_child_so_the_runner_keeps_no_models(built_home, test_env, tmp_path):
    """`jiesu run` prepares in a child process: the runner, which then only watches its services,
    does not hold the encoder, models and indexes (≈ 950 MB for the system's life: tester58 D14).
    A setup that fails gives its exit code and one line, and nothing is started."""
    import subprocess

    from tests.conftest import CASES_LIMIT, TRAIN_LIMIT

    # the test home's limits: every step up to date, nothing rebuilt
    script = ("import sys\nfrom triage import runner\nfrom triage.settings import get_settings\n"
              f"rc = runner._setup(get_settings(), train_limit={TRAIN_LIMIT}, cases_limit={CASES_LIMIT})\n"
              "print('RC', rc, 'torch' in sys.modules, 'classifier.encoder' in sys.modules)\n")
    r = subprocess.run([sys.executable, "-c", script], env=test_env, capture_output=True, text=True, timeout=600,
                       check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "RC 0 False False" in r.stdout, r.stdout[-2000:]
    assert "已是最新" in r.stdout   # the child's own progress lines reach the same output

    home = tmp_path / "not-a-folder"
    home.write_text("x")
    run = script.replace(f"rc = runner._setup(get_settings(), train_limit={TRAIN_LIMIT}, cases_limit={CASES_LIMIT})",
                         "rc = runner.run_all(get_settings(), port=8127)")
    r = subprocess.run([sys.executable, "-c", run], env={**test_env, "JIESU_HOME": str(home)},
                       capture_output=True, text=True, timeout=600, check=False)
    assert "RC 1" in r.stdout and "准备失败" in r.stdout and "internal error" in r.stderr, (r.stdout, r.stderr)
    assert "启动 / starting" not in r.stdout


def test_a_relative_home_reaches_the_bot_started_in_its_own_directory(tmp_path, monkeypatch):
    """JIESU_HOME=var/bench-home `jiesu run --actions-port 5355`: the bot, started in bot/, was given
    var/bench-home/bot-endpoints.yml, found no such file there, read bot/endpoints.yml (5055) and lost every
    action's reply (session 51). The settings make a relative directory whole where jiesu starts."""
    from pathlib import Path

    from triage.settings import Settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JIESU_HOME", "var/some-home")
    monkeypatch.setenv("JIESU_DATA_DIR", "data")
    monkeypatch.setattr(runner, "bot_available", lambda: True)
    monkeypatch.setattr(runner, "ensure_bot_token", lambda s: s.home / "bot.token")
    settings = Settings(bot_actions_url="http://127.0.0.1:5355")
    assert settings.home == tmp_path / "var" / "some-home" and settings.data_dir == tmp_path / "data"
    bot = {name: cmd for name, cmd, _, _ in runner._services(settings, "127.0.0.1", 8123)}["bot"]
    endpoints = Path(bot[bot.index("--endpoints") + 1])
    assert endpoints.is_absolute() and "127.0.0.1:5355" in endpoints.read_text(encoding="utf-8")
