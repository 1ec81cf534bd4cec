"""UK Sanctions List (FCDO) as normalised tables joined on ``unique_id``.

``subjects.csv`` (``unique_id, subject_type, un_reference_number, ofsi_group_id,
date_designated, last_updated``; dates DD/MM/YYYY) is the primary table; ``subject_names.csv``
(``name_type`` primary / primary_variation / alias, ``alias_strength``),
``subject_dobs.csv``, ``subject_identifiers.csv`` (passport, national,
business_registration_numbers, imo) and ``subject_countries.csv`` (address, birth,
nationality, with ISO codes) are joined to it. The regime is the ``unique_id`` prefix (e.g.
``RUS0001`` -> ``RUS``); the newest ``last_updated`` is the snapshot date.
Upstream list: https://www.gov.uk/government/publications/the-uk-sanctions-list (OGL v3.0).
"""

import csv
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from followthemoney import ValueEntity

from hrdd.exc import SourceError
from hrdd.sources.lists.base import (
    ImportContext,
    add_country,
    add_date,
    add_text,
    clean_text,
    detect_encoding,
    parse_date,
)

FORMAT = "uk-fcdo-tables"
AUTHORITY = "Foreign, Commonwealth & Development Office (FCDO), United Kingdom"
SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
ID_PROPS = {"passport": "passportNumber", "national": "idNumber",
            "business_registration_numbers": "registrationNumber", "imo": "imoNumber"}
COUNTRY_PROPS = {"address": "country", "nationality": "nationality", "birth": "birthCountry"}
TABLES = ("subjects", "subject_names", "subject_dobs", "subject_identifiers", "subject_countries")

Rows = dict[str, list[dict[str, str]]]


def accepts(paths: Sequence[Path]) -> bool:
    names = {p.stem for p in paths}
    return "subjects" in names and names <= set(TABLES)


def _read(ctx: ImportContext, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding=detect_encoding(ctx, path), errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "unique_id" not in reader.fieldnames:
            raise SourceError(f"{path.name} has no unique_id column", "uk-sanctions")
        for row in reader:
            yield reader.line_num, row


def _side(ctx: ImportContext, paths: Sequence[Path]) -> tuple[dict[str, Rows], dict[str, tuple[str, int]]]:
    tables: dict[str, Rows] = {}
    first_seen: dict[str, tuple[str, int]] = {}
    for path in paths:
        if path.stem == "subjects":
            continue
        rows: Rows = defaultdict(list)
        seen_rows: set[tuple[str, ...]] = set()
        for line, row in _read(ctx, path):
            uid = clean_text(row.get("unique_id"))
            if not uid:
                ctx.reject("row has no unique_id", file=path, line=line, field="unique_id")
                continue
            key = (uid, *sorted(f"{k}={v}" for k, v in row.items() if k not in ("id", "name_id", "dob_id")))
            if key in seen_rows:  # the country table repeats rows
                continue
            seen_rows.add(key)
            rows[uid].append(row)
            first_seen.setdefault(uid, (path.name, line))
        tables[path.stem] = rows
    return tables, first_seen


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    tables, first_seen = _side(ctx, paths)
    subjects = next(p for p in paths if p.stem == "subjects")
    joined: set[str] = set()
    newest: str | None = None
    for line, row in _read(ctx, subjects):
        ctx.record()
        uid = clean_text(row.get("unique_id"))
        kind = (clean_text(row.get("subject_type")) or "").lower()
        if not uid or kind not in SCHEMATA:
            ctx.reject("subject lacks unique_id or a known subject_type", file=subjects, line=line, item=uid,
                       field="subject_type", expected="individual, entity or ship", found=kind or None)
            continue
        names = tables.get("subject_names", {}).get(uid, [])
        if not any(clean_text(n.get("full_name")) for n in names):
            ctx.reject("subject has no name in subject_names.csv", file=subjects, line=line, item=uid)
            continue
        joined.add(uid)
        ctx.note_entry(uid, subjects, line)
        updated = parse_date(row.get("last_updated"))
        if updated and (newest is None or updated > newest):
            newest = updated
        yield from _subject(ctx, uid, kind, row, tables, (subjects.name, line))
    for uid in sorted(set(first_seen) - joined):
        file, line = first_seen[uid]
        ctx.warn("side-table rows for a unique_id absent from subjects.csv (orphan)", file=file, line=line,
                 item=uid)
    ctx.as_of = ctx.as_of or newest


def _subject(ctx: ImportContext, uid: str, kind: str, row: dict[str, str], tables: dict[str, Rows],
             where: tuple[str, int]) -> Iterator[ValueEntity]:
    entity = ctx.make(SCHEMATA[kind], uid)
    regime = re.match(r"[A-Z]+", uid)
    entity.add("program", regime.group(0) if regime else None)
    entity.add("topics", "sanction")
    add_date(entity, "createdAt", row.get("date_designated"))
    for name in tables.get("subject_names", {}).get(uid, []):
        full = name.get("full_name")
        name_type = (name.get("name_type") or "").lower()
        if name_type == "primary":
            add_text(entity, "name", full)
        elif (name.get("alias_strength") or "").startswith("low"):
            add_text(entity, "weakAlias", full)
        else:
            add_text(entity, "alias", full)
    if not entity.get("name"):  # no primary row: the first variation stands in
        entity.add("name", entity.get("alias")[:1] or entity.get("weakAlias")[:1])
    for dob in tables.get("subject_dobs", {}).get(uid, []):
        parts = [clean_text(dob.get(k)) for k in ("year", "month", "day")]
        if parts[0] and parts[0].isdigit():
            text = "-".join(p for p in parts if p and p.isdigit())
            add_date(entity, "birthDate", text)
    for ident in tables.get("subject_identifiers", {}).get(uid, []):
        prop = ID_PROPS.get((ident.get("identifier_type") or "").lower(), "idNumber")
        if not entity.schema.get(prop):
            prop = "registrationNumber" if entity.schema.get("registrationNumber") else "idNumber"
        add_text(entity, prop, ident.get("raw_value"))
    for country in tables.get("subject_countries", {}).get(uid, []):
        prop = COUNTRY_PROPS.get((country.get("country_type") or "").lower(), "country")
        value = country.get("iso") if country.get("iso_available") == "True" else country.get("raw_value")
        add_country(ctx, entity, prop, value, (where[0], where[1], uid))
    sanction = ctx.make_sanction(entity, uid)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", entity.get("program"))
    sanction.add("unscId", clean_text(row.get("un_reference_number")))
    sanction.add("authorityId", clean_text(row.get("ofsi_group_id")))
    add_date(sanction, "listingDate", row.get("date_designated"))
    add_date(sanction, "modifiedAt", row.get("last_updated"))
    sanction.add("country", "gb")
    yield entity
    yield sanction
