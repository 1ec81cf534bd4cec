"""``TantivyIndex.candidates`` as it was before its query pieces were kept across queries (issue
14), kept as the reference that tests/screening/test_index_query.py compares today's with: the
same query (so the same hits and scores) and the same candidates, in the same order.

Each function is the earlier body, run on today's index (its schema, searcher and entry cache).
"""

import tantivy

from hrdd.screening.align import quick_similarities
from hrdd.screening.index import TIE_EXTRA, TantivyIndex
from hrdd.screening.normalize import (
    PERSON_SCHEMATA,
    deletion_variants,
    index_terms,
    name_symbols,
    name_tokens,
)
from hrdd.screening.record import Record

MAX_FUZZY_TERMS = 8
MIN_FUZZY_LENGTH = 4
LONG_TOKEN = 10
MAX_FUZZY_LENGTH = 24
MAX_SYMBOL_NAMES = 8
_TIE = 1e-6
_INCOMPATIBLE = {
    "Person": ("Company", "Organization", "PublicBody", "Vessel", "Airplane"),
    "Company": ("Person", "Vessel", "Airplane"),
    "Organization": ("Person", "Vessel", "Airplane"),
    "PublicBody": ("Person", "Vessel", "Airplane"),
    "Vessel": ("Person", "Company", "Organization", "PublicBody", "Airplane"),
    "Airplane": ("Person", "Company", "Organization", "PublicBody", "Vessel"),
}


def _term_schema(record: Record) -> str:
    return "Person" if record.schema in PERSON_SCHEMATA else record.schema


def _fuzzy_token(token: str) -> bool:
    return MIN_FUZZY_LENGTH <= len(token) <= MAX_FUZZY_LENGTH and token.isalpha()


def _query_terms(record: Record) -> tuple[list[str], list[str]]:
    tokens: list[str] = []
    keys: list[str] = []
    schema = _term_schema(record)
    for name in record.all_names:
        t, k = index_terms(name, schema)
        tokens.extend(t)
        keys.extend(k)
    if schema == "Person":
        for name in record.all_names[:MAX_SYMBOL_NAMES]:
            keys.extend(name_symbols(name))
    return list(dict.fromkeys(tokens)), list(dict.fromkeys(keys))


def query(index: TantivyIndex, query: Record) -> tantivy.Query:
    schema = index._schema
    should: list[tuple[tantivy.Occur, tantivy.Query]] = []
    tokens, keys = _query_terms(query)
    plain = {t for name in query.all_names for t in name_tokens(name, _term_schema(query))}
    fuzzy = 0
    for token in tokens[:24]:
        should.append((tantivy.Occur.Should, tantivy.Query.boost_query(
            tantivy.Query.term_query(schema, "tokens", token), 2.0)))
        if token in plain and _fuzzy_token(token) and fuzzy < MAX_FUZZY_TERMS:
            fuzzy += 1
            variants = tantivy.Query.boolean_query([
                (tantivy.Occur.Should, tantivy.Query.term_query(schema, "dels", v))
                for v in deletion_variants(token)])
            should.append((tantivy.Occur.Should, tantivy.Query.const_score_query(variants, 1.0)))
            if len(token) >= LONG_TOKEN:
                should.append((tantivy.Occur.Should, tantivy.Query.fuzzy_term_query(
                    schema, "tokens", token, distance=2, transposition_cost_one=True)))
    for key in keys[:40]:
        should.append((tantivy.Occur.Should, tantivy.Query.term_query(schema, "keys", key)))
    for _, value in query.identifiers:
        should.append((tantivy.Occur.Should, tantivy.Query.boost_query(
            tantivy.Query.term_query(schema, "ids", value), 20.0)))
    if not should:
        return tantivy.Query.empty_query()
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [
        (tantivy.Occur.Must, tantivy.Query.boolean_query(should))
    ]
    for other in _INCOMPATIBLE.get(query.schema, ()):
        clauses.append((tantivy.Occur.MustNot, tantivy.Query.term_query(schema, "schema", other)))
    return tantivy.Query.boolean_query(clauses)


def candidates(index: TantivyIndex, record: Record, limit: int = 50) -> list[Record]:
    searcher = index._open()
    if searcher.num_docs == 0:
        return []
    hits = searcher.search(query(index, record), limit=limit + TIE_EXTRA, count=False).hits
    if len(hits) > limit and hits[limit - 1][0] - hits[limit][0] <= _TIE:
        return _break_tie(index, searcher, record, hits, limit)
    return [r for r in (index._record(searcher, a) for _, a in hits[:limit]) if r is not None]


def _break_tie(index: TantivyIndex, searcher: tantivy.Searcher, query: Record,
               hits: list[tuple[float, tantivy.DocAddress]], limit: int) -> list[Record]:
    cut = hits[limit - 1][0]
    above = [r for r in (index._record(searcher, a) for s, a in hits if s - cut > _TIE) if r is not None]
    tied = [r for r in (index._record(searcher, a) for s, a in hits if abs(s - cut) <= _TIE) if r is not None]
    schema = _term_schema(query)

    def similarity(entry: Record) -> float:
        return max(quick_similarities(query.names, entry.names, schema), default=0.0)

    tied.sort(key=lambda entry: (-similarity(entry), entry.id))
    return above + tied[:limit - len(above)]
