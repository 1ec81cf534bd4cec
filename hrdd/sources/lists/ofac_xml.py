"""OFAC ``sdn.xml`` / ``consolidated.xml`` (schema ``http://tempuri.org/sdnList.xsd``).

One ``sdnEntry`` per listed party with structured ``idList``, ``akaList`` (strong/weak),
``addressList``, ``nationalityList``, ``citizenshipList``, ``dateOfBirthList``,
``placeOfBirthList`` and ``vesselInfo``. ``publshInformation/Publish_Date`` (MM/DD/YYYY) is
the snapshot date. Format: https://ofac.treasury.gov/sdn-list-data-formats-data-schemas
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
    parse_us_date,
)
from hrdd.sources.lists.identifiers import IdTable, add_identifier
from hrdd.sources.lists.xmlfile import iter_xml

FORMAT = "ofac-xml"
AUTHORITY = "Office of Foreign Assets Control (OFAC), U.S. Department of the Treasury"
SCHEMATA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "entity": "Organization"}

ID_PROPS: IdTable = [
    ("passport", "passportNumber"),
    ("legal entity number", "leiCode"),
    ("imo", "imoNumber"),
    ("mmsi", "mmsi"),
    ("swift", "swiftBic"),
    ("tax id", "taxNumber"),
    ("registration", "registrationNumber"),
    ("unified social credit code", "registrationNumber"),
    ("d-u-n-s", "dunsCode"),
    ("national id", "idNumber"),
    ("cedula", "idNumber"),
    ("identification", "idNumber"),
    ("email", "email"),
    ("website", "website"),
]


def accepts(paths: Sequence[Path]) -> bool:
    if len(paths) != 1 or paths[0].suffix.lower() != ".xml":
        return False
    with paths[0].open("rb") as handle:
        head = handle.read(2048)
    return b"sdnList" in head


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(elem: ET.Element, name: str) -> str | None:
    for child in elem:
        if _local(child.tag) == name:
            return clean_text(child.text)
    return None


def _children(elem: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in elem.iter() if _local(c.tag) == name]


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    path = paths[0]
    index = 0
    for _event, elem in iter_xml(ctx, path):
        tag = _local(elem.tag)
        if tag == "Publish_Date":
            ctx.as_of = parse_us_date(elem.text)
        elif tag == "sdnEntry":
            index += 1
            ctx.record()
            yield from _entry(ctx, path, index, elem)
            elem.clear()


def _entry(ctx: ImportContext, path: Path, index: int, elem: ET.Element) -> Iterator[ValueEntity]:
    uid = _child_text(elem, "uid")
    locator = f"sdnEntry[{index}]"
    name = join_name(_child_text(elem, "firstName"), _child_text(elem, "lastName"))
    if not uid or not name:
        ctx.reject("sdnEntry lacks uid or name", file=path, item=uid or locator, field="uid/lastName",
                   expected="uid and lastName", found=f"uid={uid!r}, name={name!r}")
        return
    ctx.note_entry(uid, path)
    kind = (_child_text(elem, "sdnType") or "entity").lower()
    entity = ctx.make(SCHEMATA.get(kind, "Organization"), uid)
    entity.add("name", name)
    if entity.schema.is_a("Person"):
        add_text(entity, "firstName", _child_text(elem, "firstName"))
        add_text(entity, "lastName", _child_text(elem, "lastName"))
        add_text(entity, "position", _child_text(elem, "title"))
    programs = [clean_text(p.text) for p in _children(elem, "program")]
    entity.add("program", [p for p in programs if p])
    entity.add("topics", "sanction")
    add_text(entity, "notes", _child_text(elem, "remarks"))
    for aka in _children(elem, "aka"):
        alias = join_name(_child_text(aka, "firstName"), _child_text(aka, "lastName"))
        kind_aka = (_child_text(aka, "type") or "").lower()
        weak = (_child_text(aka, "category") or "").lower() == "weak"
        prop = "previousName" if kind_aka == "f.k.a." else ("weakAlias" if weak else "alias")
        add_text(entity, prop, alias)
    _ids(ctx, entity, elem, path)
    for addr in _children(elem, "address"):
        parts = [_child_text(addr, n) for n in
                 ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")]
        add_text(entity, "address", ", ".join(p for p in parts if p))
        add_country(ctx, entity, "country", _child_text(addr, "country"), (path.name, None, uid))
    for nat in _children(elem, "nationality"):
        add_country(ctx, entity, "nationality", _child_text(nat, "country"), (path.name, None, uid))
    for cit in _children(elem, "citizenship"):
        add_country(ctx, entity, "citizenship", _child_text(cit, "country"), (path.name, None, uid))
    for dob in _children(elem, "dateOfBirth"):
        for value in (clean_text(dob.text) or "").replace("circa", "").split(" to "):
            add_date(entity, "birthDate", value.strip())
    for pob in _children(elem, "placeOfBirth"):
        add_text(entity, "birthPlace", pob.text)
    for vessel in _children(elem, "vesselInfo"):
        add_text(entity, "callSign", _child_text(vessel, "callSign"))
        add_text(entity, "type", _child_text(vessel, "vesselType"))
        add_country(ctx, entity, "flag", _child_text(vessel, "vesselFlag"), (path.name, None, uid))
        add_text(entity, "tonnage", _child_text(vessel, "tonnage"))
        add_text(entity, "grossRegisteredTonnage", _child_text(vessel, "grossRegisteredTonnage"))
    sanction = ctx.make_sanction(entity, uid)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", entity.get("program"))
    sanction.add("country", "us")
    yield entity
    yield sanction


def _ids(ctx: ImportContext, entity: ValueEntity, elem: ET.Element, path: Path) -> None:
    for ident in _children(elem, "id"):
        add_identifier(entity, ID_PROPS, (_child_text(ident, "idType") or "").lower(), _child_text(ident, "idNumber"))
