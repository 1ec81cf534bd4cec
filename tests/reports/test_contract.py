"""The report contract as typed models: the schema in docs is generated from them and every
committed report validates (extend, never break)."""

import copy
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from hrdd.docgen.schema import SCHEMA_FILE
from hrdd.reports.contract import report_schema_text, validate_report

ROOT = Path(__file__).resolve().parents[2]
REPORTS = sorted(p for p in [*ROOT.glob("examples/reports/*.json"), *ROOT.glob("tests/**/*.json")]
                 if '"schema": "hrdd.report/1"' in p.read_text(encoding="utf-8"))


def test_checked_in_schema_is_generated_from_the_models() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == report_schema_text(), "stale: run make docs"


def test_there_are_committed_reports_to_check() -> None:
    assert len(REPORTS) >= 20


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_every_committed_report_validates(path: Path) -> None:
    validate_report(json.loads(path.read_text(encoding="utf-8")))


def test_a_report_that_breaks_the_contract_is_refused_and_an_extension_is_not() -> None:
    report = json.loads((ROOT / "examples" / "reports" / "01-city-police-video-analytics-br.json").read_text())
    extended = copy.deepcopy(report) | {"a_field_from_a_later_version": {"anything": 1}}
    validate_report(extended)
    for key, value in (("recommendation", "maybe"), ("schema", "hrdd.report/2")):
        broken = copy.deepcopy(report) | {key: value}
        with pytest.raises(ValidationError):
            validate_report(broken)
    del report["steps"]
    with pytest.raises(ValidationError):
        validate_report(report)


def test_a_freshly_built_report_validates() -> None:
    from tests.assess.test_calibration import _reports

    for report in _reports().values():
        validate_report(report)
