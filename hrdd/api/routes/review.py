"""Hits, evidence, conditions and decisions on a case."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from hrdd.api.deps import (
    CaseReader,
    ConditionWriter,
    DecisionChecker,
    DecisionMaker,
    EvidenceReader,
    EvidenceWriter,
    HitReviewer,
    SettingsDep,
    StoreDep,
)
from hrdd.api.preconditions import IfMatch, IfMatchRequired
from hrdd.api.schemas import ConditionIn, ConditionStatusIn, DecisionIn, HitReviewIn, ReasonIn, ResolveIn
from hrdd.exc import InvalidInput, Problem
from hrdd.services import evidence as evidence_service
from hrdd.services import review

router = APIRouter(prefix="/api", tags=["review"])


def _dict(row: Any) -> dict[str, Any]:
    return asdict(row)


@router.get("/cases/{case_id}/hits")
def list_hits(case_id: str, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "hits": [_dict(h) for h in review.list_hits(store, actor, case_id)]}


@router.post("/hits/{hit_id}/review", responses={409: {}, 412: {}})
def review_hit(hit_id: int, body: HitReviewIn, actor: HitReviewer, tag: IfMatch, store: StoreDep,
               settings: SettingsDep) -> dict[str, Any]:
    """``If-Match`` (the case's ETag) is checked when sent."""
    return {"ok": True, "hit": _dict(review.review_hit(store, actor, hit_id, body.status, body.reason, settings,
                                                       tag=tag))}


@router.get("/cases/{case_id}/evidence")
def list_evidence(case_id: str, actor: EvidenceReader, store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "evidence": [_dict(e) for e in evidence_service.list_evidence(store, actor, case_id)]}


@router.post("/cases/{case_id}/evidence", status_code=201)
async def upload_evidence(case_id: str, actor: EvidenceWriter, store: StoreDep, settings: SettingsDep,
                          file: Annotated[UploadFile, File()], note: Annotated[str, Form()] = "") -> dict[str, Any]:
    data = await file.read(evidence_service.MAX_BYTES + 1)
    if not file.filename:
        raise InvalidInput("a file name is required", [Problem("missing file name", field="file")])
    row = evidence_service.add_evidence(store, actor, case_id, file.filename, data, note, settings)
    return {"ok": True, "evidence": _dict(row)}


@router.get("/evidence/{evidence_id}")
def download_evidence(evidence_id: int, actor: EvidenceReader, store: StoreDep, settings: SettingsDep) -> Response:
    """Always an attachment, never rendered inline; the type is the sniffed one."""
    row, data = evidence_service.read_evidence(store, actor, evidence_id, settings)
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{row.filename}"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    })


@router.get("/cases/{case_id}/conditions")
def list_conditions(case_id: str, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "conditions": [_dict(c) for c in review.list_conditions(store, actor, case_id)]}


@router.post("/cases/{case_id}/conditions", status_code=201)
def add_condition(case_id: str, body: ConditionIn, actor: ConditionWriter, store: StoreDep) -> dict[str, Any]:
    row = review.add_condition(store, actor, case_id, body.safeguard, body.owner, body.due, body.note)
    return {"ok": True, "condition": _dict(row)}


@router.patch("/conditions/{condition_id}")
def set_condition(condition_id: int, body: ConditionStatusIn, actor: ConditionWriter, store: StoreDep) -> dict[str, bool]:
    review.set_condition_status(store, actor, condition_id, body.status, body.note)
    return {"ok": True}


@router.get("/cases/{case_id}/decisions")
def list_decisions(case_id: str, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "decisions": [_dict(d) for d in review.list_decisions(store, actor, case_id)]}


@router.post("/cases/{case_id}/decisions", status_code=201, responses={412: {}, 428: {}})
def propose(case_id: str, body: DecisionIn, actor: DecisionMaker, tag: IfMatchRequired,
            store: StoreDep) -> dict[str, Any]:
    """Propose on the revision named by ``If-Match`` (the case's ETag), which must be current."""
    return {"ok": True, "decision": _dict(review.propose_decision(store, actor, case_id, body.outcome, body.rationale,
                                                                  tag=tag))}


@router.post("/decisions/{decision_id}/approve", responses={409: {}, 412: {}})
def approve(decision_id: int, body: ResolveIn, actor: DecisionChecker, tag: IfMatch, store: StoreDep) -> dict[str, Any]:
    """Of concurrent approvals and rejections exactly one succeeds; the others get 409."""
    return {"ok": True, "decision": _dict(review.resolve_decision(store, actor, decision_id, True, body.note,
                                                                  tag=tag))}


@router.post("/decisions/{decision_id}/reject", responses={409: {}, 412: {}})
def reject(decision_id: int, body: ResolveIn, actor: DecisionChecker, tag: IfMatch, store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "decision": _dict(review.resolve_decision(store, actor, decision_id, False, body.note,
                                                                  tag=tag))}


@router.post("/decisions/{decision_id}/withdraw", responses={409: {}})
def withdraw(decision_id: int, body: ReasonIn, actor: DecisionMaker, store: StoreDep) -> dict[str, Any]:
    """Take back a waiting proposal; the case returns to assessed and can be edited again."""
    return {"ok": True, "decision": _dict(review.withdraw_decision(store, actor, decision_id, body.reason))}
