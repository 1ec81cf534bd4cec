"""What the step page shows: the catalogue choices for its fields, the errors next to their
fields in the labels' words, and the explanation of an edit conflict."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from hrdd.casefile.changes import FieldChange
from hrdd.casefile.labels import field_label
from hrdd.catalog import default_catalog
from hrdd.countries.iso import normalise_country
from hrdd.exc import HrddError, Problem
from hrdd.services.cases import CaseRow
from hrdd.services.revisions import RevisionRow
from hrdd.web.fieldhelp import field_help, field_id
from hrdd.web.routes import templates
from hrdd.web.stepdefs import STEPS, Step, step_owning
from hrdd.web.stepform import Applied
from hrdd.web.stepvalues import Values

__all__ = ["conflict_view", "problem_view", "step_context"]

templates.env.globals.update(field_help=field_help, field_id=field_id)

_JURISDICTIONS = (("us", "United States"), ("eu", "European Union"), ("uk", "United Kingdom"))
_TRANSACTION_KINDS = (("sale", "Sale"), ("licence", "Licence"), ("saas", "Software as a service"),
                      ("services", "Services"), ("maintenance", "Maintenance"), ("training", "Training"),
                      ("renewal", "Renewal of an earlier contract"))
_STATUSES = (("planned", "Planned"), ("agreed", "Agreed"), ("implemented", "Implemented"))


def step_context(step: Step | None, values: Values, data: dict[str, Any], *, flow: str, action: str,
                 step_url: Callable[[str], str], sections: tuple[str, ...] | None = None) -> dict[str, Any]:
    catalog = default_catalog()
    guidance = step.guidance_steps if step is not None else ()
    by_category: dict[str, list[Any]] = {}
    for item in catalog.capabilities.values():
        by_category.setdefault(item.category, []).append(item)
    steps = [{"id": s.id, "title": s.title, "url": step_url(s.id), "current": step is not None and s.id == step.id,
              "number": n} for n, s in enumerate(STEPS, 1)]
    return {
        "step": step, "steps": steps, "steps_first": STEPS[0], "steps_last": STEPS[-1], "sections": sections if sections is not None else step.sections if step else (),
        "values": values, "data": data, "flow": flow, "action": action, "errors": {}, "summary": [],
        "capabilities": sorted(by_category.items()), "features": list(catalog.features.values()),
        "sectors": list(catalog.sectors.values()), "kinds": list(catalog.end_user_kinds.values()),
        "purposes": list(catalog.purposes.values()), "scales": list(catalog.scales.values()),
        "roles": list(catalog.intermediary_roles.values()), "jurisdictions": _JURISDICTIONS,
        "transaction_kinds": _TRANSACTION_KINDS, "statuses": _STATUSES, "glossary": catalog.glossary,
        "facts": [f for f in catalog.facts.values() if f.step in guidance],
        "safeguard_choices": [s for s in catalog.safeguards.values() if s.step in guidance],
        "jurisdictions_items": [_Choice(v, t) for v, t in _JURISDICTIONS],
        "kind_options": _options(catalog.end_user_kinds.values()), "sector_options": _options(catalog.sectors.values()),
        "scale_options": _options(catalog.scales.values()), "role_options": _options(catalog.intermediary_roles.values()),
        "safeguard_options": _options(s for s in catalog.safeguards.values() if s.step in guidance),
        "country_code": normalise_country(values.get("end_user.country")) if values.get("end_user.country") else None,
    }


@dataclass(frozen=True, slots=True)
class _Choice:
    id: str
    title: str
    explanation: str = ""


def _options(items: Iterable[Any]) -> list[tuple[str, str]]:
    return [(item.id, item.title) for item in items]


def _form_name(path: str, where: dict[str, str]) -> str:
    """The form field a problem at the case-file ``path`` belongs to."""
    if path.startswith("facts."):
        parts = path.split(".")
        tail = parts[-1] if parts[-1] in ("reason", "source") else ""
        return f"facts.{parts[1]}" + (f".{tail}" if tail else "")
    for data_prefix in sorted(where, key=len, reverse=True):
        if path == data_prefix or path.startswith((data_prefix + ".", data_prefix + "[")):
            path = where[data_prefix] + path[len(data_prefix):]
            break
    return re.sub(r"\[\d+\]$", "", path)  # one entry of a list of choices: the choices as a whole


def _words(problem: Problem) -> str:
    """A problem said for the person at the form, without the file's field names."""
    if problem.message == "required field is missing":
        text = "this is required"
    elif problem.message == "wrong value" and problem.expected:
        text = f"this should be {problem.expected}"
    else:
        text = problem.message + (f"; expected {problem.expected}" if problem.expected else "")
    if problem.found and problem.message != "required field is missing" and problem.found not in ("list", "dict"):
        text += f" (you gave {problem.found})"
    if problem.suggestion:
        text += f"; did you mean {problem.suggestion}?"
    return text


def problem_view(err: HrddError, applied: Applied, step: Step | None, case_id: str | None,
                 on_page: Callable[[str], bool] | None = None) -> dict[str, Any]:
    """The problems of a save: by form field (shown next to it) and as a summary with links."""
    catalog = default_catalog()
    facts = {f.id: f.step for f in catalog.facts.values()}
    safeguards = {s.id: s.step for s in catalog.safeguards.values()}
    errors: dict[str, list[str]] = {}
    summary: list[dict[str, str]] = []
    for problem in err.problems:
        path = problem.field or ""
        if path == "reason":
            name, owner, label = "reason", step, "Reason for this change"
        elif path.startswith(("safeguards.", "end_user.identifiers[", "facts.")) and path in {
                p.field for p in applied.problems}:
            name = path  # found by the form itself: already a form name
            owner, label = step, field_help(name).label
        else:
            name = _form_name(path, applied.where)
            safeguard_id = _safeguard_at(applied.data, path)
            owner = step_owning(path, facts, safeguards, safeguard_id) if path else step
            label = field_label(path, catalog, applied.data) if path else "The case"
        here = on_page(path) if on_page is not None else owner == step
        text = _words(problem)
        if here:
            errors.setdefault(name, []).append(text)
        href = f"#{field_id(name)}" if here else (
            f"/cases/{case_id}/edit/{owner.id}" if case_id and owner is not None else "")
        summary.append({"label": label, "message": text, "href": href,
                        "where": "" if here or owner is None else f"on the page “{owner.title}”"})
    return {"errors": errors, "summary": summary, "error": err.message}


def _safeguard_at(data: dict[str, Any], path: str) -> str | None:
    match = re.match(r"safeguards\[(\d+)\]", path)
    items = data.get("safeguards")
    if match is None or not isinstance(items, list) or int(match[1]) >= len(items):
        return None
    found = items[int(match[1])]
    return str(found.get("id")) if isinstance(found, dict) else None


def conflict_view(theirs: int | None, current: CaseRow, later: list[RevisionRow], changes: list[FieldChange],
                  step: Step, both: set[str] | None = None) -> dict[str, Any]:
    """Who saved since the form was opened and what they changed; which of it is on this page."""
    catalog = default_catalog()
    facts = {f.id: f.step for f in catalog.facts.values()}
    safeguards = {s.id: s.step for s in catalog.safeguards.values()}
    here = [c for c in changes if step_owning(c.path, facts, safeguards) == step]
    return {"theirs": theirs, "current": current.revision, "later": later, "changes": changes,
            "here": {c.path: c for c in here}, "both": sorted(both or ())}
