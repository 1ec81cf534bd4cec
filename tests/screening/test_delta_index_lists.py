"""On a real list (OFAC SDN, ``../shared/data``): screening against a delta in memory finds every
hit that screening against the whole on-disk index finds among the delta's entries, with the
same score. Re-screening relies on this; a miss here is a missed sanctions hit."""

import random
from pathlib import Path

import pytest

from bench.ofac_records import default_paths, ofac_sdn_entities
from bench.rescreen import _org, _person, _respell
from hrdd.screening.delta_index import DeltaIndex
from hrdd.screening.index import TantivyIndex
from hrdd.screening.lists import records_from_proxies
from hrdd.screening.record import Record, query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph

DELTA = 300


def _ofac(shared_data: Path) -> list[Record]:
    paths = default_paths(shared_data)
    if paths is None:
        pytest.skip("the OFAC SDN files are not in the shared data")
    return records_from_proxies(ofac_sdn_entities(*paths), "ofac")


def test_the_delta_path_finds_every_full_index_hit_on_the_delta_of_a_real_list(
        shared_data: Path, tmp_path: Path) -> None:
    rng = random.Random(11)
    records = _ofac(shared_data)
    assert len(records) > 10_000
    parties = [r for r in records if r.schema in ("Person", "Organization", "Company", "LegalEntity")]
    delta = rng.sample(parties, DELTA)
    delta_ids = {r.id for r in delta}
    full_index = TantivyIndex(tmp_path / "tantivy")
    full_index.build(records, "fp")
    full = Screener(index=full_index, graph=OwnershipGraph())
    in_memory = Screener(index=DeltaIndex(delta), graph=OwnershipGraph())
    # parties as re-screening sees them: respelled and exact names of delta entries, names of
    # entries outside the delta, and customers' names like the benchmark's
    names = [_respell(r.names[0], rng) for r in rng.sample(delta, 120)]
    names += [r.names[0] for r in rng.sample(delta, 40)]
    names += [rng.choice(r.names) for r in rng.sample(parties, 80)]
    names += [_org(rng) if i % 3 else _person(rng) for i in range(160)]
    found = 0
    for name in names:
        query = query_record([name], countries=(rng.choice(("ru", "ir", "br", "ae")),))
        expected = {s.entry.id: s.result.score for s in full.screen(query, limit=10) if s.entry.id in delta_ids}
        got = {s.entry.id: s.result.score for s in in_memory.screen(query, limit=10)}
        assert {k: got.get(k) for k in expected} == expected, name
        found += len(expected)
    assert found >= 140  # the planted names are hits at all (the comparison is not vacuous)
