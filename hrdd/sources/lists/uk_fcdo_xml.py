"""UK Sanctions List (FCDO) XML, ``UK_Sanctions_List.xml`` linked from
https://www.gov.uk/government/publications/the-uk-sanctions-list (OGL v3.0).

``<Designations>`` holds one ``<Designation>`` per designated person, entity or ship:
``UniqueID`` (entry id, e.g. ``RUS0251``), ``OFSIGroupID``, ``UNReferenceNumber``,
``DateDesignated`` and ``LastUpdated`` (DD/MM/YYYY, ``dd``/``mm`` for unknown parts),
``RegimeName``, ``IndividualEntityShip``, ``DesignationSource``, ``SanctionsImposed``
(``|``-separated), ``OtherInformation``, ``UKStatementofReasons``, ``Names/Name`` (``Name1`` …
``Name6`` with ``Name6`` the surname or entity name, ``NameType`` "Primary Name", "Primary Name
Variation" or "Alias", ``AliasStrength`` "Low quality a.k.a"),
``NonLatinNames/NonLatinName/NameNonLatinScript``, ``Titles/Title``,
``Addresses/Address`` (``AddressLine1`` … ``AddressLine6``, ``AddressPostalCode``,
``AddressCountry``), ``IndividualDetails/Individual`` (``DOBs/DOB``, ``Genders``, ``Nationalities``,
``Positions``, ``BirthDetails/Location``, ``PassportDetails/Passport/PassportNumber``,
``NationalIdentifierDetails/NationalIdentifier/NationalIdentifierNumber``),
``EntityDetails/Entity`` (``BusinessRegistrationNumbers``, ``TypeOfEntities``) and
``ShipDetails/Ship`` (``IMONumbers``, ``TypeOfShipDetails``, ``CurrentBelievedFlagOfShips``,
``PreviousFlags``, ``TonnageOfShipDetails``, ``YearsBuilt``, ``CurrentOwnerOperators``). A ``DateGenerated`` element, when
present, is the snapshot date; otherwise the newest ``LastUpdated``.
Element names were taken from independent public readers of this file (OpenSanctions'
``gb_fcdo_sanctions`` crawler among them); no official file was available here to test on.
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
    add_topics_for_entity_type,
    clean_text,
    join_name,
    parse_date,
)
from hrdd.sources.lists.xmlfile import iter_xml

FORMAT = "uk-fcdo-xml"
AUTHORITY = "Foreign, Commonwealth & Development Office (FCDO), United Kingdom"
SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}


def accepts(paths: Sequence[Path]) -> bool:
    if len(paths) != 1 or paths[0].suffix.lower() != ".xml":
        return False
    with paths[0].open("rb") as handle:
        head = handle.read(4096)
    return b"<Designations" in head


def _date(text: str | None) -> str | None:
    """DD/MM/YYYY with ``dd``/``mm`` standing for unknown day or month."""
    if text is None:
        return None
    return parse_date(text.lower().replace("dd/", "00/").replace("mm/", "00/"))


def _texts(elem: ET.Element, path: str) -> list[str]:
    return [t for t in (clean_text(e.text) for e in elem.iterfind(path)) if t]


def parse(ctx: ImportContext, paths: Sequence[Path]) -> Iterator[ValueEntity]:
    path = paths[0]
    index = 0
    newest: str | None = None
    for _event, elem in iter_xml(ctx, path):
        elem.tag = elem.tag.rsplit("}", 1)[-1]  # children end first: the record is namespace-free
        if elem.tag == "DateGenerated":
            ctx.as_of = ctx.as_of or _date(elem.text)
        elif elem.tag == "Designation":
            index += 1
            ctx.record()
            updated = _date(elem.findtext("LastUpdated"))
            if updated and (newest is None or updated > newest):
                newest = updated
            yield from _designation(ctx, path, index, elem)
            elem.clear()
    ctx.as_of = ctx.as_of or newest


def _designation(ctx: ImportContext, path: Path, index: int, elem: ET.Element) -> Iterator[ValueEntity]:
    uid = clean_text(elem.findtext("UniqueID"))
    kind = (clean_text(elem.findtext("IndividualEntityShip")) or "").lower()
    if not uid or kind not in SCHEMATA:
        ctx.reject("Designation lacks UniqueID or a known IndividualEntityShip", file=path,
                   item=uid or f"Designation[{index}]", field="UniqueID/IndividualEntityShip",
                   expected="Individual, Entity or Ship", found=kind or None)
        return
    ctx.note_entry(uid, path)
    where = (path.name, None, uid)
    entity = ctx.make(SCHEMATA[kind], uid)
    _names(entity, elem)
    if not entity.get("name"):
        ctx.reject("Designation has no name", file=path, item=uid, field="Names/Name")
        return
    regime = clean_text(elem.findtext("RegimeName"))
    entity.add("program", regime)
    entity.add("topics", "sanction")
    add_date(entity, "createdAt", _date(elem.findtext("DateDesignated")))
    add_text(entity, "notes", _texts(elem, "OtherInformation"))
    add_text(entity, "phone", _texts(elem, "PhoneNumbers/PhoneNumber"))
    add_text(entity, "email", _texts(elem, "EmailAddresses/EmailAddress"))
    add_text(entity, "website", _texts(elem, "Websites/Website"))
    add_text(entity, "title", _texts(elem, "Titles/Title"))
    for address in elem.iterfind("Addresses/Address"):
        parts = [clean_text(address.findtext(f"AddressLine{i}")) for i in range(1, 7)]
        parts += [clean_text(address.findtext("AddressPostalCode")), clean_text(address.findtext("AddressCountry"))]
        add_text(entity, "address", ", ".join(p for p in parts if p) or None)
        add_country(ctx, entity, "country", address.findtext("AddressCountry"), where)
    for person in elem.iterfind("IndividualDetails/Individual"):
        for dob in _texts(person, "DOBs/DOB"):
            add_date(entity, "birthDate", _date(dob))
        add_text(entity, "title", _texts(person, "Title"))
        add_text(entity, "position", _texts(person, "Positions/Position"))
        for nationality in _texts(person, "Nationalities/Nationality"):
            add_country(ctx, entity, "nationality", nationality, where)
        for location in person.iterfind("BirthDetails/Location"):
            town, country = clean_text(location.findtext("TownOfBirth")), clean_text(location.findtext("CountryOfBirth"))
            add_text(entity, "birthPlace", ", ".join(p for p in (town, country) if p) or None)
            add_country(ctx, entity, "birthCountry", country, where)
        add_text(entity, "gender", [g.lower() for g in _texts(person, "Genders/Gender")])
        add_text(entity, "passportNumber", _texts(person, "PassportDetails/Passport/PassportNumber"))
        add_text(entity, "idNumber", _texts(
            person, "NationalIdentifierDetails/NationalIdentifier/NationalIdentifierNumber"))
    for org in elem.iterfind("EntityDetails/Entity"):
        add_text(entity, "registrationNumber", _texts(org, "BusinessRegistrationNumbers/BusinessRegistrationNumber"))
        for kind_text in _texts(org, "TypeOfEntities/TypeOfEntity"):
            add_text(entity, "legalForm", kind_text)
            add_topics_for_entity_type(entity, kind_text)
    for ship in elem.iterfind("ShipDetails/Ship"):
        add_text(entity, "imoNumber", _texts(ship, "IMONumbers/IMONumber"))
        add_text(entity, "type", _texts(ship, "TypeOfShipDetails/TypeOfShip"))
        add_text(entity, "tonnage", _texts(ship, "TonnageOfShipDetails/TonnageOfShip"))
        add_text(entity, "buildDate", [d for d in (parse_date(y) for y in _texts(ship, "YearsBuilt/YearBuilt")) if d])
        for flag in _texts(ship, "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip"):
            add_country(ctx, entity, "flag", flag, where)
        for flag in _texts(ship, "PreviousFlags/PreviousFlag"):
            add_country(ctx, entity, "pastFlags", flag, where)
        add_text(entity, "notes", [f"Owner/operator: {o}" for o in
                                   _texts(ship, "CurrentOwnerOperators/CurrentOwnerOperator")])
    sanction = ctx.make_sanction(entity, uid)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", regime)
    add_text(sanction, "authorityId", elem.findtext("OFSIGroupID"))
    add_text(sanction, "unscId", _texts(elem, "UNReferenceNumber"))
    add_date(sanction, "listingDate", _date(elem.findtext("DateDesignated")))
    add_date(sanction, "modifiedAt", _date(elem.findtext("LastUpdated")))
    imposed = clean_text(elem.findtext("SanctionsImposed")) or ""
    add_text(sanction, "provisions", imposed.split("|"))
    add_text(sanction, "reason", _texts(elem, "UKStatementofReasons"))
    add_text(sanction, "description", _texts(elem, "DesignationSource"))
    sanction.add("country", "gb")
    yield entity
    yield sanction


def _names(entity: ValueEntity, elem: ET.Element) -> None:
    for name in elem.iterfind("Names/Name"):
        parts = [name.findtext(f"Name{i}") for i in (1, 2, 3, 4, 5, 6)]
        full = join_name(*parts) or clean_text(name.findtext("Name"))
        name_type = (clean_text(name.findtext("NameType")) or "").lower()
        strength = (clean_text(name.findtext("AliasStrength")) or "").lower()
        if name_type == "primary name":
            add_text(entity, "name", full)
            if entity.schema.is_a("Person"):
                add_text(entity, "lastName", parts[5])
                add_text(entity, "firstName", parts[0])
        else:
            add_text(entity, "weakAlias" if strength.startswith("low") else "alias", full)
    add_text(entity, "alias", [t for t in (clean_text(e.text) for e in elem.iter("NameNonLatinScript")) if t])
    if not entity.get("name") and entity.get("alias"):
        entity.add("name", entity.get("alias")[0])
