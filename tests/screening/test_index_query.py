"""On a real list (OFAC SDN, ``../shared/data``): the candidate query built from pieces kept across
queries (``hrdd.screening.index_query``) finds the same hits with the same scores as the query
built anew each time, and ``TantivyIndex.candidates`` returns the same entries in the same order
as before (the reference: ``tests/screening/index_reference.py``), for listed names, respellings,
names made of listed words with one or two letters changed, and party names, each asked several
times so that later asks use the kept pieces and the long words' entries looked up by id.
"""

import csv
import random
from pathlib import Path

import pytest

from bench.rescreen import _respell
from bench.screening_batch import write_parties
from hrdd.screening.index import TIE_EXTRA, TantivyIndex
from hrdd.screening.index_query import LONG_TOKEN
from hrdd.screening.normalize import name_tokens
from hrdd.screening.record import Record, query_record
from tests.screening import index_reference as ref
from tests.screening.ofac_sample import PARTY_SCHEMATA, ofac_sample

ENTRIES = 4000
QUERIES = 120


def _edited(word: str, rng: random.Random, edits: int) -> str:
    for _ in range(edits):
        i = rng.randrange(len(word))
        kind = rng.randrange(3)
        if kind == 0:
            word = word[:i] + word[i + 1:]
        elif kind == 1:
            word = word[:i] + rng.choice("aeiourstnk") + word[i:]
        elif i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word


@pytest.fixture(scope="module")
def queries(tmp_path_factory: pytest.TempPathFactory) -> tuple[TantivyIndex, list[Record]]:
    index, sample, rng = ofac_sample(tmp_path_factory, ENTRIES, 23)
    parties = [r for r in sample if r.schema in PARTY_SCHEMATA]
    names = [rng.choice(r.names) for r in rng.sample(parties, QUERIES)]
    names += [_respell(r.names[0], rng) for r in rng.sample(parties, QUERIES) if len(r.names[0]) > 3]
    long_words = sorted({t for r in parties for n in r.names for t in name_tokens(n, "LegalEntity")
                         if len(t) >= LONG_TOKEN and t.isalpha()})
    names += [" ".join(_edited(w, rng, rng.randint(0, 2)) for w in rng.sample(long_words, rng.randint(1, 3)))
              for _ in range(QUERIES)]
    path = tmp_path_factory.mktemp("parties") / "parties.csv"
    write_parties(path, QUERIES, names[:5])
    records = [query_record([n], schema=rng.choice(("LegalEntity", "Company", "Person")),
                            countries=(rng.choice(("ru", "ir", "")),) if i % 3 else ()) for i, n in enumerate(names)]
    with path.open(encoding="utf-8", newline="") as fh:
        records += [query_record([row["name"]], schema=row["schema"]) for row in csv.DictReader(fh)]
    return index, [r for _ in range(3) for r in records]  # three times: later asks use what was kept


def test_candidates_equal_the_reference(queries: tuple[TantivyIndex, list[Record]]) -> None:
    index, records = queries
    before = TantivyIndex(index.path)  # the reference's own searcher and entry cache
    ties = 0
    for query in records:
        for limit in (50, 10):
            expected = [e.id for e in ref.candidates(before, query, limit)]
            assert [e.id for e in index.candidates(query, limit)] == expected, (query.names, limit)
        hits = index._open().search(index._query(query), limit=50 + TIE_EXTRA, count=False).hits
        ties += len(hits) > 50 and hits[49][0] - hits[50][0] <= 1e-6
    assert ties > len(records) // 20  # the tie-break is exercised, not only the plain cut


def test_queries_find_the_same_hits_with_the_same_scores(queries: tuple[TantivyIndex, list[Record]]) -> None:
    index, records = queries
    searcher = index._open()
    for query in records:
        got = searcher.search(index._query(query), limit=50 + TIE_EXTRA, count=False).hits
        expected = searcher.search(ref.query(index, query), limit=50 + TIE_EXTRA, count=False).hits
        assert [(s, a.segment_ord, a.doc) for s, a in got] == [(s, a.segment_ord, a.doc) for s, a in expected], \
            query.names
    kept = index._pieces._fuzzy_tokens
    # long words were looked up by their entries' ids (found some, and found none), not only by the automaton
    assert any(len(clauses) == 3 and "Const" in repr(clauses[2][1]) for clauses in kept.values())
    assert any(len(clauses) == 2 and len(token) >= LONG_TOKEN for token, clauses in kept.items())


def test_long_words_looked_up_in_the_table_find_the_same_candidates(
        queries: tuple[TantivyIndex, list[Record]]) -> None:
    """A batch's index finds long words' near terms in a table (``prepare_long_words``), not with
    tantivy's automaton: the same entries in the same order, and the same scores."""
    index, records = queries
    tabled = TantivyIndex(index.path)
    assert tabled.prepare_long_words() > 1000
    before = TantivyIndex(index.path)
    searcher = tabled._open()
    for query in records:
        for limit in (50, 10):
            assert [e.id for e in tabled.candidates(query, limit)] == [e.id for e in ref.candidates(before, query, limit)]
        got = searcher.search(tabled._query(query), limit=50 + TIE_EXTRA, count=False).hits
        expected = searcher.search(ref.query(tabled, query), limit=50 + TIE_EXTRA, count=False).hits
        assert [(s, a.doc) for s, a in got] == [(s, a.doc) for s, a in expected], query.names
    kept = tabled._pieces._fuzzy_tokens
    # long words with near terms found in the table, and without any
    assert any(len(t) >= LONG_TOKEN and len(c) == 3 and "Const" in repr(c[2][1]) for t, c in kept.items())
    assert any(len(t) >= LONG_TOKEN and len(c) == 2 for t, c in kept.items())
    assert not tabled._pieces._long_tokens_seen  # the automaton was never asked


def test_a_rebuilt_index_forgets_the_table(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path / "idx")
    index.build([Record(id="a", schema="Company", names=("Chornomornaftogaz",))], "one")
    assert index.prepare_long_words() == 1
    index.build([Record(id="b", schema="Company", names=("Transnistrianenergo",))], "two")
    assert [r.id for r in index.candidates(query_record(["Transnistrianenrego"], schema="Company"))] == ["b"]
    assert index._pieces._long_terms is None
