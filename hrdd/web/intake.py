"""A new case, the guided way: the first page asks the scope and the product and what every
case file must name about the end user; creating the case saves it as a draft (revision 1)
and the next step pages (the same ones that edit a case) follow, each saving a draft.
Pasting a whole case file stays possible on the same page."""

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from hrdd.exc import InvalidInput
from hrdd.services import cases as case_service
from hrdd.services.permissions import Actor
from hrdd.web.caseedit import change_rows, check_page, dump_case
from hrdd.web.routes import _back, _page, _store
from hrdd.web.stepdefs import NEW_CASE_SECTIONS, STEPS
from hrdd.web.stepform import Applied, apply_sections
from hrdd.web.stepvalues import Values
from hrdd.web.stepview import problem_view, step_context

__all__ = ["create_from_form", "new_case_form"]

NEW_CASE: dict[str, Any] = {"schema": "hrdd.case/1"}


def _fresh() -> Values:
    values = Values()
    values.set("products.rows", "1")
    values.set("transaction.kind", "sale")
    return values


def new_case_form(request: Request, actor: Actor, values: Values | None = None, *, status: int = 200,
                  case_text: str = "", **extra: Any) -> HTMLResponse:
    context = step_context(STEPS[0], values or _fresh(), NEW_CASE, flow="intake", action="/cases/new",
                           step_url=lambda _: "", sections=NEW_CASE_SECTIONS)
    context.update(case=None, case_text=case_text, file_problems=[])
    context.update(extra)
    return _page(request, "case_new.html", actor, status=status, **context)


def create_from_form(request: Request, actor: Actor, form: FormData) -> Response:
    """Create the case from the first page (or a pasted case file) and go on to the next step."""
    text = str(form.get("case_text") or "").replace("\r\n", "\n")  # a textarea sends CRLF
    if text.strip():
        try:
            row = case_service.create_case(_store(request), actor, text, source="form")
        except InvalidInput as err:
            return new_case_form(request, actor, status=422, case_text=text, file_error=err.message,
                                 file_problems=[str(p) for p in err.problems])
        return _back(f"/cases/{row.id}", request, f"Case {row.id} created.")
    values = Values((k, str(v)) for k, v in form.multi_items() if isinstance(v, str))
    if change_rows(values, form):
        return new_case_form(request, actor, values)
    applied = apply_sections(NEW_CASE, values, NEW_CASE_SECTIONS, step_id=STEPS[0].id,
                             guidance_steps=STEPS[0].guidance_steps)
    try:
        check_page(applied, None, "new case")
        row = case_service.create_case(_store(request), actor, dump_case(applied.data), source="form",
                                       reason="intake: scope and product")
    except InvalidInput as err:
        return new_case_form(request, actor, values, status=422,
                             **problem_view(err, applied, None, None, on_page=_on_first_page(applied)))
    return _back(f"/cases/{row.id}/edit/{STEPS[1].id}?flow=intake", request,
                 f"Case {row.id} created as a draft (revision 1). Next: {STEPS[1].title.lower()}.")


def _on_first_page(applied: Applied) -> Any:
    del applied

    def here(path: str) -> bool:
        return path.split(".")[0].split("[")[0] in ("title", "date", "seller", "transaction", "products", "end_user",
                                                    "facts")

    return here
