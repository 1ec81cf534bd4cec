"""The closed condition vocabulary of derived red flags (SHARED_IDS.md).

A condition is either a leaf ``{field, op, value}`` or a combinator ``all``/``any``/``not``.
Fields are the dotted paths listed in :data:`FIELDS`; ``facts.<fact_id>`` reads an answered
(or defaulted) fact as ``"true" | "false" | "unknown"``. A comparison against a missing value
(``None``) is false; ``absent`` is true for it. No ``eval``: every operator is a function here.

:func:`validate_condition` is what the catalogue checks call at load time, so a typo in a
derived flag fails there, not in a report.
"""

from collections.abc import Callable, Mapping
from typing import Any

from hrdd.catalog.conditions import (
    BOOL_OPS,
    FACT_FIELD,
    FIELDS,
    LIST_OPS,
    NUMBER_OPS,
    SCALAR_OPS,
    TRISTATE,
    ConditionField,
    FieldSpec,
    condition_problems,
)
from hrdd.catalog.conditions import field_spec as catalogue_field_spec
from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import Condition
from hrdd.exc import Problem
from hrdd.model import AssessmentContext, Case
from hrdd.validation import dotted

__all__ = ["BOOL_OPS", "FACT_FIELD", "FIELDS", "LIST_OPS", "NUMBER_OPS", "SCALAR_OPS", "TRISTATE", "FieldSpec",
           "build_view", "describe_condition", "evaluate_condition", "field_spec", "validate_condition"]

View = Mapping[str, Any]



def field_spec(path: str, catalog: Catalog) -> FieldSpec | None:
    return catalogue_field_spec(path, catalog.facts)


def build_view(case: Case, catalog: Catalog, context: AssessmentContext, facts: Mapping[str, str]) -> View:
    """The values conditions read, by field path; ``facts`` are the effective fact values."""
    sector = catalog.sectors.get(case.end_user.sector)
    country = context.country
    fields: dict[ConditionField, Any] = {
        "capabilities": list(case.capabilities),
        "features": list(case.features),
        "capability_categories": sorted({
            catalog.capabilities[c].category for c in case.capabilities if c in catalog.capabilities}),
        "end_user.kind": case.end_user.kind.value,
        "end_user.sector": case.end_user.sector,
        "end_user.country": case.end_user.country,
        "sector.security_body": sector.security_body if sector else None,
        "end_use.purposes": list(case.end_use.purposes),
        "end_use.scale": case.end_use.scale,
        "transaction.kind": case.transaction.kind.value,
        "transaction.existing_relationship": case.transaction.existing_relationship,
        "intermediaries.roles": [i.role for i in case.intermediaries],
        "intermediaries.government_ties": [i.government_ties.value for i in case.intermediaries],
        "country.risk": country.risk if country else None,
        "country.judicial_authorisation": country.judicial_authorisation if country else None,
        "severity.index": None,
        "misuse.documented_categories": None,
    }
    view: dict[str, Any] = {str(name): value for name, value in fields.items()}
    for fact_id, value in facts.items():
        view[f"facts.{fact_id}"] = value
    return view


def _compare(op: str) -> Callable[[Any, Any], bool]:
    def check(found: Any, value: Any) -> bool:
        if found is None:
            return False
        if op == "eq":
            return bool(found == value)
        if op == "ne":
            return bool(found != value)
        if op == "in":
            return found in value
        if op == "not_in":
            return found not in value
        if op == "gt":
            return bool(found > value)
        if op == "gte":
            return bool(found >= value)
        if op == "lt":
            return bool(found < value)
        if op == "lte":
            return bool(found <= value)
        if op == "contains":
            return value in found
        if op == "contains_any":
            return any(v in found for v in value)
        raise ValueError(op)

    return check


def _is_present(found: Any) -> bool:
    if isinstance(found, list):
        return bool(found)
    return found is not None


def evaluate_condition(cond: Condition, view: View) -> bool:
    """Whether the condition holds for the case described by ``view``."""
    if cond.all is not None:
        return all(evaluate_condition(c, view) for c in cond.all)
    if cond.any is not None:
        return any(evaluate_condition(c, view) for c in cond.any)
    if cond.not_ is not None:
        return not evaluate_condition(cond.not_, view)
    if cond.field is None or cond.op is None:
        raise ValueError("a condition needs field and op, or all/any/not")
    found = view.get(cond.field)
    if cond.op == "present":
        return _is_present(found)
    if cond.op == "absent":
        return not _is_present(found)
    return _compare(cond.op)(found, cond.value)


def describe_condition(cond: Condition) -> str:
    """A readable rendering for explanations, e.g. ``capabilities contains intrusion_software``."""
    if cond.all is not None:
        return "(" + " and ".join(describe_condition(c) for c in cond.all) + ")"
    if cond.any is not None:
        return "(" + " or ".join(describe_condition(c) for c in cond.any) + ")"
    if cond.not_ is not None:
        return f"not {describe_condition(cond.not_)}"
    if cond.op in ("present", "absent"):
        return f"{cond.field} is {cond.op}"
    value = ", ".join(map(str, cond.value)) if isinstance(cond.value, list | tuple) else cond.value
    return f"{cond.field} {cond.op} {value}"


def validate_condition(cond: Condition, catalog: Catalog, where: str = "when") -> list[Problem]:
    """Every problem with a condition against the field paths and the catalogue's ids.

    The one validator (``catalog/conditions.py``), also run by the catalogue checks at load.
    """
    base = tuple(where.split("."))
    return [Problem(p.message, field=dotted((*base, *p.path)), expected=p.expected, found=p.found,
                    suggestion=p.suggestion)
            for p in condition_problems(cond, catalog.kind)]
