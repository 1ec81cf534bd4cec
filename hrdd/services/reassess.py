"""Re-assessment of frozen cases: a new report, the same decision, and an alert when it moved.

A monitored decided case (approved, active or suspended) is re-assessed when the versions that
decide its report change (engine, catalogue, country indicators, its country's law profile,
the misuse records; the lists are re-screening's) or when a signal was recorded on it since
its last report. The new report is kept as a ``reassessments`` row, linked to the case, to the
report of its approved decision and to the versions fingerprint; the case's state, revision,
decision and report stay as they were. When the recommendation or a risk level moved from the
approved report, an alert ``reassessment.moved`` lists exactly what changed
(``hrdd.reports.diff``) and links both reports.

Idempotent: a re-assessment is unique by case, versions fingerprint and signal mark, and its
alert by the same key, so the job run twice (or by two workers at once) stores one row and
raises one alert.
"""

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hrdd.assess import ENGINE_VERSION
from hrdd.catalog import default_catalog
from hrdd.exc import Conflict, NotFound
from hrdd.logs import get_logger
from hrdd.model.signal import ENGAGED
from hrdd.reports.diff import diff_reports
from hrdd.services.alerts import REASSESSMENT_MOVED, audience, raise_alert
from hrdd.services.permissions import Actor, require
from hrdd.settings import Settings
from hrdd.store import Store, audit
from hrdd.store import signals as rows
from hrdd.store.cases import get_case
from hrdd.store.signals import ReassessmentRow

log = get_logger(__name__)
SYSTEM = "system"
__all__ = ["Due", "ReassessmentRow", "current_versions", "due_cases", "fingerprint", "get_reassessment",
           "list_reassessments", "reassess_case", "reassess_due", "reassessment_diff"]


def _deciding(versions: Mapping[str, Any]) -> dict[str, Any]:
    """The versions that decide a re-assessment: engine, catalogue and the data, lists excepted."""
    data = {k: v for k, v in (versions.get("data") or {}).items() if not k.startswith("list:") and k != "screening"}
    return {"engine": versions.get("engine"), "catalog": versions.get("catalog"), "data": data}


def fingerprint(versions: Mapping[str, Any]) -> str:
    """SHA-256 of the deciding versions of a report's ``versions`` block."""
    text = json.dumps(_deciding(versions), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_versions(country: str, settings: Settings) -> dict[str, Any]:
    """The deciding versions a case of ``country`` would be assessed with now."""
    from hrdd.countries.context import country_context
    from hrdd.services.assessments import context_versions

    return {"engine": ENGINE_VERSION, "catalog": default_catalog().version,
            "data": dict(context_versions(country_context(country, settings), settings))}


@dataclass(frozen=True, slots=True)
class Due:
    case_id: str
    fingerprint: str  # now
    signal_mark: int  # now
    trigger: str  # versions | signal:<id>


def due_cases(store: Store, settings: Settings) -> list[Due]:
    """Every monitored decided case not yet assessed for its current inputs: the current versions
    fingerprint and the highest signal recorded on it. Neither a re-assessment for them nor (without
    signals) the approved report made with the same versions exists."""
    with store.transaction() as conn:
        engaged = rows.cases_in(conn, ENGAGED)
        marks = rows.signal_marks(conn)
        done = rows.reassessment_inputs(conn, ENGAGED)
        bases = rows.base_versions(conn, ENGAGED)
    now: dict[str, str] = {}
    found = []
    for case_id, country, _revision in engaged:
        base = bases.get(case_id)
        if base is None:
            continue  # decided before reports were kept: nothing to compare with
        if country not in now:
            now[country] = fingerprint(current_versions(country, settings))
        current, mark = now[country], marks.get(case_id, 0)
        seen = done.get(case_id, set())
        if (current, mark) in seen or (mark == 0 and fingerprint(base) == current):
            continue
        newest_mark = max((m for _, m in seen), default=0)
        found.append(Due(case_id, current, mark, f"signal:{mark}" if mark > newest_mark else "versions"))
    return found


@dataclass(frozen=True, slots=True)
class Outcome:
    reassessment: ReassessmentRow
    created: bool  # False: this case was re-assessed for the same inputs before
    alert_id: int | None


def _alert_explanation(case_id: str, row_id: int, base_id: int, trigger: str, diff: Mapping[str, Any]
                       ) -> dict[str, Any]:
    return {"case_id": case_id, "trigger": trigger, "reassessment": row_id, "approved_report": base_id,
            "links": {"diff": f"/cases/{case_id}/reassessments/{row_id}",
                      "report": f"/api/cases/{case_id}/reassessments/{row_id}/report",
                      "approved_report": f"/api/cases/{case_id}/reassessments/{row_id}/report?which=approved"},
            "changed": list(diff["summary"]),
            **{k: diff[k] for k in ("recommendation", "risks", "contributions", "red_flags", "findings",
                                    "misuse_records", "indicators", "law_profile", "versions")}}


def reassess_case(store: Store, settings: Settings, case_id: str, *, trigger: str = "manual",
                  by: str = SYSTEM) -> Outcome:
    """Re-assess a monitored decided case without changing its decision or revision."""
    from hrdd.services.assessments import assess_case
    from hrdd.services.cases import validate_case_text
    from hrdd.services.signals import engine_signals

    catalog = default_catalog()
    with store.transaction() as conn:
        row = get_case(conn, case_id)
        if row is None:
            raise NotFound(f"no case {case_id}")
        if row.state not in {s.value for s in ENGAGED}:
            raise Conflict(f"case {case_id} is {row.state}: only approved, active or suspended cases are re-assessed "
                           "this way (assess the case instead)")
        base = rows.base_report(conn, case_id)
        recorded = rows.list_signals(conn, case_id)
    if base is None:
        raise Conflict(f"case {case_id} has no report to compare with")
    base_id, _base_revision, base_report = base
    mark = max((s.id for s in recorded), default=0)
    if trigger == "signal" and mark:  # right after a signal (SQLite): name it, as the job does
        trigger = f"signal:{mark}"
    case = dataclasses.replace(validate_case_text(row.case_text, source=case_id), id=case_id)
    screen = bool((base_report.get("screening") or {}).get("performed"))
    report = assess_case(case, settings=settings, catalog=catalog, screen=screen,
                         signals=engine_signals(recorded, catalog)).report
    fp = fingerprint(report["versions"])
    diff = diff_reports(base_report, report)
    with store.transaction() as conn:
        now = get_case(conn, case_id)
        if now is None or now.revision != row.revision or now.state not in {s.value for s in ENGAGED}:
            raise Conflict(f"case {case_id} changed while it was re-assessed; it is no longer a decided engagement "
                           "at the same revision")
        new_id = rows.insert_reassessment(conn, case_id=case_id, case_revision=row.revision, base_report_id=base_id,
                                          fingerprint=fp, signal_mark=mark, trigger=trigger, report=report,
                                          moved=diff["moved"], created_by=by)
        if new_id is None:
            existing = rows.find_reassessment(conn, case_id, fp, mark)
            assert existing is not None
            return Outcome(existing, False, existing.alert_id)
        alert_id = None
        if diff["moved"]:
            moved = diff["recommendation"] or {}
            what = (f"recommendation {moved.get('from')} → {moved.get('to')}" if moved else
                    "; ".join(f"{r['label']} {r['level_from']} → {r['level_to']}" for r in diff["risks"]
                              if r["level_from"] != r["level_to"]))
            alert_id = raise_alert(conn, kind=REASSESSMENT_MOVED, case_id=case_id, subject=case_id,
                                   dedupe_key=f"{REASSESSMENT_MOVED}:{case_id}:{fp}:{mark}",
                                   title=f"Re-assessment of {case_id} moved: {what}",
                                   to=audience("analyst", "approver"),
                                   explanation=_alert_explanation(case_id, new_id, base_id, trigger, diff))
            if alert_id is not None:
                rows.set_alert(conn, new_id, alert_id)
        audit.append(conn, actor=by, action="case.reassess", entity="case", entity_id=case_id,
                     after={"reassessment": new_id, "revision": row.revision, "state": row.state,
                            "trigger": trigger, "fingerprint": fp, "signal_mark": mark,
                            "recommendation": report["recommendation"], "moved": diff["moved"], "alert": alert_id})
        created = rows.get_reassessment(conn, case_id, new_id)
    assert created is not None
    log.info("case re-assessed", extra={"ctx": {"case_id": case_id, "moved": diff["moved"], "trigger": trigger}})
    return Outcome(created, True, alert_id)


def reassess_due(store: Store, settings: Settings) -> list[Outcome]:
    """Re-assess every case that is due (the ``reassess_due`` job); a case that changed meanwhile is
    left for the next run."""
    done = []
    for due in due_cases(store, settings):
        try:
            done.append(reassess_case(store, settings, due.case_id, trigger=due.trigger))
        except Conflict:
            log.warning("re-assessment skipped: the case changed", extra={"ctx": {"case_id": due.case_id}})
    return done


def list_reassessments(store: Store, actor: Actor, case_id: str) -> list[ReassessmentRow]:
    require(actor, "case.read")
    with store.transaction() as conn:
        if get_case(conn, case_id) is None:
            raise NotFound(f"no case {case_id}")
        return rows.list_reassessments(conn, case_id)


def get_reassessment(store: Store, actor: Actor, case_id: str, reassessment_id: int
                     ) -> tuple[ReassessmentRow, dict[str, Any]]:
    """A re-assessment and the report of the approved decision it is compared with."""
    require(actor, "case.read")
    with store.transaction() as conn:
        row = rows.get_reassessment(conn, case_id, reassessment_id)
        base = rows.get_report(conn, case_id, row.base_report_id) if row else None
    if row is None or base is None:
        raise NotFound(f"no re-assessment {reassessment_id} of case {case_id}")
    return row, base


def reassessment_diff(store: Store, actor: Actor, case_id: str, reassessment_id: int) -> dict[str, Any]:
    """What changed from the approved report to this re-assessment's report."""
    row, base = get_reassessment(store, actor, case_id, reassessment_id)
    return {"case_id": case_id, "reassessment": row.id, "approved_report": row.base_report_id,
            "trigger": row.trigger, "created_at": row.created_at.isoformat(timespec="seconds"),
            **diff_reports(base, row.report)}
