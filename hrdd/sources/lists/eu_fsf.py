"""EU consolidated list of persons, groups and entities subject to financial sanctions (FSF), XML 1.1.

``<export generationDate=...>`` (namespace ``http://eu.europa.ec/fpi/fsd/export``) holds one
``sanctionEntity`` per listing with ``logicalId`` (entry id), ``euReferenceNumber``,
``unitedNationId``, ``designationDate``; children ``regulation@programme``,
``subjectType@code`` (person / enterprise), ``nameAlias`` (``wholeName``, ``strong``,
``function``, ``gender``), ``citizenship``, ``birthdate``, ``identification``, ``address``
and ``remark``. Download: the FSF "xmlFullSanctionsList_1_1" file
(https://webgate.ec.europa.eu/fsd/fsf).
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
    parse_date,
)
from hrdd.sources.lists.xmlfile import iter_xml

FORMAT = "eu-fsf-xml"
NS = "{http://eu.europa.ec/fpi/fsd/export}"
AUTHORITY = "European Union (Council of the EU; list published by the European Commission)"
SCHEMATA = {"person": "Person", "enterprise": "Organization"}
ID_PROPS = {"passport": "passportNumber", "id": "idNumber", "fiscalcode": "taxNumber", "tin": "taxNumber",
            "regnumber": "registrationNumber", "swiftbic": "swiftBic", "imo": "imoNumber"}


def accepts(paths: Sequence[Path]) -> bool:
    if len(paths) != 1 or paths[0].suffix.lower() != ".xml":
        return False
    with paths[0].open("rb") as handle:
        return b"eu.europa.ec/fpi/fsd/export" in handle.read(2048)


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    path = paths[0]
    index = 0
    for event, elem in iter_xml(ctx, path, ("start", "end")):
        if event == "start":
            if elem.tag == f"{NS}export":
                ctx.as_of = parse_date(elem.get("generationDate"))
            continue
        if elem.tag == f"{NS}sanctionEntity":
            index += 1
            ctx.record()
            yield from _entry(ctx, path, index, elem)
            elem.clear()


def _all(elem: ET.Element, name: str) -> list[ET.Element]:
    return elem.findall(f"{NS}{name}")


def _entry(ctx: ImportContext, path: Path, index: int, elem: ET.Element) -> Iterator[ValueEntity]:
    logical_id = clean_text(elem.get("logicalId"))
    names = [(clean_text(a.get("wholeName")), a) for a in _all(elem, "nameAlias")]
    names = [(n, a) for n, a in names if n]
    subject = elem.find(f"{NS}subjectType")
    code = (subject.get("code") if subject is not None else "") or ""
    if not logical_id or not names:
        ctx.reject("sanctionEntity lacks logicalId or a nameAlias/@wholeName", file=path,
                   item=logical_id or f"sanctionEntity[{index}]", field="logicalId/wholeName",
                   expected="both", found=f"logicalId={logical_id!r}, names={len(names)}")
        return
    ctx.note_entry(logical_id, path)
    where = (path.name, None, logical_id)
    entity = ctx.make(SCHEMATA.get(code.lower(), "LegalEntity"), logical_id)
    strong = [n for n, a in names if a.get("strong", "true") != "false"]
    entity.add("name", strong[:1] or [names[0][0]])
    for name, alias in names:
        if name not in entity.get("name"):
            add_text(entity, "alias" if alias.get("strong", "true") != "false" else "weakAlias", name)
        add_text(entity, "position", alias.get("function"))
        gender = {"M": "male", "F": "female"}.get(alias.get("gender") or "")
        add_text(entity, "gender", gender)
        add_text(entity, "title", alias.get("title"))
        add_text(entity, "notes", [r.text for r in _all(alias, "remark")])
    programmes = sorted({p for r in _all(elem, "regulation") if (p := clean_text(r.get("programme")))})
    entity.add("program", programmes)
    entity.add("programId", clean_text(elem.get("euReferenceNumber")))
    entity.add("topics", "sanction")
    add_date(entity, "createdAt", elem.get("designationDate"))
    add_text(entity, "notes", [r.text for r in _all(elem, "remark")])
    add_text(entity, "notes", elem.get("designationDetails"))
    for cit in _all(elem, "citizenship"):
        add_country(ctx, entity, "nationality", _code(cit), where)
    for birth in _all(elem, "birthdate"):
        add_date(entity, "birthDate", birth.get("birthdate") or birth.get("year"))
        place = ", ".join(p for p in (clean_text(birth.get(k)) for k in ("place", "city", "region")) if p)
        add_text(entity, "birthPlace", place or None)
        add_country(ctx, entity, "birthCountry", _code(birth), where)
    for ident in _all(elem, "identification"):
        prop = ID_PROPS.get((ident.get("identificationTypeCode") or "").lower(), "idNumber")
        if not entity.schema.get(prop):
            prop = "registrationNumber" if entity.schema.get("registrationNumber") else "idNumber"
        add_text(entity, prop, ident.get("number"))
    for addr in _all(elem, "address"):
        keys = ("street", "poBox", "place", "city", "zipCode", "region")
        parts = [clean_text(addr.get(k)) for k in keys]
        country = _code(addr)
        parts.append(clean_text(addr.get("countryDescription")) if country else None)
        add_text(entity, "address", ", ".join(p for p in parts if p) or None)
        add_country(ctx, entity, "country", country, where)
    sanction = ctx.make_sanction(entity, logical_id)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", programmes)
    sanction.add("authorityId", clean_text(elem.get("euReferenceNumber")))
    sanction.add("unscId", clean_text(elem.get("unitedNationId")))
    add_date(sanction, "listingDate", elem.get("designationDate"))
    for reg in _all(elem, "regulation"):
        add_text(sanction, "provisions", reg.get("numberTitle"))
        add_text(sanction, "sourceUrl", [u.text for u in _all(reg, "publicationUrl")])
    sanction.add("country", "eu")
    yield entity
    yield sanction


def _code(elem: ET.Element) -> str | None:
    code = clean_text(elem.get("countryIso2Code"))
    return None if code in (None, "00") else code
