"""Access Now #KeepItOn STOP data (one sheet per year, exported to CSV).

Each row is one shutdown event. The importer counts, per country, the events in the sheet
(``keepiton.shutdowns``) and those that cut whole networks rather than single services
(``keepiton.full_network``). The sheet's year is the latest start-date year in it (events
still ongoing from earlier years belong to the year of the sheet). The 2020 sheet starts with
a note line before the header; it is skipped. Licence: not stated, so the file is supplied by
the user. Countries without an event are not given a zero: absence from the tracker is
not evidence of no shutdowns.
"""

import re
from collections import Counter
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
    id="keepiton",
    name="Access Now #KeepItOn",
    publisher="Access Now, #KeepItOn STOP dataset",
    url="https://www.accessnow.org/keepiton-data/",
    licence="Access Now terms (no open licence stated; attribution)",
    open_licence=False,
    attribution="Access Now #KeepItOn Shutdown Tracker Optimization Project (STOP). Not redistributed.",
)
INDICATORS: dict[str, Indicator] = {i.key: i for i in (
    Indicator("keepiton.shutdowns", "Internet shutdown events documented", "events in the year, more is worse",
              curve="count", base=0.6, cap=1.0, saturate=5.0),
    Indicator("keepiton.full_network", "Full-network shutdown events documented",
              "events in the year, more is worse", curve="count", base=0.7, cap=1.0, saturate=3.0),
)}
_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _header_offset(path: Path) -> int:
    for skip in (0, 1, 2):
        header = read_header(path, skip_lines=skip)
        if "country" in header and "start_date" in header:
            return skip
    raise SourceError(f"{path.name} is not a #KeepItOn STOP sheet", SOURCE.id, [Problem(
        "no header with 'country' and 'start_date' in the first three lines", file=str(path), line=1,
        expected="ID, start_date, end_date, ..., country, ...", found=", ".join(read_header(path))[:300])])


def read(paths: Sequence[Path]) -> IndicatorData:
    data = IndicatorData(source=SOURCE, indicators=dict(INDICATORS), files=tuple(str(p) for p in paths))
    for path in paths:
        _read_sheet(path, data)
    years = data.years()
    data.source = replace(SOURCE, version=str(years[1]) if years else "")
    return check_result(data)


def _read_sheet(path: Path, data: IndicatorData) -> None:
    skip = _header_offset(path)
    log = RowLog(data, path)
    events: list[tuple[str, int, bool]] = []
    for line, row in read_csv_rows(path, skip_lines=skip):
        data.rows_read += 1
        country = log.country(row.get("country"), line, "country")
        found = _DATE.match(row.get("start_date") or "")
        if not found:
            log.reject(line, "unreadable start date", field="start_date", expected="M/D/YYYY",
                       found=repr(row.get("start_date")))
            continue
        if country is None:
            continue
        scope = (row.get("full or service-based") or "").strip().lower()
        events.append((country, int(found.group(3)), "full network" in scope))
    if not events:
        return
    year = max(e[1] for e in events)
    total = Counter(e[0] for e in events)
    full = Counter(e[0] for e in events if e[2])
    for country, count in sorted(total.items()):
        data.observations.append(Observation(country, year, "keepiton.shutdowns", float(count)))
        data.observations.append(Observation(country, year, "keepiton.full_network", float(full[country])))


IMPORTER = IndicatorSource(
    info=SOURCE, read=read,
    files="#KeepItOn STOP yearly sheet saved as CSV (ID, start_date, end_date, ..., country, ...)",
)
