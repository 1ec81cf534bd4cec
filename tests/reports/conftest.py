"""Report fixtures and the golden-file check.

The fixtures in ``tests/fixtures/reports/`` are full ``hrdd.report/1`` dicts written by hand
to look like what ``hrdd.reports.build`` produces. Golden files live in
``tests/reports/golden/``; set ``HRDD_UPDATE_GOLDEN=1`` to rewrite them (see README.md).
"""

import copy
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reports.data import NAMES, Report, load_report

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def escalate() -> Report:
    return load_report("escalate_not_screened")


@pytest.fixture
def sanctions_hit() -> Report:
    return load_report("do_not_proceed_sanctions_hit")


@pytest.fixture
def out_of_scope() -> Report:
    return load_report("out_of_scope")


@pytest.fixture
def fresh() -> Callable[[Report], Report]:
    """A deep copy to mutate inside one test."""
    return copy.deepcopy


def check_golden(name: str, content: str | bytes) -> None:
    """Compare ``content`` byte for byte with ``golden/name``; rewrite it when asked to."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = GOLDEN / name
    if os.environ.get("HRDD_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; run with HRDD_UPDATE_GOLDEN=1 to create it, then review it")
    expected = path.read_bytes()
    if data != expected:
        got, want = data.decode("utf-8", "replace").splitlines(), expected.decode("utf-8", "replace").splitlines()
        first = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), min(len(got), len(want)))
        pytest.fail(
            f"{name} differs from its golden file at line {first + 1}:\n"
            f"  golden: {want[first] if first < len(want) else '<end of file>'!r}\n"
            f"  now:    {got[first] if first < len(got) else '<end of file>'!r}\n"
            "If the change is intended, rerun with HRDD_UPDATE_GOLDEN=1 and review the diff."
        )


@pytest.fixture
def golden() -> Callable[[str, str | bytes], None]:
    return check_golden


@pytest.fixture(params=NAMES)
def named_report(request: pytest.FixtureRequest) -> tuple[str, Report]:
    """Each fixture report with its name, for tests that run over all three."""
    name: str = request.param
    return name, load_report(name)
