"""Reviewer judgements on screening hits, kept in the shared database.

The screening engine asks a ``JudgementStore`` whether a (party, list entry) pair was judged
before; this one reads and writes the ``judgements`` table, so a judgement made in the web UI,
through the API or with ``hrdd screen-judge`` applies to every later screening, on every app
server, until the list entry changes.
"""

import datetime as dt

from hrdd.model.screening import Verdict
from hrdd.screening.judgements import Judgement
from hrdd.store import Store
from hrdd.store import hits as hit_rows


class SqlJudgementStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, party_key: str, entry_id: str) -> Judgement | None:
        with self.store.transaction() as conn:
            row = hit_rows.get_judgement(conn, party_key, entry_id)
        if row is None:
            return None
        return Judgement(party_key=row.party_key, entry_id=row.entry_id, verdict=Verdict(row.judgement),
                         reason=row.reason, entry_digest=row.entry_hash,
                         decided_at=row.decided_at.isoformat(), reviewer=row.decided_by)

    def put(self, judgement: Judgement) -> None:
        decided = dt.datetime.fromisoformat(judgement.decided_at) if judgement.decided_at else dt.datetime.now(dt.UTC)
        with self.store.transaction() as conn:
            hit_rows.put_judgement(conn, hit_rows.JudgementRow(
                party_key=judgement.party_key, entry_id=judgement.entry_id, entry_hash=judgement.entry_digest,
                judgement=str(judgement.verdict), reason=judgement.reason, decided_by=judgement.reviewer or "cli",
                decided_at=decided if decided.tzinfo else decided.replace(tzinfo=dt.UTC)))

    def all(self) -> list[Judgement]:
        with self.store.transaction() as conn:
            rows = hit_rows.all_judgements(conn)
        return [Judgement(r.party_key, r.entry_id, Verdict(r.judgement), r.reason, r.entry_hash,
                          r.decided_at.isoformat(), r.decided_by) for r in rows]
