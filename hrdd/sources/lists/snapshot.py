"""List snapshots on disk: ``<lists_dir>/<source>/entities.ftm.jsonl`` + ``manifest.json``.

A snapshot is written into a staging directory beside the live one (``.<source>-<stamp>``),
then published by atomically replacing the ``<source>`` symlink with one pointing at it. A
failed or partial import never touches the live snapshot; readers holding the old files keep
reading them. Entities are spooled in arrival order, then written sorted by id, with entities
that share an id (rows of one party spread over a file) merged.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from followthemoney import Schema, ValueEntity, model

ENTITIES = "entities.ftm.jsonl"
MANIFEST = "manifest.json"


@dataclass
class WrittenEntities:
    entries: int = 0  # matchable listed parties
    entities: int = 0  # every entity, incl. Sanction and relation entities
    schemata: Counter[str] = field(default_factory=Counter)
    unnamed: list[str] = field(default_factory=list)  # ids whose alias was promoted to name
    sha256: str = ""


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dumps(entity: ValueEntity) -> bytes:
    data = entity.to_dict()
    data["datasets"] = sorted(data.get("datasets", []))
    data["referents"] = sorted(data.get("referents", []))
    data.pop("caption", None)
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def is_party(schema: Schema) -> bool:
    """A listed party: a matchable schema other than Address (Person, Organization, Vessel...)."""
    return bool(schema.matchable) and not schema.is_a("Address")


def _needs_name(entity: ValueEntity) -> bool:
    return is_party(entity.schema) and not entity.get("name")


def write_entities(directory: Path, entities: Iterable[ValueEntity]) -> WrittenEntities:
    """Write ``entities.ftm.jsonl`` sorted by id; merge duplicates; count what was written."""
    spool = directory / "spool.jsonl"
    index: list[tuple[str, int, int, bool]] = []
    with spool.open("wb") as out:
        offset = 0
        for entity in entities:
            line = _dumps(entity)
            out.write(line)
            index.append((str(entity.id), offset, len(line), _needs_name(entity)))
            offset += len(line)
    index.sort(key=lambda item: (item[0], item[1]))
    result = WrittenEntities()
    target = directory / ENTITIES
    digest = hashlib.sha256()
    with spool.open("rb") as source, target.open("wb") as out:
        for _, group in groupby(index, key=lambda item: item[0]):
            parts = list(group)
            lines = []
            for _, start, length, _ in parts:
                source.seek(start)
                lines.append(source.read(length))
            if len(parts) > 1 or parts[0][3]:
                line = _merged(lines, result)
            else:
                line = lines[0]
                schema = model.get(json.loads(line)["schema"])
                if schema is not None:
                    result.schemata[schema.name] += 1
                    result.entries += 1 if is_party(schema) else 0
            out.write(line)
            digest.update(line)
            result.entities += 1
    spool.unlink()
    result.sha256 = digest.hexdigest()
    return result


def _merged(lines: list[bytes], result: WrittenEntities) -> bytes:
    merged: ValueEntity | None = None
    for line in lines:
        entity = ValueEntity.from_dict(json.loads(line))
        merged = entity if merged is None else merged.merge(entity)
    assert merged is not None
    if _needs_name(merged):
        stand_in = sorted(merged.get("alias") or merged.get("weakAlias") or merged.get("previousName"))
        if stand_in:
            merged.add("name", stand_in[0])
            result.unnamed.append(str(merged.id))
    result.schemata[merged.schema.name] += 1
    if is_party(merged.schema):
        result.entries += 1
    return _dumps(merged)


def staging_dir(lists_dir: Path, source: str) -> Path:
    lists_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return Path(tempfile.mkdtemp(prefix=f".{source}-{stamp}-", dir=lists_dir))


@contextlib.contextmanager
def source_lock(lists_dir: Path, source: str) -> Iterator[None]:
    """One import per source at a time (advisory lock beside the snapshot)."""
    lists_dir.mkdir(parents=True, exist_ok=True)
    with (lists_dir / f".{source}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(lists_dir: Path, source: str, staged: Path) -> Path:
    """Point ``<lists_dir>/<source>`` at the staged snapshot atomically; drop older versions.

    Call it holding :func:`source_lock`, which makes any other version directory stale.
    """
    live = lists_dir / source
    if live.exists() and not live.is_symlink():  # a plain directory from an older layout
        live.rename(lists_dir / f".{source}-previous-{os.getpid()}")
    link_tmp = lists_dir / f".{source}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link_tmp.unlink()
    link_tmp.symlink_to(staged.name, target_is_directory=True)
    link_tmp.replace(live)
    # under the source lock: every other version directory is superseded or left by a crashed run
    version = re.compile(rf"^\.{re.escape(source)}-(\d{{8}}T\d{{6}}-\w+|previous-\d+)$")
    for old in lists_dir.iterdir():
        if old.name != staged.name and version.match(old.name) and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
    return live


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    (directory / MANIFEST).write_text(text + "\n", encoding="utf-8")


def read_manifest(lists_dir: Path, source: str) -> dict[str, Any] | None:
    path = lists_dir / source / MANIFEST
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def loaded_sources(lists_dir: Path) -> list[str]:
    if not lists_dir.is_dir():
        return []
    return sorted(p.name for p in lists_dir.iterdir()
                  if not p.name.startswith(".") and (p / MANIFEST).is_file())


def iter_snapshot(lists_dir: Path, source: str) -> Iterator[ValueEntity]:
    path = lists_dir / source / ENTITIES
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield ValueEntity.from_dict(json.loads(line))
