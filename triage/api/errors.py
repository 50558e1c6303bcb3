"""Errors as ``{"error": {"code", "zh", "en", "details"?}}``, never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("triage.api")


class ApiError(Exception):
    """An error with a Chinese and an English message."""

    def __init__(self, status: int, zh: str, en: str, details: Any = None) -> None:
        super().__init__(en)
        self.status, self.zh, self.en, self.details = status, zh, en, details


def body(status: int, zh: str, en: str, details: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": status, "zh": zh, "en": en}
    if details is not None:
        err["details"] = details
    return {"error": err}


def _clean(errors: list[dict]) -> list[dict]:
    out = []
    for e in errors:
        out.append({"loc": [str(x) for x in e.get("loc", ())], "type": e.get("type"), "msg": e.get("msg")})
    return out


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(body(exc.status, exc.zh, exc.en, exc.details), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errs = _clean(list(exc.errors()))
        too_long = any(e["type"] == "string_too_long" and "text" in e["loc"] for e in errs)
        if too_long:
            return JSONResponse(body(413, "内容过长（超过 20000 字）", "text too long (over 20,000 characters)",
                                     errs), status_code=413)
        return JSONResponse(body(422, "请求格式不正确，请检查字段与类型", "invalid request: check fields and types",
                                 errs), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            # FastAPI's answer to a body that is not valid UTF-8/JSON: a validation error to us
            return JSONResponse(body(422, "请求体不是合法的 UTF-8 JSON", "request body is not valid UTF-8 JSON"),
                                status_code=422)
        zh = {404: "未找到", 405: "不支持的请求方法", 401: "未认证", 403: "无权限"}.get(exc.status_code, "请求错误")
        return JSONResponse(body(exc.status_code, zh, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("triage.api.unhandled %s", type(exc).__name__)
        return JSONResponse(body(500, "服务器内部错误", "internal server error"), status_code=500)
