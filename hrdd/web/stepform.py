"""The step forms and the case file: one flat set of form values <-> the case file's mapping.

Field names are the case file's own paths (``end_user.country``, ``products[0].name``), so a
validation problem finds its input by name. Rows of lists (products, third parties,
identifiers, safeguards, sources) are numbered from 0 with a ``<list>.rows`` count; buttons
named ``add`` and ``remove`` change the rows without JavaScript. A page changes only the
fields it shows: everything else in the file is kept as it was, and a field the file left
out stays out when the form leaves it empty or at its default (so a round trip through the
forms gives back the same case).
"""

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hrdd.catalog import default_catalog
from hrdd.exc import Problem
from hrdd.model import Tristate
from hrdd.web.stepvalues import Values, rows_of, safeguard_step

__all__ = ["ROW_LISTS", "Applied", "apply_sections"]

# list name -> the text fields of one row (a row with all of them empty is dropped)
ROW_LISTS: dict[str, tuple[str, ...]] = {
    "products": ("name", "description", "export_classification.jurisdiction", "export_classification.code"),
    "end_user.identifiers": ("key", "value"),
    "intermediaries": ("name", "country", "region"),
    "evidence": ("title", "url", "date"),
    "safeguards.third_parties": ("note",), "safeguards.tailoring": ("note",), "safeguards.safeguards": ("note",),
}
_TRI_IN: dict[str, object] = {Tristate.TRUE: True, Tristate.FALSE: False, Tristate.UNKNOWN: "unknown"}


@dataclass
class Applied:
    """The case file after a page was applied, and where each list entry's fields are on the form."""

    data: dict[str, Any]
    where: dict[str, str] = field(default_factory=dict)  # data path of an entry -> its form prefix
    problems: list[Problem] = field(default_factory=list)  # found before the case-file check


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _put(obj: dict[str, Any], key: str, value: Any, default: Any = None) -> None:
    """Set ``key``, unless the file left it out and the form says nothing (or its default);
    an empty value keeps the file's own way of writing "empty" (``""``, ``[]``, ``null``)."""
    if key in obj:
        if _blank(value) and _blank(obj[key]):
            return
        if _blank(value):
            del obj[key]
            return
        obj[key] = value
    elif not _blank(value) and value != default:
        obj[key] = value


def _list(obj: dict[str, Any], key: str) -> list[Any]:
    found = obj.get(key)
    return found if isinstance(found, list) else []


def _chosen(obj: dict[str, Any], key: str, chosen: list[str]) -> None:
    """Set a list of ticked choices, keeping the file's order for those it already had."""
    old = _list(obj, key)
    kept = [c for c in old if c in chosen]
    _put(obj, key, kept + [c for c in dict.fromkeys(chosen) if c not in kept])


def _child(obj: dict[str, Any], key: str, fill: Callable[[dict[str, Any]], None]) -> None:
    """Fill the mapping at ``key`` (created only when something is put in it)."""
    existing = obj.get(key)
    child = existing if isinstance(existing, dict) else {}
    fill(child)
    if child or isinstance(existing, dict):
        obj[key] = child


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def _date(value: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(value.strip()) if value.strip() else ""
    except ValueError:
        return value.strip()  # the case-file check names it


def _number(value: str) -> int | float | str:
    text = value.strip().replace(",", "")
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return value.strip()


# ---------------------------------------------------------------- form values -> case file

def _row_is_blank(v: Values, list_name: str, i: int, extra: tuple[str, ...] = ()) -> bool:
    names = ROW_LISTS.get(list_name, ()) + extra
    return all(not v.get(f"{list_name}[{i}].{n}").strip() for n in names)


def _case(data: dict[str, Any], v: Values, out: Applied) -> None:
    _put(data, "title", _text(v.get("title")))
    _put(data, "date", _date(v.get("date")))


def _seller(data: dict[str, Any], v: Values, out: Applied) -> None:
    def fill(seller: dict[str, Any]) -> None:
        _put(seller, "name", _text(v.get("seller.name")))
        _put(seller, "country", _text(v.get("seller.country")))
        _chosen(seller, "jurisdictions", v.getlist("seller.jurisdictions"))

    _child(data, "seller", fill)


def _transaction(data: dict[str, Any], v: Values, out: Applied) -> None:
    def fill(transaction: dict[str, Any]) -> None:
        _put(transaction, "kind", v.get("transaction.kind") or "sale", default="sale")
        value = v.get("transaction.value_usd")
        _put(transaction, "value_usd", _number(value) if value.strip() else "")
        _put(transaction, "existing_relationship", bool(v.get("transaction.existing_relationship")), default=False)

    _child(data, "transaction", fill)


def _products(data: dict[str, Any], v: Values, out: Applied) -> None:
    old = _list(data, "products")
    products: list[Any] = []
    for i in rows_of(v, "products"):
        p = f"products[{i}]"
        if _row_is_blank(v, "products", i) and not v.getlist(f"{p}.capabilities") and not v.getlist(f"{p}.features"):
            continue
        product = copy.deepcopy(old[i]) if i < len(old) and isinstance(old[i], dict) else {}
        _put(product, "name", _text(v.get(f"{p}.name")))
        _put(product, "description", _text(v.get(f"{p}.description")), default="")
        _chosen(product, "capabilities", v.getlist(f"{p}.capabilities"))
        _chosen(product, "features", v.getlist(f"{p}.features"))

        def fill(classification: dict[str, Any], p: str = p) -> None:
            _put(classification, "jurisdiction", _text(v.get(f"{p}.export_classification.jurisdiction")))
            _put(classification, "code", _text(v.get(f"{p}.export_classification.code")))

        _child(product, "export_classification", fill)
        if product.get("export_classification") == {}:
            del product["export_classification"]
        out.where[f"products[{len(products)}]"] = p
        products.append(product)
    data["products"] = products


def _end_user_identity(data: dict[str, Any], v: Values, out: Applied) -> None:
    def fill(end_user: dict[str, Any]) -> None:
        for key in ("name", "kind", "sector"):
            _put(end_user, key, _text(v.get(f"end_user.{key}")))

    _child(data, "end_user", fill)


def _end_user_country(data: dict[str, Any], v: Values, out: Applied) -> None:
    def fill(end_user: dict[str, Any]) -> None:
        _put(end_user, "country", _text(v.get("end_user.country")))
        _put(end_user, "region", _text(v.get("end_user.region")))

    _child(data, "end_user", fill)


def _end_user_details(data: dict[str, Any], v: Values, out: Applied) -> None:
    def fill(end_user: dict[str, Any]) -> None:
        _put(end_user, "parent", _text(v.get("end_user.parent")))
        _put(end_user, "aliases", [a.strip() for a in v.get("end_user.aliases").splitlines() if a.strip()])
        identifiers: dict[str, str] = {}
        for i in rows_of(v, "end_user.identifiers"):
            key, value = _text(v.get(f"end_user.identifiers[{i}].key")), _text(v.get(f"end_user.identifiers[{i}].value"))
            if not key and not value:
                continue
            if not key or not value or key in identifiers:
                out.problems.append(Problem(
                    "give both the kind of identifier and its value, once per kind" if key not in identifiers
                    else "this kind of identifier is listed twice", field=f"end_user.identifiers[{i}]"))
                continue
            identifiers[key] = value
        _put(end_user, "identifiers", identifiers)
        _put(end_user, "government_ties", _text(v.get("end_user.government_ties")), default="")

    _child(data, "end_user", fill)


def _end_use(data: dict[str, Any], v: Values, out: Applied) -> None:
    def fill(end_use: dict[str, Any]) -> None:
        _put(end_use, "description", _text(v.get("end_use.description")), default="")
        _chosen(end_use, "purposes", v.getlist("end_use.purposes"))
        _put(end_use, "scale", v.get("end_use.scale"))

    _child(data, "end_use", fill)


def _intermediaries(data: dict[str, Any], v: Values, out: Applied) -> None:
    old = _list(data, "intermediaries")
    parties: list[Any] = []
    for i in rows_of(v, "intermediaries"):
        p = f"intermediaries[{i}]"
        if _row_is_blank(v, "intermediaries", i):
            continue
        party = copy.deepcopy(old[i]) if i < len(old) and isinstance(old[i], dict) else {}
        _put(party, "name", _text(v.get(f"{p}.name")))
        _put(party, "role", v.get(f"{p}.role"))
        _put(party, "country", _text(v.get(f"{p}.country")))
        _put(party, "region", _text(v.get(f"{p}.region")))
        _put(party, "government_ties", _TRI_IN.get(v.get(f"{p}.government_ties"), "unknown"), default="unknown")
        out.where[f"intermediaries[{len(parties)}]"] = p
        parties.append(party)
    if parties or v.get("intermediaries.asked") == "none":
        data["intermediaries"] = parties
    else:
        data.pop("intermediaries", None)


def _facts(data: dict[str, Any], v: Values, out: Applied, guidance_steps: tuple[str, ...]) -> None:
    found = data.get("facts")
    facts = dict(found) if isinstance(found, dict) else {}
    for fact in default_catalog().facts.values():
        if fact.step not in guidance_steps:
            continue
        name = f"facts.{fact.id}"
        answer = _TRI_IN.get(v.get(name))
        reason, source = _text(v.get(f"{name}.reason")), _text(v.get(f"{name}.source"))
        if answer is None:
            facts.pop(fact.id, None)
            if reason or source:
                out.problems.append(Problem("choose an answer for the reason and source you gave", field=name))
            continue
        if reason or source:
            for key, text in (("reason", reason), ("source", source)):
                if not text:
                    out.problems.append(Problem(f"an answer with a reason needs a {key} too "
                                                "(only a “no” with its reason and source can set the catalogue's "
                                                "evidence aside)", field=f"{name}.{key}"))
            facts[fact.id] = {"answer": answer, "reason": reason, "source": source}
        else:
            facts[fact.id] = answer
    if facts or "facts" in data:
        data["facts"] = facts


def _safeguards(data: dict[str, Any], v: Values, out: Applied, step_id: str) -> None:
    old = _list(data, "safeguards")
    mine = [(i, s) for i, s in enumerate(old) if isinstance(s, dict) and safeguard_step(str(s.get("id"))) == step_id]
    prefix = f"safeguards.{step_id}"
    rows: list[tuple[str, dict[str, Any]]] = []
    for i in rows_of(v, prefix):
        p = f"{prefix}[{i}]"
        if not v.get(f"{p}.id") and _row_is_blank(v, prefix, i):
            continue
        safeguard = copy.deepcopy(mine[i][1]) if i < len(mine) else {}
        _put(safeguard, "id", v.get(f"{p}.id"))
        _put(safeguard, "status", v.get(f"{p}.status"))
        _put(safeguard, "note", _text(v.get(f"{p}.note")), default="")
        rows.append((p, safeguard))
    if [s for _, s in rows] == [s for _, s in mine]:
        kept = old  # unchanged: keep the file's order
        for (p, _), (index, _) in zip(rows, mine, strict=True):
            out.where[f"safeguards[{index}]"] = p
    else:
        # the page's entries take the place of the first one it had (or go at the end)
        theirs = {i for i, _ in mine}
        others = [s for i, s in enumerate(old) if i not in theirs]
        at = sum(1 for i in range(mine[0][0]) if i not in theirs) if mine else len(others)
        kept = others[:at] + [s for _, s in rows] + others[at:]
        for p, safeguard in rows:
            out.where[f"safeguards[{next(n for n, s in enumerate(kept) if s is safeguard)}]"] = p
    if kept or "safeguards" in data:
        data["safeguards"] = kept


def _evidence(data: dict[str, Any], v: Values, out: Applied) -> None:
    old = _list(data, "evidence")
    items: list[Any] = []
    for i in rows_of(v, "evidence"):
        p = f"evidence[{i}]"
        if _row_is_blank(v, "evidence", i):
            continue
        item = copy.deepcopy(old[i]) if i < len(old) and isinstance(old[i], dict) else {}
        _put(item, "title", _text(v.get(f"{p}.title")))
        _put(item, "url", _text(v.get(f"{p}.url")))
        _put(item, "date", _date(v.get(f"{p}.date")))
        out.where[f"evidence[{len(items)}]"] = p
        items.append(item)
    if items or "evidence" in data:
        data["evidence"] = items


_SECTIONS: dict[str, Callable[[dict[str, Any], Values, Applied], None]] = {
    "case": _case, "seller": _seller, "transaction": _transaction, "products": _products,
    "end_user_identity": _end_user_identity, "end_user_country": _end_user_country,
    "end_user_details": _end_user_details, "end_use": _end_use, "intermediaries": _intermediaries,
    "evidence": _evidence,
}


def apply_sections(data: dict[str, Any], v: Values, sections: tuple[str, ...], *, step_id: str = "",
                   guidance_steps: tuple[str, ...] = ()) -> Applied:
    """The case file with the fields of ``sections`` taken from the form (``data`` is not changed)."""
    out = Applied(copy.deepcopy(data))
    for section in sections:
        if section == "facts":
            _facts(out.data, v, out, guidance_steps)
        elif section == "safeguards":
            _safeguards(out.data, v, out, step_id)
        else:
            _SECTIONS[section](out.data, v, out)
    return out
