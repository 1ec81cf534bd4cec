"""The audit trail: append-only, hash-chained.

Each entry's hash covers its own fields and the previous entry's hash, so a changed,
removed or reordered entry breaks the chain at a place ``verify_chain`` names.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import is_postgres
from hrdd.store.tables import audit_log

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x68726464  # "hrdd"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    problem: str


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def entry_hash(prev_hash: str, seq: int, at: dt.datetime, actor: str, action: str, entity: str,
               entity_id: str, before: Any, after: Any) -> str:
    body = json.dumps(
        [prev_hash, seq, _utc(at).isoformat(timespec="microseconds"), actor, action, entity, entity_id,
         before, after],
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(conn: sa.Connection, *, actor: str, action: str, entity: str, entity_id: str,
           before: Any = None, after: Any = None, at: dt.datetime | None = None) -> AuditEntry:
    """Append one entry in the caller's transaction (so the change and its record commit together)."""
    when = _utc(at or dt.datetime.now(dt.UTC))
    # JSON round-trip so the hash covers exactly what the database stores
    before = json.loads(json.dumps(before, default=str)) if before is not None else None
    after = json.loads(json.dumps(after, default=str)) if after is not None else None
    if is_postgres(conn.engine):
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        return _append_locked(conn, when, actor, action, entity, entity_id, before, after)
    # SQLite: take the database's write lock first (a write that changes nothing), so the chain's
    # head is read and extended by one writer at a time, in this process or another. A process
    # lock taken before the write lock would be held while waiting for a writer that then waits
    # for it ("database is locked" after the busy timeout).
    conn.execute(audit_log.update().where(sa.false()).values(seq=audit_log.c.seq))
    return _append_locked(conn, when, actor, action, entity, entity_id, before, after)


def _append_locked(conn: sa.Connection, when: dt.datetime, actor: str, action: str, entity: str,
                   entity_id: str, before: Any, after: Any) -> AuditEntry:
    last = conn.execute(sa.select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)).first()
    prev_hash = last.hash if last else GENESIS
    seq = (last.seq if last else 0) + 1
    digest = entry_hash(prev_hash, seq, when, actor, action, entity, entity_id, before, after)
    conn.execute(audit_log.insert().values(seq=seq, at=when, actor=actor, action=action, entity=entity,
                                           entity_id=entity_id, before=before, after=after,
                                           prev_hash=prev_hash, hash=digest))
    return AuditEntry(seq, when, actor, action, entity, entity_id, before, after, prev_hash, digest)


def entries(conn: sa.Connection, *, entity_id: str | None = None, limit: int | None = None,
            offset: int = 0) -> list[AuditEntry]:
    query = sa.select(audit_log).order_by(audit_log.c.seq)
    if entity_id is not None:
        query = query.where(audit_log.c.entity_id == entity_id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [AuditEntry(r.seq, _utc(r.at), r.actor, r.action, r.entity, r.entity_id, r.before, r.after,
                       r.prev_hash, r.hash) for r in conn.execute(query)]


def head(conn: sa.Connection) -> tuple[int, str]:
    """The last entry's sequence number and hash: an auditor records it to detect truncation later."""
    last = conn.execute(sa.select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)).first()
    return (last.seq, last.hash) if last else (0, GENESIS)


def count(conn: sa.Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar_one())


def verify_chain(conn: sa.Connection, anchor: tuple[int, str] | None = None) -> list[ChainBreak]:
    """Walk the whole log; return every place the chain is broken (empty when intact).

    ``anchor`` is a (seq, hash) pair recorded earlier with :func:`head`; the chain must still
    contain that entry unchanged, which detects removal of the most recent entries.
    """
    breaks: list[ChainBreak] = []
    seen_anchor = anchor is None
    expected_prev = GENESIS
    expected_seq = 1
    for e in entries(conn):
        if e.seq != expected_seq:
            breaks.append(ChainBreak(e.seq, f"entries {expected_seq}..{e.seq - 1} are missing"
                                     if e.seq > expected_seq else "sequence goes backwards"))
        if e.prev_hash != expected_prev:
            breaks.append(ChainBreak(e.seq, "does not follow the previous entry (removed or reordered entries)"))
        recomputed = entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.action, e.entity, e.entity_id,
                                e.before, e.after)
        if recomputed != e.hash:
            breaks.append(ChainBreak(e.seq, "content was changed after it was written"))
        if anchor is not None and e.seq == anchor[0]:
            seen_anchor = True
            if e.hash != anchor[1]:
                breaks.append(ChainBreak(e.seq, "differs from the recorded anchor"))
        expected_prev = e.hash
        expected_seq = e.seq + 1
    if not seen_anchor and anchor is not None:
        breaks.append(ChainBreak(anchor[0], "the recorded anchor entry is gone (the log was truncated)"))
    return breaks
