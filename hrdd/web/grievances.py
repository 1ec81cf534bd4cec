"""Grievance pages: the public report form and status page (no login), and the officers' queue.

The receipt code travels only in POST bodies (never in a URL that a proxy or the browser's
history keeps); every page here is ``no-store``.
"""

import contextlib
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from hrdd.api.auth import check_csrf, client_address
from hrdd.api.deps import Offset, RowId
from hrdd.api.download import attachment
from hrdd.api.grievance_form import grievance_form, grievance_from_form
from hrdd.exc import HrddError, InvalidInput, NotFound, RateLimited
from hrdd.model.grievance import ABOUT, OUTCOMES, STATES, grievance_actions_from
from hrdd.services import grievance_office as office
from hrdd.services import grievances as intake
from hrdd.services.grievance_secrets import contact_cipher
from hrdd.services.permissions import Actor
from hrdd.web.routes import _actor, _back, _form, _page, _settings, _store

router = APIRouter(include_in_schema=False)
PAGE = 100


def _maybe_actor(request: Request) -> Actor | None:
    """The signed-in user, if any: the public pages show the menu to them and work for everyone."""
    with contextlib.suppress(HrddError):
        return _actor(request)
    return None


def _report_context(request: Request) -> dict[str, Any]:
    settings = _settings(request)
    return {"about": ABOUT, "categories": intake.categories(), "contact_accepted": contact_cipher(settings) is not None,
            "settings": settings}


def _refused(request: Request, template: str, err: HrddError, status: int, **context: Any) -> HTMLResponse:
    response = _page(request, template, _maybe_actor(request), status=status, error=err.message,
                     problems=[str(p) for p in err.problems], **context)
    if isinstance(err, RateLimited):
        response.headers["Retry-After"] = str(err.retry_after)
    return response


@router.get("/report")
def report_page(request: Request) -> HTMLResponse:
    return _page(request, "report.html", _maybe_actor(request), form=FormData(), **_report_context(request))


@router.post("/report")
async def report(request: Request) -> Response:
    """The public form: the same checks and the same one transaction as ``POST /api/grievances``."""
    from hrdd.api.errors import status_for

    settings, context = _settings(request), _report_context(request)
    form: Any = FormData()
    try:
        async with grievance_form(request, settings) as form:
            check_csrf(request, str(form.get("csrf_token") or ""))
            new = await grievance_from_form(form, settings)
            receipt = intake.submit(_store(request), settings, new, client_address(request))
    except (InvalidInput, RateLimited) as err:
        return _refused(request, "report.html", err, status_for(err), form=form, **context)
    return _page(request, "report_receipt.html", _maybe_actor(request), receipt=receipt)


@router.get("/report/status")
def status_page(request: Request) -> HTMLResponse:
    return _page(request, "report_status.html", _maybe_actor(request), view=None, code="")


def _status(request: Request, code: str, action: Any) -> HTMLResponse:
    from hrdd.api.errors import status_for

    try:
        view = action()
    except (NotFound, InvalidInput, RateLimited) as err:
        return _refused(request, "report_status.html", err, status_for(err), view=None, code="")
    return _page(request, "report_status.html", _maybe_actor(request), view=view, code=code, outcomes=OUTCOMES,
                 categories=intake.categories())


@router.post("/report/status")
async def status(request: Request) -> HTMLResponse:
    form = await _form(request)
    code = str(form.get("receipt_code") or "")
    return _status(request, code, lambda: intake.follow(_store(request), _settings(request), code,
                                                        client_address(request)))


@router.post("/report/status/messages")
async def reporter_message(request: Request) -> HTMLResponse:
    form = await _form(request)
    code, body = str(form.get("receipt_code") or ""), str(form.get("body") or "").replace("\r\n", "\n")
    return _status(request, code, lambda: intake.reply(_store(request), _settings(request), code, body,
                                                       client_address(request)))


@router.get("/grievances")
def queue(request: Request, state: str = "", show: str = Query("open", pattern="^(open|all)$"),
          order: str = Query("deadline", pattern="^(deadline|received)$"), offset: Offset = 0) -> HTMLResponse:
    actor = _actor(request)
    rows, total = office.list_grievances(_store(request), actor, state=state if state in STATES else None,
                                         open_only=show == "open", limit=PAGE, offset=offset, order=order)
    return _page(request, "grievances.html", actor, grievances=rows, total=total, state=state, show=show, order=order,
                 states=STATES, offset=offset, page=PAGE, overdue=office.overdue)


@router.get("/grievances/{grievance_id}")
def grievance_page(request: Request, grievance_id: RowId) -> HTMLResponse:
    actor = _actor(request)
    view = office.grievance_view(_store(request), actor, _settings(request), grievance_id)
    return _page(request, "grievance.html", actor, view=view, g=view.grievance, outcomes=OUTCOMES,
                 actions=grievance_actions_from(view.grievance.state), overdue=office.overdue(view.grievance),
                 categories=intake.categories(), officer=office.is_officer(actor))


def _revision(form: Any) -> int:
    try:
        return int(str(form.get("revision") or "0"))
    except ValueError:
        return 0


@router.post("/grievances/{grievance_id}/transition")
async def change(request: Request, grievance_id: RowId) -> Response:
    actor = _actor(request)
    form = await _form(request)
    action = str(form.get("action") or "")
    office.transition(_store(request), actor, _settings(request), grievance_id, action, _revision(form),
                      outcome=str(form.get("outcome") or ""), note=str(form.get("note") or "").replace("\r\n", "\n"))
    done = {"acknowledge": "acknowledged", "review": "under review", "close": "closed"}.get(action, action)
    return _back(f"/grievances/{grievance_id}", request, f"Grievance {grievance_id} {done}.")


@router.post("/grievances/{grievance_id}/messages")
async def officer_message(request: Request, grievance_id: RowId) -> Response:
    actor = _actor(request)
    form = await _form(request)
    office.send_message(_store(request), actor, grievance_id, str(form.get("body") or "").replace("\r\n", "\n"),
                        feedback=form.get("feedback") == "1")
    return _back(f"/grievances/{grievance_id}#messages", request, "Message sent to the reporter.")


@router.post("/grievances/{grievance_id}/link")
async def link(request: Request, grievance_id: RowId) -> Response:
    actor = _actor(request)
    form = await _form(request)
    row = office.link_case(_store(request), actor, grievance_id, str(form.get("case_id") or ""), _revision(form))
    if row.case_id is not None:
        from hrdd.jobs.worker import after_signal

        after_signal(_settings(request), row.case_id)
    return _back(f"/grievances/{grievance_id}", request, f"Grievance {grievance_id} linked to {row.case_id}.")


@router.get("/grievances/{grievance_id}/attachments/{attachment_id}")
def download(request: Request, grievance_id: RowId, attachment_id: RowId) -> Response:
    row, data = office.read_attachment(_store(request), _actor(request), grievance_id, attachment_id)
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": attachment(row.filename), "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox"})
