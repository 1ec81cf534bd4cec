"""``build_report``: the hrdd.report/1 contract (case-format.md), deterministic JSON."""

import json
from typing import Any

import pytest

from hrdd.assess import ENGINE_VERSION, assess
from hrdd.model import RISK_LEVELS, Product, Recommendation
from hrdd.reports.build import build_report
from hrdd.version import __version__
from tests.assess.factory import (
    intermediary,
    make_case,
    make_catalog,
    make_context,
    make_hit,
    safeguards,
    screened,
)

# The example report of case-format.md: every key, with a value of the right type.
CONTRACT_EXAMPLE: dict[str, Any] = json.loads("""
{
  "schema": "hrdd.report/1",
  "case": {"id": "CASE-2026-0042", "title": "t", "date": "2026-11-29"},
  "in_scope": true,
  "scope": {"reasons": ["facial_recognition is a biometric identification capability"]},
  "recommendation": "escalate",
  "inherent_risk": {"level": "high", "score": 71, "severity": {"scale": 4, "scope": 4, "irremediability": 3},
                    "likelihood": 4},
  "residual_risk": {"level": "medium", "score": 48},
  "steps": [{"id": "capabilities", "title": "t", "level": "high", "findings": ["f"]}],
  "findings": [{"id": "f", "step": "end_user", "level": "high", "title": "t", "explanation": "e",
                "evidence": [{"source": "s", "as_of": "a", "value": "v"}], "citations": ["UNGP 17"]}],
  "red_flags": [{"id": "end_user_record_of_misuse", "status": "unknown", "title": "t"}],
  "screening": {"performed": true, "lists": [{"source": "ofac-sdn", "as_of": "2024-07-02", "entries": 15443}],
                "hits": [{"party": "end_user", "query": "q", "source": "us-csl", "entry_id": "e", "name": "n",
                          "score": 0.93, "topics": ["export.control"]}]},
  "conditions": ["human_rights_clause"],
  "questions": ["q"],
  "versions": {"hrdd": "0.1.0", "catalog": "c", "data": {"vdem": "v14", "wgi": "2024"}}
}
""")
STEP_IDS = ["export_controls", "capabilities", "end_user", "country_laws", "end_use", "third_parties",
            "product_tailoring", "contract_safeguards", "grievance_mechanism", "public_reporting"]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _conforms(example: Any, actual: Any, path: str) -> list[str]:
    """Every key of the example is in ``actual`` with the same JSON type (lists: each element)."""
    if example is None:
        return []
    if _kind(example) != _kind(actual) and not (path.endswith(".id") and actual is None):
        return [f"{path}: expected {_kind(example)}, found {_kind(actual)}"]
    if isinstance(example, dict):
        problems = [f"{path}.{k}: missing" for k in example if k not in actual]
        for key in example:
            if key in actual and key != "data":
                problems += _conforms(example[key], actual[key], f"{path}.{key}")
        return problems
    if isinstance(example, list) and example:
        return [p for i, item in enumerate(actual) for p in _conforms(example[0], item, f"{path}[{i}]")]
    return []


def full_report() -> dict[str, Any]:
    case = make_case(products=(Product(name="FR", capabilities=("facial_recognition",),
                                       features=("real_time_identification",)),),
                     intermediaries=(intermediary("integrator", "unknown"),),
                     safeguards=safeguards(human_rights_clause="agreed", audit_logging="planned"))
    return build_report(assess(case, make_catalog(), make_context(screening=screened(make_hit(0.8)))))


def test_report_has_every_contract_field_with_its_type() -> None:
    report = full_report()
    assert _conforms(CONTRACT_EXAMPLE, report, "report") == []


def test_contract_checker_catches_a_missing_or_mistyped_field() -> None:
    report = full_report()
    del report["residual_risk"]["score"]
    report["in_scope"] = "yes"
    problems = _conforms(CONTRACT_EXAMPLE, report, "report")
    assert "report.residual_risk.score: missing" in problems
    assert "report.in_scope: expected bool, found str" in problems


def test_vocabularies_and_ranges() -> None:
    report = full_report()
    assert report["schema"] == "hrdd.report/1"
    assert report["recommendation"] in {r.value for r in Recommendation}
    levels = {lv.value for lv in RISK_LEVELS}
    assert report["inherent_risk"]["level"] in levels and report["residual_risk"]["level"] in levels
    for key in ("inherent_risk", "residual_risk"):
        assert isinstance(report[key]["score"], int) and 0 <= report[key]["score"] <= 100
    assert [s["id"] for s in report["steps"]] == STEP_IDS
    finding_ids = {f["id"] for f in report["findings"]}
    assert all(set(s["findings"]) <= finding_ids for s in report["steps"])
    assert all(f["level"] in levels for f in report["findings"])
    assert {f["status"] for f in report["red_flags"]} <= {"true", "false", "unknown"}


def test_versions_name_every_input() -> None:
    report = full_report()
    assert report["versions"] == {"hrdd": __version__, "engine": ENGINE_VERSION, "catalog": "test-1+abc",
                                  "data": {"vdem": "v14", "wgi": "2024"}}


def test_hits_and_conditions_are_reported() -> None:
    report = full_report()
    hit = report["screening"]["hits"][0]
    assert (hit["party"], hit["source"], hit["entry_id"], hit["score"]) == ("end_user", "us-csl", "CSL-123", 0.8)
    assert report["recommendation"] == "escalate"
    assert [c["id"] for c in report["conditions_detail"]] == report["conditions"]


def test_red_flags_put_true_then_unknown_then_false() -> None:
    order = {"true": 0, "unknown": 1, "false": 2}
    ranks = [order[f["status"]] for f in full_report()["red_flags"]]
    assert ranks == sorted(ranks)


def test_same_assessment_gives_identical_json_bytes() -> None:
    one = json.dumps(full_report(), ensure_ascii=False).encode()
    two = json.dumps(full_report(), ensure_ascii=False).encode()
    assert one == two


@pytest.mark.parametrize("performed", [True, False])
def test_screening_block_says_plainly_when_not_done(performed: bool) -> None:
    context = make_context(screening=screened() if performed else screened().__class__(performed=False))
    report = build_report(assess(make_case(), make_catalog(), context))
    assert report["screening"]["performed"] is performed
    assert ("not done" in report["screening"]["note"]) is (not performed)
    assert (report["screening"]["lists"] == []) is (not performed)
