"""Health of one worker process: liveness (the process answers) and readiness (it can serve; how warm
its screening is comes with it, hrdd.services.readiness).

Both are public, read nothing from the database and run on the event loop (``async``), so they
answer while the thread pool is busy and while the warm-up runs (hrdd.services.readiness).
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/health/live")
async def live() -> dict[str, Any]:
    """The process is up and its event loop answers."""
    return {"ok": True, "status": "live"}


@router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, Any]:
    """Liveness under its former address."""
    return {"ok": True, "status": "live"}


@router.get("/health/ready", responses={503: {"description": "Still warming up, or the warm-up failed"}})
async def ready(request: Request) -> JSONResponse:
    """200 once this worker can serve (app built, database migrated, screening index open and
    probed); 503 while it starts (``status: starting``) or when the start-up failed (``status:
    failed``). ``warm`` says whether every listed name has been analysed yet (``analysing``,
    ``done``): until then screenings are answered, only more slowly."""
    readiness = request.app.state.readiness
    body = {"ok": readiness.ready, **readiness.describe()}
    return JSONResponse(body, status_code=200 if readiness.ready else 503)
