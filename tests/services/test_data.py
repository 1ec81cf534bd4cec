"""Data services: import with atomic swap, update over HTTP, refusals, status, baseline build."""

import hashlib
import http.server
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdd.countries.context import country_context, data_versions
from hrdd.exc import InvalidInput, SourceError
from hrdd.services.data import (
    build_baseline_files,
    data_status,
    downloadable_sources,
    import_problems,
    import_source,
    update_sources,
)
from hrdd.settings import Settings

WGI_HEADER = "code,countryname,year,indicator,estimate\n"


def _wgi(tmp_path: Path, rows: str, name: str = "wgi.csv") -> Path:
    path = tmp_path / name
    path.write_text(WGI_HEADER + rows, encoding="utf-8")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


def test_import_stores_manifest_and_replaces_the_baseline_source(tmp_path: Path, settings: Settings) -> None:
    path = _wgi(tmp_path, "NOR,Norway,2030,rl,-2.5\nQQQ,Nowhere,2030,rl,1\n")
    report = import_source("wgi", [path], settings)
    assert report.rows_read == 2 and report.rows_rejected == 1 and report.problem_count == 1
    assert report.years == (2030, 2030) and report.version == "2031"
    manifest = json.loads((settings.data_dir / "wgi" / "manifest.json").read_text())
    assert manifest["files"][0]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert manifest["licence"] == "CC BY 4.0" and manifest["loaded_at"]
    norway = country_context("NO", settings)
    assert norway is not None
    rl = norway.figure("wgi.rl")
    assert rl is not None and rl.year == 2030 and rl.risk == 1.0  # the import, not the baseline
    assert ("wgi", "2031") in data_versions(settings)
    assert [p.found for p in import_problems("wgi", settings)] == ["'QQQ'"]
    status = {(s.source, s.origin): s for s in data_status(settings)}
    assert not status[("wgi", "shipped baseline")].in_use
    assert status[("wgi", "import")].in_use and status[("wgi", "import")].loaded_at


def test_failed_import_leaves_previous_data_intact(tmp_path: Path, settings: Settings) -> None:
    import_source("wgi", [_wgi(tmp_path, "NOR,Norway,2030,rl,1.0\n")], settings)
    before = (settings.data_dir / "wgi" / "table.json").read_bytes()
    bad = _wgi(tmp_path, "DNK,Denmark,2030,rl,1\nQQQ,Nowhere,2030,rl,1\nZZZ,Nowhere,2030,rl,1\n", "bad.csv")
    with pytest.raises(SourceError, match="2 of 3 rows rejected"):
        import_source("wgi", [bad], settings)
    assert (settings.data_dir / "wgi" / "table.json").read_bytes() == before
    assert [p.name for p in settings.data_dir.iterdir()] == ["wgi"]  # no staging left behind


def test_import_reads_a_publisher_zip(tmp_path: Path, settings: Settings) -> None:
    archive = tmp_path / "V-Dem-CY-Core-v15_csv.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("V-Dem-CY-Core-v15_csv/V-Dem-CY-Core-v15.csv",
                     "country_name,country_text_id,country_id,year,v2x_civlib\nNorway,NOR,1,2024,0.5\n")
        out.writestr("V-Dem-CY-Core-v15_csv/codebook.pdf", b"%PDF")
    report = import_source("vdem", [archive], settings)
    assert report.version == "v15" and report.countries == 1


def test_unknown_source_and_missing_file_are_input_errors(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(InvalidInput, match="unknown data source"):
        import_source("polity", [tmp_path / "x.csv"], settings)
    with pytest.raises(InvalidInput, match="file not found"):
        import_source("wgi", [tmp_path / "missing.csv"], settings)


def test_update_refuses_licence_restricted_sources(settings: Settings) -> None:
    with pytest.raises(InvalidInput) as err:
        update_sources(["fh_fiw", "rsf", "civicus"], settings)
    text = str(err.value)
    assert "hrdd data import fh_fiw FILE" in text and "not openly licensed" in text
    assert set(downloadable_sources()) == {"vdem", "wgi"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "www"
    root.mkdir()

    def handler(*args: object) -> _Handler:
        return _Handler(*args, directory=str(root))  # type: ignore[arg-type]  # socketserver passes the request

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_update_downloads_with_progress_and_checksum(http_root: tuple[Path, str], settings: Settings) -> None:
    root, base = http_root
    body = (WGI_HEADER + "NOR,Norway,2030,va,2.0\n").encode()
    (root / "wgidataset.csv").write_bytes(body)
    seen: list[tuple[str, int, int | None]] = []
    reports = update_sources(["wgi"], settings, urls={"wgi": f"{base}/wgidataset.csv"},
                             sha256={"wgi": hashlib.sha256(body).hexdigest()},
                             progress=lambda s, done, total: seen.append((s, done, total)))
    assert reports[0].origin == f"{base}/wgidataset.csv" and reports[0].countries == 1
    assert seen[-1] == ("wgi", len(body), len(body))
    manifest = json.loads((settings.data_dir / "wgi" / "manifest.json").read_text())
    assert manifest["urls"] == [f"{base}/wgidataset.csv"]
    assert manifest["files"][0]["sha256"] == hashlib.sha256(body).hexdigest()


def test_update_keeps_previous_data_on_bad_checksum_or_http_error(
        tmp_path: Path, http_root: tuple[Path, str], settings: Settings) -> None:
    root, base = http_root
    import_source("wgi", [_wgi(tmp_path, "NOR,Norway,2030,rl,1.0\n")], settings)
    before = (settings.data_dir / "wgi" / "table.json").read_bytes()
    (root / "wgi.csv").write_text(WGI_HEADER + "NOR,Norway,2031,rl,0.0\n", encoding="utf-8")
    with pytest.raises(SourceError, match="checksum mismatch"):
        update_sources(["wgi"], settings, urls={"wgi": f"{base}/wgi.csv"}, sha256={"wgi": "0" * 64})
    with pytest.raises(SourceError, match="download failed"):
        update_sources(["wgi"], settings, urls={"wgi": f"{base}/missing.csv"})
    assert (settings.data_dir / "wgi" / "table.json").read_bytes() == before


def test_build_baseline_files_regenerates_both_tables(shared_data: Path, tmp_path: Path) -> None:
    from hrdd.countries.baseline import BASELINE_PATH
    from hrdd.countries.iso import ISO_TABLE

    summary = build_baseline_files(shared_data, tmp_path)
    assert summary["iso"]["countries"] == 249
    assert (tmp_path / "iso.json").read_bytes() == ISO_TABLE.read_bytes()
    assert (tmp_path / "baseline.json").read_bytes() == BASELINE_PATH.read_bytes()
    with pytest.raises(InvalidInput, match="does not exist"):
        build_baseline_files(tmp_path / "nowhere", tmp_path)
