"""Every indicator importer by source id, as used by ``hrdd data import SOURCE``."""

from hrdd.exc import InvalidInput, Problem
from hrdd.sources.indicators import civicus, freedom_house, hrps, keepiton, netsweeper, rsf, vdem, wgi
from hrdd.sources.indicators.base import IndicatorSource

SOURCES: dict[str, IndicatorSource] = {
    module.IMPORTER.info.id: module.IMPORTER
    for module in (vdem, wgi, freedom_house, rsf, civicus, keepiton, netsweeper, hrps)
}


def get_source(source_id: str) -> IndicatorSource:
    """The importer for a source id; raises InvalidInput naming the known ids."""
    found = SOURCES.get(source_id.strip().lower())
    if found is None:
        raise InvalidInput(f"unknown data source {source_id!r}", [Problem(
            "unknown source", field="SOURCE", expected=", ".join(sorted(SOURCES)), found=source_id)])
    return found
