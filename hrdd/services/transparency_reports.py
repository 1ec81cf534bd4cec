"""Publishing the transparency report: a snapshot proposed by one person, published or rejected by
another (maker-checker), then immutable.

``propose`` draws the figures of an ended period and stores their canonical JSON with its SHA-256.
``publish`` and ``reject`` need the ``transparency.publish`` permission and a person other than the
proposer; each is a compare-and-set from ``proposed`` (of concurrent callers exactly one wins) and
is audited in the same transaction. ``published_report`` is what the public pages read: it checks
the stored digest before returning the snapshot.
"""

import datetime as dt
import hashlib
import json
from typing import Any

from hrdd.catalog.registry import Catalog
from hrdd.exc import Conflict, InvalidInput, NotFound, PermissionDenied, Problem
from hrdd.reports.transparency import transparency_json
from hrdd.services.permissions import Actor, require
from hrdd.services.store import Store
from hrdd.services.transparency import draw_report
from hrdd.store import audit
from hrdd.store import transparency as rows
from hrdd.store.transparency import SnapshotRow
from hrdd.transparency.period import parse_period

NOTE_MAX = 2000


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def snapshot_dict(row: SnapshotRow) -> dict[str, Any]:
    """A snapshot's record for lists and the API (without its body)."""
    return {"id": row.id, "period": row.period, "status": row.status, "sha256": row.sha256,
            "proposed_by": row.proposed_by, "proposed_at": row.proposed_at.isoformat(),
            "resolved_by": row.resolved_by,
            "resolved_at": row.resolved_at.isoformat() if row.resolved_at else None, "note": row.note}


def propose(store: Store, actor: Actor, period: str, *, now: dt.datetime | None = None,
            catalog: Catalog | None = None) -> SnapshotRow:
    """Draw the figures of an ended period and store them as a proposal waiting for an approver."""
    require(actor, "transparency.propose")
    found = parse_period(period)
    now = now or dt.datetime.now(dt.UTC)
    if found.end > now:
        raise InvalidInput("the period has not ended", [Problem(
            "a report is proposed once its period is over", field="period",
            expected=f"a period that ended before {now.date().isoformat()}",
            found=f"{found.id} (ends {found.last_day.isoformat()})")])
    body = transparency_json(draw_report(store, actor, found, catalog=catalog))
    digest = _digest(body)
    with store.transaction() as conn:
        if rows.published(conn, found.id) is not None:
            raise Conflict(f"the transparency report {found.id} is published already; a published report is final")
        row = rows.insert_snapshot(conn, period=found.id, body=body, sha256=digest, proposed_by=actor.username,
                                   at=now)
        if row is None:
            raise Conflict(f"a transparency report for {found.id} is waiting for approval already; "
                           "publish or reject it first")
        audit.append(conn, actor=actor.username, action="transparency.propose", entity="transparency_report",
                     entity_id=str(row.id), after={"period": found.id, "sha256": digest, "status": "proposed"})
        return row


def _resolve(store: Store, actor: Actor, snapshot_id: int, status: str, note: str | None) -> SnapshotRow:
    require(actor, "transparency.publish")
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidInput("note is too long", [Problem("note is too long", field="note",
                                                        expected=f"at most {NOTE_MAX} characters")])
    if status == "rejected" and note is None:
        raise InvalidInput("rejecting needs a reason", [Problem("say why the report is rejected", field="note",
                                                                expected="a reason")])
    now = dt.datetime.now(dt.UTC)
    with store.transaction() as conn:
        row = rows.get_snapshot(conn, snapshot_id)
        if row is None:
            raise NotFound(f"no transparency report {snapshot_id}")
        if row.proposed_by == actor.username:
            raise PermissionDenied("the person who proposed a transparency report cannot publish or reject it")
        if row.status != "proposed":
            raise Conflict(f"transparency report {snapshot_id} is {row.status} already")
        if not rows.resolve_snapshot(conn, snapshot_id, status=status, by=actor.username, at=now, note=note):
            raise Conflict(f"transparency report {snapshot_id} was resolved by someone else meanwhile; reload")
        audit.append(conn, actor=actor.username, action=f"transparency.{'publish' if status == 'published' else 'reject'}",
                     entity="transparency_report", entity_id=str(snapshot_id),
                     before={"status": "proposed"}, after={"status": status, "period": row.period,
                                                           "sha256": row.sha256, "note": note})
        found = rows.get_snapshot(conn, snapshot_id)
        assert found is not None
        return found


def publish(store: Store, actor: Actor, snapshot_id: int, note: str | None = None) -> SnapshotRow:
    return _resolve(store, actor, snapshot_id, "published", note)


def reject(store: Store, actor: Actor, snapshot_id: int, note: str) -> SnapshotRow:
    return _resolve(store, actor, snapshot_id, "rejected", note)


def list_snapshots(store: Store, actor: Actor) -> list[SnapshotRow]:
    """Every snapshot, proposed, published or rejected, newest period first."""
    require(actor, "transparency.draw")
    with store.transaction() as conn:
        return rows.list_snapshots(conn)


def get_snapshot(store: Store, actor: Actor, snapshot_id: int) -> tuple[SnapshotRow, dict[str, Any]]:
    require(actor, "transparency.draw")
    with store.transaction() as conn:
        row = rows.get_snapshot(conn, snapshot_id)
    if row is None:
        raise NotFound(f"no transparency report {snapshot_id}")
    return row, json.loads(row.body)


def published_periods(store: Store) -> list[SnapshotRow]:
    """The published reports, newest period first (public: no login)."""
    with store.transaction() as conn:
        return rows.list_snapshots(conn, status="published")


def published_report(store: Store, period: str) -> tuple[SnapshotRow, dict[str, Any]]:
    """The published snapshot of ``period`` (public); NotFound for a period not published."""
    found = parse_period(period)
    with store.transaction() as conn:
        row = rows.published(conn, found.id)
    if row is None:
        raise NotFound(f"no published transparency report for {found.id}")
    if _digest(row.body) != row.sha256:
        raise Conflict(f"the stored transparency report {found.id} does not match its SHA-256; not served")
    return row, json.loads(row.body)
