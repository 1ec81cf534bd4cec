"""Grievances: the public intake and the reporter's follow-up (no login), and the officers' API.

Public: ``POST /api/grievances`` (JSON, or multipart with ``attachments``),
``POST /api/grievances/status`` and ``POST /api/grievances/status/messages`` (the receipt code
goes in the body, never in a URL that proxies log). Officers: the queue, a grievance, its
transitions, messages, link to a case and attachments.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from hrdd.api.auth import client_address
from hrdd.api.deps import (
    GrievanceHandler,
    GrievanceReader,
    Public,
    RowId,
    SettingsDep,
    StoreDep,
    body_schema,
    json_body,
)
from hrdd.api.download import attachment
from hrdd.api.grievance_form import grievance_form, grievance_from_form
from hrdd.model.grievance import OUTCOMES, GrievanceState, grievance_actions_from
from hrdd.model.limits import CONTACT_MAX, SUBJECT_MAX, TEXT_MAX
from hrdd.services import grievance_office as office
from hrdd.services import grievances as intake

router = APIRouter(prefix="/api", tags=["grievances"])
RECEIPT_NOTICE = ("Keep this receipt code somewhere safe: it is shown only once and is the only way to follow "
                  "the report. Anyone who has it can read the report.")


class GrievanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    about: Literal["product", "customer", "country"] = Field(examples=["customer"])
    category: str = Field(max_length=80, examples=["privacy"], description="A right of the catalogue, or 'other'.")
    description: str = Field(min_length=1, max_length=TEXT_MAX, examples=["The police unit that bought …"])
    subject: str = Field("", max_length=SUBJECT_MAX, description="The product or customer concerned.")
    country: str = Field("", max_length=3, description="ISO 3166 code of the country concerned.")
    contact: str = Field("", max_length=CONTACT_MAX, description="Optional; encrypted at rest. Leave empty to stay anonymous.")


class ReceiptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    receipt_code: str = Field(min_length=1, max_length=200)


class ReporterMessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    receipt_code: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=TEXT_MAX)


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["acknowledge", "review", "close"]
    revision: int = Field(ge=1, le=2**31 - 1, description="The revision the officer acted on.")
    outcome: str = Field("", max_length=30, description="For close: " + ", ".join(OUTCOMES))
    note: str = Field("", max_length=TEXT_MAX, description="For close: what was done and why, for the reporter.")


class OfficerMessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(min_length=1, max_length=TEXT_MAX)
    feedback: bool = Field(False, description="Feedback on the action taken (meets the feedback deadline).")


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    case_id: str = Field(min_length=1, max_length=40)
    revision: int = Field(ge=1, le=2**31 - 1)


_iso = office.iso


INTAKE_SCHEMA = body_schema(GrievanceIn, "JSON, or multipart/form-data with the same fields and up to "
                                         "HRDD_GRIEVANCE_ATTACHMENTS_MAX files named 'attachments'.")
INTAKE_SCHEMA["requestBody"]["content"]["multipart/form-data"] = {"schema": {
    "type": "object", "required": ["about", "category", "description"],
    "properties": {**{name: {"type": "string"} for name in ("about", "category", "description", "subject", "country",
                                                            "contact")},
                   "attachments": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}


@router.post("/grievances", status_code=201, openapi_extra=INTAKE_SCHEMA, responses={429: {}})
async def submit(request: Request, _public: Public, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Raise a concern, anonymously or with contact details; no login. The receipt code is in this
    answer only."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        async with grievance_form(request, settings) as form:
            new = await grievance_from_form(form, settings)
    else:
        body: GrievanceIn = await json_body(GrievanceIn).dependency(request)
        new = intake.NewGrievance(**body.model_dump())
    receipt = intake.submit(store, settings, new, client_address(request))
    return {"ok": True, "receipt_code": receipt.code, "notice": RECEIPT_NOTICE, "grievance": {
        "id": receipt.grievance_id, "received_at": _iso(receipt.received_at),
        "acknowledge_due": _iso(receipt.acknowledge_due), "feedback_due": _iso(receipt.feedback_due)}}


def _reporter_dict(view: intake.ReporterView) -> dict[str, Any]:
    return {"id": view.grievance_id, "state": view.state, "about": view.about, "category": view.category,
            "subject": view.subject, "country": view.country, "description": view.description,
            "contact_given": view.has_contact, "received_at": _iso(view.received_at),
            "acknowledge_due": _iso(view.acknowledge_due), "acknowledged_at": _iso(view.acknowledged_at),
            "feedback_due": _iso(view.feedback_due), "closed_at": _iso(view.closed_at), "outcome": view.outcome,
            "outcome_explanation": view.outcome_explanation, "outcome_note": view.outcome_note,
            "attachments": view.attachments,
            "messages": [{"from": m.sender, "body": m.body, "sent_at": _iso(m.sent_at)} for m in view.messages]}


@router.post("/grievances/status", openapi_extra=body_schema(ReceiptIn), responses={429: {}})
def status(request: Request, _public: Public, body: Annotated[ReceiptIn, json_body(ReceiptIn)], store: StoreDep,
           settings: SettingsDep) -> dict[str, Any]:
    """The report of this receipt code: its state, deadlines and messages (throttled per address)."""
    view = intake.follow(store, settings, body.receipt_code, client_address(request))
    return {"ok": True, "grievance": _reporter_dict(view)}


@router.post("/grievances/status/messages", status_code=201, openapi_extra=body_schema(ReporterMessageIn),
             responses={429: {}})
def reporter_message(request: Request, _public: Public, body: Annotated[ReporterMessageIn, json_body(ReporterMessageIn)],
                     store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """The reporter writes to the grievance officers."""
    view = intake.reply(store, settings, body.receipt_code, body.body, client_address(request))
    return {"ok": True, "grievance": _reporter_dict(view)}


@router.get("/grievances")
def list_grievances(actor: GrievanceReader, store: StoreDep,
                    state: GrievanceState | None = None,
                    open_only: bool = Query(False, alias="open"), case: str | None = Query(None, max_length=40),
                    limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=2**31 - 1)) -> dict[str, Any]:
    """The queue, oldest first: every grievance for officers; for an approver, those linked to cases they decide."""
    rows, total = office.list_grievances(store, actor, state=state, open_only=open_only, case_id=case, limit=limit,
                                         offset=offset)
    return {"ok": True, "total": total, "limit": limit, "offset": offset,
            "grievances": [office.grievance_dict(r) for r in rows]}


@router.get("/grievances/{grievance_id}")
def show(grievance_id: RowId, actor: GrievanceReader, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """One grievance with its description, messages and attachments; contact details for officers only."""
    view = office.grievance_view(store, actor, settings, grievance_id)
    row = view.grievance
    return {"ok": True, "grievance": {
        **office.grievance_dict(row), "description": row.description, "contact": view.contact,
        "outcome_note": row.outcome_note, "actions": grievance_actions_from(row.state),
        "messages": [{"id": m.id, "from": m.sender, "officer": m.officer, "body": m.body, "feedback": m.feedback,
                      "sent_at": _iso(m.sent_at)} for m in view.messages],
        "attachments": [{"id": a.id, "filename": a.filename, "content_type": a.content_type, "size": a.size,
                         "sha256": a.sha256} for a in view.attachments]}}


@router.post("/grievances/{grievance_id}/transitions", openapi_extra=body_schema(TransitionIn),
             responses={409: {}, 412: {}})
def change(grievance_id: RowId, actor: GrievanceHandler, body: Annotated[TransitionIn, json_body(TransitionIn)],
           store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Acknowledge, review or close (with an outcome and a note for the reporter); 409 when someone
    else changed it first, 412 when ``revision`` is not the current one."""
    row = office.transition(store, actor, settings, grievance_id, body.action, body.revision, outcome=body.outcome,
                            note=body.note)
    return {"ok": True, "grievance": office.grievance_dict(row)}


@router.post("/grievances/{grievance_id}/messages", status_code=201, openapi_extra=body_schema(OfficerMessageIn),
             responses={409: {}})
def officer_message(grievance_id: RowId, actor: GrievanceHandler,
                    body: Annotated[OfficerMessageIn, json_body(OfficerMessageIn)], store: StoreDep) -> dict[str, Any]:
    """A message to the reporter (shown on their status page without the officer's name)."""
    message = office.send_message(store, actor, grievance_id, body.body, feedback=body.feedback)
    return {"ok": True, "message": {"id": message.id, "from": message.sender, "officer": message.officer,
                                    "body": message.body, "feedback": message.feedback,
                                    "sent_at": _iso(message.sent_at)}}


@router.post("/grievances/{grievance_id}/link", openapi_extra=body_schema(LinkIn), responses={409: {}, 412: {}})
def link(grievance_id: RowId, actor: GrievanceHandler, body: Annotated[LinkIn, json_body(LinkIn)],
         store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Link the grievance to a case: a post-sale signal of kind "grievance" is recorded on the case
    (and the case is re-assessed when it is a decided engagement)."""
    from hrdd.jobs.worker import after_signal

    row = office.link_case(store, actor, grievance_id, body.case_id, body.revision)
    if row.case_id is not None:
        after_signal(settings, row.case_id)
    return {"ok": True, "grievance": office.grievance_dict(row)}


@router.get("/grievances/{grievance_id}/attachments/{attachment_id}")
def download(grievance_id: RowId, attachment_id: RowId, actor: GrievanceReader, store: StoreDep) -> Response:
    """Always an attachment, never rendered inline."""
    row, data = office.read_attachment(store, actor, grievance_id, attachment_id)
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": attachment(row.filename), "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox"})

