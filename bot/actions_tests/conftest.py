"""Fixtures for the action tests: a real triage API on a free loopback port, trackers from JSON.

Run with the Rasa interpreter, from the repository root:
    .venv-rasa/bin/python -m pytest bot/actions_tests
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import json
import urllib.error
import urllib.request
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pytest
import yaml

BOT = Path(__file__).resolve().parents[1]
REPO = BOT.parent
MAIN_PY = REPO / ".venv" / "bin" / "python"
sys.path.insert(0, str(BOT))  # `import actions` as the action server does (cwd bot/)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The real API (main venv) with a fresh SQLite database and a ``bot`` token."""
    if not MAIN_PY.exists():
        pytest.skip(f"{MAIN_PY} missing: run `make venv` first")
    tmp = tmp_path_factory.mktemp("api")
    env = {**os.environ,
           "JIESU_HOME": os.environ.get("JIESU_TEST_HOME", str(REPO / "var" / "test-home")),
           "JIESU_DATA_DIR": os.environ.get("JIESU_DATA_DIR", str(REPO.parent / "shared" / "data")),
           "JIESU_REGULATION_DENSE": "false",
           "JIESU_DATABASE_URL": f"sqlite:///{tmp}/db.sqlite",
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    out = subprocess.run([str(MAIN_PY), "-m", "triage.cli", "users", "add", "bot-test", "--role", "bot"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=True)
    token = out.stdout.strip().splitlines()[-1].strip()
    # an operator: decides, re-dispatches and closes cases as the console does
    out = subprocess.run([str(MAIN_PY), "-m", "triage.cli", "users", "add", "operator-test", "--role", "operator"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=True)
    operator = out.stdout.strip().splitlines()[-1].strip()
    port = free_port()
    log = open(tmp / "api.log", "wb")
    proc = subprocess.Popen([str(MAIN_PY), "-m", "uvicorn", "--factory", "triage.api.app:create_app",
                             "--host", "127.0.0.1", "--port", str(port)],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(url + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except urllib.error.HTTPError as e:  # 503: still loading, or loading failed (details say why)
                if (json.loads(e.read() or b"{}").get("error") or {}).get("details"):
                    raise RuntimeError("API cannot load its models:\n"
                                       + (tmp / "api.log").read_text(errors="replace")[-3000:]) from e
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("API did not start:\n" + (tmp / "api.log").read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        # the first triage loads lazy parts of the pipeline: longer than the bot's 5 s timeout
        warm = urllib.request.Request(url + "/v1/triage", data=json.dumps({"text": "预热"}).encode(),
                                      headers={"Authorization": f"Bearer {token}",
                                               "Content-Type": "application/json"})
        urllib.request.urlopen(warm, timeout=120).read()
        yield {"url": url, "token": token, "operator": operator, "db": str(tmp / "db.sqlite")}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def live(api: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Point the actions' client at the test API."""
    monkeypatch.setenv("JIESU_API_URL", api["url"])
    monkeypatch.setenv("JIESU_BOT_TOKEN", api["token"])
    return api


@pytest.fixture
def down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the client at a closed loopback port."""
    monkeypatch.setenv("JIESU_API_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("JIESU_BOT_TOKEN", "jsu_nothing_listens")


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((BOT / "domain.yml").read_text(encoding="utf-8"))


def tracker_json(*, text: str = "", intent: str = "complain", slots: dict[str, Any] | None = None,
                 requested_slot: str | None = None, active_loop: str | None = "complaint_form",
                 set_now: dict[str, Any] | None = None) -> dict[str, Any]:
    """A tracker state as the Rasa server sends it: the citizen's last message, then the slots
    the server extracted from it (``set_now``, what the form's validation checks)."""
    slots = {**(slots or {}), **(set_now or {}), "requested_slot": requested_slot}
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": []}
    events: list[dict[str, Any]] = [{"event": "action", "name": "action_listen"},
                                     {"event": "user", "text": text, "parse_data": latest}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (set_now or {}).items()]
    return {"sender_id": "test", "slots": slots, "latest_message": latest, "events": events,
            "paused": False, "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen"}


GAS_ADVICE = "如闻到燃气味：请立即打开门窗通风，不要开关电器、不要使用明火和手机，离开现场后拨打燃气抢修热线96777或119。"


@contextmanager
def _proxy(live: dict[str, str], monkeypatch: pytest.MonkeyPatch,
           rewrite: Callable[[str, str, bytes | None, int, bytes], bytes] | None = None,
           seen: list[dict[str, Any]] | None = None) -> Iterator[str]:
    """The test API behind a local proxy that the actions call (``JIESU_API_URL``): each request
    is recorded in ``seen`` (method, path with its query string, headers: what an access log
    sees) and forwarded; ``rewrite(method, path, body, status, answer)`` may change an answer.
    Yields the proxy's URL."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Proxy(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            if seen is not None:
                seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers.items())})
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
            req = urllib.request.Request(live["url"] + self.path, data=body, method=self.command,
                                         headers={k: v for k, v in self.headers.items()
                                                  if k.lower() not in ("host", "content-length")})
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    status, answer = r.status, r.read()
            except urllib.error.HTTPError as e:
                status, answer = e.code, e.read()
            if rewrite is not None:
                answer = rewrite(self.command, self.path, body, status, answer)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_GET = do_POST = do_PATCH = _forward

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("JIESU_API_URL", url)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def urgent_api(live: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The test API behind a proxy whose ``POST /v1/triage`` answers ``urgent`` (the danger the
    text names, with its advice) for a gas smell, ``null`` otherwise: the field as the API gives
    it, whether or not the API under test has it yet."""

    def rewrite(method: str, path: str, body: bytes | None, status: int, answer: bytes) -> bytes:
        if method != "POST" or path != "/v1/triage" or status != 200:
            return answer
        result, text = json.loads(answer), json.loads(body or b"{}").get("text", "")
        gas = any(w in text for w in ("煤气", "燃气味"))
        result["urgent"] = {"kind": "燃气泄漏", "advice": GAS_ADVICE} if gas else None
        return json.dumps(result, ensure_ascii=False).encode()

    with _proxy(live, monkeypatch, rewrite=rewrite) as url:
        yield {**live, "url": url}


@pytest.fixture
def recording_api(live: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """The test API behind a proxy that records each request the bot sends (method, path with its
    query string, headers), as an access log would see it; the answers pass unchanged."""
    seen: list[dict[str, Any]] = []
    with _proxy(live, monkeypatch, seen=seen):
        yield seen