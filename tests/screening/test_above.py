"""``hrdd.screening.above`` gives a name feature's exact result whenever it reaches the floor,
and None only when the full feature scores below it, on real list names (OFAC SDN) for both
matchers' name and weak-alias features; and it aligns fewer name pairs than the full feature."""

from dataclasses import replace

import pytest

from bench.rescreen import _respell
from hrdd.screening import above, align, names_v2
from hrdd.screening.matcher import HrddMatcherV1, HrddMatcherV2
from hrdd.screening.record import Record, query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from tests.screening.ofac_sample import PARTY_SCHEMATA, ofac_sample

FLOORS = (0.3, 0.5, 0.7, 0.8, 0.95, 1.0)


@pytest.fixture(scope="module")
def candidates(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Record, Record]]:
    index, sample, rng = ofac_sample(tmp_path_factory, 3000, 7)
    screener = Screener(index, OwnershipGraph())
    parties = [r for r in sample if r.schema in PARTY_SCHEMATA]
    queries = [query_record([rng.choice(r.names)], schema=r.schema) for r in rng.sample(parties, 60)]
    queries += [query_record([_respell(r.names[0], rng)], schema="LegalEntity") for r in rng.sample(parties, 60)]
    queries += [query_record([r.names[0], _respell(r.names[-1], rng)], schema=r.schema)
                for r in rng.sample(parties, 20)]  # two query names
    pairs = [(query, entry) for query in queries for entry in screener.index.candidates(query, screener.candidates)]
    # the OFAC importer gives no weak aliases: entries whose other names are made weak aliases,
    # against queries of one of those names, as typed or respelled, and of other entries' names
    aliased = [replace(r, names=r.names[:1], weak_aliases=r.names[1:]) for r in parties if len(r.names) > 2][:300]
    for entry in rng.sample(aliased, 60):
        alias = rng.choice(entry.weak_aliases)
        for text in (alias, _respell(alias, rng), rng.choice(aliased).weak_aliases[0]):
            query = query_record([text], schema=entry.schema)
            pairs += [(query, other) for other in [entry, *rng.sample(aliased, 10)]]
    return pairs


@pytest.mark.parametrize("matcher", [HrddMatcherV1, HrddMatcherV2])
def test_a_feature_above_a_floor_is_the_full_feature_or_below_it(candidates: list[tuple[Record, Record]],
                                                                  matcher: type[HrddMatcherV1]) -> None:
    config = matcher.default_config()
    partial = [f.above for f in matcher.FEATURES if f.above is not None]
    assert len(partial) == 2  # the name and the weak-alias feature
    results = below = 0
    for feature in partial:
        full_feature = above.FULL[feature]
        assert full_feature in [f.func for f in matcher.FEATURES if f.above is feature]
        for query, entry in candidates:
            full = full_feature(query, entry, config)
            for floor in FLOORS:
                found = feature(query, entry, config, floor)
                if found is None:
                    assert full.score < floor, (feature.__name__, query.names, entry.names, floor, full)
                    below += 1
                else:
                    assert found == full, (feature.__name__, query.names, entry.names, floor)
                    results += 1
    assert results > 1000 and below > 10_000  # both answers are exercised on real names


def test_fewer_name_pairs_are_aligned(candidates: list[tuple[Record, Record]]) -> None:
    config = HrddMatcherV2.default_config()
    counts = []
    for partial in (True, False):
        align.compare_names.cache_clear()
        names_v2.compare_names_v2.cache_clear()
        for query, entry in candidates:
            if partial:
                above.name_match_v2(query, entry, config, 0.7)
            else:
                above.FULL[above.name_match_v2](query, entry, config)
        counts.append(names_v2.compare_names_v2.cache_info().misses)
    assert counts[0] < counts[1] // 2, counts
