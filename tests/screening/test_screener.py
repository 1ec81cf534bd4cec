"""The screener: hits at a threshold are exactly the scored candidates at or above it."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrdd.screening.index import TantivyIndex
from hrdd.screening.lists import records_from_proxies
from hrdd.screening.matcher import HrddMatcherV1
from hrdd.screening.record import query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from tests.screening.entities import sample_entities

NAMES = ["Romashka Systems", "Romashka Sistems LLC", "Ivan Sidorenko", "Ivan Petrovich Sidorenko", "IRGC",
         "Dahua Technology", "Ministry of State Security", "Northwind Surveillance", "Blue Harbor Trading",
         "Ruritania Telecom", "Quiet Bakery", "Иван Сидоренко"]


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    index = TantivyIndex(Path(tmp_path_factory.mktemp("screener")) / "idx")
    index.build(records_from_proxies(sample_entities(), "test-list"), "fp")
    return Screener(index, OwnershipGraph())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(NAMES), typo=st.integers(0, 20), schema=st.sampled_from(["LegalEntity", "Person"]),
       country=st.sampled_from([None, "ru", "de"]), cut=st.sampled_from([0.3, 0.5, 0.7, 0.9]))
def test_screen_returns_exactly_the_scored_candidates_at_the_threshold(
        screener: Screener, name: str, typo: int, schema: str, country: str | None, cut: float) -> None:
    if typo < len(name):
        name = name[:typo] + name[typo + 1:]  # screening skips qualifiers below the threshold: same hits
    query = query_record([name], schema=schema, countries=(country,) if country else ())
    expected = [s for s in screener.score(query) if s.result.score >= cut]
    got = screener.screen(query, threshold=cut, limit=100)
    assert [(s.entry.id, s.result) for s in got] == [(s.entry.id, s.result) for s in expected]


def test_compare_above_skips_only_pairs_below_the_floor(screener: Screener) -> None:
    query = query_record(["Romashka Systems"], schema="Company", countries=("de",))
    for entry in screener.index.candidates(query, 10):
        full = HrddMatcherV1.compare(query, entry)
        above = HrddMatcherV1.compare_above(query, entry, 0.7)
        assert above == full if above is not None else full.score < 0.7
