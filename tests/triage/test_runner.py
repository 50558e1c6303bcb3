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


def test_a_bot_that_exits_is_restarted_and_given_up_on_after_three_tries(test_settings, monkeypatch, capsys):
    import triage.setup

    monkeypatch.setattr(triage.setup, "setup_all", lambda s: None)
    monkeypatch.setattr(runner, "bot_available", lambda: False)
    api = [sys.executable, "-c", "import time; time.sleep(60)"]
    bot = [sys.executable, "-c", "raise SystemExit(3)"]
    monkeypatch.setattr(runner, "_services", lambda s, h, p: [("api", api, ".", {}), ("bot", bot, ".", {})])
    rc = runner.run_all(test_settings, port=8124)
    out = capsys.readouterr().out
    assert rc == 3
    assert out.count("重启 / restarting bot") == 3 and out.count("✖ bot 已退出") == 4
    assert "✖ api" not in out   # the API ran on until the end, and was stopped then


@pytest.mark.parametrize("code", [0, 5])
def test_the_api_exiting_stops_everything(test_settings, monkeypatch, code):
    import triage.setup

    monkeypatch.setattr(triage.setup, "setup_all", lambda s: None)
    monkeypatch.setattr(runner, "bot_available", lambda: False)
    api = [sys.executable, "-c", f"raise SystemExit({code})"]
    bot = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(runner, "_services", lambda s, h, p: [("api", api, ".", {}), ("bot", bot, ".", {})])
    assert runner.run_all(test_settings, port=8125) == (code or 1)
