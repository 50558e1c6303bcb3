"""``/chat`` and ``POST /v1/chat`` without a bot: the page is served, bad input is a 4xx JSON error,
and a bot that is down gives a clear Chinese 503 (a real closed port, nothing stubbed)."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # released on close: nothing listens there


@pytest.fixture
def client(tmp_path):
    from triage.api.app import create_app
    from triage.settings import Settings

    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'chat.db'}",
                        bot_url=f"http://127.0.0.1:{_closed_port()}")
    with TestClient(create_app(settings, load=False)) as c:
        yield c


def test_chat_page_is_served_with_its_script(client):
    r = client.get("/chat")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<title>接诉 · 在线反映</title>" in r.text and 'id="chat-input"' in r.text
    assert "connect-src 'self'" in r.headers["content-security-policy"]  # the page only calls /v1/chat
    js = client.get("/static/chat.js")
    assert js.status_code == 200 and "/v1/chat" in js.text and "innerHTML" not in js.text
    assert client.get("/static/chat.css").status_code == 200


def test_chat_bot_down_is_a_chinese_503(client):
    r = client.post("/v1/chat", json={"sender": "test-sender-1", "message": "楼下工地半夜施工"})
    assert r.status_code == 503
    err = r.json()["error"]
    assert err["code"] == 503 and "智能助手暂时无法连接" in err["zh"] and err["en"]


@pytest.mark.parametrize("payload", [
    {"sender": "test-sender-1", "message": ""},
    {"sender": "test-sender-1", "message": "   "},
    {"sender": "bad sender id!", "message": "你好"},
    {"sender": "short", "message": "你好"},
    {"message": "你好"},
    {"sender": "test-sender-1", "message": "吵" * 2001},
])
def test_chat_bad_input_is_a_4xx_json_error(client, payload):
    r = client.post("/v1/chat", json=payload)
    assert 400 <= r.status_code < 500
    assert r.json()["error"]["zh"]


def test_chat_too_long_says_how_long_it_may_be(client):
    r = client.post("/v1/chat", json={"sender": "test-sender-1", "message": "吵" * 2001})
    assert r.status_code == 422
    err = r.json()["error"]
    assert "消息过长" in err["zh"] and "2000" in err["zh"] and "too long" in err["en"]
    assert err["details"] == {"max_chars": 2000}
