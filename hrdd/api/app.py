"""The application factory: HTTP API under /api, web pages at /, one store per app."""

from typing import Any

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response

from hrdd.api.auth import LoginLimiter, secret_key
from hrdd.api.errors import HANDLERS
from hrdd.services.store import get_store
from hrdd.settings import Settings, get_settings
from hrdd.version import __version__

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="hrdd", version=__version__,
                  description="Human-rights due diligence for sales of surveillance-capable technology.")
    app.state.settings = settings
    app.state.store = get_store(settings)
    app.state.limiter = LoginLimiter()
    app.add_middleware(SessionMiddleware, secret_key=secret_key(settings), session_cookie="hrdd_session",
                       max_age=settings.session_hours * 3600, same_site="lax", https_only=settings.cookie_secure)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path.startswith(("/api/", "/login", "/cases", "/dashboard", "/audit")) or request.url.path == "/":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)

    from hrdd.api.routes import cases, reference, review, screening, session

    for module in (session, cases, review, screening, reference):
        app.include_router(module.router)
    from hrdd.web.routes import router as web_router
    from hrdd.web.routes import static_files

    app.include_router(web_router)
    app.mount("/static", static_files, name="static")
    return app
