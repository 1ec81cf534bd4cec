"""Documented misuse of surveillance technology by government bodies: the cited catalogue,
loaded from ``hrdd/catalogs/misuse/*.yaml`` (or ``HRDD_MISUSE_PATH``), versioned by content and
looked up by country. The files' format is :mod:`hrdd.countries.misuse_spec`.

``misuse_records()`` returns the records as :class:`hrdd.model.MisuseRecord` (``year`` is
the latest documented year); ``misuse_entries()`` returns the full validated entries,
including every source's publisher, date and verification status.
"""

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import (
    ValidationError,
)

from hrdd.catalog.parse import Source, parse_yaml
from hrdd.countries.misuse_spec import MisuseCatalog, MisuseEntry, MisuseFile
from hrdd.exc import CatalogError, Problem
from hrdd.model.misuse import MisuseRecord
from hrdd.validation import located_problems

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalogs" / "misuse"


def _item_id(data: Any, loc: Sequence[int | str]) -> str | None:
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int) and isinstance(data, dict):
        items = data.get("items")
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            value = items[loc[1]].get("id")
            return str(value) if value is not None else f"#{loc[1] + 1}"
    return None


def parse_misuse_file(path: Path) -> MisuseFile:
    """Read with the one YAML reader (YAML 1.2, duplicate keys refused, lines) and validate; every
    problem carries file, line, record and field."""
    name = str(path)
    parsed = parse_yaml(path.read_text(encoding="utf-8"), name)
    if parsed.problems:
        raise CatalogError(f"{path.name}: not valid YAML", parsed.problems)
    data = parsed.data
    if not isinstance(data, dict):
        raise CatalogError(f"{path.name}: empty or not a mapping", [
            Problem("the file must be a mapping with kind, version, countries and items",
                    file=name, line=1, expected="mapping", found=type(data).__name__),
        ])
    where = Source(name, 1, parsed.lines)
    try:
        return MisuseFile.model_validate(data)
    except ValidationError as err:
        problems = located_problems(err, file=name, line_of=lambda loc: where.line_of(*loc), model=MisuseFile,
                                    item_of=lambda loc: _item_id(data, loc))
        raise CatalogError(f"{path.name}: {len(problems)} problem(s) in the misuse catalogue", problems) from err


def load_misuse_catalog(paths: Iterable[Path] | None = None) -> MisuseCatalog:
    """Load and check every ``*.yaml`` under the catalogue directory (or the given files)."""
    files = sorted(paths) if paths is not None else sorted(CATALOG_DIR.glob("*.yaml"))
    if not files:
        raise CatalogError("no misuse catalogue files found", [
            Problem("no *.yaml files", file=str(CATALOG_DIR), expected="at least one file"),
        ])
    entries: list[MisuseEntry] = []
    terms: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            parsed = parse_misuse_file(path)
        except CatalogError as err:
            problems.extend(err.problems)
            continue
        for code, words in parsed.countries.items():
            terms[code] = tuple(dict.fromkeys(terms.get(code, ()) + words))
        for entry in parsed.items:
            if entry.id in seen:
                problems.append(Problem("duplicate record id", file=str(path), item=entry.id, field="id",
                                        found=entry.id, expected=f"an id not already used in {seen[entry.id]}"))
                continue
            seen[entry.id] = path.name
            entries.append(entry)
    if problems:
        raise CatalogError(f"the misuse catalogue has {len(problems)} problem(s)", problems)
    return MisuseCatalog(entries=tuple(entries), country_terms=terms, files=tuple(p.name for p in files))


@lru_cache(maxsize=1)
def shipped_catalog() -> MisuseCatalog:
    """The catalogue shipped with hrdd (cached)."""
    return load_misuse_catalog()


def misuse_files() -> list[Path]:
    """The record files in use: those of ``HRDD_MISUSE_PATH`` (a directory or one file), else the shipped ones."""
    from hrdd.settings import get_settings

    configured = get_settings().misuse_path
    if configured is None:
        return sorted(CATALOG_DIR.glob("*.yaml"))
    return sorted(configured.glob("*.yaml")) if configured.is_dir() else [configured]


@lru_cache(maxsize=8)
def _loaded(stamp: tuple[tuple[str, int, int], ...]) -> tuple[MisuseCatalog, str, tuple[MisuseRecord, ...]]:
    files = [Path(name) for name, _, _ in stamp]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    catalog = load_misuse_catalog(files)
    declared = max((parse_misuse_file(path).version for path in files), default="0")
    return catalog, f"{declared}+{digest.hexdigest()[:8]}", tuple(e.to_record() for e in catalog.entries)


def _current() -> tuple[MisuseCatalog, str, tuple[MisuseRecord, ...]]:
    """The records in use, read again whenever a file's size or modification time changes."""
    files = misuse_files()
    stamp = []
    for path in files:
        try:
            info = path.stat()
        except OSError as err:
            raise CatalogError("a misuse-record file cannot be read", [
                Problem(f"cannot read: {err.strerror}", file=str(path), expected="a readable YAML file")]) from err
        stamp.append((str(path), info.st_mtime_ns, info.st_size))
    if not stamp:
        raise CatalogError("no misuse catalogue files found", [
            Problem("no *.yaml files", file=str(files), expected="at least one file")])
    return _loaded(tuple(stamp))


def current_catalog() -> MisuseCatalog:
    """The misuse records in use (``HRDD_MISUSE_PATH`` or the shipped ones)."""
    return _current()[0]


def misuse_version() -> str:
    """The version of the records in use: the newest declared file version and a content hash, so
    that any change of any record changes it (``misuse_records`` in a report's data versions)."""
    return _current()[1]


def misuse_entries() -> tuple[MisuseEntry, ...]:
    return current_catalog().entries


def misuse_records() -> tuple[MisuseRecord, ...]:
    """Every record in use as a domain object."""
    return _current()[2]


def normalise_country(code: str) -> str:
    cleaned = re.sub(r"[^A-Za-z]", "", code or "").upper()
    return {"UK": "GB", "EL": "GR"}.get(cleaned, cleaned)


def records_for_country(code: str) -> tuple[MisuseRecord, ...]:
    """The shipped records of one country (ISO alpha-2, case-insensitive)."""
    wanted = normalise_country(code)
    return tuple(record for record in misuse_records() if record.country == wanted)


def country_terms(code: str) -> tuple[str, ...]:
    """Words that name the country (English, local, demonyms) declared in the catalogue."""
    return current_catalog().country_terms.get(normalise_country(code), ())
