"""Post-sale signals: analysts record events on an engagement; each raises catalogue red flags in
the case's next assessment and proposes the guidance's responses for its severity.

A signal is recorded in one transaction with its audit entry, compare-and-set on the case's
state (approved, active or suspended: an engagement). The grievance officer's link of a
grievance to a case records a ``grievance`` signal through :func:`record_in`, in the link's own
transaction, naming the grievance by number only. Recording a signal makes the case due for
re-assessment (``hrdd.services.reassess``); the entry points run or queue it.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hrdd.catalog import default_catalog
from hrdd.catalog.registry import Catalog
from hrdd.exc import Conflict, InvalidInput, NotFound, Problem
from hrdd.model.lifecycle import State
from hrdd.model.limits import TEXT_MAX
from hrdd.model.signal import ENGAGED, GRIEVANCE_KIND, RESPONSES, SEVERITIES, Signal, SignalResponse
from hrdd.services.permissions import Actor, require
from hrdd.store import Store, audit
from hrdd.store import evidence as evidence_rows
from hrdd.store import signals as rows
from hrdd.store.cases import get_case
from hrdd.store.signals import SignalRow

__all__ = ["SignalInput", "SignalRow", "engine_signals", "list_signals", "proposed_responses", "record_in",
           "record_signal", "signal_dict"]


@dataclass(frozen=True, slots=True)
class SignalInput:
    kind: str
    description: str
    source: str
    severity: str | None = None  # None: the kind's default severity
    evidence_id: int | None = None


def _checked(data: SignalInput, catalog: Catalog, *, analyst: bool = True) -> str:
    """Every problem of the input at once; returns the severity to record."""
    problems: list[Problem] = []
    kinds = catalog.signal_kinds
    if data.kind not in kinds or (analyst and data.kind == GRIEVANCE_KIND):
        allowed = [k for k in kinds if not analyst or k != GRIEVANCE_KIND]
        hint = " (a grievance signal is recorded by linking the grievance to the case)" \
            if data.kind == GRIEVANCE_KIND else ""
        problems.append(Problem(f"unknown kind of signal{hint}", field="kind", expected=", ".join(allowed),
                                found=repr(data.kind[:40])))
    if data.severity is not None and data.severity not in SEVERITIES:
        problems.append(Problem("unknown severity", field="severity", expected=", ".join(SEVERITIES),
                                found=repr(data.severity[:20])))
    for name, value, least in (("description", data.description, 10), ("source", data.source, 3)):
        text = value.strip()
        if len(text) < least or len(value) > TEXT_MAX or "\x00" in value:
            problems.append(Problem(f"say {'what happened' if name == 'description' else 'where it comes from'}",
                                    field=name, expected=f"{least} to {TEXT_MAX} characters of text",
                                    found=f"{len(text)} characters"))
    if problems:
        raise InvalidInput("the signal has problems", problems)
    return data.severity or kinds[data.kind].default_severity


def record_in(conn: Any, actor: Actor, case_id: str, data: SignalInput, *, states: frozenset[State] | None,
              grievance_id: int | None = None, catalog: Catalog | None = None) -> SignalRow:
    """Record a signal in the caller's transaction, with its audit entry (no permission check: the
    caller has made it). Conflict when the case is not in one of ``states`` (None: any state)."""
    catalog = catalog or default_catalog()
    severity = _checked(data, catalog, analyst=grievance_id is None)
    case = get_case(conn, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}")
    if data.evidence_id is not None:
        found = evidence_rows.get_evidence(conn, data.evidence_id)
        if found is None or found.case_id != case_id:
            raise InvalidInput("no such evidence", [Problem("no evidence with this id on the case",
                                                            field="evidence_id", found=str(data.evidence_id))])
    row = rows.insert_signal(conn, case_id=case_id, states=states, kind=data.kind, severity=severity,
                             description=data.description.strip(), source=data.source.strip(),
                             recorded_by=actor.username, evidence_id=data.evidence_id, grievance_id=grievance_id)
    if row is None:
        now = get_case(conn, case_id)
        state = now.state if now else "gone"
        raise Conflict(f"case {case_id} is {state}: signals are recorded on an engagement "
                       f"({', '.join(sorted(s.value for s in ENGAGED))})")
    audit.append(conn, actor=actor.username, action="signal.record", entity="case", entity_id=case_id,
                 after={"signal": row.id, "kind": row.kind, "severity": row.severity, "state": case.state,
                        "revision": case.revision, "flags": list(catalog.signal_kinds[row.kind].flags),
                        **({"grievance": grievance_id} if grievance_id is not None else {})})
    return row


def record_signal(store: Store, actor: Actor, case_id: str, data: SignalInput) -> SignalRow:
    """An analyst records a signal on an engagement (approved, active or suspended)."""
    require(actor, "signal.record")
    catalog = default_catalog()
    _checked(data, catalog)
    with store.transaction() as conn:
        return record_in(conn, actor, case_id, data, states=ENGAGED, catalog=catalog)


def list_signals(store: Store, actor: Actor, case_id: str) -> list[SignalRow]:
    require(actor, "case.read")
    with store.transaction() as conn:
        if get_case(conn, case_id) is None:
            raise NotFound(f"no case {case_id}")
        return rows.list_signals(conn, case_id)


def engine_signals(found: list[SignalRow], catalog: Catalog) -> tuple[Signal, ...]:
    """The signals as the engine reads them (a kind no longer in the catalogue raises no flag)."""
    return tuple(Signal(number=s.id, kind=s.kind, title=catalog.signal_kinds[s.kind].title, severity=s.severity,
                        flags=catalog.signal_kinds[s.kind].flags, recorded_at=s.recorded_at.date().isoformat(),
                        recorded_by=s.recorded_by)
                 for s in found if s.kind in catalog.signal_kinds)


def proposed_responses(kind: str, severity: str, catalog: Catalog | None = None) -> list[dict[str, Any]]:
    """The guidance's responses for a signal of this kind and severity, mildest first."""
    catalog = catalog or default_catalog()
    item = catalog.signal_kinds.get(kind)
    if item is None:
        return []
    ids: tuple[SignalResponse, ...] = getattr(item.responses, severity)
    return [{"id": r, "title": RESPONSES[r][0], "explanation": RESPONSES[r][1], "action": RESPONSES[r][2]}
            for r in ids]


def signal_dict(row: SignalRow, catalog: Catalog | None = None) -> dict[str, Any]:
    """The JSON form of a signal (API, CLI): with its kind's red flags and the proposed responses."""
    catalog = catalog or default_catalog()
    item = catalog.signal_kinds.get(row.kind)
    recorded = row.recorded_at if row.recorded_at.tzinfo else row.recorded_at.replace(tzinfo=dt.UTC)
    return {"id": row.id, "case_id": row.case_id, "kind": row.kind, "title": item.title if item else row.kind,
            "severity": row.severity, "description": row.description, "source": row.source,
            "evidence_id": row.evidence_id, "grievance_id": row.grievance_id, "recorded_by": row.recorded_by,
            "recorded_at": recorded.isoformat(timespec="seconds"), "flags": list(item.flags) if item else [],
            "responses": proposed_responses(row.kind, row.severity, catalog)}
