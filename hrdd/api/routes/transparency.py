"""The transparency report: published snapshots for everyone (no login), and proposing, publishing
and rejecting for signed-in users with the permission (maker-checker, compare-and-set: 409 for the
loser of a race)."""

from typing import Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from hrdd.api.deps import RowId, StoreDep, TransparencyProposer, TransparencyPublisher, TransparencyReader
from hrdd.services import transparency_reports as service

router = APIRouter(prefix="/api", tags=["transparency"])
PeriodPath = Path(max_length=10, description="A year (2026) or a quarter (2026-Q3).")


class ProposeBody(BaseModel):
    period: str = Field(max_length=10, description="A year (2025) or a quarter (2025-Q3) that has ended.")


class ResolveBody(BaseModel):
    note: str | None = Field(None, max_length=service.NOTE_MAX)


@router.get("/transparency")
def published(store: StoreDep) -> dict[str, Any]:
    """The published transparency reports (no login), newest period first."""
    return {"ok": True, "reports": [service.snapshot_dict(r) | {"proposed_by": None, "resolved_by": None}
                                    for r in service.published_periods(store)]}


@router.get("/transparency/{period}")
def published_report(store: StoreDep, period: str = PeriodPath) -> dict[str, Any]:
    """The published snapshot of a period (no login); 404 for a period not published."""
    row, report = service.published_report(store, period)
    return {"ok": True, "period": row.period, "sha256": row.sha256,
            "published_at": row.resolved_at.isoformat() if row.resolved_at else None, "report": report}


@router.get("/transparency-reports")
def list_reports(actor: TransparencyReader, store: StoreDep) -> dict[str, Any]:
    """Every snapshot, proposed, published or rejected."""
    return {"ok": True, "reports": [service.snapshot_dict(r) for r in service.list_snapshots(store, actor)]}


@router.post("/transparency-reports", status_code=201)
def propose(body: ProposeBody, store: StoreDep, actor: TransparencyProposer) -> dict[str, Any]:
    """Draw an ended period's figures and store them as a proposal waiting for an approver."""
    return {"ok": True, "report": service.snapshot_dict(service.propose(store, actor, body.period))}


@router.post("/transparency-reports/{report_id}/publish")
def publish(report_id: RowId, body: ResolveBody, store: StoreDep,
            actor: TransparencyPublisher) -> dict[str, Any]:
    """Publish a proposal (an approver other than the proposer); 409 when it is no longer proposed."""
    return {"ok": True, "report": service.snapshot_dict(service.publish(store, actor, report_id, body.note))}


@router.post("/transparency-reports/{report_id}/reject")
def reject(report_id: RowId, body: ResolveBody, store: StoreDep,
           actor: TransparencyPublisher) -> dict[str, Any]:
    """Reject a proposal with a reason (an approver other than the proposer)."""
    return {"ok": True, "report": service.snapshot_dict(service.reject(store, actor, report_id, body.note or ""))}
