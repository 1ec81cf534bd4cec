"""The human decision in an exported report: who proposed, who approved, when and why; the
conditions with owners and due dates; the evidence with its hashes; the revisions.

A stored report gains a ``decision_record`` object when it is exported from the case service
(``hrdd.services.dossier``); a report from ``hrdd assess`` has none and prints as before.
A report whose case has no final decision on the assessed revision is a draft, and every
export says so.
"""

from collections.abc import Mapping
from typing import Any

from hrdd.reports.vocab import RECOMMENDATIONS


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _items(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def view_decision(record: object) -> dict[str, Any] | None:
    """The template-ready decision record, or None when the report carries none."""
    if not isinstance(record, Mapping):
        return None
    decisions = [{
        "outcome": RECOMMENDATIONS.get(_text(d.get("outcome")), _text(d.get("outcome"))),
        "status": _text(d.get("status")), "rationale": _text(d.get("rationale")),
        "proposed_by": _text(d.get("proposed_by")), "proposed_at": _text(d.get("proposed_at")),
        "resolved_by": _text(d.get("resolved_by")), "resolved_at": _text(d.get("resolved_at")),
        "resolution_note": _text(d.get("resolution_note")), "case_revision": _text(d.get("case_revision")),
        "warnings": [{"title": _text(w.get("title")), "detail": _text(w.get("detail")),
                      "justification": _text(w.get("justification"))} for w in _items(d.get("warnings"))],
    } for d in _items(record.get("decisions"))]
    return {
        "draft": not bool(record.get("final")),
        "draft_reason": _text(record.get("draft_reason")),
        "case_state": _text(record.get("case_state")),
        "case_revision": _text(record.get("case_revision")),
        "report_revision": _text(record.get("report_revision")),
        "decisions": decisions,
        "conditions": [{k: _text(c.get(k)) for k in ("safeguard", "title", "owner", "due", "status", "note")}
                       for c in _items(record.get("conditions"))],
        "evidence": [{k: _text(e.get(k)) for k in ("filename", "sha256", "size", "uploaded_by", "uploaded_at", "note")}
                     for e in _items(record.get("evidence"))],
        "hit_reviews": [{k: _text(h.get(k)) for k in ("party", "query", "source", "entry_id", "name", "status",
                                                      "reviewed_by", "reason", "reviewed_at")}
                        for h in _items(record.get("hit_reviews"))],
        "exported_by": _text(record.get("exported_by")),
        "exported_at": _text(record.get("exported_at")),
    }
