"""What ``hrdd serve`` runs: an ASGI app that answers the health checks at once and builds the real
one beside them.

Building the app (FastAPI, SQLAlchemy, the routes and pages: about a second of CPU), migrating the
database and opening the screening index all happen in a background thread
(hrdd.services.readiness). Until the app is built, ``/health/live`` answers 200 and
``/health/ready`` 503 with the start-up's state, from here; any other request waits for the
build (at most :data:`BUILD_WAIT_SECONDS`) and is then served by the app, or gets a 503 in the
one error shape when the build failed or took too long. This module imports neither FastAPI nor
SQLAlchemy, so the process answers within a fraction of a second of its start.
"""

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from hrdd.api.problem import error_body
from hrdd.exc import Problem
from hrdd.services.readiness import Readiness
from hrdd.settings import Settings, get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BUILD_WAIT_SECONDS = 60.0
LIVE_PATHS = frozenset({"/health/live", "/healthz"})
READY_PATH = "/health/ready"


class BootApp:
    """The ASGI app of a server process: health from the start, the real app once built."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.readiness = Readiness()
        self.app: ASGIApp | None = None
        self._built = threading.Event()
        self._build_error = ""

    def _build(self) -> None:
        try:
            from hrdd.api.app import create_app
            from hrdd.services.store import get_store

            get_store(self.settings)  # migrate before the first request reaches the app
            app = create_app(self.settings, readiness=self.readiness)
            app.state.boot = self
            self.app = app
        except Exception as err:
            self._build_error = f"{type(err).__name__}: {err}"
            raise
        finally:
            self._built.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self._lifespan(receive, send)
            return
        if self.app is None and kind == "http":
            path = scope.get("path", "")
            if path in LIVE_PATHS:
                await _json(send, 200, {"ok": True, "status": "live"})
                return
            if path == READY_PATH:
                await _json(send, 503, {"ok": False, **self.readiness.describe()})
                return
        if self.app is None:
            built = await asyncio.get_running_loop().run_in_executor(None, self._built.wait, BUILD_WAIT_SECONDS)
            if self.app is None:
                if kind == "http":
                    reason = self._build_error or ("still starting" if not built else "the app was not built")
                    await _json(send, 503, error_body("the service is not ready", 503, [Problem(reason)]))
                return
        await self.app(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.readiness.start(self.settings, build=self._build)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": payload})


def create_boot_app() -> BootApp:
    """The factory ``hrdd serve`` gives uvicorn."""
    return BootApp()
