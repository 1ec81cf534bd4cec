"""Post-sale signals on the case and engagement pages, and a re-assessment's diff as a page."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hrdd.api.deps import RowId
from hrdd.catalog import default_catalog
from hrdd.model.signal import ENGAGED, RESPONSES, SEVERITIES
from hrdd.services import reassess as reassess_service
from hrdd.services import signals as signal_service
from hrdd.services.permissions import Actor, require
from hrdd.services.signals import SignalInput
from hrdd.services.store import Store
from hrdd.web.routes import _actor, _back, _form, _page, _settings, _store

router = APIRouter(include_in_schema=False)


def signals_context(store: Store, actor: Actor, case_id: str, state: str) -> dict[str, Any]:
    """What the signals section of a page needs: the signals with their proposed responses, the
    re-assessments, the kinds an analyst may record and whether the case takes signals now."""
    catalog = default_catalog()
    return {"signals": [signal_service.signal_dict(s, catalog)
                        for s in signal_service.list_signals(store, actor, case_id)],
            "reassessments": reassess_service.list_reassessments(store, actor, case_id),
            "signal_kinds": [k for k in catalog.signal_kinds.values() if k.id != "grievance"],
            "severities": SEVERITIES, "responses": RESPONSES,
            "engaged": state in {s.value for s in ENGAGED}}


@router.post("/cases/{case_id}/signals")
async def record_signal(request: Request, case_id: str) -> Response:
    from hrdd.jobs.worker import after_signal

    actor = _actor(request)
    require(actor, "signal.record")  # before the form is read
    form = await _form(request)
    severity = str(form.get("severity") or "") or None
    row = signal_service.record_signal(_store(request), actor, case_id, SignalInput(
        kind=str(form.get("kind") or ""), description=str(form.get("description") or "").replace("\r\n", "\n"),
        source=str(form.get("source") or ""), severity=severity))
    after_signal(_settings(request), case_id)
    back = str(form.get("back") or "")
    target = f"/engagements/{case_id}" if back == "engagement" else f"/cases/{case_id}"
    proposed = ", ".join(r["title"].lower() for r in signal_service.proposed_responses(row.kind, row.severity))
    return _back(f"{target}#signals", request, f"Signal {row.id} recorded; proposed: {proposed}.")


@router.get("/cases/{case_id}/reassessments/{reassessment_id}")
def reassessment_page(request: Request, case_id: str, reassessment_id: RowId) -> HTMLResponse:
    actor = _actor(request)
    diff = reassess_service.reassessment_diff(_store(request), actor, case_id, reassessment_id)
    row, _ = reassess_service.get_reassessment(_store(request), actor, case_id, reassessment_id)
    return _page(request, "reassessment.html", actor, case_id=case_id, row=row, diff=diff)
