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
    log: Path | None = None

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture(scope="module")
def web_server(start_api, tmp_path_factory):
    """The app on a free loopback port, with an operator, a supervisor and a bot token."""
    from triage.auth import add_user
    from triage.db import session_scope

    d = tmp_path_factory.mktemp("web")
    with start_api(d) as (base, settings):
        with session_scope(settings) as db:
            tokens = {role: add_user(f"e2e-{role}", role, db_session=db)
                      for role in ("operator", "supervisor", "bot")}
        yield WebServer(base, settings, tokens, d / "server.log")


def _page_state(page) -> str:
    """What the page showed and heard when a test failed: its toast and status lines, the /v1
    answers that were no success, its console (a `make test` run's draft box stayed empty with
    nothing else to tell why)."""
    lines = [f"url: {page.url}"]
    for sel in ("#toast", "#reply-status", "#status-msg", "#login-msg"):
        try:
            if page.locator(sel).count():
                lines.append(f"{sel}: {page.locator(sel).first.inner_text(timeout=2000)!r}")
        except Exception as e:  # noqa: BLE001 - a report of a failure must not fail itself
            lines.append(f"{sel}: ({e.__class__.__name__})")
    lines += getattr(page, "heard", [])[-40:]
    return "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test's report carries the page's state and the server's log tail."""
    rep = yield
    if rep.when == "call" and rep.failed:
        args = getattr(item, "funcargs", {})
        page = args.get("ui") or args.get("page")
        if page is not None and hasattr(page, "locator"):
            try:
                rep.sections.append(("page", _page_state(page)))
            except Exception as e:  # noqa: BLE001
                rep.sections.append(("page", f"(not read: {e})"))
        srv = args.get("web_server")
        if isinstance(srv, WebServer) and srv.log is not None and srv.log.is_file():
            rep.sections.append(("server log (tail)", srv.log.read_text(errors="replace")[-6000:]))
    return rep
