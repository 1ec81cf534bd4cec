"""The application factory: HTTP API under /api, web pages at /, one store per app."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI

from hrdd.api.errors import HANDLERS, PROBLEM_RESPONSES
from hrdd.api.middleware import BodyLimit, SecurityHeaders
from hrdd.services.readiness import Readiness
from hrdd.services.store import get_store
from hrdd.settings import Settings, get_settings
from hrdd.version import __version__


def _lifespan(settings: Settings) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # answer at once (liveness); open and warm up beside the server (readiness: /health/ready).
        # Not run under hrdd serve, whose boot app (hrdd/api/boot.py) runs the start-up itself.
        app.state.readiness.start(settings)
        yield

    return lifespan


def create_app(settings: Settings | None = None, readiness: Readiness | None = None) -> FastAPI:
    """The app; ``readiness`` is the start-up it reports when someone else runs it (the boot app,
    or the parent of forked workers)."""
    settings = settings or get_settings()
    app = FastAPI(title="hrdd", version=__version__, lifespan=_lifespan(settings), docs_url=None, redoc_url=None,
                  description="Human-rights due diligence for sales of surveillance-capable technology.")
    app.state.settings = settings
    app.state.store = get_store(settings)
    app.state.readiness = readiness or Readiness()
    # outermost last: headers on every response, including the 413s the body limit causes
    app.add_middleware(BodyLimit, body_max_bytes=settings.body_max_bytes, upload_max_bytes=settings.upload_max_bytes)
    app.add_middleware(SecurityHeaders, tls=settings.tls)

    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)

    from hrdd.api.routes import (
        alerts,
        cases,
        engagements,
        grievances,
        health,
        reference,
        review,
        screening,
        session,
        signals,
        transparency,
    )

    for module in (health, session, cases, review, screening, reference, alerts, grievances, engagements,
                   transparency, signals):
        app.include_router(module.router, responses=PROBLEM_RESPONSES)
    from hrdd.web.alerts import router as alerts_router
    from hrdd.web.caseedit import router as edit_router
    from hrdd.web.countries import router as country_router
    from hrdd.web.engagements import router as engagement_router
    from hrdd.web.glossary import router as glossary_router
    from hrdd.web.grievances import router as grievance_router
    from hrdd.web.history import router as history_router
    from hrdd.web.routes import router as web_router
    from hrdd.web.routes import static_files
    from hrdd.web.screening import router as screening_router
    from hrdd.web.signals import router as signals_router
    from hrdd.web.transparency import router as transparency_router

    app.include_router(web_router)
    app.include_router(country_router)
    app.include_router(alerts_router)
    app.include_router(engagement_router)
    app.include_router(screening_router)
    app.include_router(signals_router)
    app.include_router(edit_router)
    app.include_router(history_router)
    app.include_router(glossary_router)
    app.include_router(grievance_router)
    app.include_router(transparency_router)
    from hrdd.api.docs import add_api_reference

    add_api_reference(app)
    app.mount("/static", static_files, name="static")
    return app
