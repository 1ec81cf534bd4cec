"""U.S. Consolidated Screening List (trade.gov), CSV and JSON downloads.

CSV: a header row of 29 columns (``_id, source, entity_number, type, programs, name, ...,
alt_names, citizenships, dates_of_birth, nationalities, places_of_birth,
source_information_url, ids``); multi-valued cells are ``; ``-separated; ``ids`` items are
``type, number[, country]``. Columns are read by header name, so the 2023 and 2025 files (and a
file with extra or re-ordered columns) read alike; a repeated header row is skipped.
JSON: ``{"results": [{...same fields..., "addresses": [{address, city, state, postal_code,
country}], "ids": [{type, number, country, issue_date, expiration_date}], "alt_names": [...]}],
"sources_used": [{source, source_last_updated, ...}]}`` as served by
``https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json``.

Treasury rows carry OFAC's ``entity_number``; the entity lists ``ofac-sdn-<n>`` or
``ofac-cons-<n>`` in ``referents`` so that duplicates across sources can be collapsed.
Each row keeps its sub-list (the ``source`` column, e.g. "Entity List (EL) - Bureau of Industry
and Security") in ``program`` next to the row's programmes; topics follow the agency:
``export.control`` for BIS lists, ``debarment`` + ``export.control`` for State's ITAR debarred
list, ``sanction`` for OFAC and State nonproliferation lists.
"""

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from followthemoney import ValueEntity

from hrdd.exc import SourceError
from hrdd.sources.lists.base import (
    ImportContext,
    JsonArrayStream,
    add_country,
    add_date,
    add_text,
    clean_text,
    detect_encoding,
    parse_date,
    split_values,
)
from hrdd.sources.lists.identifiers import IdTable, add_identifier

FORMAT = "trade-csl"
SCHEMATA = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
REQUIRED = ("_id", "source", "name")

ID_PROPS: IdTable = [
    ("vessel registration identification", "imoNumber"),
    ("passport", "passportNumber"),
    ("legal entity number", "leiCode"),
    ("le number", "leiCode"),
    ("imo", "imoNumber"),
    ("mmsi", "mmsi"),
    ("swift", "swiftBic"),
    ("tax id", "taxNumber"),
    ("r.f.c.", "taxNumber"),
    ("nit #", "taxNumber"),
    ("fein", "taxNumber"),
    ("registration", "registrationNumber"),
    ("unified social credit code", "registrationNumber"),
    ("government gazette number", "registrationNumber"),
    ("company number", "registrationNumber"),
    ("isin", "isinCode"),
    ("d-u-n-s", "dunsCode"),
    ("website", "website"),
    ("email", "email"),
    ("national id", "idNumber"),
    ("cedula", "idNumber"),
    ("c.u.r.p.", "idNumber"),
    ("d.n.i.", "idNumber"),
    ("identification number", "idNumber"),
    ("gender", "gender"),
]


def accepts(paths: Sequence[Path]) -> bool:
    if len(paths) != 1:
        return False
    path = paths[0]
    with path.open("rb") as handle:
        head = handle.read(4096).decode("utf-8", errors="replace")
    if path.suffix.lower() == ".json":
        return '"results"' in head or "entity_number" in head
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return "_id" in first and "source" in first and "alt_names" in first


def topics_for(sub_list: str) -> list[str]:
    text = sub_list.lower()
    if "bureau of industry and security" in text:
        return ["export.control"]
    if "itar debarred" in text or "(dtc)" in text:
        return ["debarment", "export.control"]
    return ["sanction"]


def short_code(sub_list: str) -> str | None:
    m = re.search(r"\(([A-Z][A-Z-]+)(?: List)?\)", sub_list)
    return m.group(1) if m else None


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    path = paths[0]
    if path.suffix.lower() == ".json":
        yield from _parse_json(ctx, path)
    else:
        yield from _parse_csv(ctx, path)


def _parse_csv(ctx: ImportContext, path: Path) -> Iterator[ValueEntity]:
    newest: str | None = None
    with path.open(encoding=detect_encoding(ctx, path), errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or any(col not in header for col in REQUIRED):
            raise SourceError(f"{ctx.source}: {path.name} has no CSL header row", ctx.source)
        width = len(header)
        for row in reader:
            if not row:
                continue
            if row == header:
                ctx.warn("repeated header row skipped", file=path, line=reader.line_num)
                continue
            ctx.record()
            if len(row) != width:
                ctx.reject("row has the wrong number of fields (truncated or malformed)", file=path,
                           line=reader.line_num, item=row[0] if row else None,
                           expected=f"{width} fields", found=f"{len(row)} fields")
                continue
            record: dict[str, Any] = dict(zip(header, row, strict=True))
            record["addresses"] = [{"address": a} for a in split_values(record.get("addresses"))]
            record["ids"] = [_csv_id(i) for i in split_values(record.get("ids"))]
            for key in ("alt_names", "citizenships", "nationalities", "dates_of_birth",
                        "places_of_birth", "programs"):
                record[key] = split_values(record.get(key))
            started = parse_date(record.get("start_date"))
            if started and (newest is None or started > newest):
                newest = started
            yield from _entry(ctx, record, (path.name, reader.line_num))
    if ctx.as_of is None and newest:
        ctx.as_of = newest


def _csv_id(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split(", ")]
    return {"type": parts[0], "number": parts[1] if len(parts) > 1 else "",
            "country": parts[2] if len(parts) > 2 else ""}


def _parse_json(ctx: ImportContext, path: Path) -> Iterator[ValueEntity]:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        bare = handle.read(256).lstrip().startswith("[")
    stream = JsonArrayStream(path, None if bare else "results")
    index = -1
    try:
        for index, item in enumerate(stream):
            ctx.record()
            if not isinstance(item, dict):
                ctx.reject("result is not an object", file=path, item=f"results[{index}]",
                           expected="object", found=type(item).__name__)
                continue
            record = dict(item)
            record.setdefault("_id", record.get("id"))
            yield from _entry(ctx, record, (path.name, None), f"results[{index}]")
    except (ValueError, UnicodeDecodeError) as err:
        raise SourceError(f"{ctx.source}: {path.name} is not a complete CSL JSON document after "
                          f"results[{index}] ({err}); the previous snapshot is kept", ctx.source) from err
    sources_used = stream.members.get("sources_used")
    dates = [parse_date(str(s.get("source_last_updated") or "")) for s in
             (sources_used if isinstance(sources_used, list) else []) if isinstance(s, dict)]
    known = [d for d in dates if d]
    if known and ctx.as_of is None:
        ctx.as_of = max(known)[:10]


def _values(record: Mapping[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return split_values(value)
    return [str(v) for v in value if v]


def _entry(ctx: ImportContext, record: dict[str, Any], where: tuple[str, int | None],
           element: str | None = None) -> Iterator[ValueEntity]:
    file, line = where
    entry_id = clean_text(record.get("_id"))
    name = clean_text(record.get("name"))
    sub_list = clean_text(record.get("source"))
    if not entry_id or not name or not sub_list:
        ctx.reject("record lacks id, name or source list", file=file, line=line, item=entry_id or element,
                   field="_id/name/source", expected="all three", found=f"name={name!r}, source={sub_list!r}")
        return
    ctx.note_entry(entry_id, file, line)
    kind = (clean_text(record.get("type")) or "").lower()
    entity = ctx.make(SCHEMATA.get(kind, "LegalEntity"), entry_id)
    entity.add("name", name.replace("; and any successor, sub-unit, or subsidiary thereof", ""))
    programs = _values(record, "programs")
    entity.add("program", [*programs, sub_list])
    entity.add("topics", topics_for(sub_list))
    ofac_number = clean_text(record.get("entity_number"))
    if ofac_number and "treasury" in sub_list.lower():
        # the same party in the OFAC sources: lets the index collapse duplicate hits
        ofac_source = "ofac-sdn" if "(SDN)" in sub_list else "ofac-cons"
        entity.referents.add(f"{ofac_source}-{ofac_number}")
    add_text(entity, "alias", _values(record, "alt_names"))
    add_text(entity, "notes", record.get("remarks"))
    title = clean_text(record.get("title"))
    add_text(entity, "position" if entity.schema.is_a("Person") else "notes", title)
    add_date(entity, "createdAt", record.get("start_date"))
    for key, prop in (("citizenships", "citizenship"), ("nationalities", "nationality")):
        for value in _values(record, key):
            add_country(ctx, entity, prop, value, (file, line, entry_id))
    for value in _values(record, "dates_of_birth"):
        add_date(entity, "birthDate", value)
    add_text(entity, "birthPlace", _values(record, "places_of_birth"))
    _addresses(ctx, entity, record.get("addresses") or [], (file, line, entry_id))
    _ids(entity, record.get("ids") or [])
    if entity.schema.is_a("Vessel"):
        add_text(entity, "callSign", record.get("call_sign"))
        add_text(entity, "type", record.get("vessel_type"))
        add_text(entity, "tonnage", record.get("gross_tonnage"))
        add_text(entity, "grossRegisteredTonnage", record.get("gross_registered_tonnage"))
        add_country(ctx, entity, "flag", record.get("vessel_flag"), (file, line, entry_id))
    sanction = ctx.make_sanction(entity, entry_id)
    sanction.add("authority", sub_list)
    sanction.add("program", programs)
    add_text(sanction, "programId", short_code(sub_list))
    add_text(sanction, "authorityId", record.get("federal_register_notice"))
    add_date(sanction, "listingDate", record.get("start_date"))
    add_date(sanction, "startDate", record.get("start_date"))
    add_date(sanction, "endDate", record.get("end_date"))
    add_text(sanction, "reason", record.get("license_requirement"))
    add_text(sanction, "provisions", record.get("license_policy"))
    add_text(sanction, "sourceUrl", record.get("source_information_url"))
    sanction.add("country", "us")
    yield entity
    yield sanction


def _addresses(ctx: ImportContext, entity: ValueEntity, addresses: list[Any],
               locator: tuple[str, int | None, str]) -> None:
    for item in addresses:
        if not isinstance(item, dict):
            continue
        parts = [clean_text(item.get(k)) for k in ("address", "city", "state", "postal_code", "country")]
        add_text(entity, "address", ", ".join(p for p in parts if p))
        country = clean_text(item.get("country"))
        if country is None and parts[0] and "," in parts[0]:
            last = parts[0].rsplit(",", 1)[1].strip()  # CSV cells end with the ISO code
            country = last if re.fullmatch(r"[A-Z]{2}", last) else None
        add_country(ctx, entity, "country", country, locator)


def _ids(entity: ValueEntity, ids: list[Any]) -> None:
    for item in ids:
        if not isinstance(item, dict):
            continue
        add_identifier(entity, ID_PROPS, (clean_text(item.get("type")) or "").lower(), clean_text(item.get("number")))
