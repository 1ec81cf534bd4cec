"""Latent Human Rights Protection Scores (Fariss et al.), as published by Our World in Data.

Two layouts: OWID's notebook CSV (``country_name, year, human_rights_protection``) and an OWID
grapher CSV (``Entity, Code, Year, <value column>``). The score is a latent estimate, about
-3..+5, higher meaning better protection of physical integrity rights. Historical states
(USSR, German Democratic Republic, ...) have no ISO code and are reported as rejected rows.
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
    id="hrps",
    name="Human Rights Protection Scores (Fariss)",
    publisher="Fariss et al., Latent Human Rights Protection Scores, via Our World in Data",
    url="https://ourworldindata.org/grapher/human-rights-protection",
    licence="CC BY 4.0 (Our World in Data); underlying data Harvard Dataverse",
    open_licence=True,
    attribution="Fariss, Christopher J. et al., Latent Human Rights Protection Scores; processed by Our World "
    "in Data (CC BY 4.0).",
)
INDICATORS = {"hrps.protection": Indicator(
    "hrps.protection", "Human rights protection score (physical integrity)",
    "latent estimate, about -3 to +5, higher is better", low=-2.0, high=4.0)}
NAMES: dict[str, str | None] = {
    "German Democratic Republic": None, "Republic of Vietnam": None, "Yemen People's Republic": None,
    "Zanzibar": None, "USSR": None, "Yugoslavia": None, "Czechoslovakia": None, "Serbia and Montenegro": None,
}


def read(paths: Sequence[Path]) -> IndicatorData:
    data = IndicatorData(source=SOURCE, indicators=dict(INDICATORS), files=tuple(str(p) for p in paths))
    for path in paths:
        header = read_header(path)
        if {"country_name", "year", "human_rights_protection"} <= set(header):
            columns = ("country_name", "year", "human_rights_protection")
        elif {"Entity", "Year"} <= set(header) and len(header) >= 4:
            columns = ("Entity", "Year", header[-1])
        else:
            raise SourceError(f"{path.name} is not a human rights protection CSV", SOURCE.id, [Problem(
                "unrecognised columns", file=str(path), line=1,
                expected="country_name, year, human_rights_protection (or OWID's Entity, Code, Year, value)",
                found=", ".join(header)[:300])])
        log = RowLog(data, path)
        for line, row in read_csv_rows(path):
            data.rows_read += 1
            code = (row.get("Code") or "").strip()
            raw = code if len(code) == 3 else row.get(columns[0])
            country = log.country(raw, line, "Code" if raw == code else columns[0], NAMES)
            year = log.year(row.get(columns[1]), line, columns[1])
            value = log.number(row.get(columns[2]), line, columns[2])
            if country is not None and year is not None and value is not None:
                data.observations.append(Observation(country, year, "hrps.protection", value))
    years = data.years()
    data.source = replace(SOURCE, version=str(years[1]) if years else "")
    return check_result(data)


IMPORTER = IndicatorSource(
    info=SOURCE, read=read,
    files="OWID human_rights_protection CSV (country_name, year, human_rights_protection)",
)
