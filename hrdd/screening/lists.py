"""Loaded list snapshots under ``lists_dir`` and the index built from them.

The list importers write ``<lists_dir>/<source>/entities.ftm.jsonl`` (FtM JSON lines, ids
``"{source}-{entry_id}"``) and a ``manifest.json`` (``source``, ``title``, ``as_of``, ``entries``,
``loaded_at``, ``checksum``). This module reads them, fingerprints them, and (re)builds the
candidate index and the ownership graph when the fingerprint changes.
"""

import fcntl
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.exc import Problem, SourceError
from hrdd.logs import get_logger
from hrdd.model.screening import ListInfo
from hrdd.screening.index import INDEX_FORMAT, CandidateIndex, TantivyIndex
from hrdd.screening.links import mark_linked_only
from hrdd.screening.record import Record, is_matchable, record_from_proxy
from hrdd.screening.ties import LINKS, OwnershipGraph

if TYPE_CHECKING:  # imported where entities are read, not by a screening that opens the index
    from followthemoney.proxy import EntityProxy

log = get_logger(__name__)
ENTITIES_FILE = "entities.ftm.jsonl"
MANIFEST_FILE = "manifest.json"
TIES_FILE = "ties.json"


@dataclass(frozen=True, slots=True)
class ListSnapshot:
    """One loaded list: where its entities are and what its manifest says."""

    source: str
    path: Path
    info: ListInfo


def read_manifest(directory: Path) -> ListInfo:
    """The manifest of a list directory; a missing manifest yields what the directory shows."""
    source = directory.name
    path = directory / MANIFEST_FILE
    if not path.is_file():
        return ListInfo(source=source, title=source, as_of="", entries=0)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise SourceError("list manifest is not valid JSON", source, [Problem(
            err.msg, file=str(path), line=err.lineno, expected="a JSON object", found=err.doc[:40])]) from err
    if not isinstance(data, dict):
        raise SourceError("list manifest is not a JSON object", source, [Problem(
            "manifest must be an object", file=str(path), expected="object", found=type(data).__name__)])
    return ListInfo(
        source=str(data.get("source") or source),
        title=str(data.get("title") or source),
        as_of=str(data.get("as_of") or ""),
        entries=int(data.get("entries") or 0),
        loaded_at=str(data.get("loaded_at") or ""),
        checksum=str(data.get("checksum") or ""),
    )


def discover_lists(lists_dir: Path) -> list[ListSnapshot]:
    """Every list directory under ``lists_dir`` that holds an entities file, by source id."""
    if not lists_dir.is_dir():
        return []
    found = []
    # names starting with "." are staging or superseded snapshots of the lists service
    for directory in sorted(p for p in lists_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        entities = directory / ENTITIES_FILE
        if entities.is_file():
            found.append(ListSnapshot(directory.name, entities, read_manifest(directory)))
    return found


def iter_proxies(path: Path) -> Iterator["EntityProxy"]:
    """FtM entities of a JSON-lines file; a bad line raises naming file and line."""
    from followthemoney import model
    from followthemoney.exc import InvalidData

    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield model.get_proxy(json.loads(line))
            except (json.JSONDecodeError, InvalidData, TypeError, KeyError) as err:
                raise SourceError("list entities file has a bad line", path.parent.name, [Problem(
                    str(err), file=str(path), line=lineno, expected="one FtM entity JSON object per line",
                    found=line[:60].strip())]) from err


def fingerprint_files(paths: Iterable[Path]) -> str:
    """SHA-256 over the content of the given files, in order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.name).encode())
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:24]


# bump when the way list entries are built or indexed changes, so existing indexes are rebuilt
RECORD_VERSION = "r4"  # r3: persons keep their name parts and gender; r4: linked-only entries marked


def lists_fingerprint(snapshots: list[ListSnapshot]) -> str:
    """Fingerprint of the list files' content and of the record/index format."""
    if not snapshots:
        return ""
    return f"{RECORD_VERSION}-{INDEX_FORMAT}-{fingerprint_files(s.path for s in snapshots)}"


def _sanction_programs(proxies: Iterable["EntityProxy"]) -> dict[str, tuple[str, ...]]:
    programs: dict[str, dict[str, None]] = {}
    for proxy in proxies:
        if proxy.schema.name != "Sanction":
            continue
        values = proxy.get("programId") or proxy.get("program")
        for entity in proxy.get("entity"):
            programs.setdefault(entity, {}).update(dict.fromkeys(values))
    return {k: tuple(v) for k, v in programs.items()}


def records_from_proxies(proxies: Iterable["EntityProxy"], source: str, graph: OwnershipGraph | None = None
                         ) -> list[Record]:
    """List entries from FtM entities; Sanction programmes are attached to their targets. An entry
    without topics that no Sanction names and that is an end of a relation is marked linked-only
    (``hrdd.screening.links``)."""
    matchable: list[EntityProxy] = []
    sanctions: list[EntityProxy] = []
    linked: set[str] = set()
    for proxy in proxies:
        if graph is not None:
            graph.add(proxy)
        if proxy.schema.name == "Sanction":
            sanctions.append(proxy)
        elif proxy.schema.name in LINKS:
            for prop in LINKS[proxy.schema.name]:
                linked.update(proxy.get(prop, quiet=True))
        elif is_matchable(proxy) and proxy.get("name"):
            matchable.append(proxy)
    programs = _sanction_programs(sanctions)
    records = []
    for proxy in matchable:
        record = record_from_proxy(proxy, source, programs.get(proxy.id or "", ()))
        if not record.topics and record.id in linked and record.id not in programs:
            record = mark_linked_only(record)
        records.append(record)
    return records


def _all_records(snapshots: list[ListSnapshot], graph: OwnershipGraph) -> Iterator[Record]:
    for snap in snapshots:
        records = records_from_proxies(iter_proxies(snap.path), snap.source, graph)
        log.info("list read", extra={"ctx": {"source": snap.source, "entries": len(records)}})
        yield from records


def ensure_index(index_dir: Path, snapshots: list[ListSnapshot], index: CandidateIndex | None = None
                 ) -> tuple[CandidateIndex, OwnershipGraph]:
    """The index for these snapshots, rebuilt (with the ownership graph) when the data changed."""
    index = index or TantivyIndex(index_dir / "tantivy")
    fingerprint = lists_fingerprint(snapshots)
    ties_path = index_dir / TIES_FILE
    index_dir.mkdir(parents=True, exist_ok=True)
    # one builder at a time across processes (CLI, API workers); the others wait and reuse it
    with (index_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if index.fingerprint != fingerprint or not ties_path.is_file():
                graph = OwnershipGraph()
                count = index.build(_all_records(snapshots, graph), fingerprint)
                graph.save(ties_path)
                log.info("index built", extra={"ctx": {"entries": count, "fingerprint": fingerprint}})
                return index, graph
            return index, OwnershipGraph.load(ties_path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
