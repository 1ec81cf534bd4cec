"""Plain ASGI middleware: request-body limits and security headers.

Plain ASGI rather than Starlette's ``@app.middleware("http")``, which wraps every response
in an extra task and stream and costs measurably at 20 concurrent clients.
"""

import re
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hrdd.exc import Problem, TooLarge

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# file uploads get the larger limit: evidence (API and web form), screening batches (web form) and
# grievances with their attachments (API and the public form)
UPLOAD_PATH = re.compile(r"^((/api)?/cases/[^/]+/evidence|/screen/batches|/api/grievances|/report)$")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _too_large(limit: int, found: str) -> TooLarge:
    return TooLarge("the request body is too large", [Problem(
        "request body too large", field="body", expected=f"at most {_megabytes(limit)} ({limit} bytes)", found=found)])


class BodyLimit:
    """Refuse request bodies over the limit before they are read.

    A declared ``Content-Length`` over the limit fails the application's first attempt to
    read the body, so not one byte of it is received; a body without ``Content-Length``
    (chunked) is counted as it streams and fails as soon as it passes the limit. The failure
    is a :class:`TooLarge` raised into the application, which answers 413 in its usual
    error shape (problem detail on ``/api``, the error page on web pages). A route that
    refuses the request before reading the body (not logged in, wrong role) never reads it.
    """

    def __init__(self, app: ASGIApp, body_max_bytes: int, upload_max_bytes: int) -> None:
        self.app = app
        self.body_max_bytes = body_max_bytes
        self.upload_max_bytes = upload_max_bytes

    def limit_for(self, scope: Scope) -> int:
        path = str(scope.get("path", ""))
        return self.upload_max_bytes if scope.get("method") == "POST" and UPLOAD_PATH.match(path) else self.body_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _content_length(scope.get("headers", ()))
        if declared is not None and declared > limit and scope.get("method") not in SAFE_METHODS:
            async def refuse(_declared: int = declared) -> Message:
                raise _too_large(limit, f"Content-Length {_declared}")

            await self.app(scope, refuse, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _too_large(limit, f"more than {received} bytes")
            return message

        await self.app(scope, counted, send)


def _content_length(headers: Iterable[tuple[bytes, bytes]]) -> int | None:
    for key, value in headers:
        if key.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length before the app sees it
    return None


# The web UI has no JavaScript and no inline style: scripts are refused outright.
CSP = ("default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# the API reference (/docs, Swagger UI from local files) is the one page that runs script, its own only;
# Swagger UI sets inline styles on the elements it draws
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"
NO_STORE = ("/api/", "/login", "/cases", "/dashboard", "/audit", "/screen", "/alerts", "/report", "/grievances")


class SecurityHeaders:
    """Security headers on every response; ``no-store`` on pages with case data; HSTS on TLS.

    A route may set its own stricter ``Content-Security-Policy`` (reports, evidence
    downloads); headers it sets win. The API reference under ``/docs`` gets :data:`DOCS_CSP`.
    """

    def __init__(self, app: ASGIApp, tls: bool = False) -> None:
        self.app = app
        self.headers = dict(SECURITY_HEADERS)
        if tls:
            self.headers["Strict-Transport-Security"] = HSTS
        self.docs_headers = {**self.headers, "Content-Security-Policy": DOCS_CSP}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        no_store = path == "/" or path.startswith(NO_STORE)
        defaults = self.docs_headers if path == "/docs" or path.startswith("/docs/") else self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in defaults.items():
                    headers.setdefault(key, value)
                if no_store:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
