"""Serves the web pages: ``/`` (operator console), ``/supervisor`` (dashboard) and ``/static/…``.

The pages load without a token; every data call they make sends the token the user typed into
the login box (kept in ``sessionStorage``), so the API's roles decide what each page can show.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles

WEB_DIR = Path(__file__).resolve().parent
ASSET_SUFFIXES = frozenset({".html", ".css", ".js", ".svg", ".png", ".ico"})

# The pages insert complaint text (which may carry HTML) only as text nodes; the policy is the
# second line of defence: no inline scripts, nothing from other origins.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",  # revalidate: a new release's pages are picked up at once
}

router = APIRouter(include_in_schema=False)


class _Assets(StaticFiles):
    """The package directory, but only page assets: never ``.py`` sources or ``__pycache__``."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        parts = Path(path).parts
        if Path(path).suffix not in ASSET_SUFFIXES or any(p.startswith((".", "_")) for p in parts):
            return "", None
        return super().lookup_path(path)

    def file_response(self, full_path, stat_result, scope, status_code: int = 200):  # type: ignore[no-untyped-def]
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers.update(SECURITY_HEADERS)
        return response


def _page(name: str) -> FileResponse:
    return FileResponse(WEB_DIR / name, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)


@router.get("/")
def operator_console() -> FileResponse:
    """坐席工作台 / the operator console."""
    return _page("index.html")


@router.get("/supervisor")
def supervisor_dashboard() -> FileResponse:
    """主管看板 / the supervisor dashboard."""
    return _page("supervisor.html")


def install(app: FastAPI) -> None:
    """Add the pages, their assets under ``/static``, and the small API the pages fill their
    menus from (``triage.api.meta_views``: ``/v1/me``, ``/v1/departments``, ``/v1/categories``)."""
    from triage.api import meta_views

    app.include_router(meta_views.router)
    app.include_router(router)
    app.mount("/static", _Assets(directory=WEB_DIR), name="static")
