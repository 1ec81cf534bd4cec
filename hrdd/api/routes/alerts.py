"""Alerts: the signed-in user's inbox (GET), read marks and acknowledgement (POST)."""

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from hrdd.api.deps import AlertAcknowledger, AlertReader, RowId, StoreDep
from hrdd.services import alerts as alert_service

router = APIRouter(prefix="/api", tags=["alerts"])


class AlertList(BaseModel):
    ok: bool = True
    total: int
    unread: int
    limit: int
    offset: int
    alerts: list[dict[str, Any]]


@router.get("/alerts")
def list_alerts(actor: AlertReader, store: StoreDep, case: str | None = Query(None, max_length=40),
                open_only: bool = Query(False, alias="open"), limit: int = Query(50, ge=1, le=500),
                offset: int = Query(0, ge=0, le=2**31 - 1)) -> AlertList:
    """Alerts addressed to the user's role or to the user (admins and auditors: all), newest first."""
    if case is None and not open_only:
        items, total, unread = alert_service.inbox(store, actor, limit=limit, offset=offset)
        rows = [alert_service.alert_dict(i.alert, read=i.read) for i in items]
    else:
        found, total = alert_service.list_alerts(store, actor, case_id=case, open_only=open_only, limit=limit,
                                                 offset=offset)
        _, _, unread = alert_service.inbox(store, actor, limit=1)
        rows = [alert_service.alert_dict(r) for r in found]
    return AlertList(total=total, unread=unread, limit=limit, offset=offset, alerts=rows)


@router.post("/alerts/{alert_id}/ack")
def acknowledge(alert_id: RowId, actor: AlertAcknowledger, store: StoreDep) -> dict[str, Any]:
    """Acknowledge an open alert; 409 when someone already did."""
    return {"ok": True, "alert": alert_service.alert_dict(alert_service.acknowledge(store, actor, alert_id))}


@router.post("/alerts/{alert_id}/read")
def mark_read(alert_id: RowId, actor: AlertReader, store: StoreDep) -> dict[str, Any]:
    alert_service.mark_read(store, actor, alert_id)
    return {"ok": True}
