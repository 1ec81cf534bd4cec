"""The condition vocabulary and its one validator, for the catalogue checks and the engine alike.

A condition is a leaf ``{field, op, value}`` or a combinator ``all``/``any``/``not``. ``FIELDS``
lists the field paths, their shape, the operators allowed on them and the values they take
(catalogue ids of a kind, a fixed set, a pattern, booleans or numbers); ``facts.<fact_id>``
reads a fact as ``"true" | "false" | "unknown"``. :func:`condition_problems` is the only
validator: ``catalog/condition_checks.py`` calls it at load time on entries, and
``assess/conditions.py::validate_condition`` on a loaded catalogue.
"""

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from hrdd.catalog.spec import CapabilityCategory, Condition
from hrdd.model.case import TransactionKind, Tristate
from hrdd.model.country import Oversight

LIST_OPS = frozenset({"contains", "contains_any", "present", "absent"})
SCALAR_OPS = frozenset({"eq", "ne", "in", "not_in", "present", "absent"})
NUMBER_OPS = frozenset({"eq", "ne", "gt", "gte", "lt", "lte", "present", "absent"})
BOOL_OPS = frozenset({"eq", "ne", "present", "absent"})
TRISTATE = tuple(t.value for t in Tristate)
TRANSACTION_KINDS = tuple(k.value for k in TransactionKind)
CATEGORIES: tuple[str, ...] = get_args(CapabilityCategory)

Known = Callable[[str], Collection[str]]  # catalogue kind -> its ids
Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    kind: str  # list | str | bool | number
    ops: frozenset[str]
    vocabulary: str | None = None  # catalogue kind whose ids the values must be
    values: tuple[str, ...] = ()  # or a fixed set of allowed values
    pattern: str | None = None  # or a pattern the values must match


# the case fields a condition can read (besides ``facts.<id>``): the catalogue validator's FIELDS below and
# the engine's view (assess/conditions.py build_view) are both typed by it, so mypy holds them to one list
ConditionField = Literal[
    "capabilities", "features", "capability_categories", "end_user.kind", "end_user.sector", "end_user.country",
    "sector.security_body", "end_use.purposes", "end_use.scale", "transaction.kind",
    "transaction.existing_relationship", "intermediaries.roles", "intermediaries.government_ties", "country.risk",
    "country.judicial_authorisation", "severity.index", "misuse.documented_categories",
]

FIELDS: dict[ConditionField, FieldSpec] = {
    "capabilities": FieldSpec("list", LIST_OPS, "capabilities"),
    "features": FieldSpec("list", LIST_OPS, "features"),
    "capability_categories": FieldSpec("list", LIST_OPS, values=CATEGORIES),
    "end_user.kind": FieldSpec("str", SCALAR_OPS, "end_user_kinds"),
    "end_user.sector": FieldSpec("str", SCALAR_OPS, "sectors"),
    "end_user.country": FieldSpec("str", SCALAR_OPS, pattern=r"^[A-Z]{2}$"),
    "sector.security_body": FieldSpec("bool", BOOL_OPS),
    "end_use.purposes": FieldSpec("list", LIST_OPS, "purposes"),
    "end_use.scale": FieldSpec("str", SCALAR_OPS, "scales"),
    "transaction.kind": FieldSpec("str", SCALAR_OPS, values=TRANSACTION_KINDS),
    "transaction.existing_relationship": FieldSpec("bool", BOOL_OPS),
    "intermediaries.roles": FieldSpec("list", LIST_OPS, "intermediary_roles"),
    "intermediaries.government_ties": FieldSpec("list", LIST_OPS, values=TRISTATE),
    "country.risk": FieldSpec("number", NUMBER_OPS),
    "country.judicial_authorisation": FieldSpec("str", SCALAR_OPS, values=get_args(Oversight)),
    # known only once the case is scored: set for policy red lines, missing in derived flags
    "severity.index": FieldSpec("number", NUMBER_OPS),
    "misuse.documented_categories": FieldSpec("list", LIST_OPS, values=CATEGORIES),
}
# a fact always has a value (true, false or unknown), so present/absent would be meaningless
FACT_FIELD = FieldSpec("str", frozenset({"eq", "ne", "in", "not_in"}), values=TRISTATE)


@dataclass(frozen=True, slots=True)
class ConditionProblem:
    """One thing wrong with a condition, at a path relative to the condition."""

    message: str
    path: Path_
    expected: str | None = None
    found: str | None = None
    suggestion: str | None = None


def field_spec(path: str, facts: Collection[str]) -> FieldSpec | None:
    if path.startswith("facts."):
        return FACT_FIELD if path.removeprefix("facts.") in facts else None
    return FIELDS.get(cast(ConditionField, path))


def known_fields(facts: Collection[str]) -> list[str]:
    return [*sorted(FIELDS), *(f"facts.{f}" for f in sorted(facts))]


def condition_problems(cond: Condition, known: Known, path: Path_ = ()) -> list[ConditionProblem]:
    """Every problem with a condition against the field paths and the catalogue's ids."""
    shapes = [cond.field is not None or cond.op is not None, cond.all is not None,
              cond.any is not None, cond.not_ is not None]
    if sum(shapes) != 1:
        return [ConditionProblem("a condition must be exactly one of a leaf (field, op, value), all, any or not",
                                 path, expected="one form", found=f"{sum(shapes)} forms")]
    if cond.all is not None or cond.any is not None:
        name = "all" if cond.all is not None else "any"
        parts = cond.all if cond.all is not None else cond.any
        if not parts:
            return [ConditionProblem(f"an empty '{name}' list: it needs at least one condition", (*path, name))]
        return [p for i, c in enumerate(parts) for p in condition_problems(c, known, (*path, name, i))]
    if cond.not_ is not None:
        return condition_problems(cond.not_, known, (*path, "not"))
    return _leaf_problems(cond, known, path)


def _leaf_problems(cond: Condition, known: Known, path: Path_) -> list[ConditionProblem]:
    if cond.field is None or cond.op is None:
        return [ConditionProblem("a leaf condition needs both field and op", path,
                                 found=f"field={cond.field!r}, op={cond.op!r}")]
    facts = known("facts")
    spec = field_spec(cond.field, facts)
    if spec is None:
        close = difflib.get_close_matches(cond.field, known_fields(facts), n=1, cutoff=0.6)
        return [ConditionProblem("unknown condition field", (*path, "field"),
                                 expected=" | ".join([*sorted(FIELDS), "facts.<fact_id>"]), found=cond.field,
                                 suggestion=close[0] if close else None)]
    if cond.op not in spec.ops:
        return [ConditionProblem(f"operator {cond.op!r} does not apply to {cond.field} ({spec.kind})", (*path, "op"),
                                 expected=" | ".join(sorted(spec.ops)), found=cond.op)]
    return _value_problems(cond, spec, known, (*path, "value"))


def _value_problems(cond: Condition, spec: FieldSpec, known: Known, path: Path_) -> list[ConditionProblem]:
    op, value = cond.op, cond.value
    if op in ("present", "absent"):
        return [] if value is None else [ConditionProblem(f"'{op}' takes no value", path, found=repr(value))]
    wants_list = op in ("in", "not_in", "contains_any")
    if wants_list and (not isinstance(value, list | tuple) or not value):
        return [ConditionProblem(f"'{op}' needs a list of values, not empty", path, expected="a list",
                                 found=repr(value)[:60])]
    if not wants_list and isinstance(value, list | tuple):
        return [ConditionProblem(f"'{op}' needs a single value", path, found=repr(value)[:60])]
    values = list(value) if wants_list else [value]
    where = (lambda i: (*path, i)) if wants_list else (lambda _i: path)
    if spec.kind == "number":
        return [ConditionProblem(f"{cond.field} is a number", where(i), expected="a number", found=repr(v))
                for i, v in enumerate(values) if not isinstance(v, int | float) or isinstance(v, bool)]
    if spec.kind == "bool":
        return [ConditionProblem(f"{cond.field} is true or false", where(i),
                                 expected="true or false (unquoted YAML booleans)", found=repr(v))
                for i, v in enumerate(values) if not isinstance(v, bool)]
    return [p for i, v in enumerate(values) if (p := _id_problem(v, spec, cond.field or "", known, where(i)))]


def _id_problem(value: Any, spec: FieldSpec, field: str, known: Known, path: Path_) -> ConditionProblem | None:
    if not isinstance(value, str):
        return ConditionProblem(f"{value!r} is not a valid value for {field}", path, expected="text",
                                found=repr(value)[:60])
    allowed = list(known(spec.vocabulary)) if spec.vocabulary else list(spec.values)
    if allowed and value not in allowed:
        close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
        what = f"a {spec.vocabulary} id" if spec.vocabulary else " | ".join(allowed)
        return ConditionProblem(f"{value!r} is not a valid value for {field}", path, expected=what,
                                found=repr(value), suggestion=close[0] if close else None)
    if spec.pattern and not re.fullmatch(spec.pattern, value):
        return ConditionProblem(f"{value!r} is not a valid value for {field}", path,
                                expected="an ISO 3166-1 alpha-2 code in upper case", found=repr(value))
    return None
