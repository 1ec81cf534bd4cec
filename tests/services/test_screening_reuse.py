"""On a real list (OFAC SDN, ``../shared/data``): a file whose names recur with other countries,
far apart and close together, gets from ``screen_file`` (rows sharing a name share what the
first of them found, over two workers) the hits, scores, explanations and judgements that
screening each row alone gives; an interrupted run resumes to the same output; and the sharing
is not vacuous (later rows of a name are compared with its reachable entries only)."""

import csv
import random
from pathlib import Path

import pytest

from bench.ofac_records import default_paths
from bench.rescreen import _org, _person, _respell
from hrdd.screening.matcher import HrddMatcherV1, HrddMatcherV2
from hrdd.services.lists import import_list
from hrdd.services.screening import judgement_store, open_screener, screen_name, screen_record
from hrdd.services.screening_file import BATCH_FIELDS, PartyLine, hit_row, screen_file
from hrdd.services.screening_reuse import RowScreener, reuses_names
from hrdd.settings import Settings

COUNTRIES = (None, "ru", "ir", "us", "de", "cn", "ae")


@pytest.fixture(scope="module")
def ofac_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SHARED_DATA

    paths = default_paths(SHARED_DATA) if SHARED_DATA.is_dir() else None
    if paths is None:
        pytest.skip(f"the OFAC SDN files are not in the shared data at {SHARED_DATA}")
    home = tmp_path_factory.mktemp("ofac-home")
    import_list("ofac-sdn", list(paths), Settings(home=home))
    return home


def _parties(settings: Settings, rng: random.Random) -> list[PartyLine]:
    screener = open_screener(settings)
    assert screener is not None
    listed = [e for e in screener.index.entries(20_000) if e.names]
    names: list[tuple[str, str]] = []
    for entry in rng.sample(listed, 40):
        schema = "Person" if entry.schema == "Person" else "LegalEntity"
        names += [(_respell(entry.names[0], rng), schema), (entry.names[0], schema)]
    names += [(_person(rng), "Person") for _ in range(20)] + [(_org(rng), "Company") for _ in range(20)]
    rows = [(name, rng.choice(COUNTRIES), schema) for name, schema in names]
    rows += [(name, rng.choice(COUNTRIES), schema) for name, schema in rng.sample(names, 60)]  # recur far apart
    rng.shuffle(rows)
    rows += [(rows[-1][0], country, rows[-1][2]) for country in ("ru", "ir")]  # and close together
    return [PartyLine(i, name, country, schema) for i, (name, country, schema) in enumerate(rows, start=2)]


def _write(path: Path, lines: list[PartyLine]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "country", "schema"])
        writer.writerows([(p.name, p.country or "", p.schema) for p in lines])
    return path


def _one_at_a_time(lines: list[PartyLine], settings: Settings) -> list[dict[str, str]]:
    rows = [hit_row(hit, line.line) for line in lines
            for hit in screen_name(line.name, country=line.country, schema=line.schema, settings=settings)]
    return [{k: str(v) for k, v in row.items()} for row in rows]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


class _Stop(Exception):
    pass


def test_a_file_of_recurring_names_gets_the_results_of_one_at_a_time(ofac_home: Path, tmp_path: Path) -> None:
    settings = Settings(home=ofac_home)
    lines = _parties(settings, random.Random(14))
    source = _write(tmp_path / "parties.csv", lines)
    expected = _one_at_a_time(lines, settings)
    out = tmp_path / "hits.csv"
    summary = screen_file(source, lines, out, settings=settings, workers=2, chunk=7)
    got = _read(out)
    assert list(got[0]) == BATCH_FIELDS
    assert got == expected
    assert summary.hits == len(expected) >= 60  # the planted names are hits (not a vacuous comparison)
    assert len({r["row"] for r in got}) >= 40

    def stop_midway(done: int, total: int) -> None:
        if done >= total // 2:
            raise _Stop

    resumed = tmp_path / "resumed.csv"
    with pytest.raises(_Stop):
        screen_file(source, lines, resumed, settings=settings, workers=2, chunk=7, on_progress=stop_midway)
    again = screen_file(source, lines, resumed, settings=settings, workers=2, chunk=7)
    assert again.resumed_from >= len(lines) // 2 and again.hits == summary.hits
    assert resumed.read_bytes() == out.read_bytes()


def test_rows_of_a_name_seen_before_are_compared_with_its_reachable_entries_only(ofac_home: Path) -> None:
    settings = Settings(home=ofac_home)
    screener = open_screener(settings)
    assert screener is not None
    lines = _parties(settings, random.Random(15))
    store = judgement_store(settings)
    rows = RowScreener(screener, store, None)
    for line in lines:
        got, _ = rows.screen(line.name, line.country, line.schema)
        alone = screen_record(screener, line.name, country=line.country, schema=line.schema, store=store)
        assert got == alone, line
    assert rows.reused == len(lines) - len({(p.name, p.schema) for p in lines}) >= 60
    assert rows.full + rows.reused == len(lines)


def test_only_matchers_whose_main_features_ignore_the_country_share_them() -> None:
    assert reuses_names(HrddMatcherV1) and reuses_names(HrddMatcherV2)

    class CountryMatcher(HrddMatcherV2):
        FEATURES = (*HrddMatcherV2.FEATURES[:1], type(HrddMatcherV2.FEATURES[0])(
            HrddMatcherV2.FEATURES[5].func, 1.0))  # a country feature as a main one

    assert not reuses_names(CountryMatcher)
