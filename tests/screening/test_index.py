from dataclasses import replace
from pathlib import Path

from hrdd.screening.index import TantivyIndex
from hrdd.screening.lists import discover_lists, ensure_index, records_from_proxies
from hrdd.screening.record import Record, query_record
from tests.screening.entities import entity, sample_entities, write_list


def _index(tmp_path: Path) -> TantivyIndex:
    index = TantivyIndex(tmp_path / "idx")
    index.build(records_from_proxies(sample_entities(), "test-list"), "fp-1")
    return index


def test_build_and_query_finds_transliterated_and_misspelt_names(tmp_path: Path) -> None:
    index = _index(tmp_path)
    assert index.count() == 10  # matchable entities with names; Ownership/Sanction are not indexed
    assert index.fingerprint == "fp-1"
    found = [r.entry_id for r in index.candidates(query_record(["Romashka Sistems"], schema="Company"), 5)]
    assert found[0] == "2"
    found = [r.entry_id for r in index.candidates(query_record(["Ivan Sidorenko"], schema="Person"), 5)]
    assert "3" in found


def test_one_edit_and_two_edits_in_a_long_word_are_found(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path / "idx")
    names = ["Chornomornaftogaz", "Rostec", "Sberbank", "Chernomorskiy Port", "Ukrnafta", "Mornaft Trading"]
    index.build([Record(schema="Company", names=(n,), id=f"t-{i}", source="t", entry_id=str(i))
                 for i, n in enumerate(names)], "fp")

    def first(name: str) -> str:
        return index.candidates(query_record([name], schema="Company"), 3)[0].entry_id

    # one edit that changes the phonetic key and the consonant skeleton too
    assert first("Sbxrbank") == "2"  # a letter replaced
    assert first("Rostecx") == "1"  # a letter added
    assert first("Chornomoriaftoagz") == "0"  # two edits in a long word


def test_a_rebuild_forgets_entries_read_before(tmp_path: Path) -> None:
    index = _index(tmp_path)
    query = query_record(["Romashka Systems"], schema="Company")
    entry = index.candidates(query, 1)[0]
    assert entry.entry_id == "2"
    index.build([replace(entry, names=("Romashka Systems Renamed",))], "fp-2")
    assert index.candidates(query, 1)[0].names == ("Romashka Systems Renamed",)


def test_identifier_query_finds_entry_without_name_overlap(tmp_path: Path) -> None:
    index = _index(tmp_path)
    query = query_record(["Unrelated Name"], schema="Vessel", identifiers=(("imoNumber", "IMO 9187629"),))
    assert index.candidates(query, 3)[0].entry_id == "9"


def test_person_query_excludes_companies(tmp_path: Path) -> None:
    index = _index(tmp_path)
    found = index.candidates(query_record(["Ruritania Telecom"], schema="Person"), 10)
    assert all(r.schema not in {"Company", "Organization", "PublicBody"} for r in found)


def test_get_returns_stored_entry(tmp_path: Path) -> None:
    index = _index(tmp_path)
    entry = index.get("test-list-2")
    assert entry is not None
    assert set(entry.programs) == {"RUSSIA-EO14024", "RU-EO14024"}  # own property + linked Sanction
    assert index.get("test-list-nope") is None


def test_empty_index_returns_nothing(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path / "missing")
    assert index.fingerprint == ""
    assert index.candidates(query_record(["Anything"]), 5) == []


def test_rebuilds_when_list_data_changes(tmp_path: Path) -> None:
    lists = tmp_path / "lists"
    write_list(lists)
    index, _ = ensure_index(tmp_path / "index", discover_lists(lists))
    first = index.fingerprint
    before = index.candidates(query_record(["Brand New Entity Corp"], schema="Company"), 3)
    assert all(r.entry_id != "99" for r in before)
    again, _ = ensure_index(tmp_path / "index", discover_lists(lists))
    assert again.fingerprint == first  # unchanged data: no rebuild needed
    write_list(lists, entities=[*sample_entities(), entity("Company", "test-list-99", name="Brand New Entity Corp")])
    rebuilt, _ = ensure_index(tmp_path / "index", discover_lists(lists))
    assert rebuilt.fingerprint != first
    found = rebuilt.candidates(query_record(["Brand New Entity Corp"], schema="Company"), 3)
    assert found and found[0].entry_id == "99"


def test_rebuilding_the_same_lists_gives_the_same_candidates(tmp_path: Path) -> None:
    # many entries equally relevant to the query: which ones make the cut must not depend on the build
    records = [Record(schema="Company", names=(f"Trading Company {i}",), id=f"t-{i}", source="t", entry_id=str(i))
               for i in range(3000)]
    query = query_record(["Trading Company"], schema="Company")
    found = []
    for k in range(3):
        index = TantivyIndex(tmp_path / f"idx{k}")
        index.build(records, "fp")
        found.append([r.id for r in index.candidates(query, 20)])
    assert found[0] == found[1] == found[2]


def test_entries_tied_at_the_last_place_are_chosen_by_similarity_then_id(tmp_path: Path) -> None:
    import random

    # 120 entries equally relevant to the query, inserted in a random order, and one better one
    tied = [Record(schema="Company", names=("Trading Company",), id=f"t-{i:03d}", source="t", entry_id=str(i))
            for i in range(120)]
    random.Random(4).shuffle(tied)
    best = Record(schema="Company", names=("Trading Company Nordwind",), id="t-best", source="t", entry_id="b")
    index = TantivyIndex(tmp_path / "idx")
    index.build([*tied, best], "fp")
    found = [r.id for r in index.candidates(query_record(["Trading Company Nordwind"], schema="Company"), 10)]
    assert found == ["t-best"] + [f"t-{i:03d}" for i in range(9)]
