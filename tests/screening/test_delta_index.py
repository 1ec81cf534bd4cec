"""The in-memory delta index finds at least what the on-disk index finds, at a fraction of the cost."""

import random
from pathlib import Path

from hrdd.screening.delta_index import DeltaIndex
from hrdd.screening.index import TantivyIndex
from hrdd.screening.lists import records_from_proxies
from hrdd.screening.record import Record, query_record
from hrdd.screening.screener import Screener
from hrdd.screening.ties import OwnershipGraph
from tests.screening.entities import entity, sample_entities

WORDS = ("Orion", "Atlas", "Vertex", "Meridian", "Falcon", "Granite", "Aurora", "Zenith", "Harbor", "Keystone",
         "Sterling", "Pioneer", "Crescent", "Summit", "Liberty", "Nimbus", "Quartz", "Tundra", "Cobalt", "Saffron")
KINDS = ("Trading", "Systems", "Technologies", "Logistics", "Security", "Holdings")
FORMS = ("LLC", "Ltd", "GmbH", "JSC", "FZE")


def _records(n: int, rng: random.Random) -> list[Record]:
    proxies = sample_entities()
    for i in range(n):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)}{rng.choice(('', 'ex', 'on'))} {rng.choice(KINDS)} " \
               f"{rng.choice(FORMS)}"
        proxies.append(entity("Company", f"test-list-g{i}", name=name, country=rng.choice(["ru", "ae", "cn"])))
    return records_from_proxies(proxies, "test-list")


def _respell(name: str, rng: random.Random) -> str:
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1:] if rng.random() < 0.5 else w[:j] + w[j] + w[j:]
    return " ".join(words)


def test_the_delta_index_finds_every_hit_the_full_index_finds(tmp_path: Path) -> None:
    rng = random.Random(7)
    records = _records(300, rng)
    full = TantivyIndex(tmp_path / "tantivy")
    full.build(records, "fp")
    on_disk = Screener(index=full, graph=OwnershipGraph())
    in_memory = Screener(index=DeltaIndex(records), graph=OwnershipGraph())
    queries = [query_record([_respell(r.names[0], rng)]) for r in rng.sample(records, 80)]
    queries += [query_record(["Romashka Systems"]), query_record(["IRGC"]),
                query_record(["Dahua Technology"], identifiers=(("leiCode", "549300JB1P61FUTPEZ75"),)),
                query_record(["Nothing Like Any Listed Name GmbH"])]
    found_by_full = 0
    for query in queries:
        expected = {s.entry.id for s in on_disk.screen(query, limit=10)}
        got = {s.entry.id for s in in_memory.screen(query, limit=10)}
        found_by_full += len(expected)
        assert expected <= got, (query.names, expected - got)
    assert found_by_full >= 80  # the respelled names are found at all


def test_a_legal_form_alone_makes_no_candidate() -> None:
    records = _records(400, random.Random(3))
    index = DeltaIndex(records)
    llc = [r for r in records if r.names[0].endswith("LLC")]
    assert len(llc) > 20
    candidates = index.candidates(query_record(["Completely Different Name LLC"]))
    assert all("LLC" not in c.names[0] or "Different" in c.names[0] for c in candidates)
    only_common = index.candidates(query_record(["Trading LLC"]))
    assert only_common, "a query of common terms only still gets the entries sharing the most of them"


def test_forked_screening_gives_the_same_hits_as_one_process() -> None:
    from hrdd.services.rescreen import _screen_distinct

    rng = random.Random(5)
    records = _records(200, rng)
    screener = Screener(index=DeltaIndex(records), graph=OwnershipGraph())
    queries = {(f"q{i}", (), ()): query_record([_respell(r.names[0], rng) if i % 2 else f"Unlisted Name {i}"])
               for i, r in enumerate(rng.choices(records, k=500))}
    one = _screen_distinct(screener, queries, 1)
    two = _screen_distinct(screener, queries, 2)
    assert {k: [s.entry.id for s in v] for k, v in one.items()} == {k: [s.entry.id for s in v] for k, v in two.items()}
    assert sum(len(v) for v in one.values()) >= 200


def test_a_one_entry_delta_still_finds_a_respelled_name() -> None:
    """Words of the query that no entry has must not outweigh the words it shares with the entry."""
    entry = records_from_proxies([entity("Company", "test-list-1", name="ORION VIZION SYSTEMS")], "test-list")
    index = DeltaIndex(entry)
    assert [r.id for r in index.candidates(query_record(["Orion Vision Systems LLC"]))] == ["test-list-1"]
    assert index.candidates(query_record(["Harbor Logistics LLC"])) == []
