"""Indicator values of one source held per country, indicator and year, and their JSON form.

The shipped baseline and every import under ``data_dir/<source>/`` use this shape, so the
country context reads both the same way.
"""

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hrdd.sources.indicators.base import Indicator, IndicatorData, Observation, SourceInfo

# country -> indicator key -> year -> value
Values = dict[str, dict[str, dict[int, float]]]


@dataclass(frozen=True)
class SourceTable:
    info: SourceInfo
    indicators: dict[str, Indicator]
    values: Values
    meta: dict[str, Any] = field(default_factory=dict)

    def series(self, country: str, key: str) -> dict[int, float]:
        return self.values.get(country, {}).get(key, {})

    def countries(self) -> set[str]:
        return set(self.values)

    def years(self) -> tuple[int, int] | None:
        found = [y for per_key in self.values.values() for per_year in per_key.values() for y in per_year]
        return (min(found), max(found)) if found else None


def values_of(observations: Iterable[Observation], window: int | None = None) -> Values:
    """Group observations; with ``window``, keep per country and indicator only the last ``window`` years."""
    values: Values = {}
    for obs in observations:
        values.setdefault(obs.country, {}).setdefault(obs.key, {})[obs.year] = obs.value
    if window is not None:
        for per_key in values.values():
            for key, per_year in per_key.items():
                last = max(per_year)
                per_key[key] = {y: v for y, v in per_year.items() if y > last - window}
    return {c: {k: dict(sorted(y.items())) for k, y in sorted(per_key.items())} for c, per_key in sorted(values.items())}


def table_of(data: IndicatorData, meta: dict[str, Any], window: int | None = None) -> SourceTable:
    return SourceTable(data.source, dict(data.indicators), values_of(data.observations, window), meta)


def table_to_dict(table: SourceTable) -> dict[str, Any]:
    return {
        "source": asdict(table.info),
        "meta": table.meta,
        "indicators": {key: asdict(ind) for key, ind in sorted(table.indicators.items())},
        "values": {c: {k: {str(y): v for y, v in years.items()} for k, years in per_key.items()}
                   for c, per_key in table.values.items()},
    }


def table_from_dict(raw: dict[str, Any]) -> SourceTable:
    return SourceTable(
        info=SourceInfo(**raw["source"]),
        indicators={key: Indicator(**ind) for key, ind in raw["indicators"].items()},
        values={c: {k: {int(y): float(v) for y, v in years.items()} for k, years in per_key.items()}
                for c, per_key in raw["values"].items()},
        meta=dict(raw.get("meta", {})),
    )


def dump_json(data: object) -> str:
    """Stable JSON for files kept in git: sorted keys, one level of indentation."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
