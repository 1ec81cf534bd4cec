"""World Bank Worldwide Governance Indicators, long CSV (September 2024 format), CC BY 4.0.

One row per economy, year and indicator; ``estimate`` runs about -2.5..+2.5, higher is better.
Missing values are ``..``. The World Bank's own codes that are not ISO are mapped in :data:`CODES`.
"""

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from hrdd.sources.indicators.base import (
    Download,
    Indicator,
    IndicatorData,
    IndicatorSource,
    Observation,
    RowLog,
    SourceInfo,
    check_result,
    read_rows,
)

SOURCE = SourceInfo(
    id="wgi",
    name="World Bank WGI",
    publisher="World Bank (Kaufmann and Kraay), Worldwide Governance Indicators",
    url="https://www.worldbank.org/en/publication/worldwide-governance-indicators",
    licence="CC BY 4.0",
    open_licence=True,
    attribution="Worldwide Governance Indicators, World Bank (www.govindicators.org). Licensed CC BY 4.0.",
)
_SCALE = "estimate, about -2.5 to +2.5, higher is better"
_LABELS = {
    "va": "Voice and accountability",
    "pv": "Political stability and absence of violence/terrorism",
    "ge": "Government effectiveness",
    "rq": "Regulatory quality",
    "rl": "Rule of law",
    "cc": "Control of corruption",
}
INDICATORS: dict[str, Indicator] = {
    f"wgi.{code}": Indicator(f"wgi.{code}", label, _SCALE, low=-2.5, high=2.5) for code, label in _LABELS.items()
}
CODES: dict[str, str | None] = {
    "ADO": "AD", "ROM": "RO", "TMP": "TL", "ZAR": "CD", "KSV": "XK", "WBG": "PS", "ANT": None,
}
_COLUMNS = ("code", "year", "indicator", "estimate")


def read(paths: Sequence[Path]) -> IndicatorData:
    data = IndicatorData(source=SOURCE, indicators=dict(INDICATORS), files=tuple(str(p) for p in paths))
    for path in paths:
        log = RowLog(data, path)
        for line, row in read_rows(path, _COLUMNS, SOURCE.id):
            data.rows_read += 1
            indicator = row.get("indicator", "").strip().lower()
            if f"wgi.{indicator}" not in INDICATORS:
                log.reject(line, "unknown indicator", field="indicator", expected="/".join(_LABELS),
                           found=repr(indicator))
                continue
            country = log.country(row.get("code"), line, "code", CODES)
            year = log.year(row.get("year"), line, "year")
            value = log.number(row.get("estimate"), line, "estimate")
            if country is not None and year is not None and value is not None:
                data.observations.append(Observation(country, year, f"wgi.{indicator}", value))
    years = data.years()
    # WGI releases are named after the year they are published, one after the last data year
    data.source = replace(SOURCE, version=str(years[1] + 1) if years else "")
    return check_result(data)


IMPORTER = IndicatorSource(
    info=SOURCE, read=read,
    files="wgidataset.xlsx or .csv (long format: code, countryname, year, indicator, estimate, ...)",
    downloads=(Download("https://www.worldbank.org/content/dam/sites/govindicators/doc/wgidataset.xlsx",
                        "wgidataset.xlsx"),),
)
