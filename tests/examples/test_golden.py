"""The example cases and their committed reports (examples/reports/*.json|html).

Each example is assessed with the real lists of ../shared/data loaded, so that screening is
performed and the reports show what a user with lists sees. The reports must not change
unless the method, catalogue or data change: then regenerate them with
``HRDD_UPDATE_GOLDEN=1`` and review the diff.
"""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest

from hrdd.assess.result import InvolvementMode, LeverageLevel
from hrdd.casefile import load_case
from hrdd.catalog import default_catalog
from hrdd.reports.render import render_html, render_json
from hrdd.reports.view import INVOLVEMENT
from hrdd.services.assessments import assess_case
from hrdd.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = ROOT / "examples" / "reports"
UPDATE = os.environ.get("HRDD_UPDATE_GOLDEN") == "1"

@pytest.fixture(scope="module")
def listed_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    from tests.conftest import SHARED_DATA

    if not SHARED_DATA.is_dir():
        pytest.skip(f"public datasets not found at {SHARED_DATA}: the example reports are built with real lists")
    from scripts.load_shared_lists import load

    settings = Settings(home=tmp_path_factory.mktemp("examples-home"))
    assert not any("skipped" in line for line in load(SHARED_DATA, settings))
    yield settings


def test_the_examples_cover_the_range_of_recommendations(listed_home: Settings) -> None:
    found = {assess_case(load_case(p, default_catalog()), settings=listed_home).report["recommendation"]
             for p in EXAMPLES}
    assert found == {"proceed", "proceed_with_conditions", "escalate", "do_not_proceed"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_report_matches_its_golden_files(path: Path, listed_home: Settings) -> None:
    report = assess_case(load_case(path, default_catalog()), settings=listed_home).report
    assert report["screening"]["performed"] is True
    for suffix, text in ((".json", render_json(report)), (".html", render_html(report))):
        golden = GOLDEN / f"{path.stem}{suffix}"
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert golden.is_file(), f"missing {golden}; run with HRDD_UPDATE_GOLDEN=1"
        assert golden.read_text(encoding="utf-8") == text, f"{golden.name} changed; review, then HRDD_UPDATE_GOLDEN=1"


def _committed(stem: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
    return report


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_report_states_the_sellers_involvement_and_leverage(path: Path) -> None:
    """Issue #12 "Done when": cause / contribute / directly linked (UNGP 13), the leverage and the
    action the guidance expects (UNGP 19), with reasons, in the JSON and the HTML of every example."""
    involvement = _committed(path.stem)["involvement"]
    assert involvement["mode"] in get_args(InvolvementMode) and involvement["reasons"]
    assert involvement["leverage"] in get_args(LeverageLevel) and involvement["leverage_reasons"]
    assert involvement["action"]
    html = (GOLDEN / f"{path.stem}.html").read_text(encoding="utf-8")
    assert INVOLVEMENT[involvement["mode"]] in html and involvement["action"] in html


# every legal stop added by method v2 (issue #12 item 7), by kind, and the example that shows it
LEGAL_STOP_EXAMPLES = {
    "ir_eu_monitoring": ("14-interception-eu-seller-ir", "prohibited"),  # EU monitoring-equipment ban, EU seller
    "ua_crimea_us": ("15-retail-cameras-crimea-us-seller", "prohibited"),  # U.S. regional embargo, by region
    "ve_us_government": ("16-video-analytics-venezuela-government-us-seller", "prohibited"),  # E.O. 13884
    "ua_dnr_lnr_us": ("19-car-park-plates-donetsk-us-seller", "prohibited"),  # E.O. 14065, by region
    "by_uk_monitoring": ("20-dpi-uk-seller-by", "prohibited"),  # UK monitoring-equipment ban, UK seller
    "ly_un_arms": ("21-drones-coast-guard-ly", "review"),  # UN arms embargo: surveillance goods need review
}


@pytest.mark.parametrize("measure", sorted(LEGAL_STOP_EXAMPLES))
def test_each_kind_of_new_legal_stop_has_an_example_that_applies_it(measure: str) -> None:
    stem, effect = LEGAL_STOP_EXAMPLES[measure]
    report = _committed(stem)
    found = [f for f in report["findings"] if f["id"].startswith(f"export_controls.embargo.{measure}.")]
    assert found, f"{stem} does not apply {measure}"
    finding = found[0]  # the end user's; intermediaries follow
    if effect == "prohibited":
        assert finding["level"] == "critical" and report["recommendation"] == "do_not_proceed"
        assert any(default_catalog().embargoes[measure].title in stop for stop in report["hard_stops"])
    else:
        assert finding["level"] == "high" and "legal review" in finding["explanation"]
        assert report["recommendation"] == "escalate" and report["escalation"] == "review"
