"""Domain exceptions -> HTTP: the one place with status codes, and the one JSON error shape.

Every error body is ``{"ok": false, "error": str, "errors": [problem…], "status": int}``.
"""

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from hrdd.api.problem import error_body
from hrdd.exc import (
    CatalogError,
    ConfigError,
    Conflict,
    HrddError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    Problem,
    RateLimited,
    SourceError,
    Stale,
    TooLarge,
)
from hrdd.logs import get_logger
from hrdd.validation import located_problems

log = get_logger(__name__)


class CsrfFailed(HrddError):
    """The CSRF token is missing or wrong."""


class PreconditionRequired(HrddError):
    """A write that must name the revision it was made on (If-Match) did not."""


STATUS: dict[type[HrddError], int] = {
    TooLarge: 413,
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    Stale: 412,
    PreconditionRequired: 428,
    PermissionDenied: 403,
    NotAuthenticated: 401,
    CsrfFailed: 403,
    RateLimited: 429,
    SourceError: 502,
    CatalogError: 500,
    ConfigError: 500,
}


class ErrorOut(BaseModel):
    """The one error shape of the API (every 4xx and 5xx)."""

    ok: bool = False
    error: str
    errors: list[Problem]
    status: int


# documented on every API route, so that clients (and schemathesis) know the error shape
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text} for status, text in (
        (400, "Malformed request"), (401, "Not logged in"), (403, "Role or CSRF token does not allow it"),
        (404, "Not found"), (409, "Conflicts with the current state"), (413, "Request body too large"),
        (412, "The If-Match revision is not the current one"), (422, "Invalid input; each problem names its field"),
        (428, "If-Match is required"), (429, "Too many attempts"))
}


def status_for(err: HrddError) -> int:
    for kind in type(err).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


def is_page(request: Request) -> bool:
    """Whether the request is for a web page (errors as HTML) rather than the API or a probe (JSON)."""
    path = request.url.path
    return not path.startswith(("/api/", "/health", "/openapi.json"))


def _page_error(request: Request, err: HrddError, status: int) -> Response:
    from hrdd.web.routes import render_error

    return render_error(request, err, status)


async def handle_domain(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HrddError)
    status = status_for(exc)
    if is_page(request):
        return _page_error(request, exc, status)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    return JSONResponse(error_body(exc.message, status, exc.problems), status_code=status, headers=headers)


async def handle_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    # the one converter (hrdd/validation.py): fields named body.scopes[0], values in words
    problems = located_problems(exc.errors(), file=None, line_of=lambda loc: None)
    if is_page(request):
        return _page_error(request, InvalidInput("the form or address is not valid", problems), 422)
    return JSONResponse(error_body("invalid request", 422, problems), status_code=422)


async def handle_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, HrddError):  # FastAPI wraps errors raised while it reads a body (e.g. TooLarge) as 400
        return await handle_domain(request, cause)
    if is_page(request) and exc.status_code in (404, 405):
        message = "There is no such page." if exc.status_code == 404 else "This page cannot be used that way."
        return _page_error(request, HrddError(message), exc.status_code)
    return JSONResponse(error_body(str(exc.detail), exc.status_code), status_code=exc.status_code,
                        headers=exc.headers)


async def handle_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error", exc_info=exc)
    return JSONResponse(error_body("internal error", 500), status_code=500)


HANDLERS: dict[type[Exception], Any] = {
    HrddError: handle_domain,
    RequestValidationError: handle_validation,
    StarletteHTTPException: handle_http,
    Exception: handle_unexpected,
}
