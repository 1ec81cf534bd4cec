"""``hrdd.screening.two_edits``: the table gives exactly the terms within two edits (a
transposition counting one) of a word, as a brute-force scan and tantivy's automaton do."""

import random

import pytest
import tantivy
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from hrdd.screening.two_edits import EDITS, PREFIX, TwoEditTerms

SHORTEST = 8
letters = st.text(alphabet="abcde", min_size=SHORTEST, max_size=14)  # few letters: many near terms


def _edit(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + rng.choice("abcdex") + word[i:]
    if kind == 2:
        return word[:i] + rng.choice("abcdex") + word[i + 1:]
    return word[:i] + word[i + 1:i + 2] + word[i] + word[i + 2:]


def _words(terms: list[str], seed: int) -> list[str]:
    """Words made from the terms by up to three edits (none too short to look up)."""
    rng = random.Random(seed)
    words = []
    for term in terms:
        word = term
        for _ in range(rng.randint(0, 3)):
            word = _edit(word, rng)
        if len(word) >= SHORTEST + EDITS:
            words.append(word)
    return words


@settings(max_examples=150, deadline=None)
@given(st.lists(letters, min_size=1, max_size=40), st.integers(0, 1000))
def test_the_table_finds_exactly_the_terms_within_two_edits(terms: list[str], seed: int) -> None:
    table = TwoEditTerms(terms, SHORTEST)
    for word in _words(terms, seed):
        expected = {t for t in terms if OSA.distance(word, t) <= EDITS}
        assert set(table.within_two(word)) == expected, word


def test_the_table_finds_what_tantivys_automaton_finds() -> None:
    """The distance is tantivy's: an optimal string alignment (``ca`` is three edits from ``abc``,
    not two as with unrestricted transpositions)."""
    rng = random.Random(4)
    terms = sorted({"".join(rng.choice("abcdefgh") for _ in range(rng.randint(SHORTEST, 16))) for _ in range(3000)})
    terms += ["abcdefghijkl"]
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("tokens", tokenizer_name="raw", index_option="basic", stored=True)
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer(heap_size=50_000_000, num_threads=1)
    for term in terms:
        doc = tantivy.Document()
        doc.add_text("tokens", term)
        writer.add_document(doc)
    writer.commit()
    index.reload()
    searcher = index.searcher()
    table = TwoEditTerms(terms, SHORTEST)
    words = [*_words(rng.sample(terms, 400), 5), "cadefghijkl", "bacdefghijlk"]
    found_any = 0
    for word in words:
        query = tantivy.Query.fuzzy_term_query(schema, "tokens", word, distance=2, transposition_cost_one=True)
        hits = searcher.search(query, limit=len(terms), count=False).hits
        automaton = {searcher.doc(address)["tokens"][0] for _, address in hits}
        assert set(table.within_two(word)) == automaton, word
        found_any += bool(automaton)
    assert found_any > len(words) // 2
    assert table.within_two("cadefghijkl") == [] and table.within_two("bacdefghijlk") == ["abcdefghijkl"]


def test_short_terms_and_words_are_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        TwoEditTerms(["abcdefgh"], PREFIX - 1)
    table = TwoEditTerms(["abcdefgh", "abc"], SHORTEST)
    assert len(table) == 1  # shorter terms cannot be two edits from a word it looks up
    with pytest.raises(ValueError, match="shorter than"):
        table.within_two("abcdefgh")
