"""The API's documentation page, ``/docs`` (Swagger UI), served from this server: FastAPI's
default loads its script from a CDN, and a hotline's network often reaches no CDN (a deployer's
``/docs`` stayed blank, tester58 D12). The script and styles come from the ``fastapi-offline``
package's copy of ``swagger-ui-dist``, under ``/static-docs``. No ``/redoc``: its bundle fetches
a logo from its vendor's CDN whatever it is told."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

STATIC_URL = "/static-docs"


def _assets() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


def install(app: FastAPI) -> None:
    """``/docs``, its OAuth2 redirect page and their assets (the app is made with ``docs_url=None,
    redoc_url=None``)."""
    app.mount(STATIC_URL, StaticFiles(directory=_assets()), name="static-docs")
    openapi = app.openapi_url or "/openapi.json"
    redirect = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    async def swagger(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(openapi_url=root + openapi, title=app.title + " - Swagger UI",
                                   oauth2_redirect_url=root + redirect,
                                   swagger_js_url=f"{root}{STATIC_URL}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}{STATIC_URL}/swagger-ui.css",
                                   swagger_favicon_url=f"{root}{STATIC_URL}/favicon.png",
                                   swagger_ui_parameters=app.swagger_ui_parameters)

    @app.get(redirect, include_in_schema=False)
    async def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
