"""OFAC legacy CSV set: ``sdn.csv`` + ``add.csv`` + ``alt.csv`` + ``sdn_comments.csv`` (SDN list)
and ``cons_prim.csv`` + ``cons_add.csv`` + ``cons_alt.csv`` + ``cons_comments.csv`` (non-SDN list).

No header row; ``-0-`` is null; the primary file ends with a DOS EOF byte (0x1A). Rows of the
side files are joined to primary rows on ``ent_num``; side rows whose ``ent_num`` has no primary
row (e.g. a newer ``alt.csv`` beside an older ``sdn.csv``) are counted as orphans and reported,
not imported. Format: https://ofac.treasury.gov/sdn-list-data-formats-data-schemas
"""

import csv
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from followthemoney import ValueEntity

from hrdd.sources.lists.base import (
    ImportContext,
    add_country,
    add_date,
    add_text,
    add_topics_for_target_type,
    clean_text,
    detect_encoding,
    parse_date,
)

FORMAT = "ofac-legacy-csv"
AUTHORITY = "Office of Foreign Assets Control (OFAC), U.S. Department of the Treasury"

SCHEMATA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
ALT_PROPS = {"aka": "alias", "fka": "previousName", "nka": "alias"}

# remark label -> (property, value has a trailing "(Country)")
ID_LABELS: list[tuple[str, str]] = [
    (r"Passport(?: No\.?)?", "passportNumber"),
    (r"Diplomatic Passport", "passportNumber"),
    ((r"National ID No\.|National Identification Number|Cedula No\.|D\.N\.I\.|C\.U\.R\.P\.|"
     r"Identification Number|Personal ID Card|Residency Number|Citizen's Card Number|"
     r"Driver's License No\.|Electoral Registry No\.|Credencial electoral|Matricula Mercantil No"),
     "idNumber"),
    ((r"Tax ID No\.|R\.F\.C\.|RFC|V\.A\.T\. Number|NIT #|C\.U\.I\.T\.|C\.U\.I\.|RUC #|"
     r"Trade License No\."), "taxNumber"),
    ((r"Registration Number|Registration ID|Company Number|Business Registration Number|"
     r"Business Number|Commercial Registry Number|Unified Social Credit Code \(USCC\)|"
     r"Economic Register Number \(CBLS\)|Government Gazette Number|Chamber of Commerce Number|"
     r"Folio Mercantil No\.|Enterprise Number|Public Registration Number|C\.R\. No\."),
     "registrationNumber"),
    (r"Legal Entity Number", "leiCode"),
    (r"Vessel Registration Identification IMO|IMO", "imoNumber"),
    (r"MMSI", "mmsi"),
    (r"SWIFT/BIC", "swiftBic"),
    (r"D-U-N-S Number", "dunsCode"),
    (r"Aircraft Manufacturer's Serial Number \(MSN\)", "serialNumber"),
]
_ID_RE = [(re.compile(rf"^(?:alt\. )?(?:{label}) (?P<value>.+?)(?: \((?P<country>[^()]+)\))?$"), prop)
          for label, prop in ID_LABELS]
_ALIAS_RE = re.compile(r"^(?P<kind>a\.k\.a\.|f\.k\.a\.|n\.k\.a\.) '(?P<name>.+)'$")


def accepts(paths: Sequence[Path]) -> bool:
    return any(_role(p) == "prim" for p in paths) and all(_role(p) for p in paths)


def _role(path: Path) -> str | None:
    name = path.name.lower()
    if not name.endswith(".csv"):
        return None
    if name in ("sdn.csv", "cons_prim.csv") or name.endswith("prim.csv"):
        return "prim"
    for role in ("comments", "add", "alt"):
        if role in name:
            return role
    if "sdn" in name:
        return "prim"
    return None


def _rows(ctx: ImportContext, path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding=detect_encoding(ctx, path), errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        for row in reader:
            if not row or (len(row) == 1 and row[0].strip() in ("\x1a", "")):
                continue
            yield reader.line_num, row


def _side_tables(ctx: ImportContext, paths: Sequence[Path]) -> tuple[
        dict[str, list[tuple[int, list[str]]]], dict[str, list[list[str]]], dict[str, str],
        dict[tuple[str, str], tuple[str, int]]]:
    addresses: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    aliases: dict[str, list[list[str]]] = defaultdict(list)
    comments: dict[str, str] = {}
    first_seen: dict[tuple[str, str], tuple[str, int]] = {}  # (role, ent_num) -> file, line
    widths = {"add": 6, "alt": 5, "comments": 2}
    for path in paths:
        role = _role(path)
        if role not in widths:
            continue
        for line, row in _rows(ctx, path):
            ent_num = clean_text(row[0]) if row else None
            if len(row) < widths[role] or not ent_num or not ent_num.isdigit():
                ctx.reject(f"{role} row has {len(row)} fields", file=path, line=line, item=ent_num,
                           expected=f"{widths[role]} fields with a numeric ent_num", found=",".join(row))
                continue
            first_seen.setdefault((role, ent_num), (path.name, line))
            if role == "add":
                addresses[ent_num].append((line, row))
            elif role == "alt":
                aliases[ent_num].append(row)
            else:
                comments[ent_num] = comments.get(ent_num, "") + (row[1] or "")
    return addresses, aliases, comments, first_seen


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    addresses, aliases, comments, first_seen = _side_tables(ctx, paths)
    joined: set[str] = set()
    for path in (p for p in paths if _role(p) == "prim"):
        for line, row in _rows(ctx, path):
            ctx.record()
            ent_num = clean_text(row[0])
            if len(row) != 12 or not ent_num or not ent_num.isdigit() or not clean_text(row[1]):
                ctx.reject("primary row is not a complete entry", file=path, line=line, item=ent_num,
                           expected="12 fields: ent_num, name, type, program, ..., remarks",
                           found=f"{len(row)} fields")
                continue
            joined.add(ent_num)
            ctx.note_entry(ent_num, path, line)
            remarks = clean_text((row[11] or "").replace("-0-", "") + comments.get(ent_num, ""))
            yield from _entry(ctx, ent_num, row, remarks, addresses.get(ent_num, []),
                              aliases.get(ent_num, []))
    orphans = sorted((key for key in first_seen if key[1] not in joined), key=lambda k: (k[0], int(k[1])))
    for role, ent_num in orphans:
        file, line = first_seen[(role, ent_num)]
        ctx.warn(f"{role} rows for an ent_num absent from the primary file (orphan)", file=file,
                 line=line, item=ent_num)


def _entry(ctx: ImportContext, ent_num: str, row: list[str], remarks: str | None,
           addresses: list[tuple[int, list[str]]], aliases: list[list[str]]) -> Iterator[ValueEntity]:
    kind = (clean_text(row[2]) or "entity").lower()
    entity = ctx.make(SCHEMATA.get(kind, "Organization"), ent_num)
    name = clean_text(row[1])
    entity.add("name", name)
    if entity.schema.is_a("Person") and name and name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        add_text(entity, "lastName", last)
        add_text(entity, "firstName", first)
    programs = [p.strip("[] ") for p in (clean_text(row[3]) or "").split("] [") if p.strip("[] ")]
    entity.add("program", programs)
    entity.add("topics", "sanction")
    title = clean_text(row[4])
    add_text(entity, "position" if entity.schema.is_a("Person") else "notes", title)
    if entity.schema.is_a("Vessel"):
        add_text(entity, "callSign", row[5])
        add_text(entity, "type", row[6])
        add_text(entity, "tonnage", row[7])
        add_text(entity, "grossRegisteredTonnage", row[8])
        add_country(ctx, entity, "flag", row[9])
        owner = clean_text(row[10])
        if owner:
            entity.add("notes", f"Vessel owner: {owner}")
    add_text(entity, "notes", remarks)
    if remarks:
        _apply_remarks(ctx, entity, remarks)
    for alt in aliases:
        prop = ALT_PROPS.get((clean_text(alt[2]) or "aka").lower(), "alias")
        add_text(entity, prop, alt[3])
    for line, add in addresses:
        text = ", ".join(v for v in (clean_text(add[2]), clean_text(add[3]), clean_text(add[4])) if v)
        add_text(entity, "address", text)
        add_country(ctx, entity, "country", add[4], ("add.csv", line, ent_num))
    sanction = ctx.make_sanction(entity, ent_num)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", programs)
    sanction.add("country", "us")
    yield entity
    yield sanction


def _apply_remarks(ctx: ImportContext, entity: ValueEntity, remarks: str) -> None:
    """Read the structured statements OFAC writes into Remarks (DOB, POB, IDs, a.k.a. ...)."""
    for raw in remarks.split(";"):
        part = raw.strip().rstrip(".").strip()
        if not part:
            continue
        body = part.removeprefix("alt. ")
        if body.startswith("DOB "):
            for value in re.split(r" to ", body[4:]):
                add_date(entity, "birthDate", value.replace("circa", "").strip())
        elif body.startswith("POB "):
            add_text(entity, "birthPlace", body[4:])
        elif body.startswith("nationality "):
            add_country(ctx, entity, "nationality", body[12:])
        elif body.startswith("citizen "):
            add_country(ctx, entity, "citizenship", body[8:])
        elif body.startswith("Gender "):
            add_text(entity, "gender", body[7:].lower())
        elif body.startswith("Target Type "):
            add_topics_for_target_type(entity, body[12:])
        elif body.startswith("Organization Established Date "):
            add_date(entity, "incorporationDate", body[len("Organization Established Date "):])
        elif body.startswith("Website "):
            add_text(entity, "website", body[8:])
        elif body.startswith("Email Address "):
            add_text(entity, "email", body[14:])
        elif body.startswith("Aircraft Model "):
            add_text(entity, "model", body[15:])
        elif body.startswith("Aircraft Manufacture Date "):
            add_text(entity, "buildDate", parse_date(body[26:]))
        else:
            _apply_id_or_alias(entity, body)


def _apply_id_or_alias(entity: ValueEntity, body: str) -> None:
    m = _ALIAS_RE.match(body)
    if m:
        prop = "previousName" if m.group("kind") == "f.k.a." else "alias"
        add_text(entity, prop, m.group("name"))
        return
    for pattern, prop in _ID_RE:
        m = pattern.match(body)
        if m:
            value = m.group("value")
            add_text(entity, prop, value)
            if prop in ("passportNumber", "idNumber", "taxNumber", "registrationNumber") \
                    and not entity.schema.get(prop):
                add_text(entity, "idNumber", value)
            return
