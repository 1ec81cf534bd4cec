"""The country table on disk gives the answers of rigour's territory table exactly, and the
lookup falls back to rigour's table whenever the file cannot be trusted (another rigour version,
a missing, broken or foreign file, an unwritable cache)."""

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdd.screening import align, canonical, names_v2, territory_table


def _clear() -> None:
    canonical.country_word.cache_clear()
    canonical.canonical_org_name.cache_clear()
    names_v2.compare_names_v2.cache_clear()
    align.compare_names.cache_clear()


@pytest.fixture
def table(cache_dir: Path) -> Iterator[Path]:
    path = territory_table.ensure_table(cache_dir)
    assert path is not None, "the country table could not be built for the installed rigour"
    yield path
    territory_table.use_table(None)
    _clear()


def _answers(phrases: list[str], path: Path | None) -> list[tuple[str, str] | None]:
    territory_table.use_table(path)
    _clear()
    assert (territory_table.current_table() is not None) == (path is not None)
    return [canonical.country_word(p) for p in phrases]


def _org_names(shared_data: Path) -> list[str]:
    """Organisation names and aliases of the OFAC SDN list and every name of the UK list."""
    found: dict[str, None] = {}
    with (shared_data / "ofac_sdn" / "2024-07-02" / "sdn.csv").open(encoding="latin-1") as fh:
        found.update(dict.fromkeys(row[1] for row in csv.reader(fh) if len(row) > 2 and row[2].strip() == "-0-"))
    with (shared_data / "ofac_sdn" / "2025-12" / "alt.csv").open(encoding="latin-1") as fh:
        found.update(dict.fromkeys(row[3] for row in csv.reader(fh) if len(row) > 3))
    with (shared_data / "uk_sanctions_list" / "subject_names.csv").open(encoding="utf-8") as fh:
        found.update(dict.fromkeys(row["full_name"] for row in csv.DictReader(fh)))
    return [n for n in found if n.strip() and n.strip() != "-0-"]


def test_every_rigour_name_gets_the_same_answer(table: Path) -> None:
    names = territory_table.rigour_names()
    assert names is not None
    phrases = [*sorted(names), "russia", "russian federation", "schweiz", "acme", "kosovo", "ussr"]
    expected = _answers(phrases, None)
    got = _answers(phrases, table)
    assert sum(1 for a in expected if a is not None) > 10_000
    differ = [p for p, a, b in zip(phrases, got, expected, strict=True) if a != b]
    assert not differ, f"{len(differ)} phrases answered differently, e.g. {differ[:5]}"


def test_canonical_names_of_real_lists_are_the_same(table: Path, shared_data: Path) -> None:
    names = _org_names(shared_data)
    assert len(names) > 20_000
    territory_table.use_table(None)
    _clear()
    expected = [canonical.canonical_org_name(n) for n in names]
    territory_table.use_table(table)
    _clear()
    got = [canonical.canonical_org_name(n) for n in names]
    assert sum(1 for c in expected if c.countries) > 1000  # the lists do name countries
    differ = [n for n, a, b in zip(names, got, expected, strict=True) if a != b]
    assert not differ, f"{len(differ)} names canonicalised differently, e.g. {differ[:5]}"


def test_unknown_rigour_version_falls_back_to_rigour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = territory_table.ensure_table(tmp_path)
    assert path is not None
    monkeypatch.setattr(territory_table, "rigour_version", lambda: "99.0.0")
    assert territory_table.read_table(path) is None  # a table of a known version is not trusted either
    assert territory_table.ensure_table(tmp_path / "other") is None
    assert not list((tmp_path / "other").glob("*.json"))


@pytest.mark.parametrize("damage", ["missing", "garbage", "truncated", "other core", "no countries"])
def test_missing_or_broken_table_is_rebuilt(tmp_path: Path, damage: str) -> None:
    path = territory_table.table_path(tmp_path)
    if damage != "missing":
        assert territory_table.ensure_table(tmp_path) == path
        if damage == "garbage":
            path.write_bytes(b"not json" * 100)
        elif damage == "truncated":
            path.write_bytes(path.read_bytes()[:2048])
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
            if damage == "other core":
                data["meta"].update(core_size="1", core_sha256="x")
            else:
                data["countries"] = {}
            path.write_text(json.dumps(data), encoding="utf-8")
    assert territory_table.read_table(path) is None
    assert territory_table.ensure_table(tmp_path) == path
    stored = territory_table.read_table(path)
    assert stored is not None
    assert stored["russian federation"] == ("ru", "russia")


def test_unreadable_cache_falls_back(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    assert territory_table.ensure_table(blocker / "cache") is None


def test_table_broken_after_use_falls_back_to_rigour(tmp_path: Path) -> None:
    path = territory_table.ensure_table(tmp_path)
    assert path is not None
    path.write_text("{}", encoding="utf-8")  # damaged between the build and the first lookup
    try:
        territory_table.use_table(path)
        _clear()
        assert territory_table.current_table() is None
        assert canonical.country_word("russian federation") == ("ru", "russia")
    finally:
        territory_table.use_table(None)
        _clear()


def test_open_screener_reads_the_table_and_screens_the_same(_isolated_home: Path) -> None:
    """The screener of a home with lists reads country words from the file in its cache; hits
    for names with country words and demonyms are the same as from rigour's table."""
    from hrdd.services.screening import open_screener, screen_record
    from hrdd.settings import Settings
    from tests.screening.entities import write_list

    write_list(_isolated_home / "lists")
    settings = Settings(home=_isolated_home)
    queries = ["Ministry of Defence of the Russian Federation", "Russian Ministry of Defence",
               "Romashka Systems (Schweiz) AG", "Iranian Revolutionary Guard Corps", "Министерство обороны России"]
    try:
        territory_table.use_table(None)
        screener = open_screener(settings)
        assert screener is not None
        stored = territory_table.current_table()
        assert stored is not None and territory_table.table_path(settings.cache_path).is_file()
        with_table = [screen_record(screener, q, threshold=0.3) for q in queries]
        territory_table.use_table(None)
        _clear()
        assert territory_table.current_table() is None
        assert [screen_record(screener, q, threshold=0.3) for q in queries] == with_table
        assert any(with_table)
    finally:
        territory_table.use_table(None)
        _clear()
