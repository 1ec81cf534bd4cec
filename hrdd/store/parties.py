"""The party register: the screened parties of every monitored case, read from its current revision.

Re-screening reads parties from here instead of parsing every case file again; a case whose
revision moved on is read again (:func:`stale_cases`).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.model.lifecycle import State
from hrdd.store.tables import case_parties, cases

# states in which a case is no longer watched: every other state is "active or pending"
UNWATCHED_STATES = (State.TERMINATED.value, State.CLOSED.value)


def is_monitored() -> sa.ColumnElement[bool]:
    """The one predicate for "an active or pending case": re-screening covers exactly these."""
    return cases.c.state.not_in(UNWATCHED_STATES)


@dataclass(frozen=True, slots=True)
class PartyRow:
    case_id: str
    position: int
    revision: int
    role: str
    party_index: int | None
    name: str
    countries: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]


def stale_cases(conn: sa.Connection, *, limit: int = 500) -> list[tuple[str, int, str]]:
    """Monitored cases whose parties are missing or were read from an older revision:
    (case id, revision, case text)."""
    registered = (sa.select(case_parties.c.case_id, sa.func.max(case_parties.c.revision).label("revision"))
                  .group_by(case_parties.c.case_id).subquery())
    query = (sa.select(cases.c.id, cases.c.revision, cases.c.case_text)
             .select_from(cases.outerjoin(registered, registered.c.case_id == cases.c.id))
             .where(is_monitored(), sa.or_(registered.c.revision.is_(None),
                                           registered.c.revision != cases.c.revision))
             .order_by(cases.c.id).limit(limit))
    return [(r.id, int(r.revision), r.case_text) for r in conn.execute(query)]


def replace_parties(conn: sa.Connection, case_id: str, revision: int, parties: Sequence[dict[str, Any]]) -> None:
    """The parties of ``case_id`` at ``revision`` (each: role, party_index, name, countries, identifiers)."""
    conn.execute(case_parties.delete().where(case_parties.c.case_id == case_id))
    rows = [{"case_id": case_id, "position": i, "revision": revision, "role": p["role"],
             "party_index": p.get("party_index"), "name": p["name"][:300], "countries": list(p["countries"]),
             "identifiers": [list(pair) for pair in p["identifiers"]]} for i, p in enumerate(parties)]
    if rows:
        conn.execute(case_parties.insert(), rows)


def iter_parties(conn: sa.Connection, *, batch: int = 5000) -> Iterator[PartyRow]:
    """Every party of every monitored case, by case and position (read in batches)."""
    last: tuple[str, int] = ("", -1)
    while True:
        query = (sa.select(case_parties).join(cases, cases.c.id == case_parties.c.case_id)
                 .where(is_monitored(), sa.tuple_(case_parties.c.case_id, case_parties.c.position) > sa.tuple_(*last))
                 .order_by(case_parties.c.case_id, case_parties.c.position).limit(batch))
        rows = list(conn.execute(query))
        if not rows:
            return
        for r in rows:
            yield PartyRow(r.case_id, r.position, r.revision, r.role, r.party_index, r.name,
                           tuple(r.countries), tuple((str(a), str(b)) for a, b in r.identifiers))
        last = (rows[-1].case_id, rows[-1].position)


def count_parties(conn: sa.Connection) -> int:
    query = (sa.select(sa.func.count()).select_from(case_parties.join(cases, cases.c.id == case_parties.c.case_id))
             .where(is_monitored()))
    return int(conn.execute(query).scalar_one())
