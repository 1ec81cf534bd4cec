"""Which FtM schemata can name the same party, read from a file rather than from followthemoney.

The matcher's ``schema_mismatch`` asks one question of the FollowTheMoney model: can a query of
one schema be the entry of another (``Schema.can_match`` either way round)? Importing
followthemoney to answer it loads its 70 schema YAML files: about 0.6 s of CPU, most of what is
left of a cold ``hrdd screen`` once the index and rigour's tables are on disk. The answer only
depends on the followthemoney release, so the index build writes each schema's matchable schemata
to a JSON file under ``HRDD_CACHE_DIR`` keyed by that release (:func:`ensure_table`), and
:func:`compatible` reads the file. Without a table, or with one of another release or a broken
one, :func:`compatible` asks followthemoney, as before
(tests/screening/test_schemata.py compares both answers for every pair of schemata).
"""

import importlib.metadata
import json
import os
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from hrdd.logs import get_logger

log = get_logger(__name__)

TABLE_FORMAT = 1


def ftm_version() -> str:
    return importlib.metadata.version("followthemoney")


def table_path(cache_dir: Path) -> Path:
    return cache_dir / f"followthemoney-{ftm_version()}-matchable-f{TABLE_FORMAT}.json"


def model_table() -> dict[str, list[str]]:
    """Every schema of the installed followthemoney → the schemata it can match."""
    from followthemoney import model

    return {name: sorted(s.name for s in schema.matchable_schemata) for name, schema in model.schemata.items()}


def read_table(path: Path) -> dict[str, frozenset[str]] | None:
    """The table at ``path`` when it was built from the installed followthemoney, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["meta"] != {"format": TABLE_FORMAT, "followthemoney": ftm_version()}:
            return None
        table = {str(name): frozenset(map(str, others)) for name, others in data["matchable"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return table if table else None


def ensure_table(cache_dir: Path) -> Path | None:
    """The table of the installed followthemoney, written when missing or stale; None when it
    cannot be written (followthemoney answers then)."""
    path = table_path(cache_dir)
    if read_table(path) is not None:
        return path
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        staging.write_text(json.dumps({"meta": {"format": TABLE_FORMAT, "followthemoney": ftm_version()},
                                       "matchable": model_table()}, sort_keys=True), encoding="utf-8")
        staging.replace(path)
        return path
    except OSError as err:
        log.warning("schema table unavailable, asking followthemoney", extra={"ctx": {"error": str(err)}})
        return None


_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"path": None, "table": None}


def use_table(path: Path | None) -> None:
    """Answer from the table at ``path`` from now on (read at the first question); None: from
    followthemoney."""
    with _LOCK:
        if path != _STATE["path"]:
            _STATE["path"], _STATE["table"] = path, None
            compatible.cache_clear()


def _table() -> Mapping[str, frozenset[str]]:
    table = _STATE["table"]
    if table is not None:
        return table  # type: ignore[no-any-return]
    with _LOCK:
        if _STATE["table"] is None:
            path = _STATE["path"]
            stored = read_table(path) if path is not None else None
            if stored is None:
                if path is not None:
                    log.warning("schema table unreadable, asking followthemoney", extra={"ctx": {"path": str(path)}})
                    _STATE["path"] = None
                stored = {name: frozenset(others) for name, others in model_table().items()}
            _STATE["table"] = stored
        return _STATE["table"]  # type: ignore[no-any-return]


@lru_cache(maxsize=4096)
def compatible(query_schema: str, entry_schema: str) -> bool:
    """True unless both schemata are known and neither can match the other (a person and a
    company, a vessel and an organisation): followthemoney's ``can_match`` either way round."""
    table = _table()
    mine, theirs = table.get(query_schema), table.get(entry_schema)
    return mine is None or theirs is None or entry_schema in mine or query_schema in theirs
