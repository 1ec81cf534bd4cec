"""The baseline country table shipped in the package: V-Dem and WGI, openly licensed.

:func:`build_baseline` reads the two sources from a data folder (laid out like
``/work/shared/data``: ``vdem*/…csv`` and ``wgi*/…csv``) and keeps, for every country and
indicator, the last :data:`WINDOW_YEARS` years: the latest value and the one five years
earlier that the trend needs. ``hrdd data build-baseline --from DIR`` writes the result to
``hrdd/catalogs/countries/baseline.json``. Licence and attribution travel in the file: V-Dem
values are CC BY-SA 4.0 (share-alike applies to this derived table), WGI values CC BY 4.0.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from hrdd.countries.tables import (
    SourceTable,
    dump_json,
    table_from_dict,
    table_of,
    table_to_dict,
    write_atomically,
)
from hrdd.exc import Problem, SourceError
from hrdd.sources.indicators import vdem, wgi
from hrdd.sources.indicators.base import IndicatorData, read_header

BASELINE_PATH = Path(__file__).resolve().parent.parent / "catalogs" / "countries" / "baseline.json"
WINDOW_YEARS = 6  # the latest year and the five before it
_SOURCES: tuple[tuple[str, str, tuple[str, ...], Callable[[Sequence[Path]], IndicatorData]], ...] = (
    ("vdem", "vdem*", ("country_text_id", "year", "v2x_civlib"), vdem.read),
    ("wgi", "wgi*", ("code", "year", "indicator", "estimate"), wgi.read),
)


def _find_file(data_dir: Path, source: str, pattern: str, columns: tuple[str, ...]) -> Path:
    candidates = sorted(p for folder in data_dir.glob(pattern) if folder.is_dir() for p in folder.glob("*.csv"))
    candidates += sorted(data_dir.glob(f"{pattern}.csv"))
    for path in candidates:
        if set(columns) <= set(read_header(path)):
            return path
    raise SourceError(f"no {source} file found in {data_dir}", source, [Problem(
        "missing file", file=str(data_dir / pattern), expected=f"a CSV with columns {', '.join(columns)}",
        found=", ".join(p.name for p in candidates) or "nothing")])


def _summary(data: IndicatorData) -> dict[str, int]:
    """Rejected rows by reason, so the shipped file says what was left out and why."""
    counts = Counter(f"{p.message}: {p.found}" if p.found else p.message for p in data.problems)
    return dict(sorted(counts.items()))


def _input_meta(path: Path, data: IndicatorData) -> dict[str, Any]:
    return {
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "rows_read": data.rows_read,
        "rows_rejected": data.rows_rejected,
        "rejected": _summary(data),
        "years": list(data.years() or ()),
    }


def build_baseline(data_dir: Path) -> dict[str, Any]:
    """The baseline table (as written to ``baseline.json``) from the V-Dem and WGI files in ``data_dir``."""
    sources: dict[str, Any] = {}
    for source, pattern, columns, read in _SOURCES:
        path = _find_file(data_dir, source, pattern, columns)
        data = read([path])
        sources[source] = table_to_dict(table_of(data, _input_meta(path, data), window=WINDOW_YEARS))
    return {
        "id": "countries.baseline",
        "title": "Baseline country indicators (V-Dem, World Bank WGI)",
        "generated_by": "hrdd.countries.baseline.build_baseline",
        "window_years": WINDOW_YEARS,
        "licence": "V-Dem values: CC BY-SA 4.0 (this derived table is shared alike); WGI values: CC BY 4.0",
        "attribution": [sources[s]["source"]["attribution"] for s in sorted(sources)],
        "sources": sources,
    }


def write_baseline(data_dir: Path, target: Path = BASELINE_PATH) -> dict[str, Any]:
    """Build the baseline from ``data_dir`` and write it atomically to ``target``; returns it."""
    table = build_baseline(data_dir)
    write_atomically(target, dump_json(table))
    load_baseline.cache_clear()
    return table


@lru_cache(maxsize=4)
def load_baseline(path: Path = BASELINE_PATH) -> dict[str, SourceTable]:
    """The shipped baseline, one table per source id; empty if the file is absent."""
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {source: table_from_dict(table) for source, table in raw["sources"].items()}
