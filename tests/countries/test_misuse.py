"""The shipped misuse catalogue: size, citations, sectors, and a loader that locates errors."""

from pathlib import Path

import pytest

from hrdd.countries.misuse import (
    load_misuse_catalog,
    misuse_entries,
    misuse_records,
    parse_misuse_file,
    records_for_country,
)
from hrdd.countries.misuse_spec import sectors
from hrdd.exc import CatalogError

SHARED_SECTOR_IDS = (  # /work/shared SHARED_IDS.md, case-format.md
    "police", "intelligence", "military", "border_control", "prisons", "interior_ministry",
    "justice", "telecom_regulator", "telecom_operator", "municipal", "transport", "health",
    "elections", "tax_customs", "critical_infrastructure", "education", "commercial", "other",
)

VALID = """\
kind: misuse_records
version: 2026.11.1
countries:
  XA: [Exampleland, Examplish]
items:
  - id: xa_secret_police
    name: Secret Police of Exampleland
    aliases: [SPX]
    country: XA
    sector: police
    summary: A test record describing documented misuse in neutral words.
    years: [2020]
    technologies: [pegasus]
    categories: [internet_surveillance]
    outcome: confirmed
    primary_sources:
      - title: A report
        kind: forensic
        url: https://example.org/report
        publisher: Example Lab
        date: 2021-02-03
        confirmed: true
    sources:
      - title: A news story about the report
        url: https://example.org/news
        publisher: Example News
        date: 2021-02-04
        confirmed: true
        quality: media
"""


def _write(tmp_path: Path, text: str, name: str = "test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_catalogue_has_at_least_sixty_records() -> None:
    assert len(misuse_records()) >= 60


def test_every_record_cites_at_least_one_source_with_a_url() -> None:
    for entry in misuse_entries():
        assert entry.sources or entry.primary_sources, entry.id
        assert all(p.url for p in entry.primary_sources if p.confirmed), entry.id
        for source in entry.sources:
            assert source.url.startswith(("https://", "http://")), (entry.id, source.url)
            assert source.title and source.publisher and source.date


def test_unverified_sources_say_why() -> None:
    for entry in misuse_entries():
        for source in entry.sources:
            if not source.confirmed:
                assert source.note and len(source.note) > 10, (entry.id, source.url)


def test_every_record_has_at_least_one_confirmed_source_or_is_flagged() -> None:
    unverified = [e.id for e in misuse_entries() if not e.confirmed]
    # Records resting only on unconfirmed sources must stay rare and visible in the docs.
    assert len(unverified) <= len(misuse_entries()) // 10, unverified


def test_sector_ids_are_the_shared_ones() -> None:
    assert set(SHARED_SECTOR_IDS) == set(sectors())  # the catalogue's sectors.yaml
    for record in misuse_records():
        assert record.sector in SHARED_SECTOR_IDS, record.id


def test_ids_are_unique_and_prefixed_with_the_country() -> None:
    ids = [r.id for r in misuse_records()]
    assert len(ids) == len(set(ids))
    for record in misuse_records():
        assert record.id.startswith(record.country.lower() + "_")
        assert len(record.country) == 2 and record.country.isupper()


def test_records_carry_original_script_aliases_for_non_latin_countries() -> None:
    non_latin = [r for r in misuse_records() if any(not a.isascii() for a in r.aliases)]
    scripts = {r.country for r in non_latin}
    # Cyrillic, Arabic, Chinese, Greek, Hebrew, Burmese, Devanagari at least
    assert {"RU", "SA", "CN", "GR", "IL", "MM", "IN"} <= scripts


def test_records_for_country_filters_and_accepts_lower_case() -> None:
    mexico = records_for_country("mx")
    assert mexico and all(r.country == "MX" for r in mexico)
    assert records_for_country("XX") == ()


def test_model_year_is_the_latest_documented_year() -> None:
    for entry in misuse_entries():
        record = entry.to_record()
        assert record.year == max(entry.years)
        assert record.sources == tuple((s.title, s.url) for s in entry.sources)


def test_loader_accepts_a_valid_file(tmp_path: Path) -> None:
    catalog = load_misuse_catalog([_write(tmp_path, VALID)])
    assert [e.id for e in catalog.entries] == ["xa_secret_police"]
    assert catalog.entries[0].primary_sources[0].date == "2021-02-03"
    assert catalog.entries[0].verified and catalog.entries[0].quality == "forensic"
    assert catalog.country_terms["XA"] == ("Exampleland", "Examplish")


def test_loader_locates_a_bad_sector_with_file_line_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID.replace("sector: police", "sector: secret_police"))
    with pytest.raises(CatalogError) as caught:
        parse_misuse_file(path)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert problem.line == 10
    assert problem.field == "items[0].sector"
    assert problem.item == "xa_secret_police"
    assert problem.found == "'secret_police'"
    assert "police" in (problem.expected or "")


def test_loader_reports_every_problem_at_once(tmp_path: Path) -> None:
    broken = (VALID.replace("url: https://example.org/report", "url: example.org/report")
              .replace("    years: [2020]\n", "")
              .replace("    aliases: [SPX]\n", "    aliases: [SPX]\n    colour: red\n"))
    with pytest.raises(CatalogError) as caught:
        parse_misuse_file(_write(tmp_path, broken))
    fields = {p.field for p in caught.value.problems}
    assert fields == {"items[0].primary_sources[0].url", "items[0].years", "items[0].colour"}
    lines = {p.field: p.line for p in caught.value.problems}
    assert lines["items[0].colour"] == 9
    assert "items[0].primary_sources[0].url" in str(caught.value)


def test_unverified_source_without_a_note_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID.replace("confirmed: true", "confirmed: false"))
    with pytest.raises(CatalogError) as caught:
        parse_misuse_file(path)
    assert "note" in str(caught.value)


def test_country_without_declared_words_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID.replace("  XA: [Exampleland, Examplish]\n", "  XB: [Other]\n"))
    with pytest.raises(CatalogError) as caught:
        parse_misuse_file(path)
    assert "XA" in str(caught.value)


def test_id_must_start_with_country(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID.replace("id: xa_secret_police", "id: mx_secret_police"))
    with pytest.raises(CatalogError) as caught:
        parse_misuse_file(path)
    assert caught.value.problems[0].item == "mx_secret_police"


def test_invalid_yaml_is_located(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID.replace("    aliases: [SPX]", "    aliases: [SPX"))
    with pytest.raises(CatalogError) as caught:
        parse_misuse_file(path)
    assert caught.value.problems[0].line is not None


def test_duplicate_ids_across_files_are_rejected(tmp_path: Path) -> None:
    first = _write(tmp_path, VALID, "a.yaml")
    second = _write(tmp_path, VALID, "b.yaml")
    with pytest.raises(CatalogError) as caught:
        load_misuse_catalog([first, second])
    assert caught.value.problems[0].field == "id"
    assert "a.yaml" in (caught.value.problems[0].expected or "")


def test_a_contested_record_must_say_by_whom_and_when(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID.replace("outcome: confirmed", "outcome: contested"))
    with pytest.raises(CatalogError) as caught:
        parse_misuse_file(path)
    assert "outcome_note" in str(caught.value)


def test_the_israel_police_record_states_the_outcome_of_the_2022_inquiry() -> None:
    (entry,) = [e for e in misuse_entries() if e.id == "il_police"]
    assert entry.outcome == "contested"
    assert "Marari" in entry.outcome_note and "2022" in entry.outcome_note


def test_verified_needs_an_opened_primary_source() -> None:
    for entry in misuse_entries():
        opened = [p for p in entry.primary_sources if p.confirmed]
        assert entry.verified == bool(opened), entry.id
        assert all(p.kind in ("court", "un", "official_inquiry", "forensic") for p in opened)
        assert all(s.quality in ("media", "blog") for s in entry.sources), entry.id
        assert entry.primary_sources or entry.primary_note.strip(), entry.id


def test_an_official_document_listed_as_reporting_is_refused_at_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("""kind: misuse_records
version: 2026.12.1
countries:
  XX: [Examplestan]
items:
  - id: xx_police
    name: Police
    country: XX
    sector: police
    summary: A court found the police intercepted journalists without a warrant.
    years: [2020]
    technologies: [interception]
    categories: [internet_surveillance]
    outcome: confirmed
    primary_note: none found
    sources:
      - title: Judgment
        url: https://example.org/judgment
        publisher: Supreme Court
        date: "2021"
        confirmed: true
        quality: official
""", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_misuse_catalog([bad])
    (problem,) = caught.value.problems
    assert problem.line == 6 and problem.item == "xx_police"
    assert "primary source, not reporting: move Supreme Court to primary_sources" in problem.message


def test_an_unopened_primary_source_does_not_verify_a_record() -> None:
    (entry,) = [e for e in misuse_entries() if e.id == "rs_bia"]
    assert entry.primary_sources and not entry.primary_sources[0].confirmed
    assert entry.primary_sources[0].via and not entry.verified


def test_misuse_files_are_read_with_the_one_yaml_reader(tmp_path: Path) -> None:
    text = VALID.replace("  XA: [Exampleland, Examplish]\n", "  XA: [Exampleland, Examplish]\n  NO: [Norway]\n")
    catalog = load_misuse_catalog([_write(tmp_path, text)])
    assert catalog.country_terms["NO"] == ("Norway",)  # YAML 1.2: NO is text, not false
    duplicated = VALID.replace("    sector: police\n", "    sector: police\n    sector: police\n")
    with pytest.raises(CatalogError) as caught:
        parse_misuse_file(_write(tmp_path, duplicated, "dup.yaml"))
    assert caught.value.problems[0].message == "duplicate key 'sector'" and caught.value.problems[0].line == 11
