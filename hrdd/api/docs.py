"""The interactive API documentation (/docs, /redoc) with a Content-Security-Policy of its own.

These two pages are the only ones that run JavaScript: Swagger UI and ReDoc, loaded from
their CDN. Their policy allows that CDN and, for the one inline script Swagger UI needs,
exactly that script by its hash; still no framing. Every other page gets the strict
policy of :mod:`hrdd.api.middleware`, which refuses all scripts.
"""

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def docs_policy(html: str) -> str:
    """A policy that allows the CDN and the page's own inline scripts, by hash."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in _INLINE_SCRIPT.findall(html))
    return (f"default-src 'self'; script-src {CDN} {hashes}; style-src 'self' 'unsafe-inline' {CDN} "
            f"https://fonts.googleapis.com; font-src https://fonts.gstatic.com; img-src 'self' data: {CDN} "
            "https://fastapi.tiangolo.com; worker-src blob:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'")


def _page(response: HTMLResponse) -> HTMLResponse:
    html = bytes(response.body).decode("utf-8")
    return HTMLResponse(html, headers={"Content-Security-Policy": docs_policy(html)})


def add_docs(app: FastAPI) -> None:
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return _page(get_swagger_ui_html(openapi_url=openapi_url, title=f"{app.title} - Swagger UI"))

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _page(get_redoc_html(openapi_url=openapi_url, title=f"{app.title} - ReDoc"))
