"""Full-text search over cases: SQLite FTS5 and PostgreSQL tsvector + GIN (migrations 0008, 0019).

What is searched: the title, the end user, the country code and the whole case file (so
products, capabilities, intermediaries and sellers are found too). What the user types is
never passed to the search engine's own syntax: it is cut into words, and each word must
start a word of the case (prefix match, accents folded on SQLite), all words together.

The capability filter reads ``case_capabilities`` (the ids the case's products name, written
with the case by ``write_facets``), not the text. On PostgreSQL a typed prefix is first turned
into the exact words it starts, read from ``search_words`` (every word of every case, kept by
a trigger): GIN intersects their short posting lists instead of collecting every word that
shares the prefix (a common word such as "trading" cost 200 ms that way at 1,000,000 cases).

Counting: a page that is not full counts itself. Otherwise SQLite counts the matches, up to
``COUNT_CAP``. On PostgreSQL every match counted is a table page read, so the page query is
EXPLAINed first: when the plan reads every match to sort them anyway, the same query counts
them (``count(*) OVER ()``); when it walks an index and stops after one page, the matches are
counted only if the planner expects at most ``PG_EXACT_UP_TO``, else its estimate is shown
("about 8,500").
"""

import json
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSQUERY

from hrdd.catalog.parse import CASE_FILE, parse_yaml
from hrdd.store.db import is_postgres
from hrdd.store.tables import case_capabilities

COUNT_CAP = 10_000
PG_EXACT_UP_TO = 1_000  # PostgreSQL counts this many matches at most; past it, the planner's estimate
MAX_WORDS = 8
EXPAND_AT_MOST = 32  # a prefix starting more words than this stays a prefix search
_WORD = re.compile(r"\w+", re.UNICODE)
PG_CONFIG = "simple"  # names in every language: no stemming, no stop words
search_words = sa.table("search_words", sa.column("word", sa.Text))  # PostgreSQL only (migration 0019)


@dataclass(frozen=True, slots=True)
class Count:
    """How many cases match: exact, or more than ``value`` (a proven lower bound), with the
    planner's ``estimate`` when PostgreSQL did not count them all."""

    value: int
    exact: bool
    estimate: int | None = None

    def __str__(self) -> str:
        if self.exact:
            return f"{self.value:,}"
        if self.estimate is not None and self.estimate > self.value:
            return f"about {_rounded(self.estimate):,}"
        return f"more than {self.value:,}"


def _rounded(n: int) -> int:
    """Two significant figures: an estimate is not precise, and should not look so."""
    if n < 100:
        return n
    scale = 10 ** (len(str(n)) - 2)
    return int(round(n / scale) * scale)


def query_words(text: str) -> list[str]:
    """The words of what the user typed, lower-cased, at most ``MAX_WORDS``."""
    return [w.lower() for w in _WORD.findall(text) if w.strip("_")][:MAX_WORDS]


def fts5_query(words: list[str]) -> str:
    """An FTS5 MATCH expression: every word as a quoted prefix phrase (no operator injection)."""
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words)


def tsquery(words: list[str]) -> str:
    """A to_tsquery expression: every word as a prefix, all required."""
    return " & ".join(w.replace("'", "") + ":*" for w in words)


def _lexeme(word: str) -> str:
    """A word as a tsquery operand, taken literally."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def capabilities_of(case_text: str) -> list[str]:
    """The capability ids the case file's products name, in order, once each (migration 0019
    holds a copy for its backfill; ``tests/store/test_search_facets.py`` checks they agree)."""
    parsed = parse_yaml(case_text, "case", CASE_FILE)  # the case loader's reader: YAML 1.2, bounded
    data = None if parsed.problems else parsed.data
    products = data.get("products") if isinstance(data, dict) else None
    found: dict[str, None] = {}
    for product in products if isinstance(products, list) else []:
        capabilities = product.get("capabilities") if isinstance(product, dict) else None
        for capability in capabilities if isinstance(capabilities, list) else []:
            if isinstance(capability, str) and capability.strip():
                found[capability.strip()[:80]] = None
    return list(found)


def write_facets(conn: sa.Connection, case_id: str, case_text: str) -> None:
    """Keep the case's search facts in step with its text, in the caller's transaction."""
    conn.execute(case_capabilities.delete().where(case_capabilities.c.case_id == case_id))
    found = capabilities_of(case_text)
    if found:
        conn.execute(case_capabilities.insert(), [{"capability": c, "case_id": case_id} for c in found])


def capability_clause(cases: sa.Table, capability: str, *, drive: bool = True) -> sa.ColumnElement[bool]:
    """Cases whose products name ``capability``. ``drive=False`` (SQLite) keeps the capability
    rows from driving the plan (the unary +): an index of filter + order then does, and the
    rows are probed, instead of looking up thousands of cases by id and sorting them."""
    column = cases.c.id if drive else sa.literal_column(f"+{cases.name}.id")
    return column.in_(sa.select(case_capabilities.c.case_id).where(case_capabilities.c.capability == capability))


def _pg_expanded(conn: sa.Connection, words: list[str]) -> sa.ColumnElement[Any] | None:
    """The tsquery for ``words`` with each prefix replaced by the words it starts (None: some
    prefix starts no word at all, so nothing matches)."""
    split = conn.execute(sa.text(
        "SELECT t.i, tsvector_to_array(to_tsvector(CAST(:config AS regconfig), t.w)) FROM "
        "unnest(CAST(:words AS text[])) WITH ORDINALITY AS t(w, i)"), {"config": PG_CONFIG, "words": words}).all()
    single = {int(i): lexemes[0] for i, lexemes in split if len(lexemes) == 1}
    kept = [w for i, w in enumerate(words, 1) if i not in single]  # a phrase ("facial_recognition"): as before
    expanded: dict[int, list[str]] = {i: [] for i in single}
    if single:
        order = sorted(single)
        rows = conn.execute(sa.text(
            'SELECT t.i, x.word FROM unnest(CAST(:lows AS text[])) WITH ORDINALITY AS t(low, i) CROSS JOIN LATERAL '
            '(SELECT word FROM search_words WHERE word >= t.low COLLATE "C" AND word < (t.low || chr(1114111)) '
            'COLLATE "C" ORDER BY word LIMIT :most) AS x'), {"lows": [single[i] for i in order],
                                                              "most": EXPAND_AT_MOST + 1})
        for position, word in rows:
            expanded[order[int(position) - 1]].append(word)
    parts: list[str] = []
    for i, found in expanded.items():
        if not found:
            return None
        if len(found) > EXPAND_AT_MOST:
            kept.append(words[i - 1])
        else:
            parts.append("(" + " | ".join(_lexeme(w) for w in found) + ")")
    query: sa.ColumnElement[Any] | None = None
    if parts:
        query = sa.cast(sa.literal(" & ".join(parts)), TSQUERY)
    if kept:
        prefix = sa.func.to_tsquery(PG_CONFIG, tsquery(kept))
        query = prefix if query is None else query.op("&&")(prefix)
    return query


# above this many matches the SQLite plan walks the list's own index and probes the matches,
# instead of reading every match and sorting it (a broad word would read thousands of rows)
PROBE_ABOVE = 1_000


@dataclass(frozen=True, slots=True)
class TextMatch:
    """A text search as a WHERE condition, with how many cases the words match on SQLite
    (counted in the search index, which also picks the plan; None on PostgreSQL)."""

    clause: sa.ColumnElement[bool]
    count: Count | None


def text_clause(conn: sa.Connection, cases: sa.Table, text: str) -> TextMatch | None:
    """The WHERE condition for a text search of ``cases`` (None: nothing searchable typed)."""
    words = query_words(text)
    if not words:
        return None
    if is_postgres(conn.engine):
        query = _pg_expanded(conn, words)
        return TextMatch(sa.false() if query is None else sa.literal_column("cases.search").op("@@")(query), None)
    matching = sa.text("SELECT rowid FROM case_search WHERE case_search MATCH :fts").bindparams(
        fts=fts5_query(words)).columns(sa.column("rowid", sa.Integer))
    count = match_count(conn, words)
    # SQLite's unary + keeps a term from driving the plan: the list's index then does
    rowid = "cases.rowid" if count.value <= PROBE_ABOVE else "+cases.rowid"
    return TextMatch(sa.literal_column(rowid).in_(matching), count)


def match_count(conn: sa.Connection, words: list[str]) -> Count:
    """How many cases the words match, from the SQLite search index alone (capped)."""
    query: sa.Select[Any] = sa.select(sa.literal_column("rowid")).select_from(sa.table("case_search")).where(
        sa.text("case_search MATCH :fts").bindparams(fts=fts5_query(words)))
    return capped_count(conn, query)


def capped_count(conn: sa.Connection, query: sa.Select[Any], cap: int | None = None) -> Count:
    """The number of rows ``query`` returns, counting no further than ``cap`` (``COUNT_CAP``) + 1."""
    cap = COUNT_CAP if cap is None else cap
    found = conn.execute(sa.select(sa.func.count()).select_from(query.limit(cap + 1).subquery())).scalar_one()
    return Count(cap, False) if found > cap else Count(int(found), True)


@dataclass(frozen=True, slots=True)
class Plan:
    """What PostgreSQL's planner says of a page query: the rows it expects to match (before
    the page's LIMIT), and whether it reads them all to sort them (then counting is free)."""

    estimate: int
    reads_all: bool


def page_plan(conn: sa.Connection, query: sa.Select[Any]) -> Plan:
    """EXPLAIN (nothing is read) of a page query ``... ORDER BY ... LIMIT n``, PostgreSQL."""
    compiled = query.compile(dialect=conn.dialect)
    found = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + compiled.string, compiled.params).scalar_one()
    node = (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]
    while node["Node Type"] == "Limit":
        node = node["Plans"][0]
    sorted_all = node["Node Type"] == "Sort" or (node["Node Type"] == "Gather Merge"
                                                 and node["Plans"][0]["Node Type"] == "Sort")
    return Plan(int(node["Plan Rows"]), sorted_all)


def count_matches(conn: sa.Connection, query: sa.Select[Any], *, at_least: int, plan: Plan | None = None) -> Count:
    """How many rows ``query`` returns, knowing there are more than ``at_least``: SQLite counts
    up to ``COUNT_CAP``; PostgreSQL up to ``PG_EXACT_UP_TO`` when the planner expects no more,
    else gives the planner's estimate (``plan``, of the page query)."""
    if plan is None:
        return capped_count(conn, query)
    if plan.estimate <= PG_EXACT_UP_TO:
        counted = capped_count(conn, query, PG_EXACT_UP_TO)
        if counted.exact:
            return counted
        return Count(max(PG_EXACT_UP_TO, at_least), False)  # the planner was wrong: say only what is known
    return Count(at_least, False, plan.estimate)


def rebuild_search(conn: sa.Connection) -> None:
    """Rebuild the SQLite index from the cases (after a VACUUM, which may renumber rowids);
    PostgreSQL's column is computed by the database and needs nothing."""
    if not is_postgres(conn.engine):
        conn.execute(sa.text("INSERT INTO case_search(case_search) VALUES ('rebuild')"))
