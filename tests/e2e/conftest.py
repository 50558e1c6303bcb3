"""Browser fixtures: Debian's Chromium through pytest-playwright (never a downloaded browser), and
a real uvicorn server on the test home with its own SQLite database and role tokens."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("JIESU_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL_HINT = "apt-get install -y chromium fonts-wqy-microhei"


if importlib.util.find_spec("pytest_playwright") is None:
    @pytest.fixture
    def page():
        pytest.skip("pytest-playwright is not installed: pip install playwright pytest-playwright")
else:
    @pytest.fixture(scope="session")
    def browser_type_launch_args(browser_type_launch_args):
        """pytest-playwright's launch arguments, pointed at the system Chromium."""
        if not CHROMIUM.exists():
            pytest.skip(f"Chromium not found at {CHROMIUM}: install it with `{INSTALL_HINT}` "
                        "(or set JIESU_CHROMIUM); browsers are never downloaded")
        return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "headless": True,
                "args": CHROMIUM_ARGS}

    @pytest.fixture(scope="session")
    def browser_context_args(browser_context_args):
        return {**browser_context_args, "viewport": {"width": 1366, "height": 900}, "locale": "zh-CN",
                "timezone_id": "Asia/Shanghai"}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where the tests leave screenshots (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@dataclass(frozen=True)
class WebServer:
    base: str
    settings: object
    tokens: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture(scope="module")
def web_server(start_api, tmp_path_factory):
    """The app on a free loopback port, with an operator, a supervisor and a bot token."""
    from triage.auth import add_user
    from triage.db import session_scope

    with start_api(tmp_path_factory.mktemp("web")) as (base, settings):
        with session_scope(settings) as db:
            tokens = {role: add_user(f"e2e-{role}", role, db_session=db)
                      for role in ("operator", "supervisor", "bot")}
        yield WebServer(base, settings, tokens)
