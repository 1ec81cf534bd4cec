"""The transparency report drawn from a fixed database: figures, determinism, no personal data."""

import json

import pytest

from hrdd.reports.transparency import transparency_html, transparency_json, transparency_markdown
from hrdd.services.permissions import Actor, Role
from hrdd.services.transparency import draw_report
from hrdd.store import Store, open_store
from tests.transparency import fixture

ADMIN = Actor("cli", Role.ADMIN)


def _table(report: dict, table_id: str) -> dict:
    return next(t for t in report["tables"] if t["id"] == table_id)


def _rows(table: dict) -> dict:
    return {r["id"]: (r["cells"], r["total"]) for r in table["rows"]}


def test_figures_of_the_fixture(store: Store) -> None:
    fixture.build(store)
    report = draw_report(store, ADMIN, "2025")
    region = _table(report, "transactions_by_region_and_outcome")
    assert region["totals"]["total"] == 23  # 25 cases, one decided in 2024 and one in 2026
    assert region["totals"]["cells"] == [9, 8, "<5", "<5"]  # proceed, with conditions, escalated, declined
    kinds = _rows(_table(report, "transactions_by_end_user_kind"))
    assert kinds["government"][1] == 15 and kinds["private"][1] == "<5"
    conds = _rows(_table(report, "conditions_by_safeguard"))
    assert conds["audit_logging"][1] == 6 and conds["human_review_required"][1] == "<5"
    assert conds["human_rights_clause"][1] == "x"  # 5, withheld so that the 2 cannot be worked out from the total
    changes = _rows(_table(report, "engagements_suspended_or_terminated"))
    assert changes["suspended"][1] == "<5" and changes["terminated"][1] == "<5"
    hits = _table(report, "rescreening_hits")
    assert hits["totals"]["total"] == 7
    grievances = _table(report, "grievances_by_category_and_status")
    assert grievances["totals"]["total"] == 10
    acknowledged = _table(report, "grievances_acknowledged")
    assert acknowledged["totals"]["cells"] == [6, "<5", "<5"]


def test_quarter(store: Store) -> None:
    fixture.build(store)
    report = draw_report(store, ADMIN, "2025-Q4")
    assert report["period"] == {"id": "2025-Q4", "first_day": "2025-10-01", "last_day": "2025-12-31"}
    assert _table(report, "transactions_by_region_and_outcome")["totals"]["total"] == 6


@pytest.mark.parametrize("render", [transparency_json, transparency_markdown, transparency_html])
def test_same_database_same_bytes(render, database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = open_store(database_url)
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        fixture.build(first)
        once = render(draw_report(first, ADMIN, "2025"))
        assert render(draw_report(first, ADMIN, "2025")) == once
        fixture.build(other, order=list(reversed(range(len(fixture.CASES)))))
        assert render(draw_report(other, ADMIN, "2025")) == once
    finally:
        first.engine.dispose()
        other.engine.dispose()


def test_no_personal_data_in_any_format(store: Store) -> None:
    fixture.build(store)
    report = draw_report(store, ADMIN, "2025")
    for body in (transparency_json(report), transparency_markdown(report), transparency_html(report)):
        for secret in fixture.SECRETS:
            assert secret.lower() not in body.lower()
    json.loads(transparency_json(report))
