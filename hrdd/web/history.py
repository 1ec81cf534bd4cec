"""A case's history: every revision (number, author, time, reason, SHA-256) and what changed
between any two of them, field by field in the forms' words, then line by line."""

from dataclasses import dataclass

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from hrdd.catalog import default_catalog
from hrdd.services import cases as case_service
from hrdd.services import revisions as revision_service
from hrdd.web.routes import _actor, _page, _store

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class DiffLine:
    kind: str  # add, del, hunk, ctx
    text: str


def diff_lines(unified: str) -> list[DiffLine]:
    """The unified diff as lines to colour; the two file headers are left out."""
    lines = []
    for line in unified.splitlines():
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "ctx")
        lines.append(DiffLine(kind, line))
    return lines


@router.get("/cases/{case_id}/history")
def history_page(request: Request, case_id: str, old: int | None = Query(default=None, ge=1, le=1_000_000),
                 new: int | None = Query(default=None, ge=1, le=1_000_000)) -> HTMLResponse:
    actor = _actor(request)
    store = _store(request)
    row = case_service.get_case(store, actor, case_id)
    revisions = revision_service.list_revisions(store, actor, case_id)
    if old is None and new is None and len(revisions) > 1:
        old, new = revisions[-2].number, revisions[-1].number
    diff = None
    if old is not None and new is not None:
        if old > new:
            old, new = new, old
        diff = revision_service.diff_revisions(store, actor, case_id, old, new)
    glossary = default_catalog().glossary
    return _page(request, "case_history.html", actor, case=row, revisions=list(reversed(revisions)), old=old,
                 new=new, diff=diff, lines=diff_lines(diff.text) if diff else [], glossary=glossary)
