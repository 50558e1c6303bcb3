"""The citizens' web chat: the ``/chat`` page and ``POST /v1/chat``, which forwards one message to
the Rasa bot's REST channel (``JIESU_BOT_URL``, default http://127.0.0.1:5005) and returns its
replies. Same origin as the page, so the browser needs no CORS and the bot stays on loopback.

Citizens have no token: this route is open, like the bot's own webhook. It only relays text to
the bot (which files cases with its own ``bot`` token) and never logs what the citizen wrote.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from triage.api.errors import ApiError
from triage.web.views import SECURITY_HEADERS, WEB_DIR

log = logging.getLogger("triage.api")

WEBHOOK = "/webhooks/rest/webhook"
# connect fast (a stopped bot answers at once); a reply may wait for the triage API behind it
TIMEOUT = httpx.Timeout(60.0, connect=3.0)
MAX_CHARS = 2000

router = APIRouter(prefix="/v1", tags=["chat"])
page_router = APIRouter(include_in_schema=False)


class ChatIn(BaseModel):
    """One message of a conversation; ``sender`` is the page's random conversation id."""

    sender: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    # longer ones get their own message in ``chat`` (the body limit, 1 MiB, still applies)
    message: str = Field(min_length=1)


class Button(BaseModel):
    title: str
    payload: str


class BotMessage(BaseModel):
    text: str | None = None
    buttons: list[Button] = []


class ChatOut(BaseModel):
    messages: list[BotMessage]


def _replies(raw: Any) -> list[BotMessage]:
    """The bot's answer, kept to text and buttons (nothing else is shown on the page)."""
    out: list[BotMessage] = []
    for m in raw if isinstance(raw, list) else []:
        if not isinstance(m, dict):
            continue
        buttons = [Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
                   for b in m.get("buttons") or [] if isinstance(b, dict) and b.get("payload")]
        text = m.get("text")
        if text or buttons:
            out.append(BotMessage(text=str(text) if text else None, buttons=buttons))
    return out


@router.post("/chat", response_model=ChatOut, summary="市民对话（转发给对话机器人） / chat with the bot")
async def chat(data: ChatIn, request: Request) -> ChatOut:
    """Forward the message to the bot; 503 (Chinese message) when the bot cannot be reached."""
    text = data.message.strip()
    if not text:
        raise ApiError(422, "消息不能为空", "empty message")
    if len(text) > MAX_CHARS:
        raise ApiError(422, f"消息过长（最多{MAX_CHARS}字），请精简后再发，或分几次发送",
                       f"message too long: at most {MAX_CHARS} characters", {"max_chars": MAX_CHARS})
    base = request.app.state.settings.bot_url.rstrip("/")
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            r = await client.post(base + WEBHOOK, json={"sender": f"web-{data.sender}", "message": text})
    except httpx.HTTPError as e:
        log.warning("chat.bot_unreachable %s", type(e).__name__)
        raise ApiError(503, "智能助手暂时无法连接，请稍后再试，或直接拨打12345热线",
                       "the chat bot cannot be reached") from e
    if r.status_code != 200:
        log.warning("chat.bot_error status=%s", r.status_code)
        raise ApiError(502, "智能助手出错了，请稍后再试，或直接拨打12345热线",
                       f"the chat bot answered HTTP {r.status_code}")
    try:
        raw = r.json()
    except ValueError as e:
        raise ApiError(502, "智能助手出错了，请稍后再试，或直接拨打12345热线",
                       "the chat bot did not answer JSON") from e
    return ChatOut(messages=_replies(raw))


@page_router.get("/chat")
def chat_page() -> FileResponse:
    """市民在线反映 / the citizens' chat page."""
    return FileResponse(WEB_DIR / "chat.html", media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.include_router(page_router)
