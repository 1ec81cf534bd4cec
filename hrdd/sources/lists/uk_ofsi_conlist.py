"""OFSI Consolidated List of Financial Sanctions Targets, ``ConList.csv`` (HM Treasury).

First line ``Last Updated,DD/MM/YYYY``, then a header (``Name 6, Name 1 … Name 5, Title, Name
Non-Latin Script, …, DOB, Town of Birth, Country of Birth, Nationality, Passport Number, …,
Address 1 … Address 6, Post/Zip Code, Country, Other Information, Group Type, Alias Type,
Alias Quality, Regime, Listed On, …, Group ID``) with one row per name of a target; rows
sharing a ``Group ID`` form one entity (merged by id when stored). OFSI announced the ConList
would close in January 2026 in favour of the FCDO UK Sanctions List; this reader keeps older
snapshots importable.
"""

import csv
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
    join_name,
    parse_date,
)

FORMAT = "uk-ofsi-conlist"
AUTHORITY = "Office of Financial Sanctions Implementation (OFSI), HM Treasury"
SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}


def accepts(paths: Sequence[Path]) -> bool:
    if len(paths) != 1 or paths[0].suffix.lower() != ".csv":
        return False
    with paths[0].open("rb") as handle:
        head = handle.read(2048).decode("utf-8", errors="replace")
    return head.lstrip("\ufeff").startswith("Last Updated") and "Group ID" in head


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    path = paths[0]
    with path.open(encoding=detect_encoding(ctx, path), errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        first = next(reader, [])
        if len(first) > 1 and first[0].strip().lower() == "last updated":
            ctx.as_of = ctx.as_of or parse_date(first[1])
        header = next(reader, None)
        if header is None or "Group ID" not in header:
            raise SourceError(f"{ctx.source}: {path.name} has no ConList header row", ctx.source)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            ctx.record()
            if len(row) != len(header):
                ctx.reject("row has the wrong number of fields", file=path, line=reader.line_num,
                           expected=f"{len(header)} fields", found=f"{len(row)} fields")
                continue
            yield from _row(ctx, dict(zip(header, row, strict=True)), path, reader.line_num)


def _row(ctx: ImportContext, rec: dict[str, str], path: Path, line: int) -> Iterator[ValueEntity]:
    group = clean_text(rec.get("Group ID"))
    name = join_name(*(rec.get(f"Name {i}") for i in (1, 2, 3, 4, 5, 6)))
    kind = (clean_text(rec.get("Group Type")) or "").lower()
    if not group or not name or kind not in SCHEMATA:
        ctx.reject("row lacks Group ID, name or a known Group Type", file=path, line=line, item=group,
                   field="Group ID/Name 6/Group Type", expected="Individual, Entity or Ship",
                   found=kind or None)
        return
    locator = (path.name, line, group)
    entity = ctx.make(SCHEMATA[kind], group)
    alias_type = (clean_text(rec.get("Alias Type")) or "").lower()
    if alias_type in ("prime alias", "primary name"):
        entity.add("name", name)
        if entity.schema.is_a("Person"):
            add_text(entity, "lastName", rec.get("Name 6"))
            add_text(entity, "firstName", rec.get("Name 1"))
    elif (clean_text(rec.get("Alias Quality")) or "").lower() == "low":
        entity.add("weakAlias", name)
    elif alias_type == "fka":
        entity.add("previousName", name)
    else:
        entity.add("alias", name)
    add_text(entity, "alias", rec.get("Name Non-Latin Script"))
    regime = clean_text(rec.get("Regime"))
    entity.add("program", regime)
    entity.add("topics", "sanction")
    add_date(entity, "createdAt", rec.get("Listed On"))
    add_text(entity, "notes", rec.get("Other Information"))
    add_text(entity, "title", rec.get("Title"))
    add_text(entity, "position", rec.get("Position"))
    add_date(entity, "birthDate", rec.get("DOB"))
    place = ", ".join(p for p in (clean_text(rec.get("Town of Birth")), clean_text(rec.get("Country of Birth")))
                      if p)
    add_text(entity, "birthPlace", place or None)
    add_country(ctx, entity, "birthCountry", rec.get("Country of Birth"), locator)
    add_country(ctx, entity, "nationality", rec.get("Nationality"), locator)
    add_text(entity, "passportNumber", rec.get("Passport Number"))
    add_text(entity, "idNumber", rec.get("National Identification Number"))
    parts = [clean_text(rec.get(f"Address {i}")) for i in range(1, 7)]
    parts += [clean_text(rec.get("Post/Zip Code")), clean_text(rec.get("Country"))]
    add_text(entity, "address", ", ".join(p for p in parts if p) or None)
    add_country(ctx, entity, "country", rec.get("Country"), locator)
    sanction = ctx.make_sanction(entity, group)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", regime)
    add_date(sanction, "listingDate", rec.get("Listed On"))
    add_date(sanction, "modifiedAt", rec.get("Last Updated"))
    sanction.add("country", "gb")
    yield entity
    yield sanction
