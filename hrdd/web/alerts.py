"""The alerts inbox: what needs the signed-in user's attention, the open alerts first by default,
filtered by kind; read and acknowledge (compare-and-set: an alert someone else acknowledged
meanwhile is said so on the inbox itself, with the inbox as it now is)."""

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from hrdd.api.deps import Offset, RowId
from hrdd.exc import Conflict
from hrdd.services import alerts as alert_service
from hrdd.services.permissions import Actor
from hrdd.web.routes import _actor, _back, _form, _page, _store

router = APIRouter(include_in_schema=False)
PAGE = 50


def _query(kind: str, show: str, offset: int = 0) -> str:
    return urlencode({k: v for k, v in (("kind", kind), ("show", show), ("offset", offset)) if v})


def _inbox(request: Request, actor: Actor, kind: str, show: str, offset: int, status: int = 200,
           error: str | None = None) -> HTMLResponse:
    kind = kind if kind in alert_service.KIND_WORDS else ""
    page = alert_service.inbox_page(_store(request), actor, kind=kind or None, open_only=show == "open", limit=PAGE,
                                    offset=offset)
    return _page(request, "alerts.html", actor, status=status, inbox=page, items=page.items, kind=kind, show=show,
                 offset=offset, page=PAGE, kinds=alert_service.KIND_WORDS, error=error,
                 here=f"/alerts?{_query(kind, show, offset)}", query=lambda **k: _query(**{
                     "kind": kind, "show": show, **k}))


@router.get("/alerts")
def inbox_page(request: Request, kind: str = "", show: str = Query("open", pattern="^(open|all)$"),
               offset: Offset = 0) -> HTMLResponse:
    return _inbox(request, _actor(request), kind, show, offset)


def _return_to(form: Any, fallback: str = "/alerts") -> str:
    """Where the form was sent from (the inbox with its filters), never another site or page."""
    back = str(form.get("back") or "")
    return back if back.startswith("/alerts") and "//" not in back else fallback


@router.post("/alerts/{alert_id}/ack")
async def acknowledge(request: Request, alert_id: RowId) -> Response:
    actor = _actor(request)
    form = await _form(request)
    back = _return_to(form)
    try:
        alert_service.acknowledge(_store(request), actor, alert_id)
    except Conflict as err:
        params = {k: v[0] for k, v in parse_qs(urlsplit(back).query).items()}
        offset = int(params["offset"]) if params.get("offset", "").isdigit() else 0
        return _inbox(request, actor, params.get("kind", ""), "all" if params.get("show") == "all" else "open",
                      offset, status=409, error=f"Not acknowledged: {err.message}. The inbox below is as it is now.")
    return _back(back, request, f"Alert {alert_id} acknowledged.")


@router.post("/alerts/{alert_id}/read")
async def mark_read(request: Request, alert_id: RowId) -> Response:
    actor = _actor(request)
    form = await _form(request)
    alert_service.mark_read(_store(request), actor, alert_id)
    return _back(_return_to(form), request, f"Alert {alert_id} marked read.")
