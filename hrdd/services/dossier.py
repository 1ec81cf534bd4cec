"""The exported report of a stored case: the assessment with the human decision attached.

``case_dossier`` returns the latest stored report with a ``decision_record`` (an additive
field of ``hrdd.report/1``, see docs/reports.md): proposals and decisions with who and when,
the conditions with owners and due dates, the reviewed hits, the evidence files with their
SHA-256, the revisions, and whether the export is final or a draft.
"""

import datetime as dt
from typing import Any

from hrdd.exc import NotFound
from hrdd.model.lifecycle import FROZEN, State
from hrdd.services.permissions import Actor, require
from hrdd.services.store import Store
from hrdd.store import cases as case_rows
from hrdd.store import evidence as evidence_rows
from hrdd.store import hits as hit_rows
from hrdd.store import work
from hrdd.store.cases import CaseRow


def _when(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(microsecond=0).isoformat()
    return value.isoformat()


def _draft_reason(case: CaseRow, report_revision: int, decisions: list[work.DecisionRow]) -> str:
    """Why the export is not a final decision record; empty when it is one."""
    if report_revision != case.revision:
        return (f"this report assessed revision {report_revision}; the case is now at revision {case.revision} "
                "and has not been assessed again")
    approved = [d for d in decisions if d.status == "approved" and d.case_revision == case.revision]
    if State(case.state) in FROZEN and approved:
        return ""
    if decisions and decisions[-1].status == "proposed":
        return "a decision has been proposed and waits for a second person's approval"
    if decisions and decisions[-1].status == "rejected":
        return "the last proposal was rejected; no decision stands"
    return "no decision has been approved on this revision"


def decision_record(case: CaseRow, report_revision: int, decisions: list[work.DecisionRow],
                    conditions: list[work.ConditionRow], evidence: list[evidence_rows.EvidenceRow],
                    hits: list[hit_rows.HitRow], exported_by: str, now: dt.datetime | None = None,
                    titles: dict[str, str] | None = None) -> dict[str, Any]:
    reason = _draft_reason(case, report_revision, decisions)
    titles = titles or {}
    return {
        "final": not reason,
        "draft_reason": reason,
        "case_state": case.state,
        "case_revision": case.revision,
        "report_revision": report_revision,
        "decisions": [{"outcome": d.outcome, "status": d.status, "rationale": d.rationale,
                       "proposed_by": d.prepared_by, "proposed_at": _when(d.proposed_at),
                       "resolved_by": d.approved_by or "", "resolved_at": _when(d.approved_at),
                       "resolution_note": d.approver_note or "", "case_revision": d.case_revision,
                       "warnings": [{k: w.get(k) for k in ("code", "title", "detail", "items", "justification")}
                                    for w in d.warnings or ()]}
                      for d in decisions],
        "conditions": [{"safeguard": c.safeguard, "title": titles.get(c.safeguard, c.safeguard), "owner": c.owner,
                        "due": _when(c.due), "status": c.status, "note": c.note} for c in conditions],
        "evidence": [{"filename": e.filename, "sha256": e.sha256, "size": e.size, "content_type": e.content_type,
                      "uploaded_by": e.uploaded_by, "uploaded_at": _when(e.uploaded_at), "note": e.note}
                     for e in evidence],
        "hit_reviews": [{"party": h.party, "query": h.query, "source": h.source, "entry_id": h.entry_id,
                         "name": h.name, "status": h.status, "reviewed_by": h.reviewed_by or "",
                         "reason": h.reason or "", "reviewed_at": _when(h.reviewed_at)}
                        for h in hits if h.status != "open"],
        "exported_by": exported_by,
        "exported_at": _when(now or dt.datetime.now(dt.UTC)),
    }


def case_dossier(store: Store, actor: Actor, case_id: str) -> dict[str, Any]:
    """The latest report of the case with its decision record, read in one transaction."""
    from hrdd.catalog import default_catalog

    require(actor, "case.read")
    require(actor, "evidence.read")
    with store.transaction() as conn:
        case = case_rows.get_case(conn, case_id)
        if case is None:
            raise NotFound(f"no case {case_id}")
        found = case_rows.latest_report(conn, case_id)
        if found is None:
            raise NotFound(f"case {case_id} has not been assessed yet")
        decisions = work.list_decisions(conn, case_id)
        conditions = work.list_conditions(conn, case_id)
        evidence = evidence_rows.list_evidence(conn, case_id)
        hits = hit_rows.list_hits(conn, case_id)
    revision, report = found
    titles = {k: v.title for k, v in default_catalog().safeguards.items()}
    record = decision_record(case, revision, sorted(decisions, key=lambda d: d.id), conditions, evidence, hits,
                             actor.username, titles=titles)
    return {**report, "decision_record": record}
