"""The terminal summary ``hrdd assess`` prints."""

from typing import Any

from hrdd.reports.summary import render_summary

Report = dict[str, Any]


def test_summary_leads_with_recommendation_and_risk(escalate: Report) -> None:
    lines = render_summary(escalate).splitlines()
    assert lines[0] == f"HRDD report: {escalate['case']['title']}"
    assert "RECOMMENDATION: ESCALATE" in lines
    assert "Inherent risk:   HIGH 71/100 (severity 4 of 5, likelihood 4 of 5)" in lines
    assert "Residual risk:   MEDIUM 48/100 (severity 4 of 5, likelihood 3 of 5)" in lines


def test_summary_lists_at_most_five_findings_highest_first(escalate: Report) -> None:
    text = render_summary(escalate)
    assert f"Top findings (5 of {len(escalate['findings'])})" in text
    numbered = [line.strip() for line in text.splitlines() if line.strip()[:3] in {"1. ", "2. ", "3. ", "4. ", "5. "}
                and "[" in line]
    levels = [line.split("[")[1].split("]")[0] for line in numbered]
    assert levels == ["HIGH", "HIGH", "HIGH", "MEDIUM", "MEDIUM"]
    assert "[LOW]" not in text


def test_summary_says_screening_was_not_done(escalate: Report) -> None:
    text = render_summary(escalate)
    assert "Screening\n  NOT DONE. Screening was not done" in text


def test_summary_names_the_hit(sanctions_hit: Report) -> None:
    text = render_summary(sanctions_hit)
    assert 'HIT End user "FATA Police" ~ ofac-sdn entry 15766 "IRANIAN CYBER POLICE", score 1.00' in text
    assert "RECOMMENDATION: DO NOT PROCEED" in text


def test_summary_lists_conditions_and_questions(escalate: Report) -> None:
    text = render_summary(escalate)
    assert "Conditions before proceeding (4)" in text and "- Human-rights clause [agreed]" in text
    assert f"Open questions ({len(escalate['questions'])})" in text


def test_summary_strips_terminal_control_sequences(escalate: Report) -> None:
    escalate["case"]["title"] = "Deal \x1b[2J\x1b]0;pwned\x07 title"
    text = render_summary(escalate)
    assert "\x1b" not in text and "\x07" not in text
    assert text.startswith("HRDD report: Deal [2J]0;pwned title")


def test_summary_wraps_to_the_width(escalate: Report) -> None:
    assert max(len(line) for line in render_summary(escalate, width=72).splitlines()) <= 72


def test_summary_reads_without_colour(out_of_scope: Report) -> None:
    text = render_summary(out_of_scope)
    assert "\x1b[" not in text
    assert "Scope: OUT OF SCOPE" in text and "Inherent risk:   not assessed" in text
    assert "No hit at or above the threshold" in text
