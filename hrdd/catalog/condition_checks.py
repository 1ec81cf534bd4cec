"""The field paths a derived-flag condition may use, and the check of every condition at load.

The vocabulary is agreed with the engine (SHARED_IDS.md): a condition comparing
``end_user.sector`` must name a real sector id, ``facts.<id>`` a real fact, and so on.
"""

from typing import Any, get_args

from hrdd.catalog.loader import Entry
from hrdd.catalog.spec import CapabilityCategory, Condition, DerivedFlag, Policy
from hrdd.exc import Problem

Entries = dict[str, dict[str, Entry]]
Domain = str | tuple[str, ...]  # a catalogue kind, "bool", "number", "country", or literal values

TRUTH = ("true", "false", "unknown")
TRANSACTION_KINDS = ("sale", "licence", "saas", "services", "maintenance", "training", "renewal")

# field path -> (shape, domain of its values)
FIELDS: dict[str, tuple[str, Domain]] = {
    "capabilities": ("list", "capabilities"),
    "features": ("list", "features"),
    "capability_categories": ("list", get_args(CapabilityCategory)),
    "end_user.kind": ("scalar", "end_user_kinds"),
    "end_user.sector": ("scalar", "sectors"),
    "end_user.country": ("scalar", "country"),
    "sector.security_body": ("scalar", "bool"),
    "end_use.purposes": ("list", "purposes"),
    "end_use.scale": ("scalar", "scales"),
    "transaction.kind": ("scalar", TRANSACTION_KINDS),
    "transaction.existing_relationship": ("scalar", "bool"),
    "intermediaries.roles": ("list", "intermediary_roles"),
    "intermediaries.government_ties": ("list", TRUTH),
    "country.risk": ("scalar", "number"),
    "country.judicial_authorisation": ("scalar", ("yes", "no", "partial")),
    # known only once the case is scored: meaningful in policy red lines, missing in derived flags
    "severity.index": ("scalar", "number"),
    "misuse.documented_categories": ("list", get_args(CapabilityCategory)),
}
OPS_FOR_SCALAR = ("eq", "ne", "in", "not_in", "present", "absent")
OPS_FOR_LIST = ("contains", "contains_any", "present", "absent")
OPS_FOR_NUMBER = ("gt", "gte", "lt", "lte", "eq", "ne", "present", "absent")


def field_spec(field: str, entries: Entries) -> tuple[str, Domain] | None:
    if field.startswith("facts."):
        return ("scalar", TRUTH) if field[6:] in entries["facts"] else None
    return FIELDS.get(field)


def known_fields(entries: Entries) -> list[str]:
    return [*FIELDS, *(f"facts.{f}" for f in entries["facts"])]


def _value_ok(value: Any, domain: Domain, entries: Entries) -> tuple[bool, list[str]]:
    """Whether one value belongs to the domain, and the allowed values for a suggestion."""
    if domain == "bool":
        return isinstance(value, bool), []
    if domain == "number":
        return isinstance(value, int | float) and not isinstance(value, bool), []
    if domain == "country":
        return isinstance(value, str) and len(value) == 2 and value.isascii() and value.isupper(), []
    allowed = list(domain) if isinstance(domain, tuple) else list(entries[domain])
    return isinstance(value, str) and value in allowed, allowed


def _describe(domain: Domain) -> str:
    if isinstance(domain, tuple):
        return "one of " + ", ".join(domain)
    return {"bool": "true or false (unquoted YAML booleans)", "number": "a number", "country": "an ISO 3166-1 alpha-2 code"}.get(
        domain, f"a {domain} id")


class _Walker:
    def __init__(self, entry: Entry, entries: Entries) -> None:
        self.entry = entry
        self.entries = entries
        self.problems: list[Problem] = []

    def fail(self, message: str, path: tuple[str | int, ...], **extra: Any) -> None:
        from hrdd.catalog.parse import dotted

        self.problems.append(Problem(
            message, file=self.entry.source.file, line=self.entry.source.line_of(*path),
            item=str(getattr(self.entry.model, "id", "")), field=dotted(path), **extra))

    def walk(self, cond: Condition, path: tuple[str | int, ...]) -> None:
        import difflib

        parts = [cond.field is not None or cond.op is not None, cond.all is not None,
                 cond.any is not None, cond.not_ is not None]
        if sum(parts) != 1:
            self.fail("a condition has exactly one of: field with op, all, any, not", path)
            return
        for name, group in (("all", cond.all), ("any", cond.any)):
            if group is not None:
                if not group:
                    self.fail(f"an empty '{name}' list", (*path, name))
                for i, sub in enumerate(group):
                    self.walk(sub, (*path, name, i))
        if cond.not_ is not None:
            self.walk(cond.not_, (*path, "not"))
        if not parts[0]:
            return
        if cond.field is None or cond.op is None:
            self.fail("a comparison needs both field and op", path)
            return
        spec = field_spec(cond.field, self.entries)
        if spec is None:
            close = difflib.get_close_matches(cond.field, known_fields(self.entries), n=1)
            self.fail("unknown condition field", (*path, "field"), found=cond.field,
                      expected="a field path of SHARED_IDS.md", suggestion=close[0] if close else None)
            return
        self._check_op(cond, spec, path)

    def _check_op(self, cond: Condition, spec: tuple[str, Domain], path: tuple[str | int, ...]) -> None:
        shape, domain = spec
        ops = OPS_FOR_LIST if shape == "list" else OPS_FOR_NUMBER if domain == "number" else OPS_FOR_SCALAR
        if cond.op not in ops:
            self.fail(f"operator {cond.op!r} does not apply to {cond.field}", (*path, "op"),
                      expected=", ".join(ops), found=cond.op)
            return
        if cond.op in ("present", "absent"):
            if cond.value is not None:
                self.fail(f"{cond.op} takes no value", (*path, "value"), found=repr(cond.value))
            return
        wants_list = cond.op in ("in", "not_in", "contains_any")
        if wants_list != isinstance(cond.value, list | tuple):
            self.fail(f"{cond.op} needs {'a list of values' if wants_list else 'a single value'}",
                      (*path, "value"), found=repr(cond.value)[:60])
            return
        values = list(cond.value) if wants_list else [cond.value]
        for i, value in enumerate(values):
            ok, allowed = _value_ok(value, domain, self.entries)
            if not ok:
                import difflib

                close = difflib.get_close_matches(str(value), allowed, n=1) if allowed else []
                where = (*path, "value", i) if wants_list else (*path, "value")
                self.fail(f"{value!r} is not a valid value for {cond.field}", where,
                          expected=_describe(domain), found=repr(value)[:60],
                          suggestion=close[0] if close else None)


def check_conditions(entries: Entries) -> list[Problem]:
    problems: list[Problem] = []
    for entry in entries["derived_flags"].values():
        if not entry.valid:
            continue
        assert isinstance(entry.model, DerivedFlag)
        walker = _Walker(entry, entries)
        walker.walk(entry.model.when, ("when",))
        problems.extend(walker.problems)
    for entry in entries["policy"].values():
        if not entry.valid:
            continue
        assert isinstance(entry.model, Policy)
        walker = _Walker(entry, entries)
        for index, line in enumerate(entry.model.red_lines):
            walker.walk(line.when, ("red_lines", index, "when"))
        problems.extend(walker.problems)
    return problems
