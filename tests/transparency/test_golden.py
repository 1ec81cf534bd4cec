"""The report built from the fixed fixture database, byte for byte (HRDD_UPDATE_GOLDEN=1 rewrites)."""

import os
from pathlib import Path

import pytest

from hrdd.reports.transparency import transparency_html, transparency_json, transparency_markdown
from hrdd.services.permissions import Actor, Role
from hrdd.services.transparency import draw_report
from hrdd.store import Store
from tests.transparency import fixture

GOLDEN = Path(__file__).resolve().parent / "golden"
RENDER = {"json": transparency_json, "md": transparency_markdown, "html": transparency_html}


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_matches_golden_file(fmt: str, store: Store) -> None:
    fixture.build(store)
    body = RENDER[fmt](draw_report(store, Actor("cli", Role.ADMIN), "2025")).encode("utf-8")
    path = GOLDEN / f"2025.{fmt}"
    if os.environ.get("HRDD_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(body)
        return
    assert path.exists(), f"golden file {path} is missing; run with HRDD_UPDATE_GOLDEN=1, then review it"
    assert body == path.read_bytes(), f"{path.name} differs; if intended, rerun with HRDD_UPDATE_GOLDEN=1"
