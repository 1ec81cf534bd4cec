"""The example cases and their committed reports (examples/reports/*.json|html).

Each example is assessed with the real lists of ../shared/data loaded, so that screening is
performed and the reports show what a user with lists sees. The reports must not change
unless the method, catalogue or data change: then regenerate them with
``HRDD_UPDATE_GOLDEN=1`` and review the diff.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdd.casefile import load_case
from hrdd.catalog import default_catalog
from hrdd.reports.render import render_html, render_json
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
