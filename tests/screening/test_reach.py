"""The bound of ``hrdd.screening.reach`` never says "cannot reach" of a pair that does, so
screening at a threshold finds the same hits with and without it (it only skips work).

Checked on a real list (OFAC SDN, ``../shared/data``): every pair of a query name and a
candidate's name, for list names, respellings of them and clean names, at several floors; on
generated variants of listed names (hypothesis); and screening with and without the bound gives
identical hits, scores and explanations. Under a rigour version the bound was not checked
against, it is not used.
"""

import csv
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.rescreen import _respell
from hrdd.screening import reach
from hrdd.screening.compare import _compare_schema
from hrdd.screening.matcher import HrddMatcherV1, HrddMatcherV2
from hrdd.screening.names_v2 import compare_names_v2
from hrdd.screening.normalize import PERSON_SCHEMATA
from hrdd.screening.record import Record, query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from tests.screening.ofac_sample import PARTY_SCHEMATA, ofac_sample

ENTRIES = 4000
QUERIES = 240
FLOORS = (0.5, 0.6, 0.7, 0.8, 0.95)
CLEAN = Path(__file__).resolve().parents[2] / "bench" / "data" / "clean_names.csv"


@pytest.fixture(scope="module")
def real_list(tmp_path_factory: pytest.TempPathFactory) -> tuple[Screener, list[Record], list[Record]]:
    index, sample, rng = ofac_sample(tmp_path_factory, ENTRIES, 21)
    parties = [r for r in sample if r.schema in PARTY_SCHEMATA]
    third = QUERIES // 3
    queries = [query_record([rng.choice(r.names)], schema=r.schema) for r in rng.sample(parties, third)]
    queries += [query_record([_respell(r.names[0], rng)], schema=r.schema) for r in rng.sample(parties, third)]
    with CLEAN.open(encoding="utf-8", newline="") as fh:
        clean = [row[0] for row in csv.reader(fh)][1:]
    queries += [query_record([name], schema=rng.choice(("Person", "LegalEntity"))) for name in rng.sample(clean, third)]
    return Screener(index, OwnershipGraph()), queries, sample


def _pairs(screener: Screener, queries: list[Record]) -> Iterator[tuple[str, str, str]]:
    for query in queries:
        for entry in screener.index.candidates(query, screener.candidates):
            schema = _compare_schema(query, entry)
            for qname in query.names:
                for name in entry.names + entry.weak_aliases:
                    yield qname, name, schema


def _check_floors(qname: str, name: str, schema: str) -> tuple[int, int]:
    """At every floor, the bound says "can" of the pair if it scores the floor; (floors where it
    says "cannot", floors the pair reaches)."""
    score = compare_names_v2(qname, name, schema).score
    skipped = reaching = 0
    for floor in FLOORS:
        can = reach.name_can_reach(qname, name, schema, floor)
        assert can or score < floor, (qname, name, schema, floor, score)
        skipped += not can
        reaching += score >= floor
    return skipped, reaching


def test_no_pair_that_reaches_a_floor_is_said_not_to(real_list: tuple[Screener, list[Record], list[Record]]) -> None:
    screener, queries, _ = real_list
    pairs = skipped = reaching = 0
    for qname, name, schema in _pairs(screener, queries):
        found = _check_floors(qname, name, schema)
        skipped, reaching = skipped + found[0], reaching + found[1]
        pairs += 1
    assert pairs > 5000 and reaching > 500  # real candidates, and many reach some floor
    assert skipped > pairs * len(FLOORS) // 3  # the bound does skip work: not vacuously "yes"


@st.composite
def _variant_of(draw: st.DrawFn, name: str) -> str:
    """A listed name as a user might type it: words dropped, joined or reversed, letters doubled
    or changed, initials, case, punctuation."""
    ops = draw(st.lists(st.sampled_from(("drop", "double", "swap", "case", "initial", "typo", "join", "punct")),
                        min_size=1, max_size=3))
    words = name.split()
    for op in ops:
        if not words:
            break
        i = draw(st.integers(0, len(words) - 1))
        word = words[i]
        if op == "drop" and len(words) > 1:
            words.pop(i)
        elif op == "double" and word:
            j = draw(st.integers(0, len(word) - 1))
            words[i] = word[:j + 1] + word[j] + word[j + 1:]
        elif op == "swap" and len(words) > 1:
            words.reverse()
        elif op == "case":
            words[i] = word.swapcase()
        elif op == "initial" and word:
            words[i] = word[0] + "."
        elif op == "typo" and len(word) > 2:
            j = draw(st.integers(1, len(word) - 2))
            words[i] = word[:j] + draw(st.sampled_from("aeiouknsy")) + word[j + 1:]
        elif op == "join" and i + 1 < len(words):
            words[i:i + 2] = [words[i] + words[i + 1]]
        elif op == "punct":
            words[i] = word + ","
    return " ".join(words)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_variants_of_listed_names(real_list: tuple[Screener, list[Record], list[Record]],
                                             data: st.DataObject) -> None:
    _, _, sample = real_list
    entry = data.draw(st.sampled_from(sample))
    variant = data.draw(_variant_of(data.draw(st.sampled_from(entry.names))))
    schema = "Person" if entry.schema == "Person" else entry.schema
    for listed in entry.names:
        score = compare_names_v2(variant, listed, schema).score
        for floor in FLOORS:
            assert reach.name_can_reach(variant, listed, schema, floor) or score < floor, (variant, listed, floor)


@pytest.mark.parametrize("matcher", [HrddMatcherV2, HrddMatcherV1])
def test_screening_is_the_same_with_and_without_the_bound(real_list: tuple[Screener, list[Record], list[Record]],
                                                          matcher: type[HrddMatcherV1],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    screener, queries, _ = real_list
    screener.matcher = matcher
    assert reach.is_enabled()  # the rigour this suite runs with is one the bound was checked against

    def screened() -> list[object]:
        return [[(h.entry.id, h.result) for h in screener.screen(q, threshold=cut, limit=100)]
                for q in queries for cut in (0.5, matcher.DEFAULT_THRESHOLD, 0.9)]

    with_bound = screened()
    monkeypatch.setattr(reach, "is_enabled", lambda: False)
    without = screened()
    assert with_bound == without
    assert sum(map(len, with_bound)) > QUERIES // 2  # list names and respellings are found


def test_a_rigour_version_not_checked_turns_the_bound_off(real_list: tuple[Screener, list[Record], list[Record]],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    screener, queries, _ = real_list
    screener.matcher = HrddMatcherV2
    expected = [[(h.entry.id, h.result) for h in screener.screen(q)] for q in queries[:40]]
    monkeypatch.setattr(reach.importlib.metadata, "version", lambda name: "2.99.0")
    reach.is_enabled.cache_clear()
    try:
        assert not reach.is_enabled()

        def refuse(*args: object) -> bool:
            raise AssertionError("the bound is used under an unchecked rigour version")

        monkeypatch.setattr(reach, "name_can_reach", refuse)
        assert [[(h.entry.id, h.result) for h in screener.screen(q)] for q in queries[:40]] == expected
    finally:
        monkeypatch.undo()
        reach.is_enabled.cache_clear()
    assert reach.is_enabled()


def test_listed_names_keep_no_fits_and_query_names_are_kept_for_few(
        real_list: tuple[Screener, list[Record], list[Record]]) -> None:
    """A query's shapes remember the fit of every listed part they met; that memory stays with at
    most ``QUERY_KEYS`` query names and never with the listed names (kept for all of them)."""
    screener, queries, _ = real_list
    screener.matcher = HrddMatcherV2
    for query in queries:
        screener.screen(query)
    met = [(name, _compare_schema(query, entry)) for query in queries[:60]
           for entry in screener.index.candidates(query, screener.candidates) for name in entry.names]
    assert all(shape.fits is None for name, schema in met for shape in reach.key(name, schema).shapes)
    assert any(shape.fits for query in queries for name in query.names
               for shape in reach.query_key(name, _compare_schema(query, query)).shapes)
    assert reach.query_key.cache_info().currsize <= reach.QUERY_KEYS


def test_pairs_compared_in_canonical_form_are_bounded(real_list: tuple[Screener, list[Record], list[Record]]) -> None:
    """Organisation names with country or state-body words are compared in canonical form too
    (names_v2); the bound takes both forms, so it never says "cannot" of a pair whose canonical
    forms reach the floor, and it does set such pairs aside (before, it said "can" of them all)."""
    screener, _, sample = real_list
    rng = random.Random(8)
    orgs = [r for r in sample if r.schema not in PERSON_SCHEMATA]
    noted = [n for r in orgs for n in r.names if reach.key(n, r.schema).canonical]
    assert len(noted) > 100
    queries = [query_record([n], schema="Organization") for n in rng.sample(noted, 60)]
    queries += [query_record([_respell(n, rng)], schema="Organization") for n in rng.sample(noted, 60)]
    queries += [query_record([f"{r.names[0]} {rng.choice(('Russia', 'Iran', 'of Syria', 'Germany'))}"],
                             schema="Organization") for r in rng.sample(orgs, 60)]
    canonical = set_aside = reaching = 0
    for qname, name, schema in _pairs(screener, queries):
        q, r = reach.query_key(qname, schema), reach.key(name, schema)
        if not (q.canonical or r.canonical):
            continue
        found = _check_floors(qname, name, schema)
        set_aside, reaching = set_aside + found[0], reaching + found[1]
        canonical += 1
    assert canonical > 2000 and reaching > 100
    assert set_aside > canonical * len(FLOORS) // 3


def test_a_canonical_form_without_country_words_is_made_only_when_a_pair_needs_it() -> None:
    """A listed organisation name without country or state-body words has its canonical form's
    key made only when a query with such words meets it (most never do: memory and warm-up)."""
    reach.form_key.cache_clear()
    plain = reach.key("Granite Shipping Holdings", "Organization")
    noted = reach.key("Granite Shipping Holdings of Iran", "Organization")
    assert not plain.canonical and callable(plain.canonical_key)
    assert noted.canonical and isinstance(noted.canonical_key, reach.Key)
    assert reach.form_key.cache_info().currsize == 1  # the noted name's form only
    assert reach.name_can_reach("Granite Shipping Holdings", "Granite Shipping Holdings", "Organization", 0.9)
    assert reach.form_key.cache_info().currsize == 1  # a pair of names without such words: not needed
    assert not reach.name_can_reach("Bank Melli Iran", "Granite Shipping Holdings", "Organization", 0.7)
    assert reach.form_key.cache_info().currsize == 2  # made for the pair that needed it
