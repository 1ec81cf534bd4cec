"""What the transparency report counts, read for a period (``start <= t < end``), and the reports
proposed and published (table ``transparency_reports``, migration 0018_transparency).

The readers return rows with no names of people: case ids only to tell cases apart, case text
only to read the catalogue ids it holds (the service keeps nothing else).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import (
    alerts,
    audit_log,
    case_revisions,
    cases,
    conditions,
    decisions,
    grievances,
    list_versions,
    reports,
    transparency_reports,
)


@dataclass(frozen=True, slots=True)
class DecidedRow:
    case_id: str
    decision_id: int
    outcome: str
    approved_at: dt.datetime
    case_revision: int | None
    case_text: str  # the case as it stood when the decision was proposed (the current text if unknown)
    country: str


@dataclass(frozen=True, slots=True)
class GrievanceRow:
    category: str
    state: str
    outcome: str | None
    acknowledge_due: dt.datetime
    acknowledged_at: dt.datetime | None


def decided(conn: sa.Connection, start: dt.datetime, end: dt.datetime) -> list[DecidedRow]:
    """The latest decision approved in the period of each case decided in it, ordered by case id."""
    query = (
        sa.select(decisions.c.case_id, decisions.c.id.label("decision_id"), decisions.c.outcome,
                  decisions.c.approved_at, decisions.c.case_revision,
                  sa.func.coalesce(case_revisions.c.case_text, cases.c.case_text).label("case_text"),
                  cases.c.country)
        .join(cases, cases.c.id == decisions.c.case_id)
        .outerjoin(case_revisions, sa.and_(case_revisions.c.case_id == decisions.c.case_id,
                                           case_revisions.c.number == decisions.c.case_revision))
        .where(decisions.c.status == "approved", decisions.c.approved_at >= start, decisions.c.approved_at < end)
        .order_by(decisions.c.case_id, decisions.c.approved_at, decisions.c.id)
    )
    latest: dict[str, DecidedRow] = {}
    for r in conn.execute(query):
        latest[r.case_id] = DecidedRow(r.case_id, r.decision_id, r.outcome, r.approved_at, r.case_revision,
                                       r.case_text, r.country)
    return [latest[k] for k in sorted(latest)]


def condition_safeguards(conn: sa.Connection, case_ids: list[str]) -> list[tuple[str, str]]:
    """(case id, safeguard) of every condition recorded on the cases, distinct, ordered."""
    if not case_ids:
        return []
    query = (sa.select(conditions.c.case_id, conditions.c.safeguard).distinct()
             .where(conditions.c.case_id.in_(case_ids)).order_by(conditions.c.case_id, conditions.c.safeguard))
    return [(r.case_id, r.safeguard) for r in conn.execute(query)]


def state_changes(conn: sa.Connection, start: dt.datetime, end: dt.datetime) -> list[tuple[str, Any, Any]]:
    """(case id, before, after) of every audited change of a case or engagement in the period, in order."""
    query = (sa.select(audit_log.c.entity_id, audit_log.c.before, audit_log.c.after)
             .where(audit_log.c.entity.in_(("case", "engagement")), audit_log.c.at >= start, audit_log.c.at < end)
             .order_by(audit_log.c.seq))
    return [(r.entity_id, r.before, r.after) for r in conn.execute(query)]


def alerts_raised(conn: sa.Connection, kind: str, start: dt.datetime, end: dt.datetime) -> list[bool]:
    """For each alert of ``kind`` raised in the period, whether it was acknowledged."""
    query = (sa.select(alerts.c.acknowledged_at).where(alerts.c.kind == kind, alerts.c.created_at >= start,
                                                        alerts.c.created_at < end).order_by(alerts.c.id))
    return [r.acknowledged_at is not None for r in conn.execute(query)]


def grievances_received(conn: sa.Connection, start: dt.datetime, end: dt.datetime) -> list[GrievanceRow]:
    query = (sa.select(grievances.c.category, grievances.c.state, grievances.c.outcome,
                       grievances.c.acknowledge_due, grievances.c.acknowledged_at)
             .where(grievances.c.received_at >= start, grievances.c.received_at < end).order_by(grievances.c.id))
    return [GrievanceRow(r.category, r.state, r.outcome, r.acknowledge_due, r.acknowledged_at)
            for r in conn.execute(query)]


def report_versions(conn: sa.Connection, keys: list[tuple[str, int | None]]) -> list[dict[str, Any]]:
    """The ``versions`` of the latest report of each (case, revision)."""
    found = []
    for case_id, revision in keys:
        query = sa.select(reports.c.report).where(reports.c.case_id == case_id)
        if revision is not None:
            query = query.where(reports.c.case_revision == revision)
        row = conn.execute(query.order_by(reports.c.id.desc()).limit(1)).first()
        if row is not None and isinstance(row.report, dict):
            found.append(dict(row.report.get("versions") or {}))
    return found


def lists_in_force(conn: sa.Connection, end: dt.datetime) -> dict[str, str]:
    """Source -> as-of date of the latest list version imported before ``end``."""
    query = (sa.select(list_versions.c.source, list_versions.c.as_of)
             .where(list_versions.c.imported_at < end).order_by(list_versions.c.source, list_versions.c.version))
    return {r.source: r.as_of for r in conn.execute(query)}


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    id: int
    period: str
    status: str  # proposed | published | rejected
    body: str
    sha256: str
    proposed_by: str
    proposed_at: dt.datetime
    resolved_by: str | None
    resolved_at: dt.datetime | None
    note: str | None


def insert_snapshot(conn: sa.Connection, *, period: str, body: str, sha256: str, proposed_by: str,
                    at: dt.datetime) -> SnapshotRow | None:
    """A new proposal; None when one already waits for the period (the unique index refused it)."""
    try:
        with conn.begin_nested():
            result = conn.execute(transparency_reports.insert().values(
                period=period, status="proposed", body=body, sha256=sha256, proposed_by=proposed_by,
                proposed_at=at))
    except sa.exc.IntegrityError:
        return None
    (row_id,) = result.inserted_primary_key or (0,)
    return get_snapshot(conn, int(row_id))


def get_snapshot(conn: sa.Connection, snapshot_id: int) -> SnapshotRow | None:
    row = conn.execute(sa.select(transparency_reports).where(transparency_reports.c.id == snapshot_id)).first()
    return row_as(SnapshotRow, row) if row else None


def published(conn: sa.Connection, period: str) -> SnapshotRow | None:
    row = conn.execute(sa.select(transparency_reports).where(
        transparency_reports.c.period == period, transparency_reports.c.status == "published")).first()
    return row_as(SnapshotRow, row) if row else None


def list_snapshots(conn: sa.Connection, *, status: str | None = None) -> list[SnapshotRow]:
    query = sa.select(transparency_reports).order_by(transparency_reports.c.period.desc(),
                                                     transparency_reports.c.id.desc())
    if status is not None:
        query = query.where(transparency_reports.c.status == status)
    return [row_as(SnapshotRow, r) for r in conn.execute(query)]


def resolve_snapshot(conn: sa.Connection, snapshot_id: int, *, status: str, by: str, at: dt.datetime,
                     note: str | None) -> bool:
    """Compare-and-set from ``proposed`` to ``status``; False when the row is no longer proposed (or
    another report of the period was published meanwhile)."""
    try:
        with conn.begin_nested():
            result = conn.execute(
                transparency_reports.update()
                .where(transparency_reports.c.id == snapshot_id, transparency_reports.c.status == "proposed")
                .values(status=status, resolved_by=by, resolved_at=at, note=note))
    except sa.exc.IntegrityError:
        return False
    return result.rowcount == 1
