"""BIS Denied Persons List, ``https://www.bis.doc.gov/dpl/dpl.txt``: tab-separated, quoted.

Columns: ``Name, Street_Address, City, State, Country, Postal_Code, Effective_Date (MM/DD/YYYY),
Expiration_Date, Standard_Order, Last_Update (YYYY-MM-DD), Action, FR_Citation``. The list has no
entry ids and one party may fill several rows (one per address or order), so the entry id is a
digest of the normalised name and rows with the same name become one entity. The newest
``Last_Update`` is the snapshot date.
"""

import csv
import hashlib
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from followthemoney import ValueEntity

from hrdd.exc import SourceError
from hrdd.sources.lists.base import (
    ImportContext,
    add_country,
    add_text,
    clean_text,
    detect_encoding,
    parse_date,
    parse_us_date,
)

FORMAT = "bis-dpl-tsv"
AUTHORITY = "Bureau of Industry and Security (BIS), U.S. Department of Commerce"
COLUMNS = ("Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
           "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation")


def accepts(paths: Sequence[Path]) -> bool:
    if len(paths) != 1:
        return False
    with paths[0].open("rb") as handle:
        head = handle.read(512).decode("utf-8", errors="replace")
    return "Street_Address" in head and "\t" in head


def derive_entry_id(name: str) -> str:
    """A stable id for a DPL name (the list publishes none)."""
    key = " ".join(name.upper().split())
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    path = paths[0]
    newest: str | None = None
    with path.open(encoding=detect_encoding(ctx, path), errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        header = next(reader, None)
        if header is None or "Name" not in header:
            raise SourceError(f"{ctx.source}: {path.name} has no DPL header row", ctx.source)
        current: tuple[ValueEntity, ValueEntity] | None = None
        for row in reader:
            if not row:
                continue
            ctx.record()
            if len(row) != len(header):
                ctx.reject("row has the wrong number of fields", file=path, line=reader.line_num,
                           expected=f"{len(header)} fields", found=f"{len(row)} fields")
                continue
            rec = dict(zip(header, row, strict=True))
            name = clean_text(rec.get("Name"))
            if not name:
                ctx.reject("row has no name", file=path, line=reader.line_num, field="Name")
                continue
            updated = parse_date(rec.get("Last_Update"))
            if updated and updated > date.today().isoformat():
                ctx.warn("date in the future ignored", file=path, line=reader.line_num, field="Last_Update",
                         found=updated)
                updated = None
            if updated and (newest is None or updated > newest):
                newest = updated
            eid = derive_entry_id(name)
            if current is None or current[0].id != f"{ctx.source}-{eid}":
                if current is not None:
                    yield from current
                current = _start(ctx, eid, name)
            _add_row(ctx, current, rec, (path.name, reader.line_num, eid))
        if current is not None:
            yield from current
    ctx.as_of = ctx.as_of or newest


def _start(ctx: ImportContext, eid: str, name: str) -> tuple[ValueEntity, ValueEntity]:
    entity = ctx.make("LegalEntity", eid)
    entity.add("name", name)
    entity.add("topics", "export.control")
    entity.add("program", "Denied Persons List")
    sanction = ctx.make_sanction(entity, None)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", "Denied Persons List")
    sanction.add("country", "us")
    return entity, sanction


def _add_row(ctx: ImportContext, pair: tuple[ValueEntity, ValueEntity], rec: dict[str, str],
             locator: tuple[str, int, str]) -> None:
    entity, sanction = pair
    parts = [clean_text(rec.get(k)) for k in ("Street_Address", "City", "State", "Postal_Code", "Country")]
    add_text(entity, "address", ", ".join(p for p in parts if p))
    add_country(ctx, entity, "country", rec.get("Country"), locator)
    effective = parse_us_date(rec.get("Effective_Date"))
    if effective:
        known = entity.get("createdAt")
        if not known or effective < min(known):
            entity.set("createdAt", effective)
        sanction.add("startDate", effective)
        sanction.add("listingDate", effective)
    expires = parse_us_date(rec.get("Expiration_Date"))
    if expires:
        sanction.add("endDate", expires)
    add_text(sanction, "authorityId", rec.get("FR_Citation"))
    add_text(sanction, "status", rec.get("Action"))
    if clean_text(rec.get("Standard_Order")) == "Y":
        sanction.add("provisions", "Standard denial order")
