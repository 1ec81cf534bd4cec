"""Reviewer judgements on screening hits, kept in the shared database.

The screening engine asks a ``JudgementStore`` whether a (party, list entry) pair was judged
before; this one reads and writes the ``judgements`` table, so a judgement made in the web UI,
through the API or with ``hrdd screen-judge`` applies to every later screening, on every app
server, until the list entry changes.

A judgement is recorded by compare-and-set in one transaction with its audit entry: a form
carries the judgement it showed (:func:`judgement_token`), and a save made on a judgement that
someone else has since replaced is refused (:class:`~hrdd.exc.Conflict`) instead of silently
overwriting it. ``CURRENT`` writes over whatever is recorded when the write happens (the CLI, and
a case's hit review, which is itself a compare-and-set on the case), yet two writers racing on
the same pair still cannot both win.
"""

import datetime as dt
from typing import Any

from hrdd.exc import Conflict, NotFound
from hrdd.logs import get_logger
from hrdd.screening.judgements import Judgement, Verdict, make_judgement
from hrdd.settings import Settings
from hrdd.store import Store, audit
from hrdd.store import hits as hit_rows

log = get_logger(__name__)

CURRENT = "current"  # write over whatever judgement is recorded when the write happens


def judgement_token(decided_at: dt.datetime | str | None) -> str:
    """What a form carries of the judgement it showed: its time (UTC, ISO), or "" for none."""
    if decided_at is None or decided_at == "":
        return ""
    when = dt.datetime.fromisoformat(decided_at) if isinstance(decided_at, str) else decided_at
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat()


def _judgement(row: hit_rows.JudgementRow) -> Judgement:
    return Judgement(party_key=row.party_key, entry_id=row.entry_id, verdict=Verdict(row.judgement),
                     reason=row.reason, entry_digest=row.entry_hash, decided_at=judgement_token(row.decided_at),
                     reviewer=row.decided_by)


def record_judgement(conn: Any, judgement: Judgement, *, seen: str = CURRENT) -> None:
    """Record ``judgement`` in the caller's transaction, with its audit entry, if the pair's
    recorded judgement is still the one ``seen`` names (``""``: none; ``CURRENT``: any)."""
    current = hit_rows.get_judgement(conn, judgement.party_key, judgement.entry_id)
    shown = judgement_token(current.decided_at) if current else ""
    if seen != CURRENT and seen != shown:
        if current is None:
            raise Conflict("the judgement shown on the page is no longer on record; screen the name again")
        raise Conflict(f"{current.decided_by} judged this hit {current.judgement.replace('_', ' ')} at {shown[:16]} "
                       f"UTC since the page was shown ({current.reason}); screen the name again to see it, "
                       "and judge again if you disagree")
    decided = dt.datetime.fromisoformat(judgement.decided_at) if judgement.decided_at else dt.datetime.now(dt.UTC)
    row = hit_rows.JudgementRow(
        party_key=judgement.party_key, entry_id=judgement.entry_id, entry_hash=judgement.entry_digest,
        judgement=str(judgement.verdict), reason=judgement.reason, decided_by=judgement.reviewer or "cli",
        decided_at=decided if decided.tzinfo else decided.replace(tzinfo=dt.UTC))
    if not hit_rows.put_judgement(conn, row, seen=current.decided_at if current else None):
        raise Conflict("another reviewer judged this hit at the same moment; screen the name again to see "
                       "their judgement")
    # the audit names the list entry, never the screened party's name
    audit.append(conn, actor=row.decided_by, action="screening.judge", entity="list_entry",
                 entity_id=judgement.entry_id,
                 before={"verdict": current.judgement, "reason": current.reason} if current else None,
                 after={"verdict": row.judgement, "reason": row.reason})


def prepare_judgement(party: str, entry_id: str, verdict: str, reason: str, *, settings: Settings | None = None,
                      reviewer: str = "") -> Judgement:
    """A checked judgement on (party, list entry ``{source}-{id}``), carrying the digest of the
    entry as loaded now (so that a later change of the entry reopens it)."""
    from hrdd.services.screening import open_screener

    screener = open_screener(settings)
    digest = ""
    if screener is not None:
        entry = screener.index.get(entry_id)
        if entry is None:
            raise NotFound(f"list entry {entry_id!r} is not in the loaded lists")
        digest = entry.digest
    return make_judgement(party, entry_id, verdict, reason, digest, reviewer)


def judge(party: str, entry_id: str, verdict: str, reason: str, *, settings: Settings | None = None,
          reviewer: str = "", seen: str = CURRENT) -> Judgement:
    """Record a reviewer's ``match``/``no_match`` for (party, list entry ``{source}-{id}``),
    made on the judgement ``seen`` (see :func:`record_judgement`)."""
    from hrdd.services.store import get_store

    judgement = prepare_judgement(party, entry_id, verdict, reason, settings=settings, reviewer=reviewer)
    with get_store(settings).transaction() as conn:
        record_judgement(conn, judgement, seen=seen)
    log.info("hit judged", extra={"ctx": {"entry_id": entry_id, "verdict": str(judgement.verdict)}})
    return judgement


class SqlJudgementStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, party_key: str, entry_id: str) -> Judgement | None:
        with self.store.transaction() as conn:
            row = hit_rows.get_judgement(conn, party_key, entry_id)
        return _judgement(row) if row is not None else None

    def put(self, judgement: Judgement) -> None:
        with self.store.transaction() as conn:
            record_judgement(conn, judgement)

    def all(self) -> list[Judgement]:
        with self.store.transaction() as conn:
            rows = hit_rows.all_judgements(conn)
        return [_judgement(r) for r in rows]
