"""UN Security Council Consolidated List XML, ``https://scsanctions.un.org/resources/xml/en/consolidated.xml``.

``<CONSOLIDATED_LIST dateGenerated=...>`` holds ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``;
``DATAID`` is the entry id, ``REFERENCE_NUMBER`` (e.g. ``CDi.001``) the UN reference kept in
``Sanction.unscId`` and the entity's ``programId``. Alias ``QUALITY`` "Low" becomes
``weakAlias``; "f.k.a." becomes ``previousName``. Schema: https://www.un.org/sc/resources/sc-sanctions.xsd
"""

from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from followthemoney import ValueEntity

from hrdd.sources.lists.base import (
    ImportContext,
    add_country,
    add_date,
    add_text,
    clean_text,
    join_name,
    parse_date,
)
from hrdd.sources.lists.xmlfile import iter_xml

FORMAT = "un-sc-xml"
AUTHORITY = "United Nations Security Council"
DOC_PROPS = {"passport": "passportNumber", "national identification": "idNumber", "tax": "taxNumber"}


def accepts(paths: Sequence[Path]) -> bool:
    if len(paths) != 1 or paths[0].suffix.lower() != ".xml":
        return False
    with paths[0].open("rb") as handle:
        return b"CONSOLIDATED_LIST" in handle.read(1024)


def _text(elem: ET.Element, name: str) -> str | None:
    child = elem.find(name)
    return clean_text(child.text) if child is not None else None


def _values(elem: ET.Element, name: str) -> list[str]:
    return [v for v in (clean_text(c.text) for c in elem.findall(f"{name}/VALUE")) if v]


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    path = paths[0]
    counts = {"INDIVIDUAL": 0, "ENTITY": 0}
    for event, elem in iter_xml(ctx, path, ("start", "end")):
        if event == "start":
            if elem.tag == "CONSOLIDATED_LIST":
                ctx.as_of = parse_date(elem.get("dateGenerated"))
            continue
        if elem.tag in counts:
            counts[elem.tag] += 1
            ctx.record()
            yield from _entry(ctx, path, f"{elem.tag}[{counts[elem.tag]}]", elem)
            elem.clear()


def _entry(ctx: ImportContext, path: Path, locator: str, elem: ET.Element) -> Iterator[ValueEntity]:
    dataid = _text(elem, "DATAID")
    person = elem.tag == "INDIVIDUAL"
    names = [_text(elem, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = join_name(*names)
    if not dataid or not name:
        ctx.reject("record lacks DATAID or FIRST_NAME", file=path, item=dataid or locator,
                   field="DATAID/FIRST_NAME", expected="both", found=f"DATAID={dataid!r}")
        return
    ctx.note_entry(dataid, path)
    entity = ctx.make("Person" if person else "Organization", dataid)
    entity.add("name", name)
    add_text(entity, "name", _text(elem, "NAME_ORIGINAL_SCRIPT"))
    if person:
        add_text(entity, "firstName", names[0])
        add_text(entity, "lastName", next((n for n in reversed(names[1:]) if n), None))
        add_text(entity, "title", _values(elem, "TITLE"))
        add_text(entity, "position", _values(elem, "DESIGNATION"))
        add_text(entity, "gender", (_text(elem, "GENDER") or "").lower() or None)
    program = _text(elem, "UN_LIST_TYPE")
    reference = _text(elem, "REFERENCE_NUMBER")
    entity.add("program", program)
    entity.add("programId", reference)
    entity.add("topics", "sanction")
    add_date(entity, "createdAt", _text(elem, "LISTED_ON"))
    add_text(entity, "notes", _text(elem, "COMMENTS1"))
    for value in _values(elem, "NATIONALITY"):
        add_country(ctx, entity, "nationality", value, (path.name, None, dataid))
    for alias in elem.findall("INDIVIDUAL_ALIAS") + elem.findall("ENTITY_ALIAS"):
        quality = (_text(alias, "QUALITY") or "").lower()
        prop = "weakAlias" if quality == "low" else "previousName" if quality == "f.k.a." else "alias"
        add_text(entity, prop, _text(alias, "ALIAS_NAME"))
    for addr in elem.findall("INDIVIDUAL_ADDRESS") + elem.findall("ENTITY_ADDRESS"):
        parts = [_text(addr, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")]
        add_text(entity, "address", ", ".join(p for p in parts if p))
        add_country(ctx, entity, "country", _text(addr, "COUNTRY"), (path.name, None, dataid))
    for dob in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
            add_date(entity, "birthDate", _text(dob, tag))
    for pob in elem.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        place = ", ".join(p for p in (_text(pob, t) for t in ("CITY", "STATE_PROVINCE", "COUNTRY")) if p)
        add_text(entity, "birthPlace", place or None)
        add_country(ctx, entity, "birthCountry", _text(pob, "COUNTRY"), (path.name, None, dataid))
    for doc in elem.findall("INDIVIDUAL_DOCUMENT"):
        kind = (_text(doc, "TYPE_OF_DOCUMENT") or "").lower()
        prop = next((p for key, p in DOC_PROPS.items() if key in kind), "idNumber")
        add_text(entity, prop, _text(doc, "NUMBER"))
    sanction = ctx.make_sanction(entity, dataid)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", program)
    sanction.add("unscId", reference)
    add_date(sanction, "listingDate", _text(elem, "LISTED_ON"))
    for updated in _values(elem, "LAST_DAY_UPDATED"):
        add_date(sanction, "modifiedAt", updated)
    yield entity
    yield sanction
