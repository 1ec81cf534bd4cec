"""hrdd.reports.diff: properties on a real report and a golden diff of two committed reports."""

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.reports.diff import diff_reports

GOLDEN = Path(__file__).resolve().parent / "golden"
LEVELS = ("low", "medium", "high", "critical")
RECOMMENDATIONS = ("proceed", "proceed_with_conditions", "escalate", "do_not_proceed")


def _report(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    return data


BASE = _report("escalate_not_screened.json")


@settings(max_examples=60, deadline=None)
@given(recommendation=st.sampled_from(RECOMMENDATIONS), inherent=st.sampled_from(LEVELS),
       residual=st.sampled_from(LEVELS), score=st.integers(0, 100))
def test_moved_exactly_when_the_recommendation_or_a_level_differs(recommendation: str, inherent: str, residual: str,
                                                                   score: int) -> None:
    changed = {**BASE, "recommendation": recommendation,
               "inherent_risk": {**BASE["inherent_risk"], "level": inherent},
               "residual_risk": {**BASE["residual_risk"], "level": residual, "score": score}}
    diff = diff_reports(BASE, changed)
    expected = (recommendation != BASE["recommendation"] or inherent != BASE["inherent_risk"]["level"]
                or residual != BASE["residual_risk"]["level"])
    assert diff["moved"] is expected
    back = diff_reports(changed, BASE)
    assert back["moved"] is expected  # moving back is a move too
    assert {r["risk"] for r in diff["risks"]} == {r["risk"] for r in back["risks"]}
    assert diff_reports(changed, changed)["summary"] == []


def test_two_different_reports_differ_in_what_they_say() -> None:
    other = _report("do_not_proceed_sanctions_hit.json")
    diff = diff_reports(BASE, other)
    assert diff["moved"] and diff["recommendation"] == {"from": "escalate", "to": "do_not_proceed"}
    flags = {f["id"]: f for f in diff["red_flags"]}
    for flag in other["red_flags"]:
        before = next((f for f in BASE["red_flags"] if f["id"] == flag["id"]), None)
        if before is None or before["status"] != flag["status"]:
            assert flags[flag["id"]]["status_to"] == flag["status"]
    assert all(line for line in diff["summary"])
