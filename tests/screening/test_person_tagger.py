"""The person-name phrase table gives rigour's analysis exactly, and falls back to rigour's
own tagger whenever it cannot be trusted (another rigour version, a missing or broken table)."""

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from rigour.names import Name, NameTypeTag

from hrdd.screening import normalize, person_tagger

Signature = tuple[str, str, str, tuple[tuple[str, str], ...], tuple[tuple[str, tuple[int, ...]], ...]]


def _signature(names: set[Name] | tuple[Name, ...]) -> list[Signature]:
    """Everything the matcher reads from an analysis. Spans are compared as a multiset: rigour
    itself orders the symbols of one phrase differently from one process to the next."""
    return sorted(
        (n.form, n.original, str(n.tag), tuple((p.form, str(p.tag)) for p in n.parts),
         tuple(sorted((str(s.symbol), tuple(p.index for p in s.parts)) for s in n.spans)))
        for n in names)


@pytest.fixture
def table(cache_dir: Path) -> Iterator[Path]:
    path = person_tagger.ensure_table(cache_dir)
    assert path is not None, "the phrase table could not be built for the installed rigour"
    previous = person_tagger.active_table()
    yield path
    person_tagger.use_table(previous.path if previous else None)
    normalize.analyze.cache_clear()


def _real_names(shared_data: Path) -> list[str]:
    """Names from public list data and the upstream name-matching tests: persons, companies,
    vessels, in Latin, Cyrillic, Arabic, Chinese and other scripts."""
    found: dict[str, None] = {}
    evaluation = shared_data / "name_matching_eval"
    with (evaluation / "opensanctions_name_bench_cases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            found.update(dict.fromkeys((row["name1"], row["name2"])))
    with (evaluation / "ofac_sdn_alias_pairs.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if i % 8 == 0:
                found.update(dict.fromkeys((row["name1"], row["name2"])))
    with (evaluation / "watchman_cross_script_pairs.csv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                found.update(dict.fromkeys(line.split(",")[:2]))
    return [n for n in found if n.strip()]


def test_table_analysis_equals_rigour_on_real_names(table: Path, shared_data: Path) -> None:
    names = _real_names(shared_data)
    assert len(names) > 3000
    for schema in ("Person", "LegalEntity"):
        person_tagger.use_table(None)
        normalize.analyze.cache_clear()
        expected = [_signature(normalize.analyze(n, schema)) for n in names]
        person_tagger.use_table(table)
        normalize.analyze.cache_clear()
        got = [_signature(normalize.analyze(n, schema)) for n in names]
        differ = [n for n, a, b in zip(names, got, expected, strict=True) if a != b]
        assert not differ, f"{len(differ)} {schema} names analysed differently, e.g. {differ[:5]}"


def test_table_finds_cross_language_names_and_numbers(table: Path) -> None:
    person_tagger.use_table(table)
    (latin,) = person_tagger.analyze(NameTypeTag.PER, ["Mohammed Ali"])
    (arabic,) = person_tagger.analyze(NameTypeTag.PER, ["محمد علي"])
    shared = {s for s in latin.symbols if s.category.value == "NAME"} & arabic.symbols
    assert shared, "Mohammed and محمد share no name symbol"
    (entity,) = person_tagger.analyze(NameTypeTag.ENT, ["Plant No. 5 Ivanov"])
    assert "[NUM:5]" in {str(s) for s in entity.symbols}
    assert entity.tag == NameTypeTag.ENT
    (company,) = person_tagger.analyze(NameTypeTag.ENT, ["Ivanov Trading LLC"])
    assert company.tag == NameTypeTag.ORG  # a legal form: no person-name phrases
    assert not {s for s in company.symbols if s.category.value == "NAME"}


def test_unknown_rigour_version_falls_back_to_rigour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(person_tagger, "rigour_version", lambda: "99.0.0")
    assert person_tagger.ensure_table(tmp_path) is None
    assert not list(tmp_path.glob("*.sqlite3"))


def _small_sources(core: bytes) -> tuple[str, dict[str, dict[str, list[str]]]]:
    return "mohammed, muhammad, محمد => Q1\n", {"person_symbols": {}, "person_name_parts": {}, "person_nick": {}}


@pytest.mark.parametrize("damage", ["missing", "garbage", "truncated", "other core"])
def test_missing_or_broken_table_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    monkeypatch.setattr(person_tagger, "_sources", _small_sources)
    path = person_tagger.table_path(tmp_path)
    if damage != "missing":
        assert person_tagger.ensure_table(tmp_path) == path
        if damage == "garbage":
            path.write_bytes(b"not a database" * 100)
        elif damage == "truncated":
            path.write_bytes(path.read_bytes()[:2048])
        else:
            import sqlite3

            with sqlite3.connect(path) as db:
                db.execute("UPDATE meta SET value = 'x' WHERE key IN ('core_sha256', 'core_size')")
            db.close()
    assert not person_tagger.PhraseTable.is_valid(path)
    assert person_tagger.ensure_table(tmp_path) == path
    assert person_tagger.PhraseTable.is_valid(path)
    found = person_tagger.PhraseTable(path).matches("muhammad ali")
    assert [(phrase, str(symbol)) for phrase, symbol in found] == [("muhammad", "[NAME:Q1]")]


def test_unreadable_cache_falls_back(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    assert person_tagger.ensure_table(blocker / "cache") is None


def test_phrases_match_only_at_word_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(person_tagger, "_sources", _small_sources)
    table = person_tagger.PhraseTable(person_tagger.ensure_table(tmp_path) or tmp_path)
    assert table.matches("mohammedan") == []
    assert [p for p, _ in table.matches("ali mohammed")] == ["mohammed"]
    assert [p for p, _ in table.matches("first mohammed")] == ["first", "mohammed"]  # an ordinal


def test_a_phrase_is_read_from_the_table_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a phrase was found to be, or not to be, is remembered: a second look-up reads no
    table and gives the same symbols; the memory is bounded."""
    monkeypatch.setattr(person_tagger, "_sources", _small_sources)
    table = person_tagger.PhraseTable(person_tagger.ensure_table(tmp_path) or tmp_path)
    first = table.matches("ali mohammed")
    assert [p for p, _ in first] == ["mohammed"]

    def no_table() -> object:
        raise AssertionError("the table was read again for known phrases")

    monkeypatch.setattr(table, "_db", no_table)
    assert table.matches("ali mohammed") == first
    assert table.lookup(["mohammed", "ali"]) == {"mohammed": tuple(s for _, s in first)}
    monkeypatch.undo()
    monkeypatch.setattr(person_tagger, "PHRASES_KEPT", 3)
    for word in ("one", "two", "three", "four", "five"):
        table.matches(word)
        assert len(table._known) <= 3 + 1
    for text in ("mohammed", "mohammed zzq", "ali mohammed xyzw"):  # known and new phrases, the memory full
        assert [p for p, _ in table.matches(text)] == ["mohammed"]
