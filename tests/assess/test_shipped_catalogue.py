"""The engine on the shipped catalogue and the example cases, using only the spec fields.

Skips until the catalogue loader (``hrdd.catalog.default_catalog``) and the case-file loader
(``hrdd.casefile.load_case``) are on the branch; after the merge it runs on every example.
"""

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from hrdd.assess import assess, validate_condition
from hrdd.model import AssessmentContext, Recommendation
from hrdd.reports.build import build_report
from tests.reports.test_build import CONTRACT_EXAMPLE, _conforms

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def _shipped() -> Any:
    try:
        module = importlib.import_module("hrdd.catalog")
    except ImportError:  # pragma: no cover - the package always exists
        pytest.skip("hrdd.catalog not importable")
    loader = getattr(module, "default_catalog", None)
    if loader is None:
        pytest.skip("the shipped catalogue loader is not on this branch yet")
    return loader()


def _load_case(path: Path, catalog: Any) -> Any:
    try:
        casefile = importlib.import_module("hrdd.casefile")
    except ImportError:
        pytest.skip("the case-file loader is not on this branch yet")
    return casefile.load_case(path, catalog)


def test_every_shipped_derived_flag_condition_is_valid() -> None:
    catalog = _shipped()
    problems = {fid: validate_condition(flag.when, catalog) for fid, flag in catalog.derived_flags.items()}
    assert {k: [str(p) for p in v] for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_assess_to_contract_reports(path: Path) -> None:
    catalog = _shipped()
    case = _load_case(path, catalog)
    report = build_report(assess(case, catalog, AssessmentContext()))
    assert _conforms(CONTRACT_EXAMPLE, report, "report") == []
    for finding in report["findings"]:
        assert finding["evidence"], finding["id"]
        for cid in finding["citation_ids"]:
            catalog.citation(cid)  # every citation resolves to a framework clause
    again = build_report(assess(_load_case(path, catalog), catalog, AssessmentContext()))
    assert json.dumps(report) == json.dumps(again)
    embargo = catalog.embargo_for(case.end_user.country)
    if embargo is not None and embargo.hard_stop:
        assert report["recommendation"] == Recommendation.DO_NOT_PROCEED.value
    if not report["in_scope"] and embargo is None and not report["screening"]["hits"]:
        assert report["recommendation"] == Recommendation.PROCEED.value
