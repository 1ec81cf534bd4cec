"""Freedom House, Freedom in the World: the "All Data" sheet and the historical ratings, as CSV.

Licence: Freedom House terms (attribution; non-commercial; commercial use needs permission),
so the file is never downloaded or shipped: the user supplies it. Values are stored against
the year under review (edition minus one), like the other sources' data years.
Disputed territories that Freedom House rates separately (Crimea, Tibet, ...) have no ISO
code and are reported as rejected rows.
"""

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
    read_rows,
)

SOURCE = SourceInfo(
    id="fh_fiw",
    name="Freedom House FIW",
    publisher="Freedom House, Freedom in the World",
    url="https://freedomhouse.org/report/freedom-world",
    licence="Freedom House terms of use (attribution, non-commercial; commercial use needs permission)",
    open_licence=False,
    attribution="Freedom House, Freedom in the World. Used under Freedom House's terms; not redistributed.",
)
_STATUS = {"F": 0.0, "PF": 1.0, "NF": 2.0}
INDICATORS: dict[str, Indicator] = {i.key: i for i in (
    Indicator("fh.total", "Global freedom score", "0-100, higher is better", high=100.0),
    Indicator("fh.pr", "Political rights score", "0-40, higher is better", high=40.0),
    Indicator("fh.cl", "Civil liberties score", "0-60, higher is better", high=60.0),
    Indicator("fh.d", "Freedom of expression and belief (D)", "0-16, higher is better", high=16.0),
    Indicator("fh.e", "Associational and organisational rights (E)", "0-12, higher is better", high=12.0),
    Indicator("fh.f", "Rule of law (F)", "0-16, higher is better", high=16.0),
    Indicator("fh.g", "Personal autonomy and individual rights (G)", "0-16, higher is better", high=16.0),
    Indicator("fh.pr_rating", "Political rights rating", "1-7, higher is worse", low=1.0, high=7.0,
              higher_is_worse=True),
    Indicator("fh.cl_rating", "Civil liberties rating", "1-7, higher is worse", low=1.0, high=7.0,
              higher_is_worse=True),
    Indicator("fh.status", "Freedom status (0 Free, 1 Partly Free, 2 Not Free)", "0-2, higher is worse",
              high=2.0, higher_is_worse=True),
)}
# Freedom House's own names; None: a territory without an ISO code.
NAMES: dict[str, str | None] = {
    "Congo (Brazzaville)": "CG", "Congo (Kinshasa)": "CD", "Germany, W.": None, "Germany, E.": None,
    "West Bank": None, "Gaza Strip": None, "West Bank and Gaza Strip": None, "Israeli-Occupied Territories": None,
    "Palestinian Authority-Administered Territories": None, "Kosovo": "XK", "Northern Ireland": None,
    **dict.fromkeys((
        "Abkhazia", "Chechnya", "Crimea", "Czechoslovakia", "Eastern Donbas", "Indian Kashmir", "Kurdistan",
        "Nagorno-Karabakh", "Northern Cyprus", "Pakistani Kashmir", "Serbia and Montenegro", "Somaliland",
        "South Ossetia", "Tibet", "Transnistria", "USSR", "Vietnam, N.", "Vietnam, S.", "West Papua",
        "Yemen, N.", "Yemen, S.", "Yugoslavia",
    )),
}
_ALL_DATA = ("Country/Territory", "Edition", "Total")
_RATINGS = ("country_territory", "year_under_review", "pr_rating", "cl_rating")
_ALL_DATA_COLUMNS = {"Total": "fh.total", "PR": "fh.pr", "CL": "fh.cl", "D": "fh.d", "E": "fh.e", "F": "fh.f",
                     "G": "fh.g", "PR rating": "fh.pr_rating", "CL rating": "fh.cl_rating"}


def read(paths: Sequence[Path]) -> IndicatorData:
    data = IndicatorData(source=SOURCE, indicators=dict(INDICATORS), files=tuple(str(p) for p in paths))
    kinds: list[tuple[int, Path]] = []
    for path in paths:
        header = [] if path.suffix.lower() == ".xlsx" else read_header(path)
        if path.suffix.lower() == ".xlsx" or all(c in header for c in _ALL_DATA):
            kinds.append((0, path))
        elif all(c in header for c in _RATINGS):
            kinds.append((1, path))
        else:
            raise SourceError(f"{path.name} is not a Freedom in the World CSV", SOURCE.id, [Problem(
                "unrecognised columns", file=str(path), line=1,
                expected=f"{', '.join(_ALL_DATA)} (All Data sheet) or {', '.join(_RATINGS)} (ratings)",
                found=", ".join(header)[:300])])
    for kind, path in sorted(kinds):  # the detailed scores first; the ratings fill earlier years
        if kind == 0:
            _read_all_data(path, data)
        else:
            _read_ratings(path, data)
    years = data.years()
    data.source = replace(SOURCE, version=str(years[1] + 1) if years else "")  # the FIW edition
    return check_result(data)


def _status(log: RowLog, raw: str | None, line: int, column: str) -> float | None:
    text = (raw or "").strip().upper()
    if text in ("", "-", "N/A"):
        return None
    if text not in _STATUS:
        log.reject(line, "unknown status", field=column, expected="F, PF or NF", found=repr(raw))
        return None
    return _STATUS[text]


def _review_year(log: RowLog, raw: str | None, line: int) -> int | None:
    """The year under review; for the 1981-1988 surveys ("Nov.1983-Nov.1984") the year it ended."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", raw or "")
    if not years:
        return log.year(raw, line, "year_under_review")
    return int(years[-1])


def _read_all_data(path: Path, data: IndicatorData) -> None:
    log = RowLog(data, path)
    for line, row in read_rows(path, _ALL_DATA, SOURCE.id):
        data.rows_read += 1
        country = log.country(row.get("Country/Territory"), line, "Country/Territory", NAMES)
        edition = log.year(row.get("Edition"), line, "Edition")
        if country is None or edition is None:
            continue
        year = edition - 1
        for column, key in _ALL_DATA_COLUMNS.items():
            value = log.number(row.get(column), line, column)
            if value is not None:
                data.observations.append(Observation(country, year, key, value))
        status = _status(log, row.get("Status"), line, "Status")
        if status is not None:
            data.observations.append(Observation(country, year, "fh.status", status))


def _read_ratings(path: Path, data: IndicatorData) -> None:
    log = RowLog(data, path)
    known = {(o.country, o.year, o.key) for o in data.observations}
    for line, row in read_csv_rows(path):
        data.rows_read += 1
        if all((row.get(c) or "").strip() in ("", "-") for c in ("pr_rating", "cl_rating", "status")):
            continue  # not rated that year: nothing to read, nothing lost
        country = log.country(row.get("country_territory"), line, "country_territory", NAMES)
        year = _review_year(log, row.get("year_under_review"), line)
        if country is None or year is None:
            continue
        values = {
            "fh.pr_rating": log.number(row.get("pr_rating"), line, "pr_rating"),
            "fh.cl_rating": log.number(row.get("cl_rating"), line, "cl_rating"),
            "fh.status": _status(log, row.get("status"), line, "status"),
        }
        for key, value in values.items():
            if value is not None and (country, year, key) not in known:
                data.observations.append(Observation(country, year, key, value))


IMPORTER = IndicatorSource(
    info=SOURCE, read=read,
    files="Freedom in the World 'All Data' workbook (.xlsx) or its sheet saved as CSV (Country/Territory, Edition, Status, ..., Total) "
    "and/or the 'Country and Territory Ratings and Statuses' in long CSV form",
)
