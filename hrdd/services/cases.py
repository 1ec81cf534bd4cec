"""The case workflow: create, update, assess and read cases kept in the store."""

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from hrdd.casefile import parse_case
from hrdd.catalog import default_catalog
from hrdd.exc import Conflict, InvalidInput, NotFound, Problem
from hrdd.model import Case
from hrdd.model.lifecycle import State, actions_from, is_frozen, transition
from hrdd.services.permissions import Actor, require
from hrdd.services.revisions import check_tag
from hrdd.settings import Settings, get_settings
from hrdd.store import Store, audit, work
from hrdd.store import cases as case_rows
from hrdd.store import evidence as evidence_rows
from hrdd.store import hits as hit_rows
from hrdd.store import signals as signal_rows
from hrdd.store.cases import SORTS, CaseFilter, CaseRow, page_after
from hrdd.store.search import COUNT_CAP, Count


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def required_reason(reason: str, field: str = "reason") -> str:
    reason = reason.strip()
    if len(reason) < 5:
        raise InvalidInput("a reason is required", [Problem("give the reason", field=field,
                                                            expected="at least 5 characters", found=repr(reason))])
    return reason


def validate_case_text(case_text: str, *, source: str = "case file") -> Case:
    """Parse and validate a case file's text (InvalidInput lists every problem)."""
    return parse_case(case_text, default_catalog(), source=source)


def create_case(store: Store, actor: Actor, case_text: str, *, source: str = "case file",
                reason: str = "created") -> CaseRow:
    require(actor, "case.write")
    case = validate_case_text(case_text, source=source)
    with store.transaction() as conn:
        case_id = case_rows.next_case_id(conn, dt.date.today().year)
        row = case_rows.insert_case(conn, case_id=case_id, title=case.title, case_text=case_text,
                                    country=case.end_user.country, end_user=case.end_user.name,
                                    created_by=actor.username, reason=reason.strip() or "created")
        audit.append(conn, actor=actor.username, action="case.create", entity="case", entity_id=case_id,
                     after={"title": case.title, "case_sha256": _digest(case_text), "revision": 1,
                            "state": row.state})
    return row


def _refuse(row: CaseRow, action: str) -> Conflict:
    """Why ``action`` cannot start from the case's state."""
    if action == "edit" and row.state == State.PROPOSED:
        return Conflict(f"case {row.id} has a decision waiting for approval: withdraw the proposal before editing")
    if is_frozen(row.state) and action in ("edit", "assess", "propose"):
        return Conflict(f"case {row.id} is {row.state} and frozen: an approver or admin must reopen it first")
    allowed = ", ".join(actions_from(row.state)) or "nothing"
    return Conflict(f"cannot {action} case {row.id} while it is {row.state} (allowed: {allowed})")


def _lost(conn: Any, case_id: str, action: str, tag: str | None = None) -> Conflict:
    """The compare-and-set of ``action`` found the case changed by someone else in the meantime
    (Stale, saying what changed, when the caller named the revision it acted on)."""
    now = _get(conn, case_id)
    check_tag(conn, now, tag)
    return Conflict(f"case {case_id} changed while this {action} was under way: it is now {now.state} "
                    f"at revision {now.revision}; reload and try again")


def update_case(store: Store, actor: Actor, case_id: str, case_text: str, *, tag: str | None = None,
                reason: str = "") -> CaseRow:
    """A new revision of the case text (back to draft). Refused while a proposal waits and on a
    decided case; ``tag`` (the client's revision tag) must be current when given."""
    require(actor, "case.write")
    case = validate_case_text(case_text, source=case_id)
    with store.transaction() as conn:
        before = _get(conn, case_id)
        check_tag(conn, before, tag)
        edit = transition("edit")
        if State(before.state) not in edit.sources:
            raise _refuse(before, "edit")
        if case_text == before.case_text:
            return before  # nothing changed: no new revision
        won = case_rows.revise_case(conn, case_id, expected=edit.sources, revision=before.revision,
                                    case_text=case_text, author=actor.username, reason=reason.strip() or "edited",
                                    title=case.title, country=case.end_user.country, end_user=case.end_user.name)
        if not won:
            raise _lost(conn, case_id, "edit", tag)
        audit.append(conn, actor=actor.username, action="case.update", entity="case", entity_id=case_id,
                     before={"title": before.title, "case_sha256": _digest(before.case_text),
                             "revision": before.revision, "state": before.state},
                     after={"title": case.title, "case_sha256": _digest(case_text), "revision": before.revision + 1,
                            "state": State.DRAFT.value, "reason": reason.strip() or "edited"})
        return _get(conn, case_id)


def reopen_case(store: Store, actor: Actor, case_id: str, reason: str, *, tag: str | None = None) -> CaseRow:
    """Reopen a decided case: a new revision (same text) in draft, with the reason, audited."""
    reopen = transition("reopen")
    require(actor, reopen.permission)
    reason = required_reason(reason)
    with store.transaction() as conn:
        before = _get(conn, case_id)
        check_tag(conn, before, tag)
        if State(before.state) not in reopen.sources:
            raise _refuse(before, "reopen")
        won = case_rows.revise_case(conn, case_id, expected=reopen.sources, revision=before.revision,
                                    case_text=before.case_text, author=actor.username, reason=f"reopened: {reason}")
        if not won:
            raise _lost(conn, case_id, "reopen", tag)
        audit.append(conn, actor=actor.username, action="case.reopen", entity="case", entity_id=case_id,
                     before={"state": before.state, "revision": before.revision},
                     after={"state": State.DRAFT.value, "revision": before.revision + 1, "reason": reason})
        return _get(conn, case_id)


def _get(conn: Any, case_id: str) -> CaseRow:
    row = case_rows.get_case(conn, case_id)
    if row is None:
        raise NotFound(f"no case {case_id}")
    return row


def get_case(store: Store, actor: Actor, case_id: str) -> CaseRow:
    require(actor, "case.read")
    with store.transaction() as conn:
        return _get(conn, case_id)


def list_cases(store: Store, actor: Actor, filters: CaseFilter | None = None, *, limit: int = 50,
               offset: int = 0, after: str | None = None) -> tuple[list[CaseRow], Count]:
    """A page of cases and how many match (exact, "more than" or "about"); ``after`` is the
    token of the previous page's last row (``page_after``), read from the index."""
    require(actor, "case.read")
    with store.transaction() as conn:
        return case_rows.list_cases(conn, filters or CaseFilter(), limit=min(max(limit, 1), 500), offset=max(offset, 0),
                                    after=after or None)


@dataclasses.dataclass(frozen=True, slots=True)
class CaseView:
    """Everything the case page shows, read in one transaction."""

    case: CaseRow
    report: dict[str, Any] | None
    hits: list[hit_rows.HitRow]
    evidence: list[evidence_rows.EvidenceRow]
    conditions: list[work.ConditionRow]
    decisions: list[work.DecisionRow]
    report_revision: int | None = None  # the revision the report assessed (and screened)


def case_view(store: Store, actor: Actor, case_id: str) -> CaseView:
    """The case with its report, hits, evidence, conditions and decisions: one transaction and
    one look-up of the case instead of one each (a round trip apiece on PostgreSQL)."""
    require(actor, "case.read")
    require(actor, "evidence.read")
    with store.transaction() as conn:
        row = _get(conn, case_id)
        found = case_rows.latest_report(conn, case_id)
        return CaseView(case=row, report=found[1] if found else None, hits=hit_rows.list_hits(conn, case_id),
                        evidence=evidence_rows.list_evidence(conn, case_id),
                        conditions=work.list_conditions(conn, case_id), decisions=work.list_decisions(conn, case_id),
                        report_revision=found[0] if found else None)


def latest_report(store: Store, actor: Actor, case_id: str) -> dict[str, Any] | None:
    require(actor, "case.read")
    with store.transaction() as conn:
        _get(conn, case_id)
        found = case_rows.latest_report(conn, case_id)
    return found[1] if found else None


def _hit_records(report: dict[str, Any]) -> list[dict[str, Any]]:
    records = []
    for h in report.get("screening", {}).get("hits", []):
        detail = {k: v for k, v in h.items() if k not in ("party", "query", "source", "entry_id", "name", "score")}
        records.append({"party": h["party"], "query": h["query"], "source": h["source"], "entry_id": h["entry_id"],
                        "entry_hash": str(h.get("entry_hash", "")), "name": h["name"], "score": float(h["score"]),
                        "detail": detail})
    return records


def assess_stored_case(store: Store, actor: Actor, case_id: str, *, settings: Settings | None = None,
                       screen: bool = True, tag: str | None = None) -> dict[str, Any]:
    """Assess the current revision of a stored case; keep the report and the hits for review.

    The assessment runs outside the transaction; its result is kept only if the case is still
    at the same revision in an assessable state (compare-and-set), else Conflict.
    """
    from hrdd.services.assessments import assess_case
    from hrdd.services.hit_reviews import enrich_hits
    from hrdd.services.signals import engine_signals

    assess = transition("assess")
    require(actor, assess.permission)
    settings = settings or get_settings()
    with store.transaction() as conn:
        row = _get(conn, case_id)
        check_tag(conn, row, tag)
        recorded = signal_rows.list_signals(conn, case_id)
    if State(row.state) not in assess.sources:
        raise _refuse(row, "assess")
    case = dataclasses.replace(validate_case_text(row.case_text, source=case_id), id=case_id)
    run = assess_case(case, settings=settings, screen=screen, signals=engine_signals(recorded, default_catalog()))
    report = run.report
    found_hits = enrich_hits(_hit_records(report), settings)
    with store.transaction() as conn:
        if case_rows.save_report(conn, case_id, row.revision, report, actor.username, expected=assess.sources) is None:
            raise _lost(conn, case_id, "assessment", tag)
        hit_rows.replace_hits(conn, case_id, found_hits)
        audit.append(conn, actor=actor.username, action="case.assess", entity="case", entity_id=case_id,
                     after={"revision": row.revision, "recommendation": report["recommendation"],
                            "residual": report["residual_risk"]["level"],
                            "versions": report.get("versions", {})})
    return report


def portfolio(store: Store, actor: Actor) -> dict[str, list[tuple[Any, ...]]]:
    """Counts for the dashboard: by recommendation, residual level, country, severity x likelihood."""
    require(actor, "case.read")
    with store.transaction() as conn:
        return case_rows.portfolio(conn)


__all__ = [
    "COUNT_CAP",
    "SORTS",
    "CaseFilter",
    "CaseRow",
    "CaseView",
    "Count",
    "assess_stored_case",
    "case_view",
    "create_case",
    "get_case",
    "latest_report",
    "list_cases",
    "page_after",
    "portfolio",
    "reopen_case",
    "required_reason",
    "update_case",
    "validate_case_text",
]
