"""The closed condition vocabulary of derived red flags (SHARED_IDS.md).

A condition is either a leaf ``{field, op, value}`` or a combinator ``all``/``any``/``not``.
Fields are the dotted paths listed in :data:`FIELDS`; ``facts.<fact_id>`` reads an answered
(or defaulted) fact as ``"true" | "false" | "unknown"``. A comparison against a missing value
(``None``) is false; ``absent`` is true for it. No ``eval``: every operator is a function here.

:func:`validate_condition` is what the catalogue checks call at load time, so a typo in a
derived flag fails there, not in a report.
"""

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hrdd.catalog.registry import Catalog
from hrdd.catalog.spec import Condition
from hrdd.exc import Problem
from hrdd.model import AssessmentContext, Case, TransactionKind

View = Mapping[str, Any]

LIST_OPS = frozenset({"contains", "contains_any", "present", "absent"})
SCALAR_OPS = frozenset({"eq", "ne", "in", "not_in", "present", "absent"})
NUMBER_OPS = frozenset({"eq", "ne", "gt", "gte", "lt", "lte", "present", "absent"})
BOOL_OPS = frozenset({"eq", "ne", "present", "absent"})
TRISTATE = ("true", "false", "unknown")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    kind: str  # list | str | bool | number
    ops: frozenset[str]
    vocabulary: str | None = None  # catalogue kind whose ids the values must be
    values: tuple[str, ...] = ()  # or a fixed set of allowed values
    pattern: str | None = None  # or a pattern the values must match


FIELDS: dict[str, FieldSpec] = {
    "capabilities": FieldSpec("list", LIST_OPS, "capabilities"),
    "features": FieldSpec("list", LIST_OPS, "features"),
    "capability_categories": FieldSpec("list", LIST_OPS, values=(
        "sensors", "biometric_identification", "data_analytics", "internet_surveillance",
        "location_tracking", "recording_devices")),
    "end_user.kind": FieldSpec("str", SCALAR_OPS, "end_user_kinds"),
    "end_user.sector": FieldSpec("str", SCALAR_OPS, "sectors"),
    "end_user.country": FieldSpec("str", SCALAR_OPS, pattern=r"^[A-Z]{2}$"),
    "sector.security_body": FieldSpec("bool", BOOL_OPS),
    "end_use.purposes": FieldSpec("list", LIST_OPS, "purposes"),
    "end_use.scale": FieldSpec("str", SCALAR_OPS, "scales"),
    "transaction.kind": FieldSpec("str", SCALAR_OPS, values=tuple(k.value for k in TransactionKind)),
    "transaction.existing_relationship": FieldSpec("bool", BOOL_OPS),
    "intermediaries.roles": FieldSpec("list", LIST_OPS, "intermediary_roles"),
    "intermediaries.government_ties": FieldSpec("list", LIST_OPS, values=TRISTATE),
    "country.risk": FieldSpec("number", NUMBER_OPS),
    "country.judicial_authorisation": FieldSpec("str", SCALAR_OPS, values=("yes", "no", "partial")),
    # known only once the case is scored: set for policy red lines (redlines.py), missing in derived flags
    "severity.index": FieldSpec("number", NUMBER_OPS),
    "misuse.documented_categories": FieldSpec("list", LIST_OPS, values=(
        "sensors", "biometric_identification", "data_analytics", "internet_surveillance",
        "location_tracking", "recording_devices")),
}
FACT_FIELD = FieldSpec("str", frozenset({"eq", "ne", "in", "not_in"}), values=TRISTATE)


def field_spec(path: str, catalog: Catalog) -> FieldSpec | None:
    if path.startswith("facts."):
        return FACT_FIELD if path.removeprefix("facts.") in catalog.facts else None
    return FIELDS.get(path)


def build_view(case: Case, catalog: Catalog, context: AssessmentContext, facts: Mapping[str, str]) -> View:
    """The values conditions read, by field path; ``facts`` are the effective fact values."""
    sector = catalog.sectors.get(case.end_user.sector)
    country = context.country
    view: dict[str, Any] = {
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
    """Every problem with a condition against the field paths and the catalogue's ids."""
    shapes = [cond.field is not None or cond.op is not None, cond.all is not None,
              cond.any is not None, cond.not_ is not None]
    if sum(shapes) != 1:
        return [Problem("a condition must be exactly one of a leaf (field, op, value), all, any or not",
                        field=where, expected="one form", found=f"{sum(shapes)} forms")]
    if cond.all is not None or cond.any is not None:
        name = "all" if cond.all is not None else "any"
        parts = cond.all if cond.all is not None else cond.any
        if not parts:
            return [Problem(f"'{name}' needs at least one condition", field=f"{where}.{name}")]
        return [p for i, c in enumerate(parts or ()) for p in validate_condition(c, catalog, f"{where}.{name}[{i}]")]
    if cond.not_ is not None:
        return validate_condition(cond.not_, catalog, f"{where}.not")
    return _validate_leaf(cond, catalog, where)


def _validate_leaf(cond: Condition, catalog: Catalog, where: str) -> list[Problem]:
    if cond.field is None or cond.op is None:
        return [Problem("a leaf condition needs both field and op", field=where,
                        found=f"field={cond.field!r}, op={cond.op!r}")]
    spec = field_spec(cond.field, catalog)
    if spec is None:
        known = [*sorted(FIELDS), "facts.<fact_id>"]
        guess = _suggest_field(cond.field, catalog)
        return [Problem("unknown field path", field=f"{where}.field", expected=" | ".join(known),
                        found=cond.field, suggestion=guess)]
    if cond.op not in spec.ops:
        return [Problem(f"operator not allowed on {cond.field} ({spec.kind})", field=f"{where}.op",
                        expected=" | ".join(sorted(spec.ops)), found=cond.op)]
    return _validate_value(cond, spec, catalog, f"{where}.value")


def _suggest_field(path: str, catalog: Catalog) -> str | None:
    candidates = sorted(FIELDS) + [f"facts.{f}" for f in catalog.facts]
    close = difflib.get_close_matches(path, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def _validate_value(cond: Condition, spec: FieldSpec, catalog: Catalog, where: str) -> list[Problem]:
    op, value = cond.op, cond.value
    if op in ("present", "absent"):
        return [] if value is None else [Problem(f"'{op}' takes no value", field=where, found=repr(value))]
    if op in ("in", "not_in", "contains_any"):
        if not isinstance(value, list | tuple) or not value:
            return [Problem(f"'{op}' needs a non-empty list", field=where, expected="a list", found=repr(value))]
        values = list(value)
    else:
        values = [value]
    if spec.kind == "number" and op in ("eq", "ne", "gt", "gte", "lt", "lte"):
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            return [Problem(f"{cond.field} is a number", field=where, expected="a number", found=repr(value))]
        return []
    if spec.kind == "bool":
        if not all(isinstance(v, bool) for v in values):
            return [Problem(f"{cond.field} is true or false", field=where, expected="true | false",
                            found=repr(value))]
        return []
    return [p for v in values if (p := _check_id(v, spec, catalog, where)) is not None]


def _check_id(value: Any, spec: FieldSpec, catalog: Catalog, where: str) -> Problem | None:
    if not isinstance(value, str):
        return Problem("expected a text value", field=where, expected="a string", found=repr(value))
    if spec.vocabulary is not None and value not in catalog.kind(spec.vocabulary):
        return Problem(f"unknown {spec.vocabulary} id", field=where, found=value,
                       suggestion=catalog.suggest(spec.vocabulary, value))
    if spec.values and value not in spec.values:
        return Problem("value not allowed", field=where, expected=" | ".join(spec.values), found=value)
    if spec.pattern and not re.fullmatch(spec.pattern, value):
        return Problem("value has the wrong form", field=where, expected="ISO 3166-1 alpha-2 in upper case",
                       found=value)
    return None
