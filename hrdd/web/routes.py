"""Server-rendered pages. They call the services, never the API over HTTP."""

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from hrdd.api.auth import (
    check_csrf,
    clear_session_cookie,
    client_address,
    csrf_token,
    current_actor,
    live_session,
    session_token,
    set_login_csrf_cookie,
    set_session_cookie,
)
from hrdd.api.deps import Offset, RowId
from hrdd.exc import HrddError, InvalidInput, NotAuthenticated, Problem, RateLimited, TooLarge
from hrdd.model.lifecycle import STATES, actions_from
from hrdd.services import cases as case_service
from hrdd.services import evidence as evidence_service
from hrdd.services import review
from hrdd.services.audit import audit_entries
from hrdd.services.cases import SORTS, CaseFilter
from hrdd.services.hit_reviews import hit_groups
from hrdd.services.permissions import Actor, can, require
from hrdd.services.revisions import revision_tag
from hrdd.services.sessions import authenticate, end_session, set_flash
from hrdd.services.store import Store
from hrdd.settings import Settings

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["can"] = can
router = APIRouter(include_in_schema=False)

static_files = StaticFiles(directory=str(HERE / "static"))


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _actor(request: Request) -> Actor:
    return current_actor(request, _store(request), _settings(request))


def _page(request: Request, name: str, actor: Actor | None, status: int = 200, **context: Any) -> HTMLResponse:
    session = live_session(request)
    flash = session.flash if session is not None else None
    if session is not None and flash is not None:
        set_flash(_store(request), session.id, None)  # shown once
    counts = _nav_counts(request, actor) if actor is not None else {}
    response = templates.TemplateResponse(request, name, {"actor": actor, "csrf": csrf_token(request),
                                                          "flash": flash, "nav_counts": counts, **context},
                                          status_code=status)
    set_login_csrf_cookie(request, response)
    return response


def _nav_counts(request: Request, actor: Actor) -> dict[str, int]:
    """What waits behind the navigation's links: unread alerts, engagements with a review due or an
    obligation overdue, open grievances (for those who read grievances)."""
    from hrdd.services import alerts as alert_service
    from hrdd.services import engagements as engagement_service
    from hrdd.services import grievance_office

    store = _store(request)
    counts = {"alerts": alert_service.unread_count(store, actor),
              "engagements": engagement_service.count_due(store, actor)}
    if can(actor, "grievance.read"):
        counts["grievances"] = grievance_office.list_grievances(store, actor, open_only=True, limit=1)[1]
    return counts


def _back(url: str, request: Request, message: str) -> RedirectResponse:
    session = live_session(request)
    if session is not None:
        set_flash(_store(request), session.id, message)
    return RedirectResponse(url, status_code=303)


async def _form(request: Request) -> Any:
    """The posted form, its CSRF token checked. A body the multipart parser refuses (a text part
    over its 1 MiB limit, too many parts, a broken body) is a 413 or 422 naming it, not a bare 400."""
    try:
        form = await request.form()
    except StarletteHTTPException as err:
        detail = str(err.detail)
        if "maximum size" in detail or "too many" in detail.lower():
            raise TooLarge("the form is too large", [Problem(detail, field="body")]) from None
        raise InvalidInput("the form could not be read", [Problem(detail, field="body")]) from None
    try:
        check_csrf(request, str(form.get("csrf_token") or ""))
    except BaseException:
        await form.close()
        raise
    return form


def form_int(form: Any, name: str) -> int | None:
    """An optional whole number from a form field; InvalidInput naming the field when it is not one."""
    raw = str(form.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 10:
        raise InvalidInput(f"{name} is not a number", [Problem("not a whole number", field=name, found=repr(raw[:20]))])
    return int(raw)


def render_error(request: Request, err: HrddError, status: int) -> Response:
    """HTML errors for pages (the API keeps the JSON shape)."""
    if isinstance(err, NotAuthenticated):
        return RedirectResponse("/login", status_code=303)
    heading = {403: "Not allowed", 404: "Not found", 405: "Not possible", 409: "Not possible now",
               412: "Changed in the meantime", 413: "Too large", 422: "Please check what was entered",
               429: "Too many attempts"}.get(
        status, "Something is wrong")
    actor = None
    with contextlib.suppress(HrddError):
        actor = _actor(request)
    return _page(request, "error.html", actor, status=status, heading=heading, message=err.message,
                 problems=[str(p) for p in err.problems])


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return _page(request, "login.html", None)


@router.post("/login")
async def login(request: Request) -> Response:
    """The login form: the same sequence as POST /api/login (throttle, password, new session)."""
    form = await _form(request)
    username, password = str(form.get("username") or ""), str(form.get("password") or "")
    try:
        session = authenticate(_store(request), _settings(request), username[:200], password[:1024],
                               client_address(request), replaces=session_token(request))
    except NotAuthenticated as err:
        return _page(request, "login.html", None, status=401, problems=[err.message])
    except RateLimited as err:
        response = _page(request, "login.html", None, status=429, problems=[err.message])
        response.headers["Retry-After"] = str(err.retry_after)
        return response
    redirect = RedirectResponse("/", status_code=303)
    set_session_cookie(request, redirect, session)
    return redirect


@router.post("/logout")
async def logout(request: Request) -> Response:
    await _form(request)
    token = session_token(request)
    if token and live_session(request) is not None:
        end_session(_store(request), token)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/")
def case_list(request: Request, q: str = "", state: str = "", country: str = "", recommendation: str = "",
              residual_level: str = "", owner: str = "", capability: str = "", due_before: str = "",
              sort: str = "updated", offset: Offset = 0, after: str = "") -> HTMLResponse:
    actor = _actor(request)
    due = None
    with contextlib.suppress(ValueError):
        due = dt.date.fromisoformat(due_before) if due_before else None
    filters = CaseFilter(state or None, country or None, recommendation or None, residual_level or None, q or None,
                         owner or None, capability or None, due, sort if sort in SORTS else "updated")
    limit = 50
    offset = max(offset, 0)
    try:  # a Next link reads on from the last row's key (``after``); the offset only counts the rows before
        rows, total = case_service.list_cases(_store(request), actor, filters, limit=limit, offset=offset,
                                              after=after[:200] or None)
    except InvalidInput:  # a Next link from another order or an edited address: the first page
        offset = 0
        rows, total = case_service.list_cases(_store(request), actor, filters, limit=limit)
    params = {k: v for k, v in (("q", q), ("state", state), ("country", country),
                                ("recommendation", recommendation), ("residual_level", residual_level),
                                ("owner", owner), ("capability", capability), ("due_before", due_before),
                                ("sort", sort if sort != "updated" else "")) if v}
    following = case_service.page_after(rows[-1], filters.sort) if rows else None

    def query_for(new_offset: int) -> str:
        if new_offset > offset and following is not None:
            return urlencode({**params, "offset": new_offset, "after": following})
        return urlencode({**params, "offset": max(new_offset, 0)})

    from hrdd.catalog import default_catalog

    more = offset + limit < total.value or not total.exact
    return _page(request, "cases.html", actor, cases=rows, total=total, filters=filters, limit=limit,
                 offset=offset, query_for=query_for, states=STATES,
                 capabilities=sorted(default_catalog().capabilities.values(), key=lambda c: c.title), more=more)


@router.get("/cases/new")
def new_case_page(request: Request) -> HTMLResponse:
    from hrdd.web.intake import new_case_form

    actor = _actor(request)
    require(actor, "case.write")
    return new_case_form(request, actor)


@router.post("/cases/new")
async def create_case(request: Request) -> Response:
    """The guided intake's first page, or a pasted case file (hrdd.web.intake)."""
    from hrdd.web.intake import create_from_form

    actor = _actor(request)
    require(actor, "case.write")  # before the form is read
    return create_from_form(request, actor, await _form(request))


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str) -> HTMLResponse:
    from hrdd.catalog import default_catalog
    from hrdd.web.signals import signals_context

    actor = _actor(request)
    view = case_service.case_view(_store(request), actor, case_id)
    return _page(request, "case.html", actor, case=view.case, report=view.report, hits=view.hits,
                 **signals_context(_store(request), actor, case_id, view.case.state), back="case",
                 hit_groups=hit_groups(view.hits),
                 evidence=view.evidence, conditions=view.conditions, decisions=view.decisions,
                 safeguards=list(default_catalog().safeguards.values()), tag=revision_tag(view.case),
                 actions=actions_from(view.case.state), report_revision=view.report_revision)


def _tag(form: Any) -> str | None:
    """The revision the page showed (a hidden field): the change is refused when the case moved on."""
    return str(form.get("revision_tag") or "") or None


@router.post("/cases/{case_id}/assess")
async def assess_case(request: Request, case_id: str) -> Response:
    actor = _actor(request)
    require(actor, "case.assess")
    form = await _form(request)
    report = case_service.assess_stored_case(_store(request), actor, case_id, settings=_settings(request),
                                             tag=_tag(form))
    return _back(f"/cases/{case_id}", request, f"Assessed: {report['recommendation'].replace('_', ' ')}.")


@router.post("/hits/{hit_id}/review")
async def review_hit(request: Request, hit_id: RowId) -> Response:
    actor = _actor(request)
    require(actor, "hit.review")
    form = await _form(request)
    hit = review.review_hit(_store(request), actor, hit_id, str(form.get("status") or ""),
                            str(form.get("reason") or ""), _settings(request), tag=_tag(form),
                            entity=str(form.get("entity") or "") or None)
    return _back(f"/cases/{hit.case_id}#hits", request, "Hit reviewed.")


@router.post("/cases/{case_id}/evidence")
async def upload_evidence(request: Request, case_id: str) -> Response:
    actor = _actor(request)
    require(actor, "evidence.write")  # before the upload is read
    form = await _form(request)
    try:  # an upload over the in-memory spool is a temporary file: closed however this ends
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput("choose a file", [Problem("no file was sent", field="file")])
        data = await upload.read(_settings(request).upload_max_bytes + 1)
        filename, note = upload.filename, str(form.get("note") or "")
    finally:
        await form.close()
    evidence_service.add_evidence(_store(request), actor, case_id, filename, data, note, _settings(request))
    return _back(f"/cases/{case_id}#evidence", request, "Evidence uploaded.")


@router.post("/cases/{case_id}/conditions")
async def add_condition(request: Request, case_id: str) -> Response:
    actor = _actor(request)
    require(actor, "condition.write")
    form = await _form(request)
    try:
        due = dt.date.fromisoformat(str(form.get("due") or ""))
    except ValueError:
        raise InvalidInput("a due date is required", [Problem("wrong value", field="due", expected="a date")]) from None
    review.add_condition(_store(request), actor, case_id, str(form.get("safeguard") or ""),
                         str(form.get("owner") or ""), due)
    return _back(f"/cases/{case_id}#conditions", request, "Condition added.")


@router.post("/conditions/{condition_id}/done")
async def condition_done(request: Request, condition_id: RowId) -> Response:
    actor = _actor(request)
    require(actor, "condition.write")
    form = await _form(request)
    review.set_condition_status(_store(request), actor, condition_id, "done", str(form.get("note") or ""),
                                evidence_id=form_int(form, "evidence_id"), revision=form_int(form, "revision"))
    return _back(request.headers.get("referer") or "/", request, "Condition marked done.")


@router.post("/cases/{case_id}/decisions")
async def propose_decision(request: Request, case_id: str) -> Response:
    actor = _actor(request)
    require(actor, "decision.propose")
    form = await _form(request)
    review.propose_decision(_store(request), actor, case_id, str(form.get("outcome") or ""),
                            str(form.get("rationale") or ""), tag=_tag(form))
    return _back(f"/cases/{case_id}#decision", request, "Decision proposed for approval.")


def _approval_page(request: Request, actor: Actor, case_id: str, status: int = 200, typed: dict[str, str] | None = None,
                   problems: list[str] | None = None, error: str = "") -> HTMLResponse:
    from hrdd.services.approval import JUSTIFICATION_MIN, approval_brief

    brief = approval_brief(_store(request), actor, case_id, _settings(request))
    return _page(request, "approval.html", actor, status=status, case=brief.case, report=brief.report,
                 report_revision=brief.report_revision, proposal=brief.proposal, warnings=brief.warnings,
                 conditions=brief.conditions, tag=revision_tag(brief.case), typed=typed or {},
                 justification_min=JUSTIFICATION_MIN, problems=problems or [], error=error)


@router.get("/cases/{case_id}/approval")
def approval_page(request: Request, case_id: str) -> HTMLResponse:
    """The approver's page: the engine against the proposal and every blocking warning, each with the
    written justification an approval needs."""
    return _approval_page(request, _actor(request), case_id)


@router.post("/decisions/{decision_id}/resolve")
async def resolve_decision(request: Request, decision_id: RowId) -> Response:
    actor = _actor(request)
    require(actor, "decision.approve")
    form = await _form(request)
    approve = form.get("approve") == "1"
    typed = {k.removeprefix("justification_"): str(v) for k, v in form.items() if k.startswith("justification_")}
    try:
        row = review.resolve_decision(_store(request), actor, decision_id, approve, str(form.get("note") or ""),
                                      tag=_tag(form), justifications=typed, settings=_settings(request))
    except InvalidInput as err:
        case_id = str(form.get("case_id") or "")
        if not case_id:
            raise
        return _approval_page(request, actor, case_id, status=422, error=err.message,
                              typed={**typed, "note": str(form.get("note") or "")},
                              problems=[p.message if not p.field else f"{p.message} ({p.field})" for p in err.problems])
    return _back(f"/cases/{row.case_id}#decision", request, f"Decision {row.status}.")


@router.post("/cases/{case_id}/reopen")
async def reopen_case(request: Request, case_id: str) -> Response:
    actor = _actor(request)
    form = await _form(request)
    row = case_service.reopen_case(_store(request), actor, case_id, str(form.get("reason") or ""), tag=_tag(form))
    return _back(f"/cases/{case_id}", request, f"Case reopened as revision {row.revision}.")


@router.get("/dashboard")
def dashboard(request: Request) -> HTMLResponse:
    actor = _actor(request)
    data = case_service.portfolio(_store(request), actor)
    heat = {(s, lk): n for s, lk, n in data["heat"] if s is not None and lk is not None}
    return _page(request, "dashboard.html", actor, data=data, heat=heat, heat_max=max(heat.values(), default=1))


@router.get("/audit")
def audit_page(request: Request, entity_id: str = "") -> HTMLResponse:
    actor = _actor(request)
    entries = audit_entries(_store(request), actor, entity_id=entity_id or None, limit=500)
    return _page(request, "audit.html", actor, entries=list(reversed(entries)), entity_id=entity_id)
