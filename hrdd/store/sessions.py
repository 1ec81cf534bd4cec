"""Server-side sessions: one row per login, found by the SHA-256 of the cookie's token.

A session is live while it is not revoked, not past ``expires_at`` (absolute timeout), seen
since the idle cut-off, and its user is active. The token itself is never stored.
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from hrdd.store.tables import sessions, users

TOUCH_EVERY = dt.timedelta(seconds=60)  # last_seen_at is written at most this often per session


@dataclass(frozen=True, slots=True)
class LiveSession:
    id: str
    username: str
    role: str
    csrf_token: str
    flash: str | None
    last_seen_at: dt.datetime


def insert_session(conn: sa.Connection, session_id: str, user_id: int, csrf_token: str, now: dt.datetime,
                   expires_at: dt.datetime, client: str) -> None:
    conn.execute(sessions.insert().values(id=session_id, user_id=user_id, csrf_token=csrf_token, created_at=now,
                                          last_seen_at=now, expires_at=expires_at, client=client[:64]))


def find_live(conn: sa.Connection, session_id: str, now: dt.datetime, idle_since: dt.datetime) -> LiveSession | None:
    row = conn.execute(
        sa.select(sessions.c.id, users.c.username, users.c.role, sessions.c.csrf_token, sessions.c.flash,
                  sessions.c.last_seen_at)
        .join(users, users.c.id == sessions.c.user_id)
        .where(sessions.c.id == session_id, sessions.c.revoked_at.is_(None), sessions.c.expires_at > now,
               sessions.c.last_seen_at > idle_since, users.c.active.is_(True))
    ).first()
    if row is None:
        return None
    return LiveSession(row.id, row.username, row.role, row.csrf_token, row.flash, row.last_seen_at)


def touch(conn: sa.Connection, session_id: str, now: dt.datetime) -> None:
    """Record activity, at most once per TOUCH_EVERY (a write per request would serialise SQLite)."""
    conn.execute(sessions.update()
                 .where(sessions.c.id == session_id, sessions.c.revoked_at.is_(None),
                        sessions.c.last_seen_at < now - TOUCH_EVERY)
                 .values(last_seen_at=now))


def set_flash(conn: sa.Connection, session_id: str, message: str | None) -> None:
    conn.execute(sessions.update().where(sessions.c.id == session_id).values(flash=message[:300] if message else None))


def revoke(conn: sa.Connection, session_id: str, now: dt.datetime, reason: str) -> bool:
    result = conn.execute(sessions.update()
                          .where(sessions.c.id == session_id, sessions.c.revoked_at.is_(None))
                          .values(revoked_at=now, revoked_reason=reason))
    return result.rowcount > 0


def revoke_for_user(conn: sa.Connection, username: str, now: dt.datetime, reason: str) -> int:
    """End every open session of ``username``; the number ended."""
    user_ids = sa.select(users.c.id).where(users.c.username == username).scalar_subquery()
    result = conn.execute(sessions.update()
                          .where(sessions.c.user_id == user_ids, sessions.c.revoked_at.is_(None))
                          .values(revoked_at=now, revoked_reason=reason))
    return int(result.rowcount)


def count_open(conn: sa.Connection, username: str, now: dt.datetime) -> int:
    return int(conn.execute(
        sa.select(sa.func.count()).select_from(sessions.join(users, users.c.id == sessions.c.user_id))
        .where(users.c.username == username, sessions.c.revoked_at.is_(None), sessions.c.expires_at > now)
    ).scalar_one())


def purge(conn: sa.Connection, ended_before: dt.datetime) -> int:
    """Delete sessions that expired or were revoked before ``ended_before``."""
    result = conn.execute(sessions.delete().where(sa.or_(sessions.c.expires_at < ended_before,
                                                         sessions.c.revoked_at < ended_before)))
    return int(result.rowcount)
