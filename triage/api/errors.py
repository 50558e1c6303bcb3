"""Errors as ``{"error": {"code", "zh", "en", "details"?}}``, never a bare 500."""

from __future__ import annotations

import json
import logging
import re
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


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app serves at this request's path."""
    from starlette.routing import Match

    methods = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            methods.append(method)
    return methods


def known_query(request: Request) -> None:
    """Called by every role check (``triage.auth.require``), after the token and the role: a query
    parameter that the /v1 operation does not take is 422 naming those it takes. Ignored, a typo
    (``?pagesize=100``, ``?limit=…``) answered 200 with the defaults and read as a result."""
    if not request.query_params or not request.url.path.startswith("/v1/"):
        return
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = getattr(route, "_jiesu_query", None)
    if known is None:   # the operation's query parameters and its dependencies'
        names: set[str] = set()
        todo = [dependant]
        while todo:
            d = todo.pop()
            names.update(f.alias for f in d.query_params)
            todo.extend(d.dependencies)
        known = frozenset(names)
        route._jiesu_query = known  # type: ignore[union-attr]
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ApiError(422, "未知的查询参数：" + "、".join(unknown) + "（可用：" + ("、".join(sorted(known)) or "无") + "）",
                       "unknown query parameter(s): " + ", ".join(unknown),
                       {"unknown": unknown, "valid": sorted(known)})


def _field_message(e: dict) -> str:
    """The first validation error in Chinese, naming the field: 字段 sender：至少 8 个字符 (an
    integrator's short chat id got only the generic line, the reason in English in ``details``)."""
    loc = [x for x in e.get("loc") or () if x not in ("body", "query", "path", "header")]
    field = ".".join(loc) or "请求体"
    kind, msg = e.get("type") or "", e.get("msg") or ""
    num = re.search(r"\d+", msg)
    why = {"missing": "缺少此字段", "string_too_short": f"至少 {num.group()} 个字符" if num else "太短",
           "string_too_long": f"至多 {num.group()} 个字符" if num else "太长",
           "extra_forbidden": "不是可用的字段", "string_type": "应为字符串", "int_parsing": "应为整数",
           "int_type": "应为整数", "bool_parsing": "应为 true 或 false", "bool_type": "应为 true 或 false",
           "literal_error": "不是可用的取值", "enum": "不是可用的取值", "greater_than_equal": "太小",
           "less_than_equal": "太大", "too_long": "条目太多", "too_short": "条目太少",
           "datetime_from_date_parsing": "不是可读的时间", "datetime_parsing": "不是可读的时间",
           "dict_type": "应为 JSON 对象", "model_attributes_type": "应为 JSON 对象", "model_type": "应为 JSON 对象",
           "list_type": "应为列表", "float_parsing": "应为数字", "float_type": "应为数字",
           "value_error": msg.removeprefix("Value error, ")}.get(kind)
    # a reason always (a tester's JSON array as the body read only 字段 请求体)
    return f"字段 {field}：{why or '取值不正确'}"


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
        if any(e["type"] == "json_invalid" for e in errs):
            return JSONResponse(body(422, "请求体不是合法的 JSON（请检查引号、逗号和括号）",
                                     "request body is not valid JSON (check quotes, commas and brackets)", errs),
                                status_code=422)
        first = _field_message(errs[0]) if errs else ""
        return JSONResponse(body(422, "请求格式不正确，请检查字段与类型" + (f"（{first}）" if first else ""),
                                 "invalid request: check fields and types", errs), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            # FastAPI's answer to a body that is not valid UTF-8/JSON: a validation error to us
            return JSONResponse(body(422, "请求体不是合法的 UTF-8 JSON", "request body is not valid UTF-8 JSON"),
                                status_code=422)
        zh = {404: "未找到", 405: "不支持的请求方法", 401: "未认证", 403: "无权限"}.get(exc.status_code, "请求错误")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # Starlette names only the first route's methods for the path
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return JSONResponse(body(exc.status_code, zh, str(exc.detail)), status_code=exc.status_code,
                            headers=headers or None)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("triage.api.unhandled %s", type(exc).__name__)
        return JSONResponse(body(500, "服务器内部错误", "internal server error"), status_code=500)


# -- the error responses, documented in the OpenAPI schema -------------------------------------

ERROR_SCHEMA: dict[str, Any] = {
    "title": "ErrorResponse",
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "zh", "en"],
        "properties": {
            "code": {"type": "integer", "description": "HTTP status"},
            "zh": {"type": "string", "description": "中文说明"},
            "en": {"type": "string", "description": "English message"},
            "details": {"description": "which fields or values (validation errors: loc / type / msg)"},
        },
    }},
}

_WHY = {
    400: "请求的值不可用（未知的部门、将来的诉求时间）/ a value that cannot be used (unknown department, "
         "a complaint time in the future)",
    401: "未认证：缺少或无效的访问令牌 / missing or invalid bearer token",
    403: "无权限：该角色不能调用此接口 / this role may not call this endpoint",
    404: "未找到 / not found",
    409: "冲突：案件已被他人修改，或状态不允许 / conflict: changed since read, or not allowed in this state",
    413: "内容过长 / text too long",
    422: "请求格式不正确 / invalid request (fields, types, values)",
    503: "服务未就绪、数据库不可用或依赖的服务（机器人、热点计算）暂不可用 / not ready, or a service it needs is unavailable",
}


def _codes(path: str, op: dict[str, Any]) -> list[int]:
    """The error statuses an operation can answer, from how the API is built: every /v1 route
    but the citizens' chat takes a token (401, 403); a path parameter names something (404);
    a request body may conflict (409) or carry a text (413); anything with input, or with a token
    (unknown query parameters), is validated (422); everything that needs the pipeline, the case
    store or another service can be 503."""
    if path == "/healthz":
        return []
    codes = {503}
    if op.get("security"):
        codes |= {401, 403}
    if "{" in path:
        codes.add(404)
    if op.get("requestBody") or op.get("parameters") or op.get("security"):
        codes.add(422)   # a token-taking operation also refuses query parameters it does not take
    if op.get("requestBody"):
        codes |= {409, 413}
    if path.endswith(("/rollback", "/promote")):
        codes.add(409)
    if path == "/v1/cases":   # a department filter or a filing time checked against live data
        codes.add(400)
    return sorted(codes)


def document_errors(app: FastAPI) -> None:
    """Every operation's error responses in the schema, with the one body they all share
    (``{"error": {"code", "zh", "en", "details"?}}``) instead of FastAPI's ``HTTPValidationError``,
    which this API never sends."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        comps.pop("HTTPValidationError", None)
        comps.pop("ValidationError", None)
        comps["ErrorResponse"] = ERROR_SCHEMA
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
        for path, ops in schema.get("paths", {}).items():
            for op in ops.values():
                responses = op.setdefault("responses", {})
                responses.pop("422", None)
                for code in _codes(path, op):
                    responses[str(code)] = {"description": _WHY[code], "content": ref}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


MAX_BODY_BYTES = 1 << 20  # a complaint is at most 20,000 characters: ~60 KB of JSON, 120 KB escaped


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` gets 413 before anything parses it,
    whether it announces its length or is sent in chunks (the citizens' ``/v1/chat`` needs no
    token, so a 200 MB body must not be read into memory and parsed)."""

    def __init__(self, app: Any, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _too_large(self, send: Any) -> None:
        payload = json.dumps(body(413, f"请求体过大（上限 {self.max_bytes // 1024} KB）",
                                  f"request body too large (limit {self.max_bytes // 1024} KB)"),
                             ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                (b"content-length", str(len(payload)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": payload})

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:  # read it all (at most max_bytes), then hand it on in one piece
            msg = await receive()
            if msg["type"] != "http.request":
                return  # the client went away
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not msg.get("more_body"):
                break
        data, sent = b"".join(chunks), False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
