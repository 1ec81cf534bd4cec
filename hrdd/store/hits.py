"""Screening hits recorded on a case, with their review, and remembered judgements."""

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.model.hit_groups import content_changes
from hrdd.store import hit_reviews as review_rows
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
    """Store the hits of a new screening of the case, each with its review (``hit_reviews``).

    A hit is reviewed when the case has a review of the same screened name against the same listed
    entity (``{source}-{entry_id}``) made on the same entity content (``entry_hash``). When the
    entity's content changed since, the hit is open again and carries the earlier review and what
    changed in ``detail["previous_review"]``. A review recorded before contents were kept (no hash)
    adopts the content of the first screening that finds the entity again."""
    conn.execute(hits.delete().where(hits.c.case_id == case_id))
    return add_hits(conn, case_id, new_hits)


def add_hits(conn: sa.Connection, case_id: str, new_hits: list[dict[str, Any]]) -> list[HitRow]:
    """Add hits to the case's (a re-screening against a list delta), each with its review as
    ``replace_hits`` gives it. Records should come through ``hrdd.services.hit_reviews.enrich_hits``
    (content hash, content and group of the listed entity); without them a review still applies,
    but a change of the entity cannot be told."""
    reviews = review_rows.reviews_of(conn, case_id)
    for h in new_hits:
        key = (h["query"], f"{h['source']}-{h['entry_id']}")
        review = reviews.get(key)
        entry_hash = str(h.get("entry_hash", ""))
        detail = dict(h.get("detail", {}))
        detail.pop("previous_review", None)
        current = review is not None and (review.content_hash in ("", entry_hash) or not entry_hash)
        if review is not None and not current:
            detail["previous_review"] = {
                "status": review.status, "reason": review.reason, "reviewed_by": review.reviewed_by,
                "reviewed_at": review.reviewed_at.isoformat(), "reviewed_revision": review.reviewed_revision,
                "changes": content_changes(review.content or {}, detail.get("entity") or {})}
        elif review is not None and not review.content_hash and entry_hash:
            review_rows.put_review(conn, dataclasses.replace(review, content_hash=entry_hash,
                                                             content=detail.get("entity")))
        kept = review if current else None
        conn.execute(hits.insert().values(
            case_id=case_id, party=h["party"], query=h["query"], source=h["source"], entry_id=h["entry_id"],
            entry_hash=entry_hash, name=h["name"], score=h["score"], detail=detail,
            status=kept.status if kept else "open",
            reviewed_by=kept.reviewed_by if kept else None,
            reason=kept.reason if kept else None,
            reviewed_at=kept.reviewed_at if kept else None,
            reviewed_revision=kept.reviewed_revision if kept else None,
        ))
    return list_hits(conn, case_id)


def list_hits(conn: sa.Connection, case_id: str) -> list[HitRow]:
    rows = conn.execute(sa.select(hits).where(hits.c.case_id == case_id).order_by(hits.c.score.desc(), hits.c.id))
    return [_hit(r) for r in rows]


def get_hit(conn: sa.Connection, hit_id: int) -> HitRow | None:
    row = conn.execute(sa.select(hits).where(hits.c.id == hit_id)).first()
    return _hit(row) if row else None


def review_hit(conn: sa.Connection, hit_id: int, *, status: str, reviewer: str, reason: str, revision: int) -> None:
    """Show the review on the hit row (the review itself is kept in ``hit_reviews``); a review made
    because the listed entity changed answers the earlier one, which the row stops carrying."""
    detail = conn.execute(sa.select(hits.c.detail).where(hits.c.id == hit_id)).scalar() or {}
    conn.execute(hits.update().where(hits.c.id == hit_id).values(
        status=status, reviewed_by=reviewer, reason=reason, reviewed_at=dt.datetime.now(dt.UTC),
        reviewed_revision=revision, detail={k: v for k, v in dict(detail).items() if k != "previous_review"}))


def get_judgement(conn: sa.Connection, party_key: str, entry_id: str) -> JudgementRow | None:
    row = conn.execute(sa.select(judgements).where(judgements.c.party_key == party_key,
                                                   judgements.c.entry_id == entry_id)).first()
    if row is None:
        return None
    return JudgementRow(row.party_key, row.entry_id, row.entry_hash, row.judgement, row.reason, row.decided_by,
                        row.decided_at)


def put_judgement(conn: sa.Connection, j: JudgementRow, *, seen: dt.datetime | None) -> bool:
    """Compare-and-set: record ``j`` only if the pair's judgement is still the one decided at
    ``seen`` (``None``: there was none). Returns whether it was recorded."""
    values = {"party_key": j.party_key, "entry_id": j.entry_id, "entry_hash": j.entry_hash,
              "judgement": j.judgement, "reason": j.reason, "decided_by": j.decided_by, "decided_at": j.decided_at}
    if seen is None:
        if is_postgres(conn.engine):
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            pstmt = pg_insert(judgements).values(**values).on_conflict_do_nothing(
                index_elements=["party_key", "entry_id"]).returning(judgements.c.id)
            return conn.execute(pstmt).first() is not None  # (rowcount is -1 here under psycopg)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        sstmt = sqlite_insert(judgements).values(**values).on_conflict_do_nothing(
            index_elements=["party_key", "entry_id"]).returning(judgements.c.id)
        return conn.execute(sstmt).first() is not None
    changed = conn.execute(judgements.update().where(
        judgements.c.party_key == j.party_key, judgements.c.entry_id == j.entry_id,
        judgements.c.decided_at == seen).values(**values))
    return changed.rowcount == 1


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
