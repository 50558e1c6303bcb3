"""Browser fixtures: Debian's Chromium through pytest-playwright (never a downloaded browser), and
a real uvicorn server on the test home with its own SQLite database and role tokens."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def web_server(built_home, test_env, tmp_path_factory):
    """``uvicorn`` serving the app on a free loopback port; tokens made before it starts."""
    from triage.auth import add_user
    from triage.db import init_db, session_scope

    d = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{d / 'web.db'}"
    settings = built_home.model_copy(update={"database_url": url})
    init_db(settings)
    with session_scope(settings) as db:
        tokens = {role: add_user(f"e2e-{role}", role, db_session=db) for role in ("operator", "supervisor")}

    port = _free_port()
    log_path = d / "server.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "triage.api.app:create_app", "--factory",
                                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                cwd=REPO, env={**test_env, "JIESU_DATABASE_URL": url},
                                stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 300
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited: {log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline:
                pytest.fail(f"server not ready in time: {log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        yield WebServer(base, settings, tokens)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
