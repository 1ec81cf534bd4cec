"""Country-indicator data use cases: build the baseline, import, update (download), status.

Shared by ``hrdd data …`` and any other front end. Imports are stored under
``settings.data_dir/<source>/`` by :mod:`hrdd.countries.imported`; a failed import or
download leaves the previous data untouched.
"""

import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from hrdd.countries.baseline import BASELINE_PATH, load_baseline, write_baseline
from hrdd.countries.imported import read_manifests, read_problems, store_import
from hrdd.countries.iso import ISO_TABLE
from hrdd.countries.tables import dump_json, write_atomically
from hrdd.exc import InvalidInput, Problem, SourceError
from hrdd.logs import get_logger
from hrdd.settings import Settings, get_settings
from hrdd.sources.indicators.base import IndicatorSource
from hrdd.sources.indicators.iso_codes import build_iso_table, find_iso_file
from hrdd.sources.indicators.registry import SOURCES, get_source

log = get_logger(__name__)
SHOWN_PROBLEMS = 20
_DATA_SUFFIXES = (".csv", ".xlsx", ".json")
_MAX_MEMBER_BYTES = 2 << 30  # a V-Dem Full+Others CSV is well under 2 GiB
Progress = Callable[[str, int, int | None], None]  # (source, bytes so far, total or None)


@dataclass(frozen=True, slots=True)
class ImportReport:
    source: str
    name: str
    version: str
    licence: str
    files: tuple[str, ...]
    rows_read: int
    rows_rejected: int
    problem_count: int
    problems: tuple[Problem, ...]  # the first SHOWN_PROBLEMS
    years: tuple[int, ...]
    countries: int
    loaded_at: str
    origin: str


@dataclass(frozen=True, slots=True)
class SourceStatus:
    source: str
    name: str
    version: str
    years: tuple[int, ...]
    licence: str
    open_licence: bool
    origin: str  # "shipped baseline", "import" or the download address
    loaded_at: str  # "" for the shipped baseline
    countries: int
    rows_rejected: int
    in_use: bool  # False for a baseline source replaced by an import


def build_baseline_files(data_dir: Path, catalog_dir: Path | None = None) -> dict[str, Any]:
    """Regenerate ``iso.json`` and ``baseline.json`` from a data folder; returns a summary."""
    if not data_dir.is_dir():
        raise InvalidInput(f"data folder {data_dir} does not exist", [Problem(
            "missing folder", field="--from", expected="a folder holding iso_country_codes/, vdem*/ and wgi*/",
            found=str(data_dir))])
    iso_target = (catalog_dir / ISO_TABLE.name) if catalog_dir else ISO_TABLE
    baseline_target = (catalog_dir / BASELINE_PATH.name) if catalog_dir else BASELINE_PATH
    iso = build_iso_table(find_iso_file(data_dir))
    write_atomically(iso_target, dump_json(iso))
    baseline = write_baseline(data_dir, baseline_target)
    return {
        "iso": {"path": str(iso_target), "countries": len(iso["countries"])},
        "baseline": {"path": str(baseline_target), "sources": {
            sid: {"version": s["source"]["version"], "countries": len(s["values"]),
                  "rows_read": s["meta"]["rows_read"], "rows_rejected": s["meta"]["rows_rejected"],
                  "years": s["meta"]["years"]}
            for sid, s in baseline["sources"].items()}},
    }


def _unpack(paths: Sequence[Path], work: Path, source: str) -> list[Path]:
    """Data files from the given paths; a ZIP contributes its CSV/XLSX/JSON members."""
    found: list[Path] = []
    for path in paths:
        if not path.is_file():
            raise InvalidInput(f"file not found: {path}", [Problem("missing file", file=str(path))])
        if path.suffix.lower() != ".zip":
            found.append(path)
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist()
                           if not m.is_dir() and Path(m.filename).suffix.lower() in _DATA_SUFFIXES
                           and not Path(m.filename).name.startswith(".")]
                for member in members:
                    if member.file_size > _MAX_MEMBER_BYTES:
                        raise SourceError(f"{member.filename} in {path.name} is too large", source, [Problem(
                            "archive member too large", file=str(path), item=member.filename,
                            expected=f"at most {_MAX_MEMBER_BYTES} bytes", found=str(member.file_size))])
                    target = work / Path(member.filename).name  # flatten: no path from the archive is used
                    with archive.open(member) as src, target.open("wb") as out:
                        shutil.copyfileobj(src, out)
                    found.append(target)
        except zipfile.BadZipFile as err:
            raise SourceError(f"{path.name} is not a readable ZIP archive", source,
                              [Problem(str(err), file=str(path))]) from err
    return found


def _pick_files(importer: IndicatorSource, files: list[Path]) -> list[Path]:
    """From an unpacked V-Dem archive keep the data CSV, not the codebook tables beside it."""
    if importer.info.id != "vdem" or len(files) <= 1:
        return files
    data = [p for p in files if "V-Dem-CY" in p.name or "vdem" in p.name.lower()]
    return [p for p in data if "lookup" not in p.name.lower()] or files


def import_source(source_id: str, paths: Sequence[Path], settings: Settings | None = None, *,
                  origin: str = "import", urls: Sequence[str] = ()) -> ImportReport:
    """Read the files with the source's importer and store them under ``data_dir/<source>/``."""
    settings = settings or get_settings()
    importer = get_source(source_id)
    if not paths:
        raise InvalidInput(f"no file given for {importer.info.id}", [Problem(
            "missing file", field="PATH", expected=importer.files)])
    with tempfile.TemporaryDirectory(prefix="hrdd-import-") as tmp:
        files = _pick_files(importer, _unpack(paths, Path(tmp), importer.info.id))
        data = importer.read(files)
        manifest = store_import(settings.data_dir, data, files, origin=origin, urls=urls)
    log.info("indicator data imported", extra={"ctx": {
        "source": importer.info.id, "rows": data.rows_read, "rejected": data.rows_rejected}})
    return ImportReport(
        source=importer.info.id, name=data.source.name, version=data.source.version, licence=data.source.licence,
        files=tuple(str(p) for p in paths), rows_read=data.rows_read, rows_rejected=data.rows_rejected,
        problem_count=len(data.problems), problems=tuple(data.problems[:SHOWN_PROBLEMS]),
        years=tuple(manifest["years"]), countries=manifest["countries"], loaded_at=manifest["loaded_at"],
        origin=origin)


def downloadable_sources() -> list[str]:
    return sorted(sid for sid, s in SOURCES.items() if s.info.open_licence and s.downloads)


def _refusal(importer: IndicatorSource) -> Problem:
    info = importer.info
    if not info.open_licence:
        reason = f"{info.name} is not openly licensed ({info.licence}); hrdd does not download it"
    else:
        reason = f"no official download address is known for {info.name}"
    return Problem(f"{reason}. Download it from {info.url} and run: hrdd data import {info.id} FILE",
                   item=info.id, expected=importer.files)


def update_sources(source_ids: Sequence[str] = (), settings: Settings | None = None, *,
                   urls: Mapping[str, str] | None = None, sha256: Mapping[str, str] | None = None,
                   progress: Progress | None = None, client: httpx.Client | None = None) -> list[ImportReport]:
    """Download openly licensed sources from their official addresses and import them.

    ``urls`` replaces a source's address (a newer release, a mirror, a test server); ``sha256``
    gives the digest the download must have. Licence-restricted sources are refused, naming
    the file to supply instead.
    """
    settings = settings or get_settings()
    urls = dict(urls or {})
    wanted = [get_source(s) for s in source_ids] or [SOURCES[s] for s in downloadable_sources()]
    refused = [_refusal(s) for s in wanted
               if not s.info.open_licence or not (s.downloads or s.info.id in urls)]
    if refused:
        raise InvalidInput("these sources must be supplied as files (hrdd data import SOURCE FILE)", refused)
    own_client = client is None
    http = client or httpx.Client(follow_redirects=True, timeout=httpx.Timeout(60.0, read=300.0))
    reports: list[ImportReport] = []
    try:
        for importer in wanted:
            sid = importer.info.id
            download = importer.downloads[0] if importer.downloads else None
            url = urls.get(sid) or (download.url if download else "")
            expected = (sha256 or {}).get(sid) or (download.sha256 if download and sid not in urls else None)
            name = Path(httpx.URL(url).path).name or (download.filename if download else f"{sid}.dat")
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=f".{sid}.download-", dir=settings.data_dir) as tmp:
                target = Path(tmp) / name
                digest = _download(http, sid, url, target, progress)
                if expected and digest != expected.lower():
                    raise SourceError(f"checksum mismatch for {url}; previous data kept", sid, [Problem(
                        "sha256 differs", item=sid, expected=expected.lower(), found=digest)])
                reports.append(import_source(sid, [target], settings, origin=url, urls=[url]))
    finally:
        if own_client:
            http.close()
    return reports


def _download(http: httpx.Client, source: str, url: str, target: Path, progress: Progress | None) -> str:
    digest = hashlib.sha256()
    try:
        with http.stream("GET", url) as response:
            if response.status_code != httpx.codes.OK:
                raise SourceError(f"download failed: {url}", source, [Problem(
                    "unexpected HTTP status", item=source, expected="200", found=str(response.status_code))])
            total = int(response.headers["content-length"]) if "content-length" in response.headers else None
            done = 0
            with target.open("wb") as out:
                for chunk in response.iter_bytes(1 << 16):
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress:
                        progress(source, done, total)
    except httpx.HTTPError as err:
        raise SourceError(f"download failed: {url}; previous data kept", source,
                          [Problem(str(err) or type(err).__name__, item=source)]) from err
    return digest.hexdigest()


def data_status(settings: Settings | None = None) -> list[SourceStatus]:
    """Every source hrdd holds: the shipped baseline and the user's imports."""
    settings = settings or get_settings()
    manifests = read_manifests(settings.data_dir)
    imported = {m["source"] for m in manifests}
    rows: list[SourceStatus] = []
    for sid, table in sorted(load_baseline().items()):
        rows.append(SourceStatus(
            source=sid, name=table.info.name, version=table.info.version,
            years=tuple(table.years() or ()), licence=table.info.licence,
            open_licence=table.info.open_licence, origin="shipped baseline", loaded_at="",
            countries=len(table.values), rows_rejected=int(table.meta.get("rows_rejected", 0)),
            in_use=sid not in imported))
    for m in manifests:
        rows.append(SourceStatus(
            source=m["source"], name=m["name"], version=m["version"], years=tuple(m["years"]),
            licence=m["licence"], open_licence=bool(m["open_licence"]), origin=m["origin"],
            loaded_at=m["loaded_at"], countries=int(m["countries"]), rows_rejected=int(m["rows_rejected"]),
            in_use=True))
    return rows


def import_problems(source_id: str, settings: Settings | None = None) -> list[Problem]:
    """Every row rejected by the stored import of a source."""
    settings = settings or get_settings()
    source = get_source(source_id).info.id
    return [Problem(**raw) for raw in read_problems(settings.data_dir, source)]
