"""Screening hits recorded on a case, with their review, and remembered judgements."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import is_postgres, row_as
from hrdd.store.tables import hits, judgements


@dataclass(frozen=True, slots=True)
class HitRow:
    id: int
    case_id: str
    party: str
    query: str
    source: str
    entry_id: str
    entry_hash: str
    name: str
    score: float
    detail: dict[str, Any]
    status: str
    reviewed_by: str | None
    reason: str | None
    reviewed_at: dt.datetime | None
    reviewed_revision: int | None  # the case revision the review was made on


@dataclass(frozen=True, slots=True)
class JudgementRow:
    party_key: str
    entry_id: str
    entry_hash: str
    judgement: str
    reason: str
    decided_by: str
    decided_at: dt.datetime


def _hit(r: Any) -> HitRow:
    return row_as(HitRow, r)


def replace_hits(conn: sa.Connection, case_id: str, new_hits: list[dict[str, Any]]) -> list[HitRow]:
    """Store the hits of a new screening; keep the review of a hit whose list entry is unchanged."""
    old = {(h.party, h.query, h.entry_id): h for h in list_hits(conn, case_id)}
    conn.execute(hits.delete().where(hits.c.case_id == case_id))
    for h in new_hits:
        prior = old.get((h["party"], h["query"], h["entry_id"]))
        kept = prior is not None and prior.entry_hash == h.get("entry_hash", "") and prior.status != "open"
        conn.execute(hits.insert().values(
            case_id=case_id, party=h["party"], query=h["query"], source=h["source"], entry_id=h["entry_id"],
            entry_hash=h.get("entry_hash", ""), name=h["name"], score=h["score"], detail=h.get("detail", {}),
            status=prior.status if kept and prior else "open",
            reviewed_by=prior.reviewed_by if kept and prior else None,
            reason=prior.reason if kept and prior else None,
            reviewed_at=prior.reviewed_at if kept and prior else None,
            reviewed_revision=prior.reviewed_revision if kept and prior else None,
        ))
    return list_hits(conn, case_id)


def list_hits(conn: sa.Connection, case_id: str) -> list[HitRow]:
    rows = conn.execute(sa.select(hits).where(hits.c.case_id == case_id).order_by(hits.c.score.desc(), hits.c.id))
    return [_hit(r) for r in rows]


def get_hit(conn: sa.Connection, hit_id: int) -> HitRow | None:
    row = conn.execute(sa.select(hits).where(hits.c.id == hit_id)).first()
    return _hit(row) if row else None


def review_hit(conn: sa.Connection, hit_id: int, *, status: str, reviewer: str, reason: str, revision: int) -> None:
    conn.execute(hits.update().where(hits.c.id == hit_id).values(
        status=status, reviewed_by=reviewer, reason=reason, reviewed_at=dt.datetime.now(dt.UTC),
        reviewed_revision=revision))


def get_judgement(conn: sa.Connection, party_key: str, entry_id: str) -> JudgementRow | None:
    row = conn.execute(sa.select(judgements).where(judgements.c.party_key == party_key,
                                                   judgements.c.entry_id == entry_id)).first()
    if row is None:
        return None
    return JudgementRow(row.party_key, row.entry_id, row.entry_hash, row.judgement, row.reason, row.decided_by,
                        row.decided_at)


def put_judgement(conn: sa.Connection, j: JudgementRow) -> None:
    values = {"party_key": j.party_key, "entry_id": j.entry_id, "entry_hash": j.entry_hash,
              "judgement": j.judgement, "reason": j.reason, "decided_by": j.decided_by, "decided_at": j.decided_at}
    if is_postgres(conn.engine):
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(judgements).values(**values)
        conn.execute(stmt.on_conflict_do_update(constraint="uq_judgements_party_entry", set_=values))
        return
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    sstmt = sqlite_insert(judgements).values(**values)
    conn.execute(sstmt.on_conflict_do_update(index_elements=["party_key", "entry_id"], set_=values))


def all_judgements(conn: sa.Connection) -> list[JudgementRow]:
    rows = conn.execute(sa.select(judgements).order_by(judgements.c.party_key, judgements.c.entry_id))
    return [JudgementRow(r.party_key, r.entry_id, r.entry_hash, r.judgement, r.reason, r.decided_by, r.decided_at)
            for r in rows]


def recorded_score(conn: sa.Connection, case_id: str, query: str, source: str, entry_id: str) -> float | None:
    """The score of the case's recorded hit of ``query`` on this list entry, or None when it has none."""
    score = conn.execute(sa.select(sa.func.max(hits.c.score)).where(
        hits.c.case_id == case_id, hits.c.query == query, hits.c.source == source,
        hits.c.entry_id == entry_id)).scalar()
    return None if score is None else float(score)
