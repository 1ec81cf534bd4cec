"""Turn the intake form into a case file (YAML text): the same validation path as a file."""

from typing import Any

import yaml
from starlette.datastructures import FormData

from hrdd.casefile.answers import fact_answer
from hrdd.exc import InvalidInput, Problem


def _lines(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split("|")] for line in text.splitlines() if line.strip()]


def _tri(value: str) -> bool | str:
    return {"true": True, "false": False}.get(value.strip().lower(), "unknown")


def case_text_from_form(form: FormData, fact_ids: list[str], safeguard_ids: list[str]) -> str:
    """Build hrdd.case/1 YAML from the intake form; the case-file loader then validates it."""

    def get(key: str) -> str:
        return str(form.get(key) or "").strip()

    problems: list[Problem] = []
    case: dict[str, Any] = {
        "schema": "hrdd.case/1",
        "title": get("title"),
        "seller": {"name": get("seller_name")} | ({"country": get("seller_country")} if get("seller_country") else {}),
        "transaction": {"kind": get("transaction_kind") or "sale",
                        "existing_relationship": bool(form.get("existing_relationship"))},
        "products": [{"name": get("product_name"), "description": get("product_description"),
                      "capabilities": [str(v) for v in form.getlist("capabilities")],
                      "features": [str(v) for v in form.getlist("features")]}],
        "end_user": {"name": get("end_user_name"), "country": get("end_user_country"),
                     "kind": get("end_user_kind"), "sector": get("end_user_sector"),
                     "aliases": [a.strip() for a in get("end_user_aliases").splitlines() if a.strip()],
                     "government_ties": get("government_ties")},
        "end_use": {"description": get("end_use_description"), "purposes": [str(v) for v in form.getlist("purposes")]},
        "intermediaries": [],
        "facts": {},
        "safeguards": [],
        "evidence": [],
    }
    if get("value_usd"):
        try:
            case["transaction"]["value_usd"] = float(get("value_usd"))
        except ValueError:
            problems.append(Problem("wrong value", field="value_usd", expected="a number", found=repr(get("value_usd"))))
    if get("end_user_parent"):
        case["end_user"]["parent"] = get("end_user_parent")
    if get("scale"):
        case["end_use"]["scale"] = get("scale")
    for n, parts in enumerate(_lines(get("intermediaries")), 1):
        if len(parts) < 3:
            problems.append(Problem("an intermediary needs name | country | role | ties", field=f"intermediaries line {n}",
                                    found=" | ".join(parts)))
            continue
        entry: dict[str, Any] = {"name": parts[0], "role": parts[2],
                                 "government_ties": _tri(parts[3]) if len(parts) > 3 else "unknown"}
        if parts[1]:
            entry["country"] = parts[1]
        case["intermediaries"].append(entry)
    for fact_id in fact_ids:
        answer, found = fact_answer(fact_id, get(f"fact_{fact_id}"), get(f"fact_{fact_id}_reason"),
                                    get(f"fact_{fact_id}_source"))
        problems += found
        if answer is not None:
            case["facts"][fact_id] = answer
    for safeguard_id in safeguard_ids:
        status = get(f"safeguard_{safeguard_id}")
        if status:
            case["safeguards"].append({"id": safeguard_id, "status": status})
    for n, parts in enumerate(_lines(get("evidence")), 1):
        item: dict[str, Any] = {"title": parts[0]}
        if len(parts) > 1 and parts[1]:
            item["url"] = parts[1]
        if len(parts) > 2 and parts[2]:
            item["date"] = parts[2]
        if not parts[0]:
            problems.append(Problem("evidence needs a title", field=f"evidence line {n}"))
        case["evidence"].append(item)
    if problems:
        raise InvalidInput("the form has problems", problems)
    return yaml.safe_dump(case, sort_keys=False, allow_unicode=True)
