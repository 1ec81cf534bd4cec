"""Reporters Without Borders (RSF), World Press Freedom Index.

Two layouts: RSF's yearly CSV as republished by Our World in Data's notebooks
(``Year;ISO;Country;Rank;Score;Situation``, semicolons, decimal commas, BOM) and OWID's
harmonised ``country_name,year,press_freedom_score_rsf``. RSF changed its method in 2022:
scores up to 2021 run 0 (best) to 100 (worst) and are stored as ``rsf.score_pre2022``; from
2022 the scale is 0 (worst) to 100 (best), stored as ``rsf.score``. The two never mix.
Licence: RSF states no open licence, so the file is supplied by the user, never downloaded.
"""

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
    id="rsf",
    name="RSF World Press Freedom Index",
    publisher="Reporters Without Borders (RSF)",
    url="https://rsf.org/en/index",
    licence="RSF terms (no open licence stated; cite RSF)",
    open_licence=False,
    attribution="Reporters Without Borders, World Press Freedom Index. Not redistributed.",
)
INDICATORS: dict[str, Indicator] = {i.key: i for i in (
    Indicator("rsf.score_pre2022", "Press freedom score (method up to 2021)", "0-100, higher is worse",
              high=100.0, higher_is_worse=True),
    Indicator("rsf.score", "Press freedom score (method from 2022)", "0-100, higher is better", high=100.0),
)}
# RSF's own codes
CODES: dict[str, str | None] = {"XKO": "XK", "CTU": None, "XCD": None}
NAMES: dict[str, str | None] = {"Northern Cyprus": None, "Eastern Caribbean States": None, "OECS": None}
_NEW_METHOD_FROM = 2022


def _key(year: int) -> str:
    return "rsf.score" if year >= _NEW_METHOD_FROM else "rsf.score_pre2022"


def read(paths: Sequence[Path]) -> IndicatorData:
    data = IndicatorData(source=SOURCE, indicators=dict(INDICATORS), files=tuple(str(p) for p in paths))
    for path in paths:
        semicolon = read_header(path, delimiter=";")
        comma = read_header(path)
        if {"Year", "ISO", "Score"} <= set(semicolon):
            _read_rsf(path, data)
        elif {"country_name", "year", "press_freedom_score_rsf"} <= set(comma):
            _read_owid(path, data)
        else:
            raise SourceError(f"{path.name} is not an RSF index file", SOURCE.id, [Problem(
                "unrecognised columns", file=str(path), line=1,
                expected="Year;ISO;Country;Rank;Score;Situation or country_name,year,press_freedom_score_rsf",
                found=", ".join(comma)[:300])])
    data.indicators = {k: v for k, v in data.indicators.items() if any(o.key == k for o in data.observations)}
    years = data.years()
    data.source = replace(SOURCE, version=str(years[1]) if years else "")
    return check_result(data)


def _read_rsf(path: Path, data: IndicatorData) -> None:
    log = RowLog(data, path)
    for line, row in read_csv_rows(path, delimiter=";"):
        data.rows_read += 1
        country = log.country(row.get("ISO"), line, "ISO", CODES)
        year = log.year(row.get("Year"), line, "Year")
        value = log.number(row.get("Score"), line, "Score", decimal_comma=True)
        if country is not None and year is not None and value is not None:
            data.observations.append(Observation(country, year, _key(year), value))


def _read_owid(path: Path, data: IndicatorData) -> None:
    log = RowLog(data, path)
    known = {(o.country, o.year, o.key) for o in data.observations}
    for line, row in read_csv_rows(path):
        data.rows_read += 1
        country = log.country(row.get("country_name"), line, "country_name", NAMES)
        year = log.year(row.get("year"), line, "year")
        value = log.number(row.get("press_freedom_score_rsf"), line, "press_freedom_score_rsf")
        if country is None or year is None or value is None:
            continue
        if (country, year, _key(year)) not in known:
            data.observations.append(Observation(country, year, _key(year), value))


IMPORTER = IndicatorSource(
    info=SOURCE, read=read,
    files="RSF index CSV (Year;ISO;Country;Rank;Score;Situation) or OWID's press_freedom_rsf CSV",
)
