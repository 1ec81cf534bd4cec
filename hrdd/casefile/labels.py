"""The analyst's words for every field of a case file and for the catalogue ids in it.

Validation problems and revision diffs name fields by their place in the file
(``products[0].capabilities``); people read "Product 1 (CellWatch P4): capabilities". The web
forms use the same labels, so an error message names the field the way its label does.
"""

import re
from typing import Any

from hrdd.catalog.registry import Catalog

__all__ = ["ITEM_WORDS", "LABELS", "field_label", "parse_path", "value_words"]

Path_ = tuple[str | int, ...]

# a field's path with every list index written as "*" -> its label
LABELS: dict[str, str] = {
    "schema": "Case file format",
    "id": "Case number in the file",
    "title": "Case title",
    "date": "As-of date",
    "seller": "Seller",
    "seller.name": "Seller",
    "seller.country": "Seller's country",
    "seller.jurisdictions": "Legal orders the seller is bound by",
    "transaction": "Transaction",
    "transaction.kind": "Kind of transaction",
    "transaction.value_usd": "Value (USD)",
    "transaction.existing_relationship": "Continuing an existing relationship",
    "products": "Products",
    "products.*.name": "Product name",
    "products.*.description": "What it does, as configured for this customer",
    "products.*.capabilities": "Capabilities",
    "products.*.features": "Features that raise misuse risk",
    "products.*.export_classification": "Export classification",
    "products.*.export_classification.jurisdiction": "Export classification: jurisdiction",
    "products.*.export_classification.code": "Export classification: code",
    "end_user": "End user",
    "end_user.name": "End user's name",
    "end_user.country": "End user's country",
    "end_user.region": "Region or territory of the end user",
    "end_user.kind": "Kind of end user",
    "end_user.sector": "Sector",
    "end_user.parent": "Parent body",
    "end_user.aliases": "Other names",
    "end_user.identifiers": "Identifiers",
    "end_user.government_ties": "Ties to the government",
    "end_use": "End use",
    "end_use.description": "Stated end use",
    "end_use.purposes": "Purposes",
    "end_use.scale": "Scale of deployment",
    "intermediaries": "Third parties",
    "intermediaries.*.name": "Name",
    "intermediaries.*.role": "Role",
    "intermediaries.*.country": "Country",
    "intermediaries.*.region": "Region or territory",
    "intermediaries.*.government_ties": "Ties to the government",
    "facts": "Red-flag questions",
    "safeguards": "Safeguards",
    "safeguards.*.id": "Safeguard",
    "safeguards.*.status": "Status",
    "safeguards.*.note": "Note",
    "evidence": "Sources relied on",
    "evidence.*.title": "Title",
    "evidence.*.url": "Link",
    "evidence.*.date": "Date",
}

# what one entry of each list is called
ITEM_WORDS = {"products": "Product", "intermediaries": "Third party", "safeguards": "Safeguard",
              "evidence": "Source"}
_ITEM_NAME_KEYS = ("name", "title", "id")
_IDS = {"capabilities": "capabilities", "features": "features", "purposes": "purposes", "sector": "sectors",
        "role": "intermediary_roles", "kind": "end_user_kinds", "scale": "scales"}
_TRISTATE = {True: "yes", False: "no", "unknown": "asked, nobody knows"}
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(dotted: str) -> Path_:
    """``products[0].capabilities[1]`` -> ``("products", 0, "capabilities", 1)``."""
    return tuple(int(index) if index else name for name, index in _TOKEN.findall(dotted))


def _item_name(data: Any, list_name: str, index: int, catalog: Catalog) -> str:
    items = data.get(list_name) if isinstance(data, dict) else None
    if isinstance(items, list) and 0 <= index < len(items) and isinstance(items[index], dict):
        for key in _ITEM_NAME_KEYS:
            name = items[index].get(key)
            if isinstance(name, str) and name.strip():
                return f" ({_title(catalog, 'safeguards', name) if list_name == 'safeguards' else name.strip()})"
    return ""


def field_label(path: Path_ | str, catalog: Catalog, data: Any = None) -> str:
    """The label of the field at ``path``: "Product 1 (CellWatch P4): Capabilities",
    "Red-flag question: End-use statement refused (reason)", "End user's country"."""
    if isinstance(path, str):
        path = parse_path(path)
    if not path:
        return "The case"
    head = str(path[0])
    if head == "facts" and len(path) > 1:
        fact = catalog.facts.get(str(path[1]))
        title = fact.title if fact is not None else str(path[1])
        rest = [str(p) for p in path[2:] if p not in ("FactAnswerIn", "answer", "bool")]
        return f"Red-flag question “{title}”" + (f" ({rest[-1]})" if rest and rest[-1] in ("reason", "source") else "")
    if head == "end_user" and len(path) > 2 and path[1] == "identifiers":
        return f"Identifier “{path[2]}”"
    if head == "end_user" and len(path) > 2 and path[1] == "aliases":
        return "Other names"
    index = next((i for i, p in enumerate(path) if isinstance(p, int)), None)
    if index is None:
        key = ".".join(str(p) for p in path)
        while key and key not in LABELS:
            key = key.rpartition(".")[0]
        return LABELS.get(key, key.replace("_", " ").capitalize() or "The case")
    # the first index is the entry of a list: "Product 2 (name): field"
    list_name, number = ".".join(str(p) for p in path[:index]), int(path[index])
    entry = f"{ITEM_WORDS.get(list_name, LABELS.get(list_name, list_name))} {number + 1}"
    entry += _item_name(data, list_name, number, catalog)
    field = [str(p) for p in path[index + 1:] if not isinstance(p, int)]
    if not field:
        return entry
    key = ".".join([list_name, "*", *field])
    while key.count(".") > 1 and key not in LABELS:
        key = key.rpartition(".")[0]
    return f"{entry}: {LABELS.get(key, field[-1].replace('_', ' '))}"


def value_words(path: Path_, value: Any, catalog: Catalog) -> str:
    """A value as the analyst reads it: catalogue ids by their titles, yes/no for answers."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    key = str(path[-1]) if path else ""
    kind = _IDS.get(key)
    if path and path[0] == "safeguards" and key == "id":
        kind = "safeguards"
    if isinstance(value, list):
        return ", ".join(value_words((*path, i), v, catalog) if not kind else _title(catalog, kind, v) for i, v in
                         enumerate(value))
    if isinstance(value, dict):
        if set(value) >= {"answer"}:  # a red-flag answer with its reason and source
            return (f"{value_words(path, value['answer'], catalog)} — reason: {value.get('reason', '')}; "
                    f"source: {value.get('source', '')}")
        return "; ".join(f"{'safeguard' if k == 'id' else k.replace('_', ' ')}: {value_words((*path, k), v, catalog)}"
                         for k, v in value.items())
    if isinstance(value, bool) or value == "unknown":
        if path and (path[0] == "facts" or key == "government_ties"):
            return _TRISTATE[value]
        return "yes" if value is True else "no" if value is False else str(value)
    if kind and isinstance(value, str):
        return _title(catalog, kind, value)
    return str(value)


def _title(catalog: Catalog, kind: str, value: Any) -> str:
    item = catalog.kind(kind).get(value) if isinstance(value, str) else None
    return str(getattr(item, "title", None) or value)
