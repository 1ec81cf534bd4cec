"""The tantivy query for a record's candidates, built from pieces kept across queries.

A batch of parties shares most of its words (given names, trades, legal forms): the clauses of
a plain word (the word itself, its one-letter deletions, the two-edit lookup of a long word) are
built once and reused by every later query with that word, not rebuilt.

The two-edit lookup of a long token (``fuzzy_term_query``, distance 2) walks the whole term
dictionary through a Levenshtein automaton: about 0.45 ms on the OFAC list, more than the rest
of the search together. The entries it finds for a token are therefore looked up once, by that
same query alone, and later queries ask for those entries by id instead (one clause scoring 1
on the same documents, as the automaton's clause does; none when it found nothing). A batch
goes further (``use_long_terms``): the terms within two edits come from a table of the index's
long terms (``hrdd.screening.two_edits``), and the clause asks for those terms. The query
is the old one clause for clause, in the same order, so every document gets the same score
(``tests/screening/test_index_query.py`` compares hits and scores with the previous code).
"""

from collections.abc import Callable
from typing import TypeVar

import tantivy

from hrdd.screening.normalize import (
    PERSON_SCHEMATA,
    deletion_variants,
    index_terms,
    name_symbols,
    name_tokens,
)
from hrdd.screening.record import Record
from hrdd.screening.two_edits import TwoEditTerms

MAX_FUZZY_TERMS = 8  # query tokens looked up by their one-letter deletions
MIN_FUZZY_LENGTH = 4
LONG_TOKEN = 10
MAX_FUZZY_LENGTH = 24
MAX_SYMBOL_NAMES = 8  # names per entry whose symbols are indexed (merged entries have dozens)
MAX_QUERY_TOKENS = 24
MAX_QUERY_KEYS = 40
PIECES_CACHE_SIZE = 20_000  # words whose clauses are kept
MAX_FUZZY_IDS = 64  # a long token whose two-edit lookup finds more entries keeps the automaton
INCOMPATIBLE = {
    "Person": ("Company", "Organization", "PublicBody", "Vessel", "Airplane"),
    "Company": ("Person", "Vessel", "Airplane"),
    "Organization": ("Person", "Vessel", "Airplane"),
    "PublicBody": ("Person", "Vessel", "Airplane"),
    "Vessel": ("Person", "Company", "Organization", "PublicBody", "Airplane"),
    "Airplane": ("Person", "Company", "Organization", "PublicBody", "Vessel"),
}
_SHOULD = tantivy.Occur.Should
_V = TypeVar("_V")

Clause = tuple[tantivy.Occur, tantivy.Query]
EntryIds = Callable[[tantivy.Query, int], list[str] | None]


def term_schema(record: Record) -> str:
    return "Person" if record.schema in PERSON_SCHEMATA else record.schema


def is_fuzzy_token(token: str) -> bool:
    return MIN_FUZZY_LENGTH <= len(token) <= MAX_FUZZY_LENGTH and token.isalpha()


def query_terms(record: Record) -> tuple[list[str], list[str], set[str]]:
    """(tokens, phonetic and symbol keys, plain name tokens) of a query's names: the terms the
    index holds for an entry, less the deletions (a query looks up those of its plain words)."""
    tokens: list[str] = []
    keys: list[str] = []
    plain: set[str] = set()
    schema = term_schema(record)
    for name in record.all_names:
        t, k = index_terms(name, schema)
        tokens.extend(t)
        keys.extend(k)
        plain.update(name_tokens(name, schema))
    if schema == "Person":
        for name in record.all_names[:MAX_SYMBOL_NAMES]:
            keys.extend(name_symbols(name))
    return list(dict.fromkeys(tokens)), list(dict.fromkeys(keys)), plain


def _remember(cache: dict[str, _V], key: str, value: _V) -> _V:
    if len(cache) >= PIECES_CACHE_SIZE:
        # start afresh (the common words come back at once); deleting the oldest one by one
        # makes a dict scan ever more deleted slots to find the next oldest
        cache.clear()
    cache[key] = value
    return value


class QueryPieces:
    """Builds a record's candidate query with the clauses of its plain words kept per word. The clauses
    standing for two-edit lookups name entries of one searcher: ``forget_entries`` when the
    index is reopened."""

    def __init__(self, schema: tantivy.Schema) -> None:
        self._schema = schema
        self._fuzzy_tokens: dict[str, tuple[Clause, ...]] = {}
        self._long_tokens_seen: dict[str, None] = {}
        self._excluded: dict[str, list[Clause]] = {}
        self._long_terms: TwoEditTerms | None = None

    def forget_entries(self) -> None:
        """Forget what names entries or terms of the searcher before (the index was reopened)."""
        self._fuzzy_tokens.clear()
        self._long_tokens_seen.clear()
        self._long_terms = None

    def use_long_terms(self, table: TwoEditTerms) -> None:
        """Find the terms two edits from a long word in ``table`` (the current searcher's long
        terms) rather than with tantivy's automaton."""
        self._long_terms = table

    def query(self, record: Record, entry_ids: EntryIds) -> tantivy.Query:
        """The candidate query of ``record``. ``entry_ids(query, most)`` gives the ids of the
        entries a query finds (None past ``most`` or when an id is not one entry's)."""
        should: list[Clause] = []
        tokens, keys, plain = query_terms(record)
        fuzzy = 0
        for token in tokens[:MAX_QUERY_TOKENS]:
            if token in plain and fuzzy < MAX_FUZZY_TERMS and is_fuzzy_token(token):
                fuzzy += 1
                clauses = self._fuzzy_tokens.get(token)
                if clauses is None:
                    clauses = self._fuzzy_token_clauses(token, entry_ids)
                should.extend(clauses)
            else:
                should.append(self._token_clause(token))  # as cheap to build as to look up
        for key in keys[:MAX_QUERY_KEYS]:
            should.append((_SHOULD, tantivy.Query.term_query(self._schema, "keys", key)))
        for _, value in record.identifiers:
            should.append((_SHOULD, tantivy.Query.boost_query(
                tantivy.Query.term_query(self._schema, "ids", value), 20.0)))
        if not should:
            return tantivy.Query.empty_query()
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.boolean_query(should)),
                                            *self._excluded_schemata(record.schema)])

    def _token_clause(self, token: str) -> Clause:
        return (_SHOULD, tantivy.Query.boost_query(tantivy.Query.term_query(self._schema, "tokens", token), 2.0))

    def _fuzzy_token_clauses(self, token: str, entry_ids: EntryIds) -> tuple[Clause, ...]:
        schema = self._schema
        # a token one edit away counts once, like a fuzzy term (constant score 1)
        variants = tantivy.Query.boolean_query([
            (_SHOULD, tantivy.Query.term_query(schema, "dels", v)) for v in deletion_variants(token)])
        clauses = (self._token_clause(token), (_SHOULD, tantivy.Query.const_score_query(variants, 1.0)))
        if len(token) < LONG_TOKEN:
            return _remember(self._fuzzy_tokens, token, clauses)
        # two edits in a long token (Chornomornaftogaz / Chornomoriaftoagz), constant score 1
        if self._long_terms is not None:
            near = self._long_terms.within_two(token)
            if not near:
                return _remember(self._fuzzy_tokens, token, clauses)
            terms = tantivy.Query.boolean_query([(_SHOULD, tantivy.Query.term_query(schema, "tokens", t)) for t in near])
            return _remember(self._fuzzy_tokens, token, (*clauses, (_SHOULD, tantivy.Query.const_score_query(terms, 1.0))))
        automaton = tantivy.Query.fuzzy_term_query(schema, "tokens", token, distance=2, transposition_cost_one=True)
        if token not in self._long_tokens_seen:
            # most long words of a batch come once: looking their entries up apart would cost a search more
            _remember(self._long_tokens_seen, token, None)
            return (*clauses, (_SHOULD, automaton))
        ids = entry_ids(automaton, MAX_FUZZY_IDS)
        if ids is None:
            return _remember(self._fuzzy_tokens, token, (*clauses, (_SHOULD, automaton)))
        if not ids:
            return _remember(self._fuzzy_tokens, token, clauses)
        found = tantivy.Query.boolean_query([(_SHOULD, tantivy.Query.term_query(schema, "id", i)) for i in ids])
        return _remember(self._fuzzy_tokens, token, (*clauses, (_SHOULD, tantivy.Query.const_score_query(found, 1.0))))

    def _excluded_schemata(self, schema: str) -> list[Clause]:
        clauses = self._excluded.get(schema)
        if clauses is None:
            clauses = self._excluded[schema] = [
                (tantivy.Occur.MustNot, tantivy.Query.term_query(self._schema, "schema", other))
                for other in INCOMPATIBLE.get(schema, ())]
        return clauses
