"""FtM entities from the OFAC SDN CSV files in ``shared/data/ofac_sdn`` (benchmark input only).

The production importer lives in ``hrdd.sources``; this reader exists so that the evaluation
and the benchmark have a realistic list (≈18k entries with aliases) when no list is loaded.
"""

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from followthemoney import model
from followthemoney.proxy import EntityProxy

_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def ofac_sdn_entities(sdn_csv: Path, alt_csv: Path | None = None) -> Iterator[EntityProxy]:
    aliases: dict[str, list[str]] = defaultdict(list)
    if alt_csv is not None and alt_csv.is_file():
        with alt_csv.open(newline="", encoding="utf-8", errors="replace") as fh:
            for row in csv.reader(fh):
                if len(row) >= 4 and _clean(row[3]):
                    aliases[row[0].strip()].append(_clean(row[3]))
    with sdn_csv.open(newline="", encoding="utf-8", errors="replace") as fh:
        for row in csv.reader(fh):
            if len(row) < 4 or not _clean(row[1]):
                continue
            ent_num = row[0].strip()
            entity = model.make_entity(_SCHEMA.get(_clean(row[2]).lower(), "LegalEntity"))
            entity.id = f"ofac-sdn-{ent_num}"
            entity.add("name", _clean(row[1]))
            for alias in aliases.get(ent_num, []):
                entity.add("alias", alias)
            for program in _clean(row[3]).split(";"):
                if program.strip():
                    entity.add("program", program.strip().strip("[]"))
            entity.add("topics", "sanction")
            yield entity


def default_paths(shared: Path) -> tuple[Path, Path] | None:
    sdn = shared / "ofac_sdn" / "2024-07-02" / "sdn.csv"
    alt = shared / "ofac_sdn" / "2025-12" / "alt.csv"
    return (sdn, alt) if sdn.is_file() else None
