"""Hits, evidence, conditions and decisions on a case."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hrdd.api.deps import (
    CaseReader,
    ConditionWriter,
    DecisionChecker,
    DecisionMaker,
    EvidenceReader,
    EvidenceWriter,
    HitReviewer,
    RowId,
    SettingsDep,
    StoreDep,
    body_schema,
    json_body,
)
from hrdd.api.download import attachment
from hrdd.api.preconditions import IfMatch, IfMatchRequired
from hrdd.api.schemas import ConditionIn, ConditionStatusIn, DecisionIn, HitReviewIn, ReasonIn, ResolveIn
from hrdd.exc import InvalidInput, Problem
from hrdd.model.limits import TEXT_MAX
from hrdd.services import evidence as evidence_service
from hrdd.services import review

router = APIRouter(prefix="/api", tags=["review"])


def _dict(row: Any) -> dict[str, Any]:
    return asdict(row)


@router.get("/cases/{case_id}/hits")
def list_hits(case_id: str, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "hits": [_dict(h) for h in review.list_hits(store, actor, case_id)]}


@router.post("/hits/{hit_id}/review", responses={409: {}, 412: {}}, openapi_extra=body_schema(HitReviewIn))
def review_hit(hit_id: RowId, actor: HitReviewer, tag: IfMatch, body: Annotated[HitReviewIn, json_body(HitReviewIn)],
               store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """``If-Match`` (the case's ETag) is checked when sent, and ``entity`` (the entry the client saw with
    this id: each screening writes the hit rows anew). The review covers the entity on every list that
    carries it and stays while its listing is unchanged."""
    return {"ok": True, "hit": _dict(review.review_hit(store, actor, hit_id, body.status, body.reason, settings,
                                                       tag=tag, entity=body.entity))}


@router.get("/cases/{case_id}/evidence")
def list_evidence(case_id: str, actor: EvidenceReader, store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "evidence": [_dict(e) for e in evidence_service.list_evidence(store, actor, case_id)]}


UPLOAD_SCHEMA = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string", "maxLength": TEXT_MAX}},
}}}}}


@router.post("/cases/{case_id}/evidence", status_code=201, openapi_extra=UPLOAD_SCHEMA)
async def upload_evidence(case_id: str, actor: EvidenceWriter, request: Request, store: StoreDep,
                          settings: SettingsDep) -> dict[str, Any]:
    """Multipart ``file`` and optional ``note``; the form is read only after the role check."""
    async with request.form(max_files=1, max_fields=4) as form:
        upload, note = form.get("file"), form.get("note") or ""
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput("a file is required", [Problem("send the file as the multipart field 'file', with its name",
                                                              field="file")])
        if not isinstance(note, str):
            raise InvalidInput("the note is text", [Problem("send the note as a text field", field="note")])
        data = await upload.read(settings.upload_max_bytes + 1)
        row = evidence_service.add_evidence(store, actor, case_id, upload.filename, data, note, settings)
    return {"ok": True, "evidence": _dict(row)}


@router.get("/evidence/{evidence_id}")
def download_evidence(evidence_id: RowId, actor: EvidenceReader, store: StoreDep, settings: SettingsDep) -> Response:
    """Always an attachment, never rendered inline; the type is the sniffed one."""
    row, data = evidence_service.read_evidence(store, actor, evidence_id, settings)
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": attachment(row.filename),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    })


@router.get("/cases/{case_id}/conditions")
def list_conditions(case_id: str, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "conditions": [_dict(c) for c in review.list_conditions(store, actor, case_id)]}


@router.post("/cases/{case_id}/conditions", status_code=201, openapi_extra=body_schema(ConditionIn))
def add_condition(case_id: str, actor: ConditionWriter, body: Annotated[ConditionIn, json_body(ConditionIn)],
                  store: StoreDep) -> dict[str, Any]:
    row = review.add_condition(store, actor, case_id, body.safeguard, body.owner, body.due, body.note)
    return {"ok": True, "condition": _dict(row)}


@router.patch("/conditions/{condition_id}", openapi_extra=body_schema(ConditionStatusIn))
def set_condition(condition_id: RowId, actor: CaseReader,
                  body: Annotated[ConditionStatusIn, json_body(ConditionStatusIn)], store: StoreDep) -> dict[str, Any]:
    """Open, done (with ``evidence_id`` as proof) or waived (an approver, with ``reason``); a
    compare-and-set on ``revision`` when sent (409 when the condition changed meanwhile)."""
    row = review.set_condition_status(store, actor, condition_id, body.status, body.note, evidence_id=body.evidence_id,
                                      sha256=body.sha256, reason=body.reason, revision=body.revision)
    return {"ok": True, "condition": _dict(row)}


@router.get("/cases/{case_id}/approval")
def approval(case_id: str, actor: CaseReader, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """What the approver weighs: the engine's recommendation against the waiting proposal, and every
    blocking warning (code, title, detail, items, link) an approval must justify in writing."""
    from hrdd.services.approval import approval_brief

    return {"ok": True, **approval_brief(store, actor, case_id, settings).as_dict()}


@router.get("/cases/{case_id}/decisions")
def list_decisions(case_id: str, actor: CaseReader, store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "decisions": [_dict(d) for d in review.list_decisions(store, actor, case_id)]}


@router.post("/cases/{case_id}/decisions", status_code=201, responses={412: {}, 428: {}},
             openapi_extra=body_schema(DecisionIn))
def propose(case_id: str, actor: DecisionMaker, tag: IfMatchRequired, body: Annotated[DecisionIn, json_body(DecisionIn)],
            store: StoreDep) -> dict[str, Any]:
    """Propose on the revision named by ``If-Match`` (the case's ETag), which must be current."""
    return {"ok": True, "decision": _dict(review.propose_decision(store, actor, case_id, body.outcome, body.rationale,
                                                                  tag=tag))}


@router.post("/decisions/{decision_id}/approve", responses={409: {}, 412: {}}, openapi_extra=body_schema(ResolveIn))
def approve(decision_id: RowId, actor: DecisionChecker, tag: IfMatch, body: Annotated[ResolveIn, json_body(ResolveIn)],
            store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Of concurrent approvals and rejections exactly one succeeds; the others get 409. Approving past
    a blocking warning (``GET /api/cases/{id}/approval``) needs its written justification in
    ``justifications`` (422 naming ``justifications.<code>`` otherwise); they are kept on the decision."""
    return {"ok": True, "decision": _dict(review.resolve_decision(
        store, actor, decision_id, True, body.note, tag=tag, justifications=dict(body.justifications.items()),
        settings=settings))}


@router.post("/decisions/{decision_id}/reject", responses={409: {}, 412: {}}, openapi_extra=body_schema(ResolveIn))
def reject(decision_id: RowId, actor: DecisionChecker, tag: IfMatch, body: Annotated[ResolveIn, json_body(ResolveIn)],
           store: StoreDep) -> dict[str, Any]:
    return {"ok": True, "decision": _dict(review.resolve_decision(store, actor, decision_id, False, body.note,
                                                                  tag=tag))}


@router.post("/decisions/{decision_id}/withdraw", responses={409: {}}, openapi_extra=body_schema(ReasonIn))
def withdraw(decision_id: RowId, actor: DecisionMaker, body: Annotated[ReasonIn, json_body(ReasonIn)],
             store: StoreDep) -> dict[str, Any]:
    """Take back a waiting proposal; the case returns to assessed and can be edited again."""
    return {"ok": True, "decision": _dict(review.withdraw_decision(store, actor, decision_id, body.reason))}
