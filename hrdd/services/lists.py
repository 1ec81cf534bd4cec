"""Sanctions-list snapshots: import files, download updates, report status, feed the screening index.

Storage: ``get_settings().lists_dir / <source> /`` holds ``entities.ftm.jsonl`` (one FtM entity
dict per line, sorted by id) and ``manifest.json``. A new snapshot is staged beside the live
one and swapped in atomically, only after it parsed within the rejection threshold; a failed
download or import leaves the previous snapshot in place.

Entity conventions (for the matcher and the report):
- every listed party (Person, Organization, LegalEntity, Vessel, Airplane, or any matchable
  schema from an FtM source) has id ``"{source}-{entry_id}"`` and ``datasets`` containing the
  source id; ``entry_id`` is the publisher's id (OFAC ent_num/uid, CSL ``_id``, UN DATAID, UK
  unique_id or OFSI Group ID, EU logicalId; for the DPL, which has none, a digest of the name);
- names: ``name`` (primary), ``alias`` (strong a.k.a.), ``weakAlias`` (low-quality a.k.a.),
  ``previousName`` (f.k.a.); persons also ``firstName``/``lastName`` where the list splits them;
- ``program`` (programmes; for the CSL also the sub-list, e.g. "Entity List (EL) - Bureau of
  Industry and Security"), ``createdAt`` (listing date), ``notes`` (remarks), ``topics``
  (``sanction``, ``export.control``, ``debarment``; ``gov``/``gov.soe``/``fin``/``corp.public``/
  ``crime`` from OFAC "Target Type" statements), ``country``, ``nationality``, ``citizenship``,
  ``birthCountry``, ``birthDate``, ``birthPlace``, ``address`` (text), identifiers
  (``idNumber``, ``passportNumber``, ``taxNumber``, ``registrationNumber``, ``leiCode``,
  ``imoNumber``, ``swiftBic``, ``isinCode``, ``mmsi``...);
- a companion ``Sanction`` entity ``"{id}-sanction"`` keeps the raw entry id in ``recordId``
  with ``authority``, ``program``, ``listingDate``, ``startDate``/``endDate``, ``provisions``,
  ``authorityId`` (e.g. Federal Register notice), ``unscId`` and ``sourceUrl``.
"""

import contextlib
import dataclasses
import hashlib
import html
import re
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import httpx
from followthemoney import EntityProxy

from hrdd.exc import HrddError, InvalidInput, NotFound, Problem, SourceError
from hrdd.logs import get_logger
from hrdd.services import downloads
from hrdd.services.list_versions import record_version
from hrdd.services.store import get_store
from hrdd.settings import Settings, get_settings
from hrdd.sources.lists import snapshot
from hrdd.sources.lists.base import ImportContext, RejectLimits, parse_date
from hrdd.sources.lists.registry import Download, ListSource, get_source, importer_for, load_sources
from hrdd.version import __version__

if TYPE_CHECKING:
    from hrdd.model import ListInfo

log = get_logger(__name__)

IMPORTER_VERSION = "1"


@dataclass(frozen=True, slots=True)
class InputFile:
    name: str
    sha256: str
    bytes: int


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What one import produced: counts, the publisher's date, problems, checksums."""

    source: str
    title: str
    as_of: str
    as_of_basis: str  # "publisher" (date in the file) or "file modification time"
    entries: int  # listed parties (matchable entities)
    entities: int  # all entities written, incl. Sanction companions
    records: int  # records read from the files
    rejected: int
    warnings: dict[str, int]
    problems: tuple[Problem, ...]
    files: tuple[InputFile, ...]
    importer: str
    loaded_at: str
    seconds: float
    checksum: str  # sha256 of entities.ftm.jsonl
    version: int = 0  # the list version this import recorded (hrdd.services.list_versions)
    added: int = 0  # listed entities added, changed and removed against the previous version
    changed: int = 0
    removed: int = 0


def _settings(settings: Settings | None) -> Settings:
    return settings or get_settings()


def list_sources() -> list[ListSource]:
    """Every list source of the catalogue, sorted by id."""
    return [s for _, s in sorted(load_sources().items())]


def import_list(source: str, paths: Sequence[Path], settings: Settings | None = None, *,
                limits: RejectLimits | None = None, min_entries: int = 0,
                as_of: str | None = None) -> ImportReport:
    """Parse ``paths`` as a snapshot of ``source`` and swap it in; keep the old one on any failure."""
    settings = _settings(settings)
    spec = get_source(source)
    if as_of is not None and (len(as_of) != 10 or parse_date(as_of) != as_of):
        raise InvalidInput("the as-of date must be a calendar date",
                           [Problem("invalid as-of date", field="as_of", expected="YYYY-MM-DD", found=as_of)])
    paths = [Path(p) for p in paths]
    lists_dir = settings.lists_dir
    started = time.monotonic()
    files = tuple(InputFile(p.name, snapshot.hash_file(p), p.stat().st_size) for p in paths if p.is_file())
    try:
        importer_name, importer = importer_for(spec, paths)
    except InvalidInput as err:
        _alert_failed_import(settings, source, files, err)
        raise
    ctx = ImportContext(source=source, limits=limits or RejectLimits(), as_of=as_of)
    published: list[int] = []  # once the snapshot is live, its directory must stay
    with snapshot.source_lock(lists_dir, source):
        staged = snapshot.staging_dir(lists_dir, source)
        try:
            written = snapshot.write_entities(staged, importer.parse(ctx, paths))
            ctx.finish()
            if written.entries < min_entries:
                raise SourceError(
                    f"{source}: only {written.entries} listed entries, expected at least {min_entries}; "
                    "the file looks truncated and the previous snapshot is kept", source, list(ctx.problems))
            basis = "publisher"
            if ctx.as_of is None:
                newest = max(p.stat().st_mtime for p in paths)
                ctx.as_of = datetime.fromtimestamp(newest, UTC).date().isoformat()
                basis = "file modification time"
            loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
            for uid in written.unnamed:
                ctx.warn("entity had no primary name; an alias stands in", item=uid)
            report = ImportReport(
                source=source, title=spec.title, as_of=ctx.as_of, as_of_basis=basis,
                entries=written.entries, entities=written.entities, records=ctx.seen,
                rejected=ctx.rejected, warnings=dict(ctx.warnings), problems=tuple(ctx.problems),
                files=files, importer=importer_name, loaded_at=loaded_at,
                seconds=round(time.monotonic() - started, 3), checksum=written.sha256,
            )
            manifest = _manifest(report, spec, dict(written.schemata))

            def publish(version: int) -> None:
                snapshot.write_manifest(staged, {**manifest, "list_version": version})
                snapshot.publish(lists_dir, source, staged)
                published.append(version)

            summary = record_version(get_store(settings), settings, source, staged,
                                     entities_sha256=written.sha256, as_of=report.as_of,
                                     entries=written.entries, publish=publish)
            report = dataclasses.replace(report, version=summary.version, added=summary.added,
                                         changed=summary.changed, removed=summary.removed)
        except (SourceError, InvalidInput) as err:
            shutil.rmtree(staged, ignore_errors=True)
            _alert_failed_import(settings, source, files, err)
            raise
        except BaseException:
            if not published:
                shutil.rmtree(staged, ignore_errors=True)
            raise
    log.info("list imported", extra={"ctx": {"source": source, "entries": report.entries,
                                             "rejected": report.rejected, "version": report.version}})
    return report


def _alert_failed_import(settings: Settings, source: str, files: tuple[InputFile, ...], err: HrddError) -> None:
    """Tell the admins that an import failed and the previous version stays (once per set of files)."""
    from hrdd.services.alerts import LIST_IMPORT_FAILED, audience, raise_alert

    digest = hashlib.sha256("".join(f.sha256 for f in files).encode()).hexdigest()[:24]
    explanation = {"source": source, "error": err.message, "files": [f.name for f in files],
                   "problems": [p.to_dict() for p in err.problems[:20]],
                   "kept": "the previous version of the list stays in use"}
    try:
        with get_store(settings).transaction() as conn:
            raise_alert(conn, kind=LIST_IMPORT_FAILED, case_id=None, subject=source,
                        dedupe_key=f"list-import-failed:{source}:{digest}",
                        title=f"Import of {source} failed; the previous version stays", to=audience("admin"),
                        explanation=explanation)
    except HrddError:
        log.exception("could not record the failed-import alert", extra={"ctx": {"source": source}})


def _manifest(report: ImportReport, spec: ListSource, schemata: dict[str, int]) -> dict[str, object]:
    return {
        "source": report.source,
        "title": report.title,
        "publisher": spec.publisher,
        "licence": spec.licence,
        "licensed_users_only": spec.licensed_users_only,
        "as_of": report.as_of,
        "as_of_basis": report.as_of_basis,
        "entries": report.entries,
        "entities": report.entities,
        "schemata": schemata,
        "records": report.records,
        "rejected": report.rejected,
        "warnings": report.warnings,
        "problems": [p.to_dict() for p in report.problems],
        "loaded_at": report.loaded_at,
        "files": [{"name": f.name, "sha256": f.sha256, "bytes": f.bytes} for f in report.files],
        "entities_sha256": report.checksum,
        "importer": {"module": report.importer, "version": IMPORTER_VERSION, "hrdd": __version__},
        "seconds": report.seconds,
    }


def list_status(settings: Settings | None = None) -> "list[ListInfo]":
    """The loaded snapshots, one per source, sorted by source id."""
    # imported here: hrdd.model is not needed to import or read lists
    from hrdd.model import ListInfo

    lists_dir = _settings(settings).lists_dir
    infos = []
    for source in snapshot.loaded_sources(lists_dir):
        manifest = snapshot.read_manifest(lists_dir, source)
        if manifest is None:
            continue
        infos.append(ListInfo(
            source=source, title=str(manifest.get("title", "")), as_of=str(manifest.get("as_of", "")),
            entries=int(manifest.get("entries", 0)), loaded_at=str(manifest.get("loaded_at", "")),
            checksum=str(manifest.get("entities_sha256", "")),
        ))
    return infos


def list_manifest(source: str, settings: Settings | None = None) -> dict[str, object]:
    """The full manifest of a loaded source (rejected count, problems sample, file checksums)."""
    manifest = snapshot.read_manifest(_settings(settings).lists_dir, source)
    if manifest is None:
        raise NotFound(f"list {source!r} is not loaded")
    return manifest


def iter_entities(sources: Sequence[str] = (), settings: Settings | None = None, *,
                  matchable_only: bool = False) -> Iterator[EntityProxy]:
    """Stream the entities of the loaded lists (all, or ``sources``), source by source, by id.

    ``matchable_only`` yields listed parties only: it skips Sanction companions, Address
    entities and relations (Ownership, Family...).
    A requested source that is not loaded yields nothing; an unknown source id raises NotFound.
    """
    lists_dir = _settings(settings).lists_dir
    for source in sources:
        get_source(source)
    loaded = snapshot.loaded_sources(lists_dir)
    for source in (s for s in loaded if not sources or s in sources):
        for entity in snapshot.iter_snapshot(lists_dir, source):
            if matchable_only and not snapshot.is_party(entity.schema):
                continue
            yield entity


def lists_fingerprint(settings: Settings | None = None) -> str:
    """A digest of which lists are loaded and their content; changes when any list changes.

    It follows the entities files only: re-importing identical content keeps it, so the
    screening index rebuilds exactly when the entities it is built from change.
    """
    digest = hashlib.sha256()
    lists_dir = _settings(settings).lists_dir
    for source in snapshot.loaded_sources(lists_dir):
        manifest = snapshot.read_manifest(lists_dir, source) or {}
        digest.update(f"{source}\x1f{manifest.get('entities_sha256', '')}\x1e".encode())
    return digest.hexdigest()


def update_lists(sources: Sequence[str] = (), settings: Settings | None = None, progress: bool = True, *,
                 mirror: str | None = None, timeout: float = 120.0,
                 min_entries: int | None = None) -> list[ImportReport]:
    """Download each source's official files, check they parse, and swap the snapshots in.

    ``sources`` defaults to every source with download URLs except those for licensed users
    only (OpenSanctions), which are fetched when named. A source whose files did not change
    (HTTP 304, or the same bytes as the loaded snapshot) is not imported again and has no report. ``mirror`` replaces each URL by
    ``<mirror>/<file>`` (tests and air-gapped mirrors); ``min_entries`` overrides the
    catalogue's minimum size (tests with small fixtures). A source that fails keeps its previous
    snapshot; the others still update, then a SourceError lists the failures.
    """
    settings = _settings(settings)
    specs = [get_source(s) for s in sources] if sources else [
        s for s in list_sources() if s.downloads and not s.licensed_users_only]
    reports: list[ImportReport] = []
    failures: list[Problem] = []
    for spec in specs:
        try:
            minimum = spec.min_entries if min_entries is None else min_entries
            report = _update_one(spec, settings, progress, mirror, timeout, minimum)
            if report is not None:
                reports.append(report)
        except SourceError as err:
            failures.append(Problem(str(err), item=spec.id))
            log.warning("list update failed", extra={"ctx": {"source": spec.id}})
    if failures:
        done = ", ".join(r.source for r in reports) or "none"
        raise SourceError(f"{len(failures)} list update(s) failed; updated: {done}",
                          failures[0].item or "", failures)
    return reports


def _update_one(spec: ListSource, settings: Settings, progress: bool, mirror: str | None,
                timeout: float, min_entries: int) -> ImportReport | None:
    """Fetch the source's files into its download cache and import them; None when nothing changed
    (every file answered 304, or the files are byte for byte those of the loaded snapshot)."""
    if not spec.downloads:
        raise SourceError(f"{spec.id}: no download URL is configured; download the files from "
                          f"{spec.url} and run `hrdd lists import {spec.id} FILE...`", spec.id)
    cache = downloads.cache_dir(settings.lists_dir, spec.id)
    state = downloads.read_state(cache)
    fetched = []
    with httpx.Client(follow_redirects=True, timeout=timeout,
                      headers={"User-Agent": f"hrdd/{__version__}"}) as client:
        for item in spec.downloads:
            url = _resolve(client, spec.id, item, mirror)
            with _progress(f"{spec.id} {item.file}", progress) as on_progress:
                got = downloads.fetch(client, spec.id, url, cache / item.file,
                                      max_bytes=settings.download_max_mb * 1024 * 1024,
                                      previous=state.get(item.file), expected_sha256=item.sha256,
                                      on_progress=on_progress)
            state[item.file] = got.state
            downloads.write_state(cache, state)
            fetched.append(got)
    manifest = snapshot.read_manifest(settings.lists_dir, spec.id) or {}
    loaded = {f.get("name"): f.get("sha256") for f in manifest.get("files", [])}
    if manifest and all(loaded.get(f.path.name) == f.state.sha256 for f in fetched):
        log.info("list unchanged", extra={"ctx": {"source": spec.id}})
        return None
    return import_list(spec.id, [f.path for f in fetched], settings, min_entries=min_entries)


@contextlib.contextmanager
def _progress(label: str, show: bool) -> Iterator[Callable[[int, int | None], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  console=Console(stderr=True), disable=not show, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(received: int, total: int | None) -> None:
            bar.update(task, completed=received, total=total)

        yield update


def _resolve(client: httpx.Client, source: str, item: Download, mirror: str | None) -> str:
    """The file's URL: fixed, or the first link on the publisher's page that contains ``item.link``."""
    base = mirror.rstrip("/") if mirror else None
    if item.url:
        return f"{base}/{item.file}" if base else item.url
    assert item.page and item.link
    page = f"{base}/{item.page.rstrip('/').rsplit('/', 1)[-1]}" if base else item.page
    try:
        response = client.get(page)
        response.raise_for_status()
    except httpx.HTTPError as err:
        raise SourceError(f"{source}: cannot read the download page {page} ({err})", source) from err
    for href in re.findall(r"""href=["']([^"']+)["']""", response.text):
        if item.link in href:
            return urljoin(str(response.url), html.unescape(href))
    raise SourceError(f"{source}: no link containing {item.link!r} on {page}; the page layout may have changed",
                      source)
