"""Post-sale signals and re-assessments of frozen cases.

A signal is inserted only while its case is in one of the expected states: one ``INSERT …
SELECT … WHERE EXISTS`` on the case row, read under a share lock on PostgreSQL, so a signal and a concurrent change of state (a
reopen, a termination) never both pass on a state the other changed. A re-assessment is
inserted once per case, versions fingerprint and signal mark (``INSERT … ON CONFLICT DO
NOTHING``): two workers that re-assess the same case for the same inputs store one row.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.model.lifecycle import State
from hrdd.store.db import row_as
from hrdd.store.tables import cases, reassessments, reports, signals
from hrdd.store.upsert import insert_ignoring


@dataclass(frozen=True, slots=True)
class SignalRow:
    id: int
    case_id: str
    kind: str
    severity: str
    description: str
    source: str
    evidence_id: int | None
    grievance_id: int | None
    recorded_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ReassessmentRow:
    id: int
    case_id: str
    case_revision: int
    base_report_id: int
    fingerprint: str
    signal_mark: int
    trigger: str
    recommendation: str
    residual_level: str
    moved: bool
    alert_id: int | None
    report: dict[str, Any]
    created_by: str
    created_at: dt.datetime


def insert_signal(conn: sa.Connection, *, case_id: str, states: Iterable[State] | None, kind: str, severity: str,
                  description: str, source: str, recorded_by: str, evidence_id: int | None = None,
                  grievance_id: int | None = None) -> SignalRow | None:
    """Record a signal on the case, compare-and-set on its state: None (nothing written) when the
    case is not in one of ``states`` (``None``: any state) at the moment of the insert."""
    values = {"case_id": case_id, "kind": kind, "severity": severity, "description": description,
              "source": source, "evidence_id": evidence_id, "grievance_id": grievance_id,
              "recorded_by": recorded_by, "recorded_at": dt.datetime.now(dt.UTC)}
    # PostgreSQL: hold the case row against a concurrent change of state until this transaction ends
    # (a reopen waits for the signal, or the signal sees the reopened state); SQLite has one writer
    conn.execute(sa.select(cases.c.state).where(cases.c.id == case_id).with_for_update(read=True))
    condition = cases.c.id == case_id
    if states is not None:
        condition = sa.and_(condition, cases.c.state.in_([s.value for s in states]))
    columns = list(values)
    source_rows = sa.select(*(sa.literal(v, type_=signals.c[k].type).label(k) for k, v in values.items())).where(
        sa.exists(sa.select(cases.c.id).where(condition)))
    inserted = conn.execute(signals.insert().from_select(columns, source_rows).returning(signals.c.id)).first()
    if inserted is None:
        return None
    found = get_signal(conn, int(inserted[0]))
    assert found is not None
    return found


def get_signal(conn: sa.Connection, signal_id: int) -> SignalRow | None:
    row = conn.execute(sa.select(signals).where(signals.c.id == signal_id)).first()
    return row_as(SignalRow, row) if row else None


def list_signals(conn: sa.Connection, case_id: str) -> list[SignalRow]:
    """The case's signals, oldest first."""
    rows = conn.execute(sa.select(signals).where(signals.c.case_id == case_id).order_by(signals.c.id))
    return [row_as(SignalRow, r) for r in rows]


def signal_marks(conn: sa.Connection) -> dict[str, int]:
    """The highest signal id of every case that has signals."""
    rows = conn.execute(sa.select(signals.c.case_id, sa.func.max(signals.c.id)).group_by(signals.c.case_id))
    return {case_id: int(mark) for case_id, mark in rows}


def insert_reassessment(conn: sa.Connection, *, case_id: str, case_revision: int, base_report_id: int,
                        fingerprint: str, signal_mark: int, trigger: str, report: dict[str, Any], moved: bool,
                        created_by: str) -> int | None:
    """The new re-assessment's id, or None when this case was re-assessed for the same inputs."""
    key = insert_ignoring(conn, reassessments, {
        "case_id": case_id, "case_revision": case_revision, "base_report_id": base_report_id,
        "fingerprint": fingerprint, "signal_mark": signal_mark, "trigger": trigger[:80],
        "recommendation": report["recommendation"], "residual_level": report["residual_risk"]["level"],
        "moved": moved, "report": report, "created_by": created_by, "created_at": dt.datetime.now(dt.UTC)},
        ["case_id", "fingerprint", "signal_mark"])
    return None if key is None else int(key[0])


def set_alert(conn: sa.Connection, reassessment_id: int, alert_id: int) -> None:
    conn.execute(reassessments.update().where(reassessments.c.id == reassessment_id).values(alert_id=alert_id))


def get_reassessment(conn: sa.Connection, case_id: str, reassessment_id: int) -> ReassessmentRow | None:
    row = conn.execute(sa.select(reassessments).where(reassessments.c.id == reassessment_id,
                                                      reassessments.c.case_id == case_id)).first()
    return row_as(ReassessmentRow, row) if row else None


def find_reassessment(conn: sa.Connection, case_id: str, fingerprint: str, signal_mark: int) -> ReassessmentRow | None:
    row = conn.execute(sa.select(reassessments).where(
        reassessments.c.case_id == case_id, reassessments.c.fingerprint == fingerprint,
        reassessments.c.signal_mark == signal_mark)).first()
    return row_as(ReassessmentRow, row) if row else None


def list_reassessments(conn: sa.Connection, case_id: str) -> list[ReassessmentRow]:
    """The case's re-assessments, newest first (without their reports' bulk being needed elsewhere)."""
    rows = conn.execute(sa.select(reassessments).where(reassessments.c.case_id == case_id)
                        .order_by(reassessments.c.id.desc()))
    return [row_as(ReassessmentRow, r) for r in rows]


def _in_states(states: Iterable[State]) -> sa.Select[Any]:
    return sa.select(cases.c.id).where(cases.c.state.in_([s.value for s in states]))


def reassessment_inputs(conn: sa.Connection, states: Iterable[State]) -> dict[str, set[tuple[str, int]]]:
    """The (versions fingerprint, signal mark) pairs each case in ``states`` was re-assessed for."""
    found: dict[str, set[tuple[str, int]]] = {}
    rows = conn.execute(sa.select(reassessments.c.case_id, reassessments.c.fingerprint, reassessments.c.signal_mark)
                        .where(reassessments.c.case_id.in_(_in_states(states))))
    for r in rows:
        found.setdefault(r.case_id, set()).add((r.fingerprint, int(r.signal_mark)))
    return found


def base_report(conn: sa.Connection, case_id: str) -> tuple[int, int, dict[str, Any]] | None:
    """(report id, case revision, report) of the case's latest assessment report: on a frozen case,
    the report its approved decision was made on (a frozen case is never assessed again)."""
    row = conn.execute(sa.select(reports.c.id, reports.c.case_revision, reports.c.report)
                       .where(reports.c.case_id == case_id).order_by(reports.c.id.desc()).limit(1)).first()
    return (int(row.id), int(row.case_revision), row.report) if row else None


def base_versions(conn: sa.Connection, states: Iterable[State]) -> dict[str, dict[str, Any]]:
    """The ``versions`` block of the latest report of each case in ``states`` (one query; only that
    part of the JSON is read)."""
    newest = sa.select(sa.func.max(reports.c.id)).where(reports.c.case_id.in_(_in_states(states))).group_by(
        reports.c.case_id)
    rows = conn.execute(sa.select(reports.c.case_id, reports.c.report["versions"].label("versions"))
                        .where(reports.c.id.in_(newest)))
    return {r.case_id: (r.versions if isinstance(r.versions, dict) else {}) for r in rows}


def get_report(conn: sa.Connection, case_id: str, report_id: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(reports.c.report).where(reports.c.id == report_id,
                                                         reports.c.case_id == case_id)).first()
    return row.report if row else None


def cases_in(conn: sa.Connection, states: Iterable[State]) -> list[tuple[str, str, int]]:
    """(case id, country, revision) of every case in one of ``states``, by id."""
    rows = conn.execute(sa.select(cases.c.id, cases.c.country, cases.c.revision)
                        .where(cases.c.state.in_([s.value for s in states])).order_by(cases.c.id))
    return [(r.id, r.country, int(r.revision)) for r in rows]
