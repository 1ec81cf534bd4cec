"""The alerts inbox: what needs the signed-in user's attention, newest first; read and acknowledge."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hrdd.api.deps import Offset, RowId
from hrdd.services import alerts as alert_service
from hrdd.web.routes import _actor, _back, _form, _page, _store

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/alerts")
def inbox_page(request: Request, offset: Offset = 0) -> HTMLResponse:
    actor = _actor(request)
    items, total, unread = alert_service.inbox(_store(request), actor, limit=PAGE, offset=offset)
    return _page(request, "alerts.html", actor, items=items, total=total, unread=unread, offset=offset,
                 page=PAGE)


@router.post("/alerts/{alert_id}/ack")
async def acknowledge(request: Request, alert_id: RowId) -> Response:
    actor = _actor(request)
    await _form(request)
    alert_service.acknowledge(_store(request), actor, alert_id)
    return _back("/alerts", request, f"Alert {alert_id} acknowledged.")


@router.post("/alerts/{alert_id}/read")
async def mark_read(request: Request, alert_id: RowId) -> Response:
    actor = _actor(request)
    await _form(request)
    alert_service.mark_read(_store(request), actor, alert_id)
    return _back("/alerts", request, f"Alert {alert_id} marked read.")
