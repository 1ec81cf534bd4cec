"""CIVICUS Monitor civic-space ratings: the map widget JSON or a CSV (iso3, rating[, date]).

Ratings: closed (1), repressed (2), obstructed (3), narrowed (4), open (5). The rating date
comes from a ``date`` column, or else from a YYYY-MM-DD date in the file name (the widget JSON
carries none). Licence: not stated by CIVICUS, so the file is supplied by the user.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from hrdd.exc import Problem, SourceError
from hrdd.sources.indicators.base import (
    Indicator,
    IndicatorData,
    IndicatorSource,
    Observation,
    RowLog,
    SourceInfo,
    check_result,
    read_csv_rows,
    read_header,
)

SOURCE = SourceInfo(
    id="civicus",
    name="CIVICUS Monitor",
    publisher="CIVICUS, CIVICUS Monitor",
    url="https://monitor.civicus.org/",
    licence="CIVICUS copyright (no open licence stated)",
    open_licence=False,
    attribution="CIVICUS Monitor civic space ratings (monitor.civicus.org). Not redistributed.",
)
RATINGS = {"closed": 1, "repressed": 2, "obstructed": 3, "narrowed": 4, "open": 5}
# CIVICUS's own codes
CODES: dict[str, str | None] = {"SVT": "VC"}
INDICATORS = {"civicus.rating": Indicator(
    "civicus.rating", "Civic space rating (1 closed, 2 repressed, 3 obstructed, 4 narrowed, 5 open)",
    "1-5, higher is better", low=1.0, high=5.0)}


def _file_year(path: Path) -> int | None:
    found = re.search(r"(\d{4})-\d{2}-\d{2}", path.name)
    return int(found.group(1)) if found else None


def _rating(log: RowLog, raw: str, line: int, column: str) -> float | None:
    text = raw.strip().lower()
    if text in RATINGS:
        return float(RATINGS[text])
    if text in {"1", "2", "3", "4", "5"}:
        return float(text)
    log.reject(line, "unknown rating", field=column, expected="1-5 or " + "/".join(RATINGS), found=repr(raw))
    return None


def read(paths: Sequence[Path]) -> IndicatorData:
    data = IndicatorData(source=SOURCE, indicators=dict(INDICATORS), files=tuple(str(p) for p in paths))
    for path in paths:
        if path.suffix.lower() == ".json":
            _read_json(path, data)
        else:
            _read_csv(path, data)
    years = data.years()
    data.source = replace(SOURCE, version=str(years[1]) if years else "")
    return check_result(data)


def _require_year(path: Path) -> int:
    year = _file_year(path)
    if year is None:
        raise SourceError(f"no rating date for {path.name}", SOURCE.id, [Problem(
            "the file has no date column and its name has no date", file=str(path),
            expected="a 'date' column or a file name containing YYYY-MM-DD (the day the ratings were taken)",
            found=path.name)])
    return year


def _read_json(path: Path, data: IndicatorData) -> None:
    year = _require_year(path)
    log = RowLog(data, path)
    text = path.read_text(encoding="utf-8-sig")
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as err:
        raise SourceError(f"{path.name} is not valid JSON", SOURCE.id, [Problem(
            err.msg, file=str(path), line=err.lineno)]) from err
    if not isinstance(payload, dict):
        raise SourceError(f"{path.name} is not a CIVICUS map file", SOURCE.id, [Problem(
            "unexpected JSON", file=str(path), expected='{"ISO3": {"fillKey": "1".."5"}}',
            found=type(payload).__name__)])
    for code, entry in payload.items():
        data.rows_read += 1
        line = _line_of(text, code)
        fill = entry.get("fillKey") if isinstance(entry, dict) else None
        if fill is None:
            log.reject(line, "no rating", field="fillKey", expected="1-5", found="nothing", suggestion=None)
            continue
        country = log.country(code, line, "key", CODES)
        value = _rating(log, str(fill), line, "fillKey")
        if country is not None and value is not None:
            data.observations.append(Observation(country, year, "civicus.rating", value))


def _line_of(text: str, code: str) -> int:
    at = text.find(f'"{code}"')
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def _read_csv(path: Path, data: IndicatorData) -> None:
    header = read_header(path)
    code_column = next((c for c in ("iso3", "iso", "code", "country") if c in header), None)
    rating_column = next((c for c in ("rating", "fill_key") if c in header), None)
    if code_column is None or rating_column is None:
        raise SourceError(f"{path.name} is not a CIVICUS ratings CSV", SOURCE.id, [Problem(
            "unrecognised columns", file=str(path), line=1, expected="iso3, rating (and optionally date)",
            found=", ".join(header)[:300])])
    file_year = None if "date" in header else _require_year(path)
    log = RowLog(data, path)
    for line, row in read_csv_rows(path):
        data.rows_read += 1
        raw_rating = (row.get(rating_column) or "").strip()
        if not raw_rating:
            log.reject(line, "no rating", field=rating_column, expected="1-5 or a rating name", found="nothing")
            continue
        country = log.country(row.get(code_column), line, code_column, CODES)
        year = file_year if file_year is not None else log.year((row.get("date") or "")[:4], line, "date")
        value = _rating(log, raw_rating, line, rating_column)
        if country is not None and year is not None and value is not None:
            data.observations.append(Observation(country, year, "civicus.rating", value))


IMPORTER = IndicatorSource(
    info=SOURCE, read=read,
    files="CIVICUS Monitor ratings: the map JSON named with its date (civicus_YYYY-MM-DD.json) "
    "or a CSV with iso3, rating and date",
)
