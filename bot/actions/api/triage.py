"""The one client for the jiesu triage API (``/v1/triage``, ``/v1/cases``), used by the actions.

Configuration (environment of the action server):
    JIESU_API_URL         base URL, default http://127.0.0.1:8000
    JIESU_BOT_TOKEN       bearer token of a ``bot`` user; when unset, read from
    JIESU_BOT_TOKEN_FILE  default <repo>/var/bot_token
    JIESU_API_TIMEOUT     read timeout in seconds, default 5 (connect timeout 2)

Errors: ``ApiUnavailable`` when the API cannot be reached or fails (connection refused, timeout,
5xx, no token) — the bot apologises and keeps the conversation; ``ApiError`` for a 4xx answer
(``NotFound`` for 404) — the request itself was wrong.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[3]
DEFAULT_URL = "http://127.0.0.1:8000"
CONNECT_TIMEOUT = 2.0


class ApiUnavailable(Exception):
    """The API cannot answer now (down, slow, 5xx, or no token configured)."""


class ApiError(Exception):
    """The API refused the request (4xx)."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.detail = detail


class NotFound(ApiError):
    """404: no such case."""


class Locked(ApiError):
    """429 with ``details.locked``: too many wrong 查询码 for this case number; ``retry_after`` s."""


def _token() -> str | None:
    token = os.environ.get("JIESU_BOT_TOKEN", "").strip()
    if token:
        return token
    path = Path(os.environ.get("JIESU_BOT_TOKEN_FILE") or REPO / "var" / "bot_token")
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def citizen_of(sender_id: str, salt: str | None = None) -> str:
    """The chat's opaque id for the API's ``X-Citizen`` (wrong 查询码 lock that chat only): a keyed
    SHA-256 of the Rasa sender id, stable for a chat and not reversible to it. The key is
    ``JIESU_CITIZEN_SALT``, else the bot token (a secret the API never sees hashed with it)."""
    key = salt or os.environ.get("JIESU_CITIZEN_SALT") or _token() or "jiesu-bot"
    return hmac.new(key.encode("utf-8"), sender_id.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


class TriageClient:
    """Thin synchronous client; one instance per call is cheap (settings are read each time)."""

    def __init__(self, base_url: str | None = None, token: str | None = None,
                 timeout: float | None = None) -> None:
        self.base_url = (base_url or os.environ.get("JIESU_API_URL") or DEFAULT_URL).rstrip("/")
        self.token = token if token is not None else _token()
        self.timeout = (CONNECT_TIMEOUT, timeout or float(os.environ.get("JIESU_API_TIMEOUT") or 5))

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None,
              headers: dict[str, str] | None = None) -> dict[str, Any]:
        if not self.token:
            raise ApiUnavailable("no bot token: set JIESU_BOT_TOKEN or JIESU_BOT_TOKEN_FILE")
        try:
            r = requests.request(method, self.base_url + path, json=payload, timeout=self.timeout,
                                 headers={"Authorization": f"Bearer {self.token}", **(headers or {})})
        except requests.RequestException as e:  # refused, DNS, timeout
            raise ApiUnavailable(f"{method} {path}: {type(e).__name__}") from e
        try:
            body = r.json()
        except ValueError as e:
            raise ApiUnavailable(f"{method} {path}: HTTP {r.status_code}, non-JSON answer") from e
        if r.status_code == 429 and ((body.get("error") or {}).get("details") or {}).get("locked"):
            raise Locked(429, body)  # the citizen's wrong codes, not the API's load
        if r.status_code >= 500 or r.status_code in (401, 429):  # 401: our token, not the citizen
            raise ApiUnavailable(f"{method} {path}: HTTP {r.status_code}")
        if r.status_code == 404:
            raise NotFound(404, body)
        if r.status_code >= 400:
            raise ApiError(r.status_code, body)
        return body

    def triage(self, text: str) -> dict[str, Any]:
        """``POST /v1/triage``: categories, departments, entities (address, times, objects)."""
        return self._call("POST", "/v1/triage", {"text": text})

    def urgency(self, text: str) -> dict[str, Any]:
        """``POST /v1/urgency``: ``{"urgent": {kind, advice, words} | None}``, the triage's danger
        check alone (no encoder pass): for every answer inside the form."""
        return self._call("POST", "/v1/urgency", {"text": text})

    def create_case(self, text: str, *, address: str | None = None, title: str = "",
                    flagged: bool = False, category: str | None = None,
                    contact: str | None = None) -> dict[str, Any]:
        """``POST /v1/cases`` with channel ``bot``; returns the case with its ``number``.
        ``category``: the reading the citizen chose when asked (the triage routes by it);
        ``contact``: the call-back number (operators only see it)."""
        payload: dict[str, Any] = {"text": text, "channel": "bot", "title": title, "flagged": flagged}
        if address:
            payload["address"] = address
        if contact:
            payload["contact"] = contact
        if category:
            payload["category"] = category
        return self._call("POST", "/v1/cases", payload)

    def get_case(self, ref: str, code: str | None = None, citizen: str | None = None) -> dict[str, Any]:
        """``GET /v1/cases/{id or number}``: the bot reads a case only with its 查询码 (a wrong or
        missing code is a 404, as for an unknown number). The code travels in ``X-Query-Code``,
        never in the URL (access logs record URLs); ``citizen`` (``citizen_of``) names the chat."""
        return self._call("GET", self._case_path(ref), headers=self._for(code, citizen))

    def flag_case(self, ref: str, version: int | None = None, code: str | None = None,
                  citizen: str | None = None) -> dict[str, Any]:
        """``PATCH /v1/cases/{ref}`` ``{flagged: true}``: hand the case to a person."""
        payload: dict[str, Any] = {"flagged": True}
        if version is not None:
            payload["version"] = version
        return self._call("PATCH", self._case_path(ref), payload, headers=self._for(code, citizen))

    def add_contact(self, ref: str, contact: str, code: str | None = None,
                    citizen: str | None = None) -> dict[str, Any]:
        """``PATCH /v1/cases/{ref}`` ``{contact}``: the call-back number of a case filed without one
        (409 when it has one: the bot never replaces it)."""
        return self._call("PATCH", self._case_path(ref), {"contact": contact}, headers=self._for(code, citizen))

    def add_note(self, ref: str, kind: str, text: str, code: str | None = None,
                 citizen: str | None = None) -> dict[str, Any]:
        """``POST /v1/cases/{ref}/notes``: the citizen's addition (``补充``) or withdrawal request
        (``撤销申请``, which also hands the case to a person); 409 once the case is finished."""
        return self._call("POST", f"{self._case_path(ref)}/notes", {"kind": kind, "text": text},
                          headers=self._for(code, citizen))

    @staticmethod
    def _for(code: str | None, citizen: str | None) -> dict[str, str]:
        """The headers that read a case for a citizen: its 查询码 and the chat asking."""
        return {**({"X-Query-Code": code} if code else {}), **({"X-Citizen": citizen} if citizen else {})}

    @staticmethod
    def _case_path(ref: str) -> str:
        return f"/v1/cases/{requests.utils.quote(ref, safe='')}"
