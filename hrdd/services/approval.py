"""What the approver must weigh before approving a proposal, and the written justification each
blocking warning needs.

``approval_warnings`` reads the assessed report, the proposal and the case's hits and says, in
words, what the approval would go past, each with a link to where it is:

- ``hard_stop``: the engine found a hard stop or crossed a red line and the proposal is not
  "do not proceed";
- ``departure``: the proposal is more lenient than the engine's recommendation;
- ``unreviewed_hits``: screening hits nobody has reviewed (one per entity, across its lists);
- ``open_questions``: questions the assessment could not answer (unknown or not yet asked);
- ``overridden_evidence``: facts the analyst answered against the catalogue's evidence;
- ``stale_data``: list or country data older than its refresh cycle (settings
  ``list_max_age_days`` and ``country_data_max_age_days``).

Every warning blocks: approving needs one justification per warning, checked by
``hrdd.services.review.resolve_decision`` in the approving transaction and kept on the decision
(and so in every export of the decision record).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from hrdd.exc import InvalidInput, NotFound, Problem
from hrdd.model import Recommendation
from hrdd.services.permissions import Actor, require
from hrdd.services.store import Store
from hrdd.settings import Settings, get_settings
from hrdd.store import cases as case_rows
from hrdd.store import hits as hit_rows
from hrdd.store import work
from hrdd.store.cases import CaseRow
from hrdd.store.work import DecisionRow

# every kind of blocking warning, in the order the approver's page shows them
WARNING_CODES = ("hard_stop", "departure", "unreviewed_hits", "open_questions", "overridden_evidence", "stale_data")
STRICTNESS = {r.value: n for n, r in enumerate(Recommendation)}  # mildest first
JUSTIFICATION_MIN = 10


@dataclass(frozen=True, slots=True)
class ApprovalWarning:
    code: str
    title: str
    detail: str  # why it matters, in words
    items: tuple[str, ...]  # what exactly: the hits, the questions, the lists …
    link: str  # where it is (a page of the web UI)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "items": list(self.items)}


def _words(value: str) -> str:
    return value.replace("_", " ")


def _departure(case_id: str, report: Mapping[str, Any], outcome: str) -> list[ApprovalWarning]:
    recommendation = str(report.get("recommendation") or "")
    stops = [f"hard stop: {s}" for s in report.get("hard_stops") or ()] + \
            [f"red line: {r}" for r in report.get("red_lines") or ()]
    if stops and outcome != "do_not_proceed":
        return [ApprovalWarning(
            "hard_stop", "The proposal goes past a hard stop or red line",
            f"The engine recommends {_words(recommendation)} because of a hard stop or red line; the proposal is "
            f"{_words(outcome)}. A hard stop means the sale should not go ahead as it stands.",
            tuple(stops), f"/cases/{case_id}#assessment")]
    if STRICTNESS.get(outcome, 0) < STRICTNESS.get(recommendation, 0):
        return [ApprovalWarning(
            "departure", "The proposal is more lenient than the engine",
            f"The engine recommends {_words(recommendation)}; the proposal is {_words(outcome)}.",
            tuple(str(r) for r in report.get("recommendation_reasons") or ()), f"/cases/{case_id}#assessment")]
    return []


def _stale(report: Mapping[str, Any], today: dt.date, list_days: int, country_days: int) -> list[str]:
    found = []
    for li in (report.get("screening") or {}).get("lists") or ():
        as_of = str(li.get("as_of") or "")
        try:
            age = (today - dt.date.fromisoformat(as_of[:10])).days
        except ValueError:
            continue
        if age > list_days:
            found.append(f"{li.get('title') or li.get('source')}: as of {as_of[:10]}, {age} days old "
                         f"(refreshed every {list_days} days)")
    country = report.get("country") or {}
    for figure in country.get("figures") or ():
        year = figure.get("year")
        if not isinstance(year, int):
            continue
        age = (today - dt.date(year, 12, 31)).days
        if age > country_days:
            found.append(f"{country.get('name') or country.get('code')}: {figure.get('label')} ({figure.get('source')}) "
                         f"is for {year}, {age} days old (refreshed every {country_days} days)")
    return found


def approval_warnings(case_id: str, report: Mapping[str, Any] | None, outcome: str,
                      open_hits: Sequence[str], *, today: dt.date, list_max_age_days: int,
                      country_data_max_age_days: int) -> list[ApprovalWarning]:
    """Every blocking warning on approving ``outcome`` for the case assessed in ``report``.
    ``open_hits`` names the hits (one per entity) nobody has reviewed."""
    if report is None:
        return []
    warnings = _departure(case_id, report, outcome)
    if open_hits:
        warnings.append(ApprovalWarning(
            "unreviewed_hits", "Screening hits nobody has reviewed",
            f"{len(open_hits)} screening hit(s) may be a listed party and have not been judged match or no match.",
            tuple(open_hits), f"/cases/{case_id}#hits"))
    questions = tuple(str(q) for q in report.get("questions") or ())
    if questions:
        warnings.append(ApprovalWarning(
            "open_questions", "Questions the assessment could not answer",
            f"{len(questions)} question(s) are unknown or were not asked; the risk may be higher than assessed.",
            questions, f"/cases/{case_id}#questions"))
    overrides = tuple(f"{f.get('title') or f.get('id')}: {f.get('override')}"
                      for f in report.get("red_flags") or () if isinstance(f, Mapping) and f.get("override"))
    if overrides:
        warnings.append(ApprovalWarning(
            "overridden_evidence", "Facts answered against the catalogue's evidence",
            "The analyst answered these facts false, with a reason, where the catalogue's evidence reads true.",
            tuple(dict.fromkeys(overrides)), f"/api/cases/{case_id}/report?format=html"))
    stale = _stale(report, today, list_max_age_days, country_data_max_age_days)
    if stale:
        warnings.append(ApprovalWarning(
            "stale_data", "Data older than its refresh cycle",
            "The assessment used list or country data older than it should be; newer data may change it.",
            tuple(stale), f"/cases/{case_id}#assessment"))
    return warnings


def justified(warnings: Sequence[ApprovalWarning], justifications: Mapping[str, str]) -> list[dict[str, Any]]:
    """The warnings with the approver's justification of each, for the decision record; InvalidInput
    naming ``justifications.<code>`` for each one without a written justification."""
    problems = []
    record = []
    for w in warnings:
        text = str(justifications.get(w.code) or "").strip()
        if len(text) < JUSTIFICATION_MIN:
            problems.append(Problem(f"{w.title}: write why the approval goes past it", field=f"justifications.{w.code}",
                                    expected=f"a justification of at least {JUSTIFICATION_MIN} characters",
                                    found=repr(text)))
        record.append({**w.as_dict(), "justification": text})
    if problems:
        raise InvalidInput("approving past these warnings needs a written justification for each", problems)
    return record


def open_hit_names(hits: Sequence[Any]) -> list[str]:
    """The unreviewed hits of a case, one line per listed entity (across its lists)."""
    from hrdd.services.hit_reviews import hit_groups

    return [g.describe() for g in hit_groups(hits) if g.status == "open"]


def warnings_for(report: Mapping[str, Any] | None, case_id: str, outcome: str, hits: Sequence[Any],
                 settings: Settings) -> list[ApprovalWarning]:
    return approval_warnings(case_id, report, outcome, open_hit_names(hits), today=dt.datetime.now(dt.UTC).date(),
                             list_max_age_days=settings.list_max_age_days,
                             country_data_max_age_days=settings.country_data_max_age_days)


@dataclass(frozen=True, slots=True)
class ApprovalBrief:
    """Everything the approver weighs on the approver's page (and ``GET /api/cases/{id}/approval``)."""

    case: CaseRow
    report: dict[str, Any] | None
    report_revision: int | None
    proposal: DecisionRow | None  # the decision waiting for approval, if any
    warnings: list[ApprovalWarning]
    hits: list[Any]
    conditions: list[Any]

    def as_dict(self) -> dict[str, Any]:
        report = self.report or {}
        return {
            "case_id": self.case.id, "state": self.case.state, "case_revision": self.case.revision,
            "report_revision": self.report_revision,
            "recommendation": report.get("recommendation"),
            "recommendation_reasons": list(report.get("recommendation_reasons") or ()),
            "residual_risk": (report.get("residual_risk") or {}).get("level"),
            "proposal": None if self.proposal is None else {
                "decision_id": self.proposal.id, "outcome": self.proposal.outcome,
                "rationale": self.proposal.rationale, "proposed_by": self.proposal.prepared_by,
                "proposed_at": self.proposal.proposed_at.isoformat(), "case_revision": self.proposal.case_revision},
            "departs": self.proposal is not None and self.proposal.outcome != report.get("recommendation"),
            "warnings": [w.as_dict() for w in self.warnings],
            "justification_min": JUSTIFICATION_MIN,
        }


def approval_brief(store: Store, actor: Actor, case_id: str, settings: Settings | None = None) -> ApprovalBrief:
    """The approver's summary of a case: the engine's recommendation against the proposal and every
    blocking warning, computed as ``resolve_decision`` will check them."""
    require(actor, "case.read")
    settings = settings or get_settings()
    with store.transaction() as conn:
        case = case_rows.get_case(conn, case_id)
        if case is None:
            raise NotFound(f"no case {case_id}")
        found = case_rows.latest_report(conn, case_id)
        decisions = work.list_decisions(conn, case_id)
        hits = hit_rows.list_hits(conn, case_id)
        conditions = work.list_conditions(conn, case_id)
    proposal = next((d for d in reversed(decisions) if d.status == "proposed"), None)
    report = found[1] if found else None
    warnings = warnings_for(report, case_id, proposal.outcome, hits, settings) if proposal else []
    return ApprovalBrief(case, report, found[0] if found else None, proposal, warnings, hits, conditions)
