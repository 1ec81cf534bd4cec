"""How the view groups and labels what the report holds (shared by every renderer)."""

from typing import Any

from hrdd.reports.view import build_view

Report = dict[str, Any]


def test_findings_are_grouped_under_their_step_in_guidance_order(escalate: Report) -> None:
    escalate["steps"].reverse()
    view = build_view(escalate)
    assert [s["id"] for s in view["steps"]][:3] == ["export_controls", "capabilities", "end_user"]
    end_user = next(s for s in view["steps"] if s["id"] == "end_user")
    assert [f["id"] for f in end_user["findings"]] == ["end_user.security_body", "end_user.record_of_misuse_unknown"]


def test_step_entries_that_are_not_finding_ids_read_as_notes(escalate: Report) -> None:
    view = build_view(escalate)
    grievance = next(s for s in view["steps"] if s["id"] == "grievance_mechanism")
    assert grievance["notes"] == ["No channel exists for people affected by the system to raise concerns."]
    assert grievance["findings"] == []


def test_a_finding_of_an_unlisted_step_is_not_lost(escalate: Report) -> None:
    escalate["findings"].append({"id": "monitoring.x", "step": "post_sale", "level": "low", "title": "Monitor",
                                 "explanation": "", "evidence": [], "citations": []})
    view = build_view(escalate)
    assert view["steps"][-1]["title"] == "Other findings"
    assert [f["id"] for f in view["steps"][-1]["findings"]] == ["monitoring.x"]


def test_top_findings_are_the_five_most_severe_in_report_order(sanctions_hit: Report) -> None:
    view = build_view(sanctions_hit)
    assert [f["id"] for f in view["top_findings"]] == [f["id"] for f in sanctions_hit["findings"]
                                                       if f["level"] == "critical"][:5]


def test_conditions_take_titles_and_clauses_from_their_details(escalate: Report) -> None:
    view = build_view(escalate)
    first = view["conditions"][0]
    assert first["title"] == "Human-rights clause" and first["status"] == "Agreed"
    assert first["clause_text"].startswith("The Customer shall use the Products")
    escalate.pop("conditions_detail")
    assert [c["title"] for c in build_view(escalate)["conditions"]] == [
        "Human rights clause", "Audit logging", "Audit rights", "Suspension rights"]


def test_citations_may_be_labels_or_objects(escalate: Report) -> None:
    escalate["findings"][1]["citations"] = ["UNGP 18", {"id": "state2020.step1", "label": "State 2020, step 1",
                                                        "reconstructed": True, "url": "https://www.state.gov/"}]
    view = build_view(escalate)
    assert view["findings"][1]["citations"] == [
        {"label": "UNGP 18", "url": ""}, {"label": "State 2020, step 1 [R]", "url": "https://www.state.gov/"}]
    assert view["findings"][2]["reconstructed"] is True  # the finding itself is flagged


def test_contributions_are_grouped_by_the_score_they_built(escalate: Report) -> None:
    groups = {g["title"]: g for g in build_view(escalate)["contributions"]}
    assert list(groups) == ["Severity (scale, scope, irremediability)", "Likelihood", "Inherent score",
                            "Residual score", "Projected residual score"]
    assert groups["Inherent score"]["formula"].startswith("round(100 * (S * L - 1) / 24)")
    assert groups["Likelihood"]["rows"][1] == {"id": "sector:police", "kind": "likelihood", "score": "1",
                                               "weight": "", "detail": "police is a security body"}
    escalate["contributions"] = [{"rule_id": "r1", "weight": 0.35, "score": 1, "detail": "fired"}]
    first = build_view(escalate)["contributions"][0]
    assert first["title"] == "Contributions" and first["weighted"] is True


def test_clause_given_only_by_id_is_named_not_invented(escalate: Report) -> None:
    conditions = {c["id"]: c for c in build_view(escalate)["conditions"]}
    assert conditions["suspension_rights"]["clause_id"] == "suspension_on_misuse"
    assert conditions["suspension_rights"]["clause_text"] == ""
    assert conditions["audit_rights"]["clause_text"].startswith("On reasonable notice")


def test_red_flag_status_reads_as_words(escalate: Report) -> None:
    flags = {f["id"]: f for f in build_view(escalate)["red_flags"]}
    assert flags["end_user_record_of_misuse"]["status_label"] == "Unknown"
    assert flags["integration_mass_surveillance"]["status_label"] == "Present"
    assert flags["end_use_statement_refused"]["status_label"] == "Not present"
    assert flags["end_user_record_of_misuse"]["step"] == "Review the end user's human-rights record"


def test_questions_may_be_objects(escalate: Report) -> None:
    escalate["questions"] = [{"fact": "end_user_record_of_misuse", "text": "Ask about misuse."}, "Plain."]
    assert build_view(escalate)["questions"] == ["Ask about misuse.", "Plain."]


def test_screening_absent_reads_as_not_done(escalate: Report) -> None:
    escalate.pop("screening")
    screening = build_view(escalate)["screening"]
    assert screening["performed"] is False and screening["warning"].startswith("Screening was not done")


def test_versions_are_flattened_and_sorted(sanctions_hit: Report) -> None:
    rows = build_view(sanctions_hit)["versions"]
    names = [r["name"] for r in rows]
    assert names == sorted(names) and "data.ofac-sdn" in names


def test_hard_stops_are_shown_unless_the_reasons_already_state_them(sanctions_hit: Report) -> None:
    assert len(build_view(sanctions_hit)["hard_stops"]) == 2
    sanctions_hit["recommendation_reasons"] = [f"hard stop: {s}" for s in sanctions_hit["hard_stops"][:1]]
    assert build_view(sanctions_hit)["hard_stops"] == sanctions_hit["hard_stops"][1:]


def test_a_step_lists_its_findings_in_its_own_order(escalate: Report) -> None:
    step = next(s for s in escalate["steps"] if s["id"] == "end_user")
    step["findings"].reverse()
    end_user = next(s for s in build_view(escalate)["steps"] if s["id"] == "end_user")
    assert [f["id"] for f in end_user["findings"]] == ["end_user.record_of_misuse_unknown", "end_user.security_body"]
