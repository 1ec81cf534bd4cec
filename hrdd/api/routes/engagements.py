"""Engagements: approved sales being carried out — contract, reviews, obligations, post-sale requests
(maker-checker) and exit checklists (docs/lifecycle.md, "Engagements")."""

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from hrdd.api.deps import (
    CaseLifecycle,
    CaseReader,
    ChecklistTicker,
    EngagementChecker,
    EngagementReviewer,
    RowId,
    StoreDep,
    body_schema,
    json_body,
)
from hrdd.api.engagement_schemas import ActivateIn, DecideIn, RequestIn, ReviewIn, TickIn, WithdrawIn
from hrdd.api.preconditions import IfMatch
from hrdd.api.schemas import ConditionStatusIn
from hrdd.services import conditions as condition_service
from hrdd.services import engagements as service
from hrdd.services import post_sale
from hrdd.services.engagements import EngagementSummary

router = APIRouter(prefix="/api/engagements", tags=["engagements"])


def _summary(line: EngagementSummary, today: dt.date) -> dict[str, Any]:
    return {**asdict(line.engagement), "title": line.title, "state": line.state,
            "review_due": line.engagement.next_review <= today, "overdue_conditions": line.overdue_conditions,
            "open_conditions": line.open_conditions, "pending_requests": line.pending_requests}


def _request(req: Any, items: list[Any]) -> dict[str, Any]:
    return {**asdict(req), "checklist": [asdict(i) for i in items]}


@router.get("")
def list_engagements(actor: CaseReader, store: StoreDep, due: bool = Query(False, description="Only those with a "
                     "review due or a condition overdue"), ended: bool = Query(False, description="Include "
                     "terminated and closed ones")) -> dict[str, Any]:
    """Running engagements (active or suspended), a due review or an overdue condition first."""
    today = dt.datetime.now(dt.UTC).date()
    lines = service.list_engagements(store, actor, due_only=due, include_ended=ended, today=today)
    return {"ok": True, "engagements": [_summary(line, today) for line in lines]}


@router.get("/{case_id}")
def get_engagement(case_id: str, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    """The contract, review dates, obligations with their proof, requests with their exit checklists."""
    view = service.engagement_view(store, actor, case_id)
    return {"ok": True, "case_id": case_id, "state": view.case.state, "title": view.case.title,
            "engagement": asdict(view.engagement) if view.engagement else None, "review_due": view.review_due,
            "obligations": [{**asdict(c), "overdue": view.overdue(c)} for c in view.conditions],
            "reviews": [asdict(r) for r in view.reviews],
            "requests": [_request(r, view.checklists.get(r.id, [])) for r in view.requests]}


@router.post("/{case_id}/activate", status_code=201, responses={409: {}, 412: {}}, openapi_extra=body_schema(ActivateIn))
def activate(case_id: str, actor: CaseLifecycle, tag: IfMatch, body: Annotated[ActivateIn, json_body(ActivateIn)],
             store: StoreDep) -> dict[str, Any]:
    """Make an approved case an active engagement with its contract (one person, ``case.lifecycle``)."""
    row = service.activate(store, actor, case_id, body.contract_ref, body.contract_start, body.contract_end,
                           body.reason, tag=tag)
    return {"ok": True, "engagement": asdict(row)}


@router.post("/{case_id}/reviews", status_code=201, responses={409: {}}, openapi_extra=body_schema(ReviewIn))
def record_review(case_id: str, actor: EngagementReviewer, body: Annotated[ReviewIn, json_body(ReviewIn)],
                  store: StoreDep) -> dict[str, Any]:
    """Record a periodic review; the next review falls one cycle later (409 when ``revision`` is stale)."""
    row = service.record_review(store, actor, case_id, body.reviewed_on, body.outcome, revision=body.revision)
    return {"ok": True, "review": asdict(row)}


@router.patch("/{case_id}/obligations/{condition_id}", responses={409: {}},
              openapi_extra=body_schema(ConditionStatusIn))
def set_obligation(case_id: str, condition_id: RowId, actor: CaseReader,
                   body: Annotated[ConditionStatusIn, json_body(ConditionStatusIn)], store: StoreDep) -> dict[str, Any]:
    """An obligation (a condition of the case) done with proof (``evidence_id``), waived by an approver
    with a ``reason``, or reopened with a ``reason``; compare-and-set on ``revision`` when sent."""
    row = condition_service.set_condition_status(store, actor, condition_id, body.status, note=body.note,
                                                 evidence_id=body.evidence_id, sha256=body.sha256,
                                                 reason=body.reason, revision=body.revision, case_id=case_id)
    return {"ok": True, "obligation": asdict(row)}


@router.post("/{case_id}/requests", status_code=201, responses={409: {}}, openapi_extra=body_schema(RequestIn))
def request_transition(case_id: str, actor: CaseLifecycle, body: Annotated[RequestIn, json_body(RequestIn)],
                       store: StoreDep) -> dict[str, Any]:
    """Ask for a suspension, resumption, termination or closure; a different person approves it."""
    row = post_sale.request_transition(store, actor, case_id, body.action, body.reason, seen=body.seen)
    _, items = post_sale.checklist(store, actor, row.id)
    return {"ok": True, "request": _request(row, items)}


@router.post("/requests/{request_id}/approve", responses={409: {}}, openapi_extra=body_schema(DecideIn))
def approve(request_id: RowId, actor: EngagementChecker, body: Annotated[DecideIn, json_body(DecideIn)],
            store: StoreDep) -> dict[str, Any]:
    """Approve a pending request (not one's own): the case moves; of concurrent decisions one wins (409)."""
    row = post_sale.decide_request(store, actor, request_id, True, body.note)
    return {"ok": True, "request": asdict(row)}


@router.post("/requests/{request_id}/reject", responses={409: {}}, openapi_extra=body_schema(DecideIn))
def reject(request_id: RowId, actor: EngagementChecker, body: Annotated[DecideIn, json_body(DecideIn)],
           store: StoreDep) -> dict[str, Any]:
    row = post_sale.decide_request(store, actor, request_id, False, body.note)
    return {"ok": True, "request": asdict(row)}


@router.post("/requests/{request_id}/withdraw", responses={409: {}}, openapi_extra=body_schema(WithdrawIn))
def withdraw(request_id: RowId, actor: CaseLifecycle, body: Annotated[WithdrawIn, json_body(WithdrawIn)],
             store: StoreDep) -> dict[str, Any]:
    row = post_sale.withdraw_request(store, actor, request_id, body.reason)
    return {"ok": True, "request": asdict(row)}


@router.get("/requests/{request_id}/checklist")
def checklist(request_id: RowId, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    req, items = post_sale.checklist(store, actor, request_id)
    return {"ok": True, "request": _request(req, items)}


@router.patch("/checklist/{checklist_item_id}", responses={409: {}}, openapi_extra=body_schema(TickIn))
def tick(checklist_item_id: RowId, actor: ChecklistTicker, body: Annotated[TickIn, json_body(TickIn)],
         store: StoreDep) -> dict[str, Any]:
    """Tick an exit step with what was done, or leave it open with the reason why."""
    row = post_sale.tick(store, actor, checklist_item_id, body.done, body.note, revision=body.revision)
    return {"ok": True, "item": asdict(row)}
