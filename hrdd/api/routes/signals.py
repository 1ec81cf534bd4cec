"""Post-sale signals on a case and the case's re-assessments, with what changed."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from hrdd.api.deps import CaseReader, RowId, SettingsDep, SignalRecorder, StoreDep, body_schema, json_body
from hrdd.model.limits import TEXT_MAX
from hrdd.model.signal import SignalSeverity
from hrdd.services import reassess as reassess_service
from hrdd.services import signals as signal_service
from hrdd.services.reassess import ReassessmentRow
from hrdd.services.signals import SignalInput

router = APIRouter(prefix="/api/cases", tags=["signals"])


class SignalIn(BaseModel):
    """A post-sale signal: its kind (signal_kinds.yaml), what happened and where it comes from."""

    kind: str = Field(max_length=80, examples=["misuse_report"])
    description: str = Field(max_length=TEXT_MAX, examples=["A forensic report found the platform used against two journalists."])
    source: str = Field(max_length=TEXT_MAX, examples=["Citizen Lab report of 2026-11-30"])
    severity: SignalSeverity | None = None
    evidence_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


def _reassessment(row: ReassessmentRow) -> dict[str, Any]:
    return {"id": row.id, "case_id": row.case_id, "case_revision": row.case_revision,
            "approved_report": row.base_report_id, "fingerprint": row.fingerprint, "signal_mark": row.signal_mark,
            "trigger": row.trigger, "recommendation": row.recommendation, "residual_level": row.residual_level,
            "moved": row.moved, "alert_id": row.alert_id, "created_by": row.created_by,
            "created_at": row.created_at.isoformat(timespec="seconds"),
            "links": {"diff": f"/api/cases/{row.case_id}/reassessments/{row.id}/diff",
                      "report": f"/api/cases/{row.case_id}/reassessments/{row.id}/report",
                      "page": f"/cases/{row.case_id}/reassessments/{row.id}"}}


@router.get("/{case_id}/signals")
def list_signals(case_id: str, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    """The case's post-sale signals, oldest first, each with its red flags and proposed responses."""
    return {"signals": [signal_service.signal_dict(s) for s in signal_service.list_signals(store, actor, case_id)]}


@router.post("/{case_id}/signals", status_code=201, responses={409: {}}, openapi_extra=body_schema(SignalIn))
def record_signal(case_id: str, actor: SignalRecorder, body: Annotated[SignalIn, json_body(SignalIn)],
                  store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Record a signal on an engagement (approved, active or suspended): audited; the case is then
    re-assessed (in this request on SQLite, by the workers on PostgreSQL)."""
    from hrdd.jobs.worker import after_signal

    row = signal_service.record_signal(store, actor, case_id, SignalInput(
        kind=body.kind, description=body.description, source=body.source, severity=body.severity,
        evidence_id=body.evidence_id))
    after_signal(settings, case_id)
    return signal_service.signal_dict(row)


@router.get("/{case_id}/reassessments")
def list_reassessments(case_id: str, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    """Re-assessments of the decided case, newest first."""
    return {"reassessments": [_reassessment(r) for r in reassess_service.list_reassessments(store, actor, case_id)]}


@router.get("/{case_id}/reassessments/{reassessment_id}")
def get_reassessment(case_id: str, reassessment_id: RowId, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    row, _ = reassess_service.get_reassessment(store, actor, case_id, reassessment_id)
    return _reassessment(row)


@router.get("/{case_id}/reassessments/{reassessment_id}/diff")
def reassessment_diff(case_id: str, reassessment_id: RowId, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    """What changed from the report of the approved decision to this re-assessment's report."""
    return reassess_service.reassessment_diff(store, actor, case_id, reassessment_id)


@router.get("/{case_id}/reassessments/{reassessment_id}/report")
def reassessment_report(case_id: str, reassessment_id: RowId, actor: CaseReader, store: StoreDep,
                        which: Literal["reassessment", "approved"] = Query("reassessment")) -> Response:
    """The re-assessment's report (hrdd.report/1), or with ``which=approved`` the report of the
    approved decision it is compared with."""
    import json

    row, base = reassess_service.get_reassessment(store, actor, case_id, reassessment_id)
    report = base if which == "approved" else row.report
    return Response(json.dumps(report, ensure_ascii=False, indent=2), media_type="application/json")
