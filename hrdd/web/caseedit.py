"""Editing a case one step at a time: every save is a revision with its reason.

The form carries the revision tag it was made from; the save is refused (compare-and-set in
``update_case``) when someone else saved in the meantime, and the page then says who changed
what and keeps everything the user typed. A decided case is frozen: the page says so and
offers the reopen action to those who may reopen.
"""

from typing import Any

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hrdd.casefile.yamlpos import load_with_lines
from hrdd.exc import Conflict, InvalidInput, NotFound, Stale
from hrdd.model.lifecycle import EDITABLE, State, allows
from hrdd.services import cases as case_service
from hrdd.services import revisions as revision_service
from hrdd.services.cases import CaseRow
from hrdd.services.permissions import Actor, can, require
from hrdd.services.revisions import revision_tag, tag_revision
from hrdd.web.routes import _actor, _back, _form, _page, _store
from hrdd.web.stepdefs import STEPS, Step, on_step, step_by_id
from hrdd.web.stepform import Applied, apply_sections
from hrdd.web.stepvalues import Values, form_values, rebase
from hrdd.web.stepview import conflict_view, problem_view, step_context

router = APIRouter(include_in_schema=False)


def case_data(text: str, source: str) -> dict[str, Any]:
    data, _ = load_with_lines(text, source)
    return data if isinstance(data, dict) else {}


def dump_case(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _step(step_id: str) -> Step:
    step = step_by_id(step_id)
    if step is None:
        raise NotFound(f"no step {step_id!r}; the steps are {', '.join(s.id for s in STEPS)}")
    return step


def _locked(actor: Actor, row: CaseRow) -> dict[str, Any] | None:
    """Why the case cannot be edited now, and whether this user may reopen it."""
    if State(row.state) in EDITABLE:
        return None
    if row.state == State.PROPOSED:
        why = "A decision on this case is waiting for approval. It cannot change until the proposal is withdrawn."
    else:
        why = (f"This case is {row.state} and frozen: the decision rests on revision {row.revision}. To change it, "
               "it must first be reopened with a reason; it then returns to draft as a new revision and is "
               "assessed and decided again.")
    return {"state": row.state, "why": why, "can_reopen": can(actor, "case.reopen") and allows("reopen", row.state)}


def _render(request: Request, actor: Actor, row: CaseRow, step: Step, values: Values, *, flow: str,
            tag: str, reason: str = "", status: int = 200, **extra: Any) -> HTMLResponse:
    data = case_data(row.case_text, row.id)
    values.set("reason", reason)
    context = step_context(step, values, data, flow=flow, action=f"/cases/{row.id}/edit/{step.id}",
                           step_url=lambda s: f"/cases/{row.id}/edit/{s}" + ("?flow=intake" if flow == "intake" else ""))
    context.update(case=row, tag=tag, reason=reason, locked=_locked(actor, row))
    context.update(extra)
    return _page(request, "case_step.html", actor, status=status, **context)


@router.get("/cases/{case_id}/edit")
def edit_case(case_id: str) -> Response:
    return RedirectResponse(f"/cases/{case_id}/edit/{STEPS[0].id}", status_code=303)


@router.get("/cases/{case_id}/edit/{step_id}")
def edit_step_page(request: Request, case_id: str, step_id: str, flow: str = "edit") -> HTMLResponse:
    actor = _actor(request)
    step = _step(step_id)
    row = case_service.get_case(_store(request), actor, case_id)
    locked = _locked(actor, row)
    if not (locked and locked["can_reopen"]):  # an approver may come here to reopen, not to edit
        require(actor, "case.write")
    values = form_values(case_data(row.case_text, row.id))
    flow = "intake" if flow == "intake" else "edit"
    reason = f"Intake: {step.title.lower()}" if flow == "intake" else ""
    return _render(request, actor, row, step, values, flow=flow, tag=revision_tag(row), reason=reason)


def change_rows(values: Values, form: Any) -> bool:
    """Apply an "add a row" or "remove this row" button; True when one was pressed."""
    if add := str(form.get("add") or ""):
        values.add_row(add)
        return True
    if remove := str(form.get("remove") or ""):
        list_name, _, index = remove.rpartition(":")
        if index.isdigit():
            values.remove_row(list_name, int(index))
        return True
    return False


def next_url(case_id: str, step: Step, go: str, flow: str) -> str:
    index = STEPS.index(step)
    suffix = "?flow=intake" if flow == "intake" else ""
    if go == "next" and index + 1 < len(STEPS):
        return f"/cases/{case_id}/edit/{STEPS[index + 1].id}{suffix}"
    if go == "back" and index > 0:
        return f"/cases/{case_id}/edit/{STEPS[index - 1].id}{suffix}"
    if go == "stay":
        return f"/cases/{case_id}/edit/{step.id}{suffix}"
    return f"/cases/{case_id}"


@router.post("/cases/{case_id}/edit/{step_id}")
async def save_step(request: Request, case_id: str, step_id: str) -> Response:
    actor = _actor(request)
    require(actor, "case.write")  # before the form is read
    step = _step(step_id)
    form = await _form(request)
    values = Values((k, str(v)) for k, v in form.multi_items() if isinstance(v, str))
    flow = "intake" if form.get("flow") == "intake" else "edit"
    tag, reason = str(form.get("revision_tag") or ""), str(form.get("reason") or "")
    store = _store(request)
    row = case_service.get_case(store, actor, case_id)
    if change_rows(values, form):
        return _render(request, actor, row, step, values, flow=flow, tag=tag, reason=reason)
    if tag != revision_tag(row):
        return _conflict(request, actor, row, step, values, flow, tag, reason)
    applied = apply_sections(case_data(row.case_text, row.id), values, step.sections, step_id=step.id,
                             guidance_steps=step.guidance_steps)
    go = str(form.get("go") or "next")
    if applied.data == case_data(row.case_text, row.id) and not applied.problems:
        return _back(next_url(case_id, step, go, flow), request, f"Nothing changed on “{step.title}”.")
    try:
        check_page(applied, reason, row.id)
        saved = case_service.update_case(store, actor, case_id, dump_case(applied.data), tag=tag, reason=reason)
    except Stale:
        return _conflict(request, actor, case_service.get_case(store, actor, case_id), step, values, flow, tag, reason)
    except InvalidInput as err:
        return _render(request, actor, row, step, values, flow=flow, tag=tag, reason=reason, status=422,
                       **problem_view(err, applied, step, row.id))
    except Conflict as err:
        now = case_service.get_case(store, actor, case_id)
        return _render(request, actor, now, step, values, flow=flow, tag=revision_tag(now), reason=reason,
                       status=409, locked=_locked(actor, now) or {"why": err.message, "state": now.state,
                                                                  "can_reopen": False})
    return _back(next_url(case_id, step, go, flow), request,
                 f"Saved “{step.title}” as revision {saved.revision} (draft).")


def check_page(applied: Applied, reason: str | None, source: str) -> None:
    """Every problem of the page at once: the form's own, the reason's, the case file's."""
    problems = list(applied.problems)
    if reason is not None:
        try:
            case_service.required_reason(reason)
        except InvalidInput as err:
            problems += err.problems
    try:
        case_service.validate_case_text(dump_case(applied.data), source=source)
    except InvalidInput as err:
        problems += err.problems
    if problems:
        raise InvalidInput("the page has problems", problems)


def _conflict(request: Request, actor: Actor, row: CaseRow, step: Step, values: Values, flow: str, tag: str,
              reason: str) -> HTMLResponse:
    """Someone saved since this form was opened: say who changed what; keep the user's input and
    let them save it on top of the current revision."""
    number = tag_revision(tag)
    store = _store(request)
    later = [r for r in revision_service.list_revisions(store, actor, row.id) if number is None or r.number > number]
    theirs = None
    if number is not None:
        try:
            theirs = revision_service.get_revision(store, actor, row.id, number)
        except NotFound:
            theirs = None
    changes = revision_service.text_changes(theirs.case_text, row.case_text) if theirs is not None else []
    both: set[str] = set()
    if theirs is not None:
        values, both = rebase(values, form_values(case_data(theirs.case_text, row.id)),
                              form_values(case_data(row.case_text, row.id)), lambda name: on_step(name, step))
    return _render(request, actor, row, step, values, flow=flow, tag=revision_tag(row), reason=reason, status=409,
                   conflict=conflict_view(number, row, later, changes, step, both))


@router.post("/cases/{case_id}/edit/{step_id}/reopen")
async def reopen_to_edit(request: Request, case_id: str, step_id: str) -> Response:
    """Reopen a decided case from its edit page (approvers and admins), then edit it."""
    actor = _actor(request)
    step = _step(step_id)
    form = await _form(request)
    row = case_service.reopen_case(_store(request), actor, case_id, str(form.get("reason") or ""),
                                   tag=str(form.get("revision_tag") or "") or None)
    if not can(actor, "case.write"):
        return _back(f"/cases/{case_id}", request, f"Case reopened as revision {row.revision} (draft).")
    return _back(f"/cases/{case_id}/edit/{step.id}", request,
                 f"Case reopened as revision {row.revision} (draft): it can be edited now.")
