"""A report the renderers cannot print faithfully is refused, with every problem listed."""

from typing import Any

import pytest

from hrdd.exc import InvalidInput
from hrdd.reports.check import check_report
from hrdd.reports.render import render_html

Report = dict[str, Any]


def test_every_problem_is_listed_with_its_field(escalate: Report) -> None:
    escalate["schema"] = "hrdd.report/2"
    escalate["case"]["title"] = " "
    escalate["recommendation"] = "maybe"
    escalate["inherent_risk"]["level"] = "severe"
    escalate["residual_risk"]["score"] = 140
    escalate["findings"][2]["level"] = "urgent"
    escalate["questions"] = "ask them"
    with pytest.raises(InvalidInput) as info:
        check_report(escalate)
    fields = [p.field for p in info.value.problems]
    assert fields == ["schema", "case.title", "recommendation", "inherent_risk.level", "residual_risk.score",
                      "questions", "findings[2].level"]
    by_field = {p.field: p for p in info.value.problems}
    assert by_field["recommendation"].found == "'maybe'"
    assert by_field["recommendation"].expected == "proceed | proceed_with_conditions | escalate | do_not_proceed"
    assert "7 problem(s)" in str(info.value)


def test_not_an_object_is_refused() -> None:
    with pytest.raises(InvalidInput, match="JSON object"):
        check_report(["not", "a", "report"])


def test_missing_scope_is_refused(out_of_scope: Report) -> None:
    del out_of_scope["in_scope"]
    with pytest.raises(InvalidInput) as info:
        render_html(out_of_scope)
    assert info.value.problems[0].field == "in_scope"


def test_minimal_contract_report_renders(out_of_scope: Report) -> None:
    minimal = {k: out_of_scope[k] for k in ("schema", "case", "in_scope", "recommendation")}
    html = render_html(minimal)
    assert "The report records no versions" in html
    assert "Screening was not done" in html  # no screening block reads as not done, never as a pass
