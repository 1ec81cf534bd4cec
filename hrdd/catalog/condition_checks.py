"""The check of every catalogue condition at load, through the one validator (``catalog/conditions.py``).

Derived red flags (``when``) and the policy's red lines are checked against the field paths
and the ids of the catalogue being loaded; each problem names the file and line of the field.
"""

from hrdd.catalog.conditions import Path_, condition_problems
from hrdd.catalog.loader import Entry
from hrdd.catalog.spec import Condition, DerivedFlag, Policy
from hrdd.exc import Problem
from hrdd.validation import dotted

Entries = dict[str, dict[str, Entry]]


def _located(entry: Entry, entries: Entries, cond: Condition, base: Path_) -> list[Problem]:
    item = str(getattr(entry.model, "id", ""))
    return [Problem(p.message, file=entry.source.file, line=entry.source.line_of(*base, *p.path), item=item,
                    field=dotted((*base, *p.path)), expected=p.expected, found=p.found, suggestion=p.suggestion)
            for p in condition_problems(cond, lambda kind: entries[kind])]


def check_conditions(entries: Entries) -> list[Problem]:
    problems: list[Problem] = []
    for entry in entries["derived_flags"].values():
        if entry.valid:
            assert isinstance(entry.model, DerivedFlag)
            problems += _located(entry, entries, entry.model.when, ("when",))
    for entry in entries["policy"].values():
        if entry.valid:
            assert isinstance(entry.model, Policy)
            for index, line in enumerate(entry.model.red_lines):
                problems += _located(entry, entries, line.when, ("red_lines", index, "when"))
    return problems
