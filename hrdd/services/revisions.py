"""Case revisions: the tag a client echoes back, what changed between two revisions, and the
refusal a client with an old copy gets.

A revision tag (the API sends it as the ``ETag``, and wants it back in ``If-Match``) names the
revision number and the start of its text's SHA-256: ``r3-5f1c0d2a9b8e7f60``.
"""

import difflib
from dataclasses import dataclass
from typing import Any

from hrdd.casefile.changes import FieldChange, field_changes
from hrdd.casefile.yamlpos import load_with_lines
from hrdd.catalog import default_catalog
from hrdd.exc import HrddError, NotFound, Problem, Stale
from hrdd.services.permissions import Actor, require
from hrdd.store import Store
from hrdd.store import cases as case_rows
from hrdd.store import revisions as revision_rows
from hrdd.store.cases import CaseRow
from hrdd.store.revisions import RevisionRow, text_digest

__all__ = ["FieldChange", "RevisionDiff", "RevisionRow", "changed_fields", "check_tag", "diff_revisions",
           "get_revision", "list_revisions", "revision_tag", "tag_revision", "text_changes", "unified_diff"]


@dataclass(frozen=True, slots=True)
class RevisionDiff:
    case_id: str
    old: RevisionRow
    new: RevisionRow
    fields: list[str]  # top-level case fields whose value differs
    text: str  # unified diff of the case text
    changes: list[FieldChange]  # each field that differs, in the analyst's words


def revision_tag(row: CaseRow) -> str:
    return f"r{row.revision}-{text_digest(row.case_text)[:16]}"


def tag_revision(tag: str) -> int | None:
    """The revision number a tag names, or None when it is not a revision tag."""
    number = tag.partition("-")[0].removeprefix("r")
    return int(number) if number.isascii() and number.isdigit() and tag.startswith("r") else None


def _top_level(text: str) -> dict[str, Any]:
    try:
        data, _ = load_with_lines(text, "revision")
    except HrddError:
        return {}
    return data if isinstance(data, dict) else {}


def changed_fields(old_text: str, new_text: str) -> list[str]:
    """Top-level fields of the case file whose value differs between two texts."""
    old, new = _top_level(old_text), _top_level(new_text)
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


MAX_DIFF_LINES = 20_000  # difflib's matching grows faster than linearly: longer texts are compared by hash only


def unified_diff(old: RevisionRow, new: RevisionRow) -> str:
    old_lines, new_lines = old.case_text.count("\n"), new.case_text.count("\n")
    if max(old_lines, new_lines) > MAX_DIFF_LINES:
        return (f"# texts of {old_lines} and {new_lines} lines are too long to compare line by line "
                f"(more than {MAX_DIFF_LINES}); SHA-256 {old.sha256} -> {new.sha256}\n")
    lines = difflib.unified_diff(old.case_text.splitlines(keepends=True), new.case_text.splitlines(keepends=True),
                                 fromfile=f"{old.case_id} revision {old.number}",
                                 tofile=f"{new.case_id} revision {new.number}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def check_tag(conn: Any, row: CaseRow, tag: str | None) -> None:
    """Raise Stale, saying what changed, when ``tag`` is given and is not the current revision's."""
    if tag is None or tag == revision_tag(row):
        return
    problems = [Problem("the case changed after the copy this request was made from", field="If-Match",
                        expected=revision_tag(row), found=tag[:100])]
    number = tag_revision(tag)
    theirs = revision_rows.get_revision(conn, row.id, number) if number is not None else None
    if theirs is None:
        raise Stale(f"{tag[:100]!r} is not a revision of case {row.id}; the current one is revision {row.revision}",
                    problems)
    for later in revision_rows.list_revisions(conn, row.id, after=theirs.number):
        problems.append(Problem(f"revision {later.number} by {later.author} at "
                                f"{later.created_at.isoformat(timespec='seconds')}: {later.reason or 'no reason given'}",
                                item=f"revision {later.number}"))
    for name in changed_fields(theirs.case_text, row.case_text):
        problems.append(Problem(f"changed since revision {theirs.number}", field=f"case.{name}"))
    raise Stale(f"case {row.id} is at revision {row.revision}, this request was made on revision {theirs.number}",
                problems)


def _case(conn: Any, case_id: str) -> CaseRow:
    row = case_rows.get_case(conn, case_id)
    if row is None:
        raise NotFound(f"no case {case_id}")
    return row


def _revision(conn: Any, case_id: str, number: int) -> RevisionRow:
    found = revision_rows.get_revision(conn, case_id, number)
    if found is None:
        raise NotFound(f"case {case_id} has no revision {number}")
    return found


def list_revisions(store: Store, actor: Actor, case_id: str) -> list[RevisionRow]:
    """Every revision of a case, oldest first, without their texts."""
    require(actor, "case.read")
    with store.transaction() as conn:
        _case(conn, case_id)
        return revision_rows.list_revisions(conn, case_id)


def get_revision(store: Store, actor: Actor, case_id: str, number: int) -> RevisionRow:
    require(actor, "case.read")
    with store.transaction() as conn:
        _case(conn, case_id)
        return _revision(conn, case_id, number)


def diff_revisions(store: Store, actor: Actor, case_id: str, old: int, new: int) -> RevisionDiff:
    """What changed from revision ``old`` to revision ``new`` (either order; equal gives an empty diff)."""
    require(actor, "case.read")
    with store.transaction() as conn:
        _case(conn, case_id)
        before, after = _revision(conn, case_id, old), _revision(conn, case_id, new)
    return RevisionDiff(case_id, before, after, changed_fields(before.case_text, after.case_text),
                        unified_diff(before, after), text_changes(before.case_text, after.case_text))


def text_changes(old_text: str, new_text: str) -> list[FieldChange]:
    """Each field that differs between two case texts, labelled as the forms label it."""
    return field_changes(_top_level(old_text), _top_level(new_text), default_catalog())
