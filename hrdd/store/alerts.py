"""Alerts: raised once per dedupe key, read per user, acknowledged once, delivered per channel."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import alert_deliveries, alert_reads, alerts, job_state
from hrdd.store.upsert import insert_ignoring, upsert


@dataclass(frozen=True, slots=True)
class AlertRow:
    id: int
    kind: str
    case_id: str | None
    subject: str
    dedupe_key: str
    title: str
    audience: str
    explanation: dict[str, Any]
    created_at: dt.datetime
    acknowledged_by: str | None
    acknowledged_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class AlertFilter:
    case_id: str | None = None
    kind: str | None = None
    open_only: bool = False  # not acknowledged
    audience: tuple[str, ...] = ()  # any of these roles or "user:<name>"; empty: every alert


def insert_alert(conn: sa.Connection, *, kind: str, case_id: str | None, subject: str, dedupe_key: str,
                 title: str, audience: str, explanation: dict[str, Any]) -> int | None:
    """The new alert's id, or None when an alert with this dedupe key exists (it is not raised twice)."""
    key = insert_ignoring(conn, alerts, {
        "kind": kind, "case_id": case_id, "subject": subject[:300], "dedupe_key": dedupe_key[:400],
        "title": title[:300], "audience": audience, "explanation": explanation,
        "created_at": dt.datetime.now(dt.UTC)}, ["dedupe_key"])
    return None if key is None else int(key[0])


def _filtered(query: sa.Select[Any], f: AlertFilter) -> sa.Select[Any]:
    if f.case_id is not None:
        query = query.where(alerts.c.case_id == f.case_id)
    if f.kind is not None:
        query = query.where(alerts.c.kind == f.kind)
    if f.open_only:
        query = query.where(alerts.c.acknowledged_at.is_(None))
    if f.audience:
        # audience is ",role,role,user:name," with a leading and trailing comma
        query = query.where(sa.or_(*(alerts.c.audience.contains(f",{a},", autoescape=True) for a in f.audience)))
    return query


def list_alerts(conn: sa.Connection, f: AlertFilter = AlertFilter(), *, limit: int = 100,
                offset: int = 0) -> tuple[list[AlertRow], int]:
    total = conn.execute(_filtered(sa.select(sa.func.count()).select_from(alerts), f)).scalar_one()
    query = _filtered(sa.select(alerts), f).order_by(alerts.c.created_at.desc(), alerts.c.id.desc())
    rows = conn.execute(query.limit(limit).offset(offset))
    return [row_as(AlertRow, r) for r in rows], int(total)


def get_alert(conn: sa.Connection, alert_id: int) -> AlertRow | None:
    row = conn.execute(sa.select(alerts).where(alerts.c.id == alert_id)).first()
    return row_as(AlertRow, row) if row else None


def acknowledge(conn: sa.Connection, alert_id: int, username: str) -> bool:
    """Compare-and-set: True for the one caller that acknowledged an open alert."""
    result = conn.execute(alerts.update().where(alerts.c.id == alert_id, alerts.c.acknowledged_at.is_(None))
                          .values(acknowledged_by=username, acknowledged_at=dt.datetime.now(dt.UTC)))
    return result.rowcount > 0


def mark_read(conn: sa.Connection, alert_id: int, username: str) -> None:
    insert_ignoring(conn, alert_reads, {"alert_id": alert_id, "username": username,
                                        "read_at": dt.datetime.now(dt.UTC)}, ["alert_id", "username"])


def read_ids(conn: sa.Connection, username: str, alert_ids: list[int]) -> set[int]:
    if not alert_ids:
        return set()
    rows = conn.execute(sa.select(alert_reads.c.alert_id).where(alert_reads.c.username == username,
                                                                alert_reads.c.alert_id.in_(alert_ids)))
    return {int(r.alert_id) for r in rows}


def unread_count(conn: sa.Connection, username: str, audience: tuple[str, ...]) -> int:
    read = sa.select(alert_reads.c.alert_id).where(alert_reads.c.username == username)
    query = _filtered(sa.select(sa.func.count()).select_from(alerts), AlertFilter(audience=audience))
    return int(conn.execute(query.where(alerts.c.id.not_in(read))).scalar_one())


def open_counts(conn: sa.Connection, audience: tuple[str, ...]) -> dict[str, int]:
    """Alerts not acknowledged yet, by kind, for this audience (empty: every alert)."""
    query = _filtered(sa.select(alerts.c.kind, sa.func.count()).select_from(alerts),
                      AlertFilter(audience=audience, open_only=True)).group_by(alerts.c.kind)
    return {str(kind): int(n) for kind, n in conn.execute(query)}


def undelivered(conn: sa.Connection, channel: str, *, limit: int = 500) -> list[AlertRow]:
    """Alerts not yet delivered on ``channel``, oldest first."""
    done = sa.select(alert_deliveries.c.alert_id).where(alert_deliveries.c.channel == channel)
    query = sa.select(alerts).where(alerts.c.id.not_in(done)).order_by(alerts.c.id).limit(limit)
    return [row_as(AlertRow, r) for r in conn.execute(query)]


def mark_delivered(conn: sa.Connection, alert_id: int, channel: str) -> bool:
    key = insert_ignoring(conn, alert_deliveries, {"alert_id": alert_id, "channel": channel,
                                                   "delivered_at": dt.datetime.now(dt.UTC)}, ["alert_id", "channel"])
    return key is not None


def get_state(conn: sa.Connection, key: str) -> str | None:
    value = conn.execute(sa.select(job_state.c.value).where(job_state.c.key == key)).scalar()
    return None if value is None else str(value)


def set_state(conn: sa.Connection, key: str, value: str) -> None:
    upsert(conn, job_state, {"key": key, "value": value, "updated_at": dt.datetime.now(dt.UTC)}, ["key"])


def existing_keys(conn: sa.Connection, keys: list[str]) -> set[str]:
    """Which of ``keys`` (dedupe keys) an alert was raised under already."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = [k[:400] for k in keys[start:start + 500]]
        found.update(conn.execute(sa.select(alerts.c.dedupe_key).where(alerts.c.dedupe_key.in_(chunk))).scalars())
    return found
