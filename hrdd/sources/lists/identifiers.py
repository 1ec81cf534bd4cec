"""Identifiers that OFAC-style lists give as (type label, number) pairs."""

from followthemoney import ValueEntity, model

from hrdd.sources.lists.base import add_text, add_topics_for_target_type

IdTable = list[tuple[str, str]]  # (substring of the lower-case type label, FtM property), first match wins


def add_identifier(entity: ValueEntity, table: IdTable, id_type: str, number: str | None) -> None:
    """Add one identifier under the property its type label names. "Target Type" labels add
    topics instead; unknown labels are skipped; a property the schema lacks falls back to
    ``idNumber`` or ``registrationNumber``."""
    if not number:
        return
    if id_type.startswith("target type"):
        add_topics_for_target_type(entity, number)
        return
    prop = next((p for key, p in table if key in id_type), None)
    if prop is None:
        return
    if prop == "gender":
        number = number.lower()
    if prop == "isinCode" and entity.schema.name in ("Organization", "LegalEntity"):
        entity.schema = model["Company"]  # securities are issued by companies
    if not entity.schema.get(prop):
        prop = "idNumber" if entity.schema.get("idNumber") else "registrationNumber"
    add_text(entity, prop, number)
