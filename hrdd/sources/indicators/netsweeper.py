"""Citizen Lab "Planet Netsweeper": Netsweeper filtering installations found per country.

``installations_found_ALL.csv`` lists every IP that tested positive (country as ISO alpha-2,
first and last seen). The importer counts installations per country, dated by the year each
was last seen. A Netsweeper installation shows that national filtering infrastructure is
deployed by an ISP; it is not in itself proof of abuse, so its risk reading is capped at 0.8.
Licence: CC BY-NC-SA 4.0 (non-commercial), so it is supplied by the user, never shipped.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

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
    require_columns,
)

SOURCE = SourceInfo(
    id="netsweeper",
    name="Citizen Lab Planet Netsweeper",
    publisher="Citizen Lab, Munk School, University of Toronto",
    url="https://citizenlab.ca/2018/04/planet-netsweeper/",
    licence="CC BY-NC-SA 4.0",
    open_licence=False,
    attribution="Citizen Lab, \"Planet Netsweeper\" (2018), github.com/citizenlab/planetnetsweeper, "
    "CC BY-NC-SA 4.0.",
)
INDICATORS = {"netsweeper.installations": Indicator(
    "netsweeper.installations", "Netsweeper filtering installations found at ISPs",
    "installations found, more is worse", curve="count", base=0.4, cap=0.8, saturate=10.0)}
_DATE = re.compile(r"^\s*(\d{4})-\d{2}-\d{2}")


def read(paths: Sequence[Path]) -> IndicatorData:
    data = IndicatorData(source=SOURCE, indicators=dict(INDICATORS), files=tuple(str(p) for p in paths))
    counts: Counter[tuple[str, int]] = Counter()
    seen_ips: set[str] = set()
    for path in paths:
        require_columns(path, read_header(path), ("country", "ip", "last_seen"), SOURCE.id)
        log = RowLog(data, path)
        for line, row in read_csv_rows(path):
            data.rows_read += 1
            country = log.country(row.get("country"), line, "country")
            found = _DATE.match(row.get("last_seen") or "")
            if not found:
                log.reject(line, "unreadable last_seen date", field="last_seen", expected="YYYY-MM-DD",
                           found=repr(row.get("last_seen")))
                continue
            ip = (row.get("ip") or "").strip()
            if country is None or ip in seen_ips:  # the SUBSET file repeats rows of the ALL file
                continue
            seen_ips.add(ip)
            counts[(country, int(found.group(1)))] += 1
    per_country: dict[str, tuple[int, int]] = {}
    for (country, year), count in counts.items():
        latest, total = per_country.get(country, (year, 0))
        per_country[country] = (max(latest, year), total + count)
    for country, (year, total) in sorted(per_country.items()):
        data.observations.append(Observation(country, year, "netsweeper.installations", float(total)))
    years = data.years()
    data.source = replace(SOURCE, version=str(years[1]) if years else "")
    return check_result(data)


IMPORTER = IndicatorSource(
    info=SOURCE, read=read,
    files="installations_found_ALL.csv from github.com/citizenlab/planetnetsweeper",
)
