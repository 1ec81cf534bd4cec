"""The approver's warnings: each blocking warning needs a written justification, enforced by the
service in the approving transaction, kept on the decision and printed in every export."""

import datetime as dt
from pathlib import Path

import pytest

from hrdd.exc import InvalidInput
from hrdd.reports.render import render_html, render_json, render_markdown
from hrdd.services import cases, review
from hrdd.services.approval import WARNING_CODES, approval_brief, approval_warnings
from hrdd.services.dossier import case_dossier
from hrdd.services.lists import import_list
from hrdd.services.permissions import Actor, Role
from hrdd.settings import Settings
from hrdd.store import Store
from hrdd.store.cases import get_case
from tests.services.rescreen_fixtures import case_text

pytestmark = pytest.mark.postgres

ANALYST = Actor("ana", Role.ANALYST)
APPROVER = Actor("appr", Role.APPROVER)
AUDITOR = Actor("aud", Role.AUDITOR)
SAME_ENTITY = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "same_entity"
TODAY = dt.date(2026, 12, 6)


def _warnings(report: dict[str, object], outcome: str, open_hits: tuple[str, ...] = ()) -> dict[str, list[str]]:
    found = approval_warnings("C-1", report, outcome, list(open_hits), today=TODAY, list_max_age_days=14,
                              country_data_max_age_days=1095)
    return {w.code: list(w.items) for w in found}


def test_each_kind_of_warning_is_found_and_explained() -> None:
    assert _warnings({"recommendation": "proceed"}, "proceed") == {}
    assert set(_warnings({"recommendation": "do_not_proceed", "hard_stops": ["the end user is listed"]},
                         "escalate")) == {"hard_stop"}
    assert _warnings({"recommendation": "escalate", "recommendation_reasons": ["incomplete"]},
                     "proceed") == {"departure": ["incomplete"]}
    assert _warnings({"recommendation": "escalate"}, "do_not_proceed") == {}  # stricter is no warning
    assert _warnings({"recommendation": "proceed", "questions": ["Who operates it?"]}, "proceed") == {
        "open_questions": ["Who operates it?"]}
    overridden = {"recommendation": "proceed", "red_flags": [
        {"id": "covert", "title": "Covert mode", "override": "the analyst set aside the catalogue evidence"}]}
    assert _warnings(overridden, "proceed") == {
        "overridden_evidence": ["Covert mode: the analyst set aside the catalogue evidence"]}
    stale = {"recommendation": "proceed",
             "screening": {"lists": [{"source": "un-sc", "title": "UN", "as_of": "2026-11-01"},
                                     {"source": "ofac-sdn", "title": "OFAC SDN", "as_of": "2026-12-01"}]},
             "country": {"name": "Iran", "figures": [{"label": "Rule of law", "source": "WGI", "year": 2022},
                                                     {"label": "Civil liberties", "source": "V-Dem", "year": 2024}]}}
    assert _warnings(stale, "proceed") == {"stale_data": [
        "UN: as of 2026-11-01, 35 days old (refreshed every 14 days)",
        "Iran: Rule of law (WGI) is for 2022, 1436 days old (refreshed every 1095 days)"]}
    assert _warnings({"recommendation": "proceed"}, "proceed", ("end_user: X ↔ Y (ofac-sdn 1)",)) == {
        "unreviewed_hits": ["end_user: X ↔ Y (ofac-sdn 1)"]}


def test_approving_past_warnings_needs_a_justification_each_kept_and_exported(
        store: Store, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", list_max_age_days=100_000)
    import_list("ofac-sdn", [SAME_ENTITY / "sdn.csv"], settings)
    import_list("us-csl", [SAME_ENTITY / "csl.csv"], settings)
    case_id = cases.create_case(store, ANALYST, case_text()).id
    report = cases.assess_stored_case(store, ANALYST, case_id, settings=settings)
    proposal = review.propose_decision(store, ANALYST, case_id, "proceed", "The customer is known to us.")
    brief = approval_brief(store, APPROVER, case_id, settings)
    codes = [w.code for w in brief.warnings]
    assert report["recommendation"] != "proceed" and "unreviewed_hits" in codes
    assert codes[0] in ("hard_stop", "departure")
    (hits,) = [w for w in brief.warnings if w.code == "unreviewed_hits"]
    assert hits.items == ("end_user: Orion Vision Systems LLC ↔ ORION VIZION SYSTEMS (ofac-sdn 36, us-csl 36)",)
    assert hits.link == f"/cases/{case_id}#hits"

    # without a justification of each one: refused, naming the missing ones; nothing changes
    with pytest.raises(InvalidInput) as refused:
        review.resolve_decision(store, APPROVER, proposal.id, True, "Approved.", settings=settings,
                                justifications={codes[0]: "The engine over-weighs the listing."})
    assert {p.field for p in refused.value.problems} == {f"justifications.{c}" for c in codes[1:]}
    with pytest.raises(InvalidInput):
        review.resolve_decision(store, APPROVER, proposal.id, True, "Approved.", settings=settings,
                                justifications=dict.fromkeys(codes, "ok"))  # too short to be a justification
    with store.transaction() as conn:
        row = get_case(conn, case_id)
    assert row is not None and row.state == "proposed"

    written = {c: f"Justified ({n}): reviewed with the compliance committee" for n, c in enumerate(codes)}
    approved = review.resolve_decision(store, APPROVER, proposal.id, True, "Approved.", settings=settings,
                                       justifications=written)
    assert approved.warnings is not None
    assert [(w["code"], w["justification"]) for w in approved.warnings] == list(written.items())

    exported = case_dossier(store, AUDITOR, case_id)
    (decision,) = exported["decision_record"]["decisions"]
    assert [w["justification"] for w in decision["warnings"]] == list(written.values())
    for text in (render_markdown(exported), render_html(exported), render_json(exported)):
        assert written["unreviewed_hits"] in text


def test_rejecting_needs_no_justification(store: Store, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    case_id = cases.create_case(store, ANALYST, case_text()).id
    cases.assess_stored_case(store, ANALYST, case_id, settings=settings, screen=False)
    proposal = review.propose_decision(store, ANALYST, case_id, "proceed", "The customer is known to us.")
    assert approval_brief(store, APPROVER, case_id, settings).warnings
    rejected = review.resolve_decision(store, APPROVER, proposal.id, False, "Not without answers.", settings=settings)
    assert rejected.status == "rejected" and rejected.warnings is None


def test_the_api_accepts_a_justification_for_every_kind_of_warning() -> None:
    from typing import get_args

    from hrdd.api.schemas import ResolveIn

    key_type = get_args(ResolveIn.model_fields["justifications"].annotation)[0]
    assert get_args(key_type) == WARNING_CODES
