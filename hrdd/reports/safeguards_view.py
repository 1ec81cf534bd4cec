"""Conditions (safeguards required before proceeding) and the safeguards already in the case.

``conditions`` lists safeguard ids; ``conditions_detail`` (additive) gives each one a title,
status and, for contract safeguards, the model clause. The clause may come as
``clause_title``/``clause_text`` on the detail, as a ``clause`` object with ``title`` and
``text``, or only as a clause id; the report then names the clause and says its text is not
included rather than inventing one.
"""

from collections.abc import Mapping
from typing import Any

from hrdd.reports.vocab import humanise, text


def _items(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _clause(detail: Mapping[str, Any]) -> tuple[str, str, str]:
    """(clause id, title, text) of a condition, whichever way the report gives them."""
    clause = detail.get("clause")
    if isinstance(clause, Mapping):
        return (text(clause.get("id")), text(clause.get("title") or detail.get("clause_title")),
                text(clause.get("text") or detail.get("clause_text")))
    return text(clause), text(detail.get("clause_title")), text(detail.get("clause_text"))


def view_condition(cid: str, detail: Mapping[str, Any]) -> dict[str, str]:
    clause_id, clause_title, clause_text = _clause(detail)
    return {
        "id": cid,
        "title": text(detail.get("title")) or humanise(cid),
        "status": humanise(text(detail.get("status"))),
        "kind": humanise(text(detail.get("kind"))),
        "note": text(detail.get("note") or detail.get("explanation")),
        "clause_id": clause_id,
        "clause_title": clause_title or (humanise(clause_id) if clause_id else ""),
        "clause_text": clause_text,
    }


def view_conditions(report: Mapping[str, Any]) -> list[dict[str, str]]:
    details: dict[str, Mapping[str, Any]] = {}
    for detail in _items(report.get("conditions_detail")):
        if isinstance(detail, Mapping):
            details.setdefault(text(detail.get("id") or detail.get("safeguard")), detail)
    if "conditions" in report:
        ids = [text(c.get("id")) if isinstance(c, Mapping) else text(c) for c in _items(report.get("conditions"))]
    else:
        ids = list(details)
    return [view_condition(cid, details.get(cid, {})) for cid in ids if cid]


def view_safeguards(value: object) -> list[dict[str, str]]:
    """The safeguards the case already commits to, with their status and what they address."""
    out = []
    for item in _items(value):
        if not isinstance(item, Mapping):
            continue
        sid = text(item.get("id"))
        applies = item.get("applies")
        addresses = [humanise(text(a)) if text(a) != "general" else "the case in general"
                     for a in _items(item.get("addresses"))]
        tailoring = "; ".join(f"tailoring option for {humanise(text(t.get('capability')))}: {text(t.get('option'))}"
                              for t in _items(item.get("tailoring")) if isinstance(t, Mapping))
        effect = ("Lowers residual risk" if applies is True
                  else "Does not address anything present in this case" if applies is False else "Not given")
        out.append({
            "id": sid,
            "title": text(item.get("title")) or humanise(sid),
            "kind": humanise(text(item.get("kind"))),
            "status": humanise(text(item.get("status"))) or "Not given",
            "effect": f"{effect} ({tailoring})" if tailoring and applies is True else effect,
            "addresses": ", ".join(addresses),
            "note": text(item.get("note")),
        })
    return out
