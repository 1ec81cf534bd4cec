"""Form values: the flat name -> values set a step page posts, read from a case file, and
rebased on a newer revision when someone else saved first (see ``hrdd.web.stepform``)."""

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from hrdd.catalog import default_catalog

__all__ = ["Values", "form_values", "rebase", "rows_of", "safeguard_step", "shown"]


class Values:
    """Form values by name (a name may carry several values: checkboxes)."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self.data: dict[str, list[str]] = {}
        for key, value in items:
            self.data.setdefault(key, []).append(value)

    def get(self, name: str, default: str = "") -> str:
        found = self.data.get(name)
        return found[0] if found else default

    def getlist(self, name: str) -> list[str]:
        return list(self.data.get(name, []))

    def set(self, name: str, value: str | list[str]) -> None:
        self.data[name] = list(value) if isinstance(value, list) else [value]

    def rows(self, list_name: str) -> int:
        count = self.get(f"{list_name}.rows")
        return min(int(count), 200) if count.isdigit() else 0

    def add_row(self, list_name: str) -> None:
        self.set(f"{list_name}.rows", str(self.rows(list_name) + 1))

    def remove_row(self, list_name: str, index: int) -> None:
        """Drop row ``index`` and move the rows after it up by one."""
        count = self.rows(list_name)
        if not 0 <= index < count:
            return
        prefix = f"{list_name}["
        moved: dict[str, list[str]] = {}
        for name, values in self.data.items():
            match = re.match(re.escape(prefix) + r"(\d+)\](.*)", name)
            if match is None:
                moved[name] = values
            elif (n := int(match[1])) != index:
                moved[f"{prefix}{n - 1 if n > index else n}]{match[2]}"] = values
        self.data = moved
        self.set(f"{list_name}.rows", str(count - 1))


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_of(values: Values, list_name: str) -> range:
    return range(values.rows(list_name))


def safeguard_step(safeguard_id: str) -> str:
    from hrdd.web.stepdefs import STEPS

    item = default_catalog().safeguards.get(safeguard_id)
    guidance = item.step if item is not None else ""
    return next((s.id for s in STEPS if guidance in s.guidance_steps), "safeguards")


# ---------------------------------------------------------------- case file -> form values

def form_values(data: dict[str, Any]) -> Values:
    """Every field of every page, from the case file's mapping."""
    v = Values()
    v.set("title", shown(data.get("title")))
    v.set("date", shown(data.get("date")))
    seller = data.get("seller") or {}
    v.set("seller.name", shown(seller.get("name")))
    v.set("seller.country", shown(seller.get("country")))
    v.set("seller.jurisdictions", [str(j) for j in seller.get("jurisdictions") or []])
    transaction = data.get("transaction") or {}
    v.set("transaction.kind", shown(transaction.get("kind", "sale")))
    v.set("transaction.value_usd", shown(transaction.get("value_usd")))
    v.set("transaction.existing_relationship", "1" if transaction.get("existing_relationship") else "")
    products = data.get("products") or []
    v.set("products.rows", str(max(len(products), 1)))
    for i, product in enumerate(products):
        p = f"products[{i}]"
        v.set(f"{p}.name", shown(product.get("name")))
        v.set(f"{p}.description", shown(product.get("description")))
        v.set(f"{p}.capabilities", [str(c) for c in product.get("capabilities") or []])
        v.set(f"{p}.features", [str(f) for f in product.get("features") or []])
        classification = product.get("export_classification") or {}
        v.set(f"{p}.export_classification.jurisdiction", shown(classification.get("jurisdiction")))
        v.set(f"{p}.export_classification.code", shown(classification.get("code")))
    end_user = data.get("end_user") or {}
    for key in ("name", "country", "region", "kind", "sector", "parent", "government_ties"):
        v.set(f"end_user.{key}", shown(end_user.get(key)))
    v.set("end_user.aliases", "\n".join(str(a) for a in end_user.get("aliases") or []))
    identifiers = end_user.get("identifiers") or {}
    v.set("end_user.identifiers.rows", str(len(identifiers)))
    for i, (key, value) in enumerate(identifiers.items()):
        v.set(f"end_user.identifiers[{i}].key", str(key))
        v.set(f"end_user.identifiers[{i}].value", shown(value))
    end_use = data.get("end_use") or {}
    v.set("end_use.description", shown(end_use.get("description")))
    v.set("end_use.purposes", [str(p) for p in end_use.get("purposes") or []])
    v.set("end_use.scale", shown(end_use.get("scale")))
    intermediaries = data.get("intermediaries")
    v.set("intermediaries.asked", "" if intermediaries is None else "listed" if intermediaries else "none")
    v.set("intermediaries.rows", str(len(intermediaries or [])))
    for i, party in enumerate(intermediaries or []):
        for key in ("name", "role", "country", "region"):
            v.set(f"intermediaries[{i}].{key}", shown(party.get(key)))
        v.set(f"intermediaries[{i}].government_ties", shown(party.get("government_ties", "unknown")))
    for fact_id, answer in (data.get("facts") or {}).items():
        if isinstance(answer, dict):
            v.set(f"facts.{fact_id}", shown(answer.get("answer")))
            v.set(f"facts.{fact_id}.reason", shown(answer.get("reason")))
            v.set(f"facts.{fact_id}.source", shown(answer.get("source")))
        else:
            v.set(f"facts.{fact_id}", shown(answer))
    by_step: dict[str, list[dict[str, Any]]] = {}
    for safeguard in data.get("safeguards") or []:
        by_step.setdefault(safeguard_step(str(safeguard.get("id"))), []).append(safeguard)
    for step_id in ("third_parties", "tailoring", "safeguards"):
        rows = by_step.get(step_id, [])
        v.set(f"safeguards.{step_id}.rows", str(len(rows)))
        for i, safeguard in enumerate(rows):
            for key in ("id", "status", "note"):
                v.set(f"safeguards.{step_id}[{i}].{key}", shown(safeguard.get(key)))
    evidence = data.get("evidence") or []
    v.set("evidence.rows", str(len(evidence)))
    for i, item in enumerate(evidence):
        for key in ("title", "url", "date"):
            v.set(f"evidence[{i}].{key}", shown(item.get(key)))
    return v


_ROWS = re.compile(r"^(products|intermediaries|evidence|end_user\.identifiers|safeguards\.\w+)(?:\[|\.rows$|\.asked$)")


def _group(name: str) -> str:
    """Fields that change together: a list's rows (and its count) are one group."""
    match = _ROWS.match(name)
    return match[1] if match else name


def _groups(values: Values, on_page: Callable[[str], bool]) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for name, found in values.data.items():
        kept = [x for x in found if x.strip()]
        if on_page(name) and kept:
            out.setdefault(_group(name), {})[name] = kept
    return out


def rebase(mine: Values, base: Values, current: Values, on_page: Callable[[str], bool]) -> tuple[Values, set[str]]:
    """The user's form after someone else saved: fields (or lists of rows) the user left as they
    were in ``base`` take their ``current`` value; the user's own changes are kept. Returns the
    form and the groups both changed (the real conflicts)."""
    ours, theirs, now = _groups(mine, on_page), _groups(base, on_page), _groups(current, on_page)
    merged = Values()
    merged.data = {k: list(v) for k, v in mine.data.items() if not on_page(k)}
    both: set[str] = set()
    for group in ours.keys() | theirs.keys() | now.keys():
        untouched = ours.get(group, {}) == theirs.get(group, {})
        chosen = now.get(group, {}) if untouched else ours.get(group, {})
        if not untouched and now.get(group, {}) != theirs.get(group, {}) and now.get(group, {}) != ours.get(group, {}):
            both.add(group)
        for name, found in chosen.items():
            merged.data[name] = list(found)
    return merged, both
