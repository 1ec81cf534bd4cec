"""rigour's table of country names and demonyms read from a file, not rebuilt in every process.

hrdd-v2 reads every run of one to four words of an organisation name against rigour's territory
names (:func:`hrdd.screening.canonical.country_word`). rigour builds that table on first use by
normalising about 29,000 names and demonyms (``rigour.territories.util.normalize_territory_name``,
a transliteration each): 1.5 s of CPU on this project's machine, paid by every new process that
compares an organisation name — most of what a cold ``hrdd screen`` or ``hrdd assess`` costs.

This adapter keeps what ``country_word`` needs of that table — normalised name → (ISO code,
canonical word) for the names of current countries — in a JSON file under ``HRDD_CACHE_DIR``,
written once per rigour core (built with the phrase table, at the index build) and read in a few
milliseconds. Names of other territories (regions, historical states) are left out: the lookup
answers None for them, as it does for a name rigour does not know.

The file records the rigour version, the size, modification time and SHA-256 of rigour's
compiled core (which holds the territory data and the transliteration) and :data:`TABLE_FORMAT`;
a file that does not match, or cannot be read, is rebuilt, and when it cannot be written the
lookup builds rigour's table in memory as before. Only rigour versions in
:data:`RIGOUR_VERSIONS` are trusted (the table is read through a private rigour function); under
another version :func:`ensure_table` declines and canonical.py uses rigour's public lookup.
Same answers either way: tests/screening/test_territory_table.py.
"""

import fcntl
import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hrdd.logs import get_logger
from hrdd.screening.person_tagger import RIGOUR_VERSIONS, _sha256, core_library, rigour_version

log = get_logger(__name__)

TABLE_FORMAT = 1
CountryWord = tuple[str, str]  # (ISO code, canonical word)


def table_path(cache_dir: Path) -> Path:
    """Where the territory table of the installed rigour lives under ``cache_dir``."""
    return cache_dir / f"rigour-{rigour_version()}-countries-f{TABLE_FORMAT}.json"


def canonical_word(name: str) -> str:
    """The one word a country's name becomes in a canonical organisation name ("russia")."""
    return "".join(ch for ch in name.lower() if ch.isalpha())


def rigour_names() -> dict[str, Any] | None:
    """rigour's own table of normalised territory names (private: None when it is gone)."""
    if rigour_version() not in RIGOUR_VERSIONS:
        return None
    try:
        from rigour.territories.lookup import _get_territory_names
    except ImportError:
        return None
    table = _get_territory_names()
    return table if isinstance(table, dict) else None


def country_words(names: Mapping[str, Any]) -> dict[str, CountryWord]:
    """Normalised name → (ISO code, canonical word) for the names of current countries."""
    return {name: (t.code, canonical_word(t.name)) for name, t in names.items()
            if t.is_country and not t.is_historical}


def _core_meta(sha: bool) -> dict[str, str]:
    core = core_library()
    stat = core.stat()
    meta = {"format": str(TABLE_FORMAT), "rigour": rigour_version(), "core_size": str(stat.st_size),
            "core_mtime_ns": str(stat.st_mtime_ns)}
    if sha:
        meta["core_sha256"] = _sha256(core)
    return meta


def build_table(path: Path) -> int:
    """Write the table of the installed rigour to ``path`` (atomically); return its size."""
    names = rigour_names()
    if names is None:
        raise ValueError(f"rigour {rigour_version()} is not a version this table was tested with")
    words = country_words(names)
    staging = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    staging.write_text(json.dumps({"meta": _core_meta(sha=True), "countries": words}, ensure_ascii=False,
                                  sort_keys=True), encoding="utf-8")
    staging.replace(path)
    return len(words)


_PARSED: dict[tuple[str, int, int], tuple[dict[str, Any], dict[str, CountryWord]]] = {}


def _parsed(path: Path) -> tuple[dict[str, Any], dict[str, CountryWord]]:
    """(meta, table) of the file, parsed once per process for one version of the file (the index
    build checks the table and the first lookup reads it: one parse, not two)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    found = _PARSED.get(key)
    if found is None:
        data = json.loads(path.read_text(encoding="utf-8"))
        meta, countries = dict(data["meta"]), data["countries"]
        found = (meta, {str(name): (str(code), str(word)) for name, (code, word) in countries.items()})
        _PARSED.clear()
        _PARSED[key] = found
    return found


def read_table(path: Path) -> dict[str, CountryWord] | None:
    """The table at ``path`` when it was built from the installed rigour core, else None."""
    try:
        meta, table = _parsed(path)
        current = _core_meta(sha=False)
        if any(meta.get(k) != current[k] for k in ("format", "rigour")) or rigour_version() not in RIGOUR_VERSIONS:
            return None
        if (meta.get("core_size"), meta.get("core_mtime_ns")) != (current["core_size"], current["core_mtime_ns"]) \
                and meta.get("core_sha256") != _sha256(core_library()):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return table if table else None


def ensure_table(cache_dir: Path) -> Path | None:
    """The table of the installed rigour, built under a lock when missing or stale; None when it
    cannot be built (the lookup then builds rigour's table in memory, as before)."""
    path = table_path(cache_dir)
    if read_table(path) is not None:
        return path
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with (cache_dir / ".countries.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if read_table(path) is None:
                count = build_table(path)
                log.info("country table built", extra={"ctx": {"names": count, "path": str(path)}})
        return path
    except (OSError, ValueError) as err:
        log.warning("country table unavailable, building rigour's in memory", extra={"ctx": {"error": str(err)}})
        return None


# --- the table a process reads -------------------------------------------------------------------

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"path": None, "table": None}


def use_table(path: Path | None) -> None:
    """Read country words from the table at ``path`` from now on (loaded at the first lookup);
    None: from rigour's table, built in memory."""
    with _LOCK:
        if path != _STATE["path"]:
            _STATE["path"], _STATE["table"] = path, None


def current_table() -> Mapping[str, CountryWord] | None:
    """The table in use (loaded now if it was not yet), or None when there is none or it cannot
    be read (then rigour's table is used)."""
    table = _STATE["table"]
    if table is not None or _STATE["path"] is None:
        return table  # type: ignore[no-any-return]
    with _LOCK:
        path = _STATE["path"]
        if _STATE["table"] is None and path is not None:
            _STATE["table"] = read_table(path)
            if _STATE["table"] is None:
                log.warning("country table unreadable, building rigour's in memory", extra={"ctx": {"path": str(path)}})
                _STATE["path"] = None
        return _STATE["table"]  # type: ignore[no-any-return]
