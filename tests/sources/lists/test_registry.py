from pathlib import Path

import pytest

from hrdd.exc import CatalogError, InvalidInput, NotFound
from hrdd.sources.lists.registry import IMPORTERS, get_source, importer_for, load_importer, load_sources
from tests.sources.lists.helpers import FIXTURES

SHARED_IDS = {"ofac-sdn", "ofac-cons", "us-csl", "bis-dpl", "un-sc", "uk-sanctions", "eu-fsf", "opensanctions"}


def test_catalogue_has_one_entry_per_agreed_source_id() -> None:
    sources = load_sources()
    assert set(sources) == SHARED_IDS
    for source in sources.values():
        assert source.title and source.publisher and source.licence and source.url.startswith("https://")
        assert source.downloads, source.id
        assert all((d.url or d.page or "").startswith("https://") for d in source.downloads)
        assert source.importers and set(source.importers) <= set(IMPORTERS)


def test_opensanctions_is_marked_for_licensed_users_only() -> None:
    source = get_source("opensanctions")
    assert source.licensed_users_only and "CC BY-NC" in source.licence
    assert not any(s.licensed_users_only for s in load_sources().values() if s.id != "opensanctions")


def test_every_importer_module_has_the_protocol() -> None:
    for name in IMPORTERS:
        module = load_importer(name)
        assert callable(module.accepts) and callable(module.parse) and module.FORMAT


@pytest.mark.parametrize(("source", "files", "importer"), [
    ("ofac-sdn", ["ofac/sdn.csv", "ofac/add.csv", "ofac/alt.csv", "ofac/sdn_comments.csv"], "ofac_legacy_csv"),
    ("ofac-sdn", ["ofac/sdn.xml"], "ofac_xml"),
    ("us-csl", ["csl/consolidated.csv"], "us_csl"),
    ("us-csl", ["csl/consolidated.json"], "us_csl"),
    ("bis-dpl", ["dpl.txt"], "bis_dpl"),
    ("un-sc", ["un_consolidated.xml"], "un_sc"),
    ("uk-sanctions", ["conlist.csv"], "uk_ofsi_conlist"),
    ("uk-sanctions", ["UK_Sanctions_List.xml"], "uk_fcdo_xml"),
    ("eu-fsf", ["eu_fsf.xml"], "eu_fsf"),
    ("opensanctions", ["entities.ftm.json"], "ftm_json"),
])
def test_importer_is_chosen_by_the_files(source: str, files: list[str], importer: str) -> None:
    name, _ = importer_for(get_source(source), [FIXTURES / f for f in files])
    assert name == importer


def test_wrong_or_missing_files_are_reported() -> None:
    with pytest.raises(InvalidInput, match="no importer recognises"):
        importer_for(get_source("eu-fsf"), [FIXTURES / "un_consolidated.xml"])
    with pytest.raises(InvalidInput, match="not found"):
        importer_for(get_source("eu-fsf"), [FIXTURES / "missing.xml"])
    with pytest.raises(NotFound):
        get_source("ofac")


def test_invalid_catalogue_names_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("version: 1\nas_of: '2026-01-01'\nsources:\n  - {id: x, title: X, publisher: P, url: u, "
                   "format: f, importers: [nope], licence: L}\n")
    with pytest.raises(CatalogError) as err:
        load_sources(bad)
    assert err.value.problems[0].found == "nope"
