"""The application factory: HTTP API under /api, web pages at /, one store per app."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hrdd.api.errors import HANDLERS
from hrdd.services.readiness import Readiness
from hrdd.services.store import get_store
from hrdd.settings import Settings, get_settings
from hrdd.version import __version__

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


NO_STORE = ("/api/", "/login", "/cases", "/dashboard", "/audit", "/screen")


class SecurityHeaders:
    """Security headers on every response; ``no-store`` on pages with case data.

    A plain ASGI middleware: Starlette's ``@app.middleware("http")`` wraps every response in
    an extra task and stream, which costs measurably at 20 concurrent clients.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        no_store = path == "/" or path.startswith(NO_STORE)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers.setdefault(key, value)
                if no_store:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _lifespan(settings: Settings) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # answer at once (liveness); warm up beside the server (readiness: /health/ready)
        app.state.readiness.start(settings)
        yield

    return lifespan


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="hrdd", version=__version__, lifespan=_lifespan(settings), docs_url=None, redoc_url=None,
                  description="Human-rights due diligence for sales of surveillance-capable technology.")
    app.state.settings = settings
    app.state.store = get_store(settings)
    app.state.readiness = Readiness()
    app.add_middleware(SecurityHeaders)

    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)

    from hrdd.api.routes import alerts, cases, health, reference, review, screening, session

    for module in (health, session, cases, review, screening, reference, alerts):
        app.include_router(module.router)
    from hrdd.web.alerts import router as alerts_router
    from hrdd.web.countries import router as country_router
    from hrdd.web.routes import router as web_router
    from hrdd.web.routes import static_files
    from hrdd.web.screening import router as screening_router

    app.include_router(web_router)
    app.include_router(country_router)
    app.include_router(alerts_router)
    app.include_router(screening_router)
    from hrdd.api.docs import add_api_reference

    add_api_reference(app)
    app.mount("/static", static_files, name="static")
    return app
