"""Indicator data the user imported, kept under ``data_dir/<source>/``.

Each source folder holds ``table.json`` (values of every year, in the shape of
:mod:`hrdd.countries.tables`), ``problems.json`` (every rejected row, with file and line) and
``manifest.json`` (files and checksums, counts, licence, when it was loaded). A new import is
written to a staging folder and swapped in by renames, so a failed import leaves the previous
data untouched.
"""

import hashlib
import json
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from hrdd.countries.tables import SourceTable, dump_json, table_from_dict, table_of, table_to_dict
from hrdd.exc import Problem, SourceError
from hrdd.sources.indicators.base import IndicatorData

MANIFEST = "manifest.json"
TABLE = "table.json"
PROBLEMS = "problems.json"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_import(data_dir: Path, data: IndicatorData, paths: Sequence[Path], origin: str = "import",
                 urls: Sequence[str] = ()) -> dict[str, Any]:
    """Write an import under ``data_dir/<source>/`` and swap it in atomically; returns the manifest."""
    source = data.source.id
    manifest: dict[str, Any] = {
        "source": source,
        **{k: v for k, v in asdict(data.source).items() if k != "id"},
        "files": [{"name": p.name, "sha256": file_digest(p), "bytes": p.stat().st_size} for p in paths],
        "urls": list(urls),
        "origin": origin,
        "rows_read": data.rows_read,
        "rows_rejected": data.rows_rejected,
        "problems": len(data.problems),
        "years": list(data.years() or ()),
        "countries": len(data.countries()),
        "loaded_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = data_dir / f".{source}.staging-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        (staging / TABLE).write_text(dump_json(table_to_dict(table_of(data, {"origin": origin}))), "utf-8")
        (staging / PROBLEMS).write_text(dump_json([p.to_dict() for p in data.problems]), "utf-8")
        (staging / MANIFEST).write_text(dump_json(manifest), "utf-8")
        _swap_in(staging, data_dir / source)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise SourceError(f"could not store the {source} import; previous data kept", source,
                          [Problem(str(err), file=str(data_dir / source))]) from err
    load_imported_table.cache_clear()
    return manifest


def _swap_in(staging: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
    had_previous = final.exists()
    if had_previous:
        final.rename(old)
    try:
        staging.rename(final)
    except OSError:
        if had_previous:
            old.rename(final)
        raise
    if had_previous:
        shutil.rmtree(old, ignore_errors=True)


def read_manifests(data_dir: Path) -> list[dict[str, Any]]:
    """The manifest of every imported source, by source id."""
    if not data_dir.is_dir():
        return []
    found: list[dict[str, Any]] = []
    for path in sorted(data_dir.glob(f"*/{MANIFEST}")):
        if not path.parent.name.startswith("."):
            found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


def read_problems(data_dir: Path, source: str) -> list[dict[str, Any]]:
    path = data_dir / source / PROBLEMS
    loaded: list[dict[str, Any]] = json.loads(path.read_text("utf-8")) if path.is_file() else []
    return loaded


@lru_cache(maxsize=32)
def load_imported_table(path: Path, stamp: float) -> SourceTable:
    """One imported table; ``stamp`` (the manifest's mtime) makes the cache follow new imports."""
    return table_from_dict(json.loads(path.read_text(encoding="utf-8")))


def load_imported(data_dir: Path) -> dict[str, SourceTable]:
    tables: dict[str, SourceTable] = {}
    if not data_dir.is_dir():
        return tables
    for manifest in sorted(data_dir.glob(f"*/{MANIFEST}")):
        folder = manifest.parent
        if folder.name.startswith(".") or not (folder / TABLE).is_file():
            continue
        tables[folder.name] = load_imported_table(folder / TABLE, manifest.stat().st_mtime)
    return tables
