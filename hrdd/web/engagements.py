"""The engagement pages: the list (a due review or an overdue obligation first) and one engagement
with its contract, reviews, obligations and their proof, post-sale requests (maker-checker), exit
checklists and audit trail. Server-rendered forms; no JavaScript."""

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hrdd.api.deps import RowId
from hrdd.catalog import default_catalog
from hrdd.exc import InvalidInput, Problem
from hrdd.model.lifecycle import CHECKED, actions_from
from hrdd.services import conditions as condition_service
from hrdd.services import engagements as service
from hrdd.services import evidence as evidence_service
from hrdd.services import post_sale
from hrdd.services.permissions import require
from hrdd.services.revisions import revision_tag
from hrdd.web.routes import _actor, _back, _form, _page, _settings, _store, form_int

router = APIRouter(include_in_schema=False)


def _date(form: Any, name: str, *, required: bool = True) -> dt.date | None:
    raw = str(form.get(name) or "").strip()
    if not raw and not required:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{name} is not a date", [Problem("wrong value", field=name, expected="a date (YYYY-MM-DD)",
                                                             found=repr(raw[:20]))]) from None


def _text(form: Any, name: str) -> str:
    return str(form.get(name) or "")


@router.get("/engagements")
def engagements_page(request: Request, ended: bool = False, state: str = "", due: bool = False) -> HTMLResponse:
    actor = _actor(request)
    today = dt.datetime.now(dt.UTC).date()
    chosen = next((s for s in service.ENGAGEMENT_STATES if s.value == state), None)
    lines = service.list_engagements(_store(request), actor, include_ended=ended, today=today, state=chosen,
                                     due_only=due)
    return _page(request, "engagements.html", actor, lines=lines, today=today, ended=ended, due=due,
                 state=chosen.value if chosen else "", states=[s.value for s in service.ENGAGEMENT_STATES])


@router.get("/engagements/{case_id}")
def engagement_page(request: Request, case_id: str) -> HTMLResponse:
    actor = _actor(request)
    view = service.engagement_view(_store(request), actor, case_id)
    catalog = default_catalog()
    from hrdd.web.signals import signals_context

    # open obligations first, soonest due first; then the fulfilled and waived ones
    obligations = sorted(view.conditions, key=lambda c: (c.status != "open", c.due, c.id))
    return _page(request, "engagement.html", actor, view=view, case=view.case, steps=catalog.exit_steps,
                 obligations=obligations, overdue_obligations=[c for c in obligations if view.overdue(c)],
                 **signals_context(_store(request), actor, case_id, view.case.state), back="engagement",
                 clauses=catalog.clauses, safeguards=catalog.safeguards, tag=revision_tag(view.case),
                 requestable=[a for a in CHECKED if a in actions_from(view.case.state)])


@router.post("/engagements/{case_id}/activate")
async def activate(request: Request, case_id: str) -> Response:
    actor = _actor(request)
    form = await _form(request)
    start = _date(form, "contract_start")
    assert start is not None
    service.activate(_store(request), actor, case_id, _text(form, "contract_ref"), start,
                     _date(form, "contract_end", required=False), _text(form, "reason"),
                     tag=str(form.get("revision_tag") or "") or None)
    return _back(f"/engagements/{case_id}", request, "Engagement activated.")


@router.post("/engagements/{case_id}/reviews")
async def record_review(request: Request, case_id: str) -> Response:
    actor = _actor(request)
    form = await _form(request)
    on = _date(form, "reviewed_on")
    assert on is not None
    service.record_review(_store(request), actor, case_id, on, _text(form, "outcome"),
                          revision=form_int(form, "revision"))
    return _back(f"/engagements/{case_id}#reviews", request, "Review recorded.")


@router.post("/engagements/{case_id}/obligations/{condition_id}")
async def set_obligation(request: Request, case_id: str, condition_id: RowId) -> Response:
    actor = _actor(request)
    form = await _form(request)
    status = _text(form, "status")
    evidence_id = form_int(form, "evidence_id")
    upload = form.get("file")
    try:
        if status == "done" and upload is not None and not isinstance(upload, str) and upload.filename:
            require(actor, "evidence.write")
            data = await upload.read(_settings(request).upload_max_bytes + 1)
            row = evidence_service.add_evidence(_store(request), actor, case_id, upload.filename, data,
                                                f"proof of condition {condition_id}", _settings(request))
            evidence_id = row.id
    finally:
        await form.close()
    condition_service.set_condition_status(_store(request), actor, condition_id, status, note=_text(form, "note"),
                                           evidence_id=evidence_id, reason=_text(form, "reason"),
                                           revision=form_int(form, "revision"), case_id=case_id)
    return _back(f"/engagements/{case_id}#obligations", request, f"Obligation {condition_id}: {status}.")


@router.post("/engagements/{case_id}/requests")
async def request_transition(request: Request, case_id: str) -> Response:
    actor = _actor(request)
    form = await _form(request)
    made = post_sale.request_transition(_store(request), actor, case_id, _text(form, "action"), _text(form, "reason"),
                                        seen=_text(form, "from") or None)
    return _back(f"/engagements/{case_id}#requests", request,
                 f"Request {made.id} to {made.action} made; a second person must approve it.")


@router.post("/engagements/{case_id}/requests/{request_id}/{decision}")
async def decide(request: Request, case_id: str, request_id: RowId, decision: str) -> Response:
    actor = _actor(request)
    form = await _form(request)
    if decision == "withdraw":
        post_sale.withdraw_request(_store(request), actor, request_id, _text(form, "note"))
    elif decision in ("approve", "reject"):
        post_sale.decide_request(_store(request), actor, request_id, decision == "approve", _text(form, "note"))
    else:
        raise InvalidInput("unknown decision", [Problem("unknown decision", field="decision",
                                                        expected="approve, reject or withdraw", found=repr(decision))])
    done = {"approve": "approved", "reject": "rejected", "withdraw": "withdrawn"}[decision]
    return _back(f"/engagements/{case_id}#requests", request, f"Request {request_id} {done}.")


@router.post("/engagements/{case_id}/checklist/{item_id}")
async def tick(request: Request, case_id: str, item_id: RowId) -> Response:
    actor = _actor(request)
    form = await _form(request)
    item = post_sale.tick(_store(request), actor, item_id, _text(form, "done") == "yes", _text(form, "note"),
                          revision=form_int(form, "revision"))
    return _back(f"/engagements/{case_id}#checklist", request,
                 f"Exit step {item.step} {'ticked' if item.done else 'left open with its reason'}.")
