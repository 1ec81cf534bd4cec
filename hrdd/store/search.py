"""Full-text search over cases: SQLite FTS5 and PostgreSQL tsvector + GIN (migration 0008).

What is searched: the title, the end user, the country code and the whole case file (so
products, capabilities, intermediaries and sellers are found too). What the user types is
never passed to the search engine's own syntax: it is cut into words, and each word must
start a word of the case (prefix match, accents folded on SQLite), all words together.

Counting every match of a broad query is what made a page slow, so a page counts at most
``COUNT_CAP`` matches and says "more than" beyond that; rows are read in the list order with
keyset pagination (``after``) or a bounded offset.
"""

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import is_postgres

COUNT_CAP = 10_000
MAX_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)
PG_CONFIG = "simple"  # names in every language: no stemming, no stop words


@dataclass(frozen=True, slots=True)
class Count:
    """How many cases match: exact up to the cap, else "more than ``value``"."""

    value: int
    exact: bool

    def __str__(self) -> str:
        return f"{self.value:,}" if self.exact else f"more than {self.value:,}"


def query_words(text: str) -> list[str]:
    """The words of what the user typed, lower-cased, at most ``MAX_WORDS``."""
    return [w.lower() for w in _WORD.findall(text) if w.strip("_")][:MAX_WORDS]


def fts5_query(words: list[str]) -> str:
    """An FTS5 MATCH expression: every word as a quoted prefix phrase (no operator injection)."""
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words)


def tsquery(words: list[str]) -> str:
    """A to_tsquery expression: every word as a prefix, all required."""
    return " & ".join(w.replace("'", "") + ":*" for w in words)


# above this many matches the SQLite plan walks the list's own index and probes the matches,
# instead of reading every match and sorting it (a broad word would read thousands of rows)
PROBE_ABOVE = 1_000


def text_clause(conn: sa.Connection, cases: sa.Table, text: str) -> sa.ColumnElement[bool] | None:
    """The WHERE condition for a text search of ``cases`` (None: nothing searchable typed)."""
    words = query_words(text)
    if not words:
        return None
    if is_postgres(conn.engine):
        return sa.literal_column("cases.search").op("@@")(sa.func.to_tsquery(PG_CONFIG, tsquery(words)))
    matching = sa.text("SELECT rowid FROM case_search WHERE case_search MATCH :fts").bindparams(
        fts=fts5_query(words)).columns(sa.column("rowid", sa.Integer))
    # SQLite's unary + keeps a term from driving the plan: the list's index then does
    rowid = "cases.rowid" if match_count(conn, words).value <= PROBE_ABOVE else "+cases.rowid"
    return sa.literal_column(rowid).in_(matching)


def match_count(conn: sa.Connection, words: list[str]) -> Count:
    """How many cases the words match, from the search index alone (capped)."""
    query: sa.Select[Any]
    if is_postgres(conn.engine):
        query = sa.select(sa.literal_column("1")).select_from(sa.table("cases")).where(
            sa.literal_column("search").op("@@")(sa.func.to_tsquery(PG_CONFIG, tsquery(words))))
    else:
        query = sa.select(sa.literal_column("rowid")).select_from(sa.table("case_search")).where(
            sa.text("case_search MATCH :fts").bindparams(fts=fts5_query(words)))
    return capped_count(conn, query)


def capped_count(conn: sa.Connection, query: sa.Select[Any]) -> Count:
    """The number of rows ``query`` returns, counting no further than ``COUNT_CAP`` + 1."""
    found = conn.execute(sa.select(sa.func.count()).select_from(query.limit(COUNT_CAP + 1).subquery())).scalar_one()
    return Count(COUNT_CAP, False) if found > COUNT_CAP else Count(int(found), True)


def rebuild_search(conn: sa.Connection) -> None:
    """Rebuild the SQLite index from the cases (after a VACUUM, which may renumber rowids);
    PostgreSQL's column is computed by the database and needs nothing."""
    if not is_postgres(conn.engine):
        conn.execute(sa.text("INSERT INTO case_search(case_search) VALUES ('rebuild')"))
