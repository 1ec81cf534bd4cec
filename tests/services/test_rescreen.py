"""List deltas and re-screening of monitored cases, on SQLite and PostgreSQL."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from hrdd.exc import SourceError
from hrdd.services import alerts as alert_service
from hrdd.services.judgements import judge
from hrdd.services.list_versions import list_versions, version_changes
from hrdd.services.lists import import_list
from hrdd.services.permissions import Actor, Role
from hrdd.services.rescreen import pending_versions, rescreen_pending, rescreen_version
from hrdd.services.store import get_store
from hrdd.settings import Settings
from hrdd.store import Store
from hrdd.store.tables import list_versions as list_versions_table
from tests.services.rescreen_fixtures import END_USER, RESPELLED, UNRELATED, add_case, write_version

ADMIN = Actor("admin", Role.ADMIN)
SOURCE = "opensanctions"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url)


@pytest.fixture
def store(settings: Settings) -> Store:
    return get_store(settings)


def _import(settings: Settings, tmp_path: Path, name: str, entities: list[dict[str, object]]) -> int:
    path = write_version(tmp_path / f"{name}.ftm.json", entities)
    return import_list(SOURCE, [path], settings).version


def _hit_alerts(store: Store, case_id: str) -> list[alert_service.AlertRow]:
    rows, _ = alert_service.list_alerts(store, ADMIN, case_id=case_id)
    return [r for r in rows if r.kind == alert_service.SCREENING_HIT]


def test_import_records_the_delta_by_entity_id_and_content_hash(settings: Settings, store: Store,
                                                                 tmp_path: Path) -> None:
    assert _import(settings, tmp_path, "v1", UNRELATED) == 1
    changed = {**UNRELATED[0], "properties": {**UNRELATED[0]["properties"], "alias": ["EAH"]}}  # type: ignore[dict-item]
    report = import_list(SOURCE, [write_version(tmp_path / "v2.ftm.json", [changed, RESPELLED])], settings)
    assert (report.version, report.added, report.changed, report.removed) == (2, 1, 1, 1)
    versions = list_versions(store, SOURCE)
    assert [(v.version, v.baseline) for v in versions] == [(1, True), (2, False)]
    changes = {c.entity_id: c for c in version_changes(store, SOURCE, 2)}
    assert {k: c.change for k, c in changes.items()} == {
        "opensanctions-os-1": "changed", "opensanctions-os-2": "removed", "opensanctions-os-3": "added"}
    assert changes["opensanctions-os-2"].payload is None and len(changes["opensanctions-os-3"].content_hash) == 64
    assert "ORION VIZION SYSTEMS" in (changes["opensanctions-os-3"].payload or "")


def test_a_respelled_end_user_added_to_a_list_raises_one_explained_alert(settings: Settings, store: Store,
                                                                          tmp_path: Path) -> None:
    _import(settings, tmp_path, "v1", UNRELATED)
    case_id = add_case(store)
    assert [r.mode for r in rescreen_pending(store, settings)] == ["full"]  # the first version: in full
    assert _hit_alerts(store, case_id) == []
    version = _import(settings, tmp_path, "v2", [*UNRELATED, RESPELLED])
    assert pending_versions(store) == [(SOURCE, version)]
    (report,) = rescreen_pending(store, settings)
    assert (report.mode, report.entries) == ("delta", 1)
    (alert,) = _hit_alerts(store, case_id)
    explanation = alert.explanation
    assert explanation["party"]["role"] == "end_user" and explanation["party"]["name"] == END_USER
    assert explanation["entry"]["id"] == "opensanctions-os-3" and explanation["change"] == "added"
    assert explanation["score"] >= explanation["threshold"] and explanation["list_version"] == f"{SOURCE} v2"
    assert any(f["name"] == "name_match" for f in explanation["features"]) and explanation["explanation"]
    assert pending_versions(store) == []

    # a retried run of the same version (its worker died before marking it done) raises nothing twice
    with store.transaction() as conn:
        conn.execute(sa.update(list_versions_table).values(rescreened_at=None))
    again = rescreen_version(store, SOURCE, version, settings)
    assert again.hits == 1 and again.alerts == ()
    assert len(_hit_alerts(store, case_id)) == 1


def test_a_reviewed_hit_is_not_raised_again_until_the_entry_content_changes(settings: Settings, store: Store,
                                                                             tmp_path: Path) -> None:
    _import(settings, tmp_path, "v1", UNRELATED)
    case_id = add_case(store)
    rescreen_pending(store, settings)
    _import(settings, tmp_path, "v2", [*UNRELATED, RESPELLED])
    rescreen_pending(store, settings)
    assert len(_hit_alerts(store, case_id)) == 1
    judge(END_USER, "opensanctions-os-3", "no_match", "different company, other registry number",
          settings=settings, reviewer="analyst")
    # remarks change only: same screening content, reviewed before -> nothing new
    notes = {**RESPELLED, "properties": {**RESPELLED["properties"], "notes": ["amended listing"]}}
    _import(settings, tmp_path, "v3", [*UNRELATED, notes])
    (quiet,) = rescreen_pending(store, settings)
    assert quiet.hits == 1 and quiet.alerts == ()
    # a new alias changes the screening content: the judgement no longer applies
    alias = {**RESPELLED, "properties": {**RESPELLED["properties"], "alias": ["Orion Vision Sys"]}}
    _import(settings, tmp_path, "v4", [*UNRELATED, alias])
    (loud,) = rescreen_pending(store, settings)
    assert len(loud.alerts) == 1
    newest = _hit_alerts(store, case_id)[0]
    assert newest.id == loud.alerts[0] and "changed since it was judged no_match" in newest.explanation["reopened"]


def test_closed_cases_are_not_rescreened(settings: Settings, store: Store, tmp_path: Path) -> None:
    _import(settings, tmp_path, "v1", UNRELATED)
    case_id = add_case(store)
    from hrdd.store.tables import cases

    with store.transaction() as conn:
        conn.execute(sa.update(cases).where(cases.c.id == case_id).values(state="closed"))
    rescreen_pending(store, settings)
    _import(settings, tmp_path, "v2", [*UNRELATED, RESPELLED])
    (report,) = rescreen_pending(store, settings)
    assert report.parties == 0 and _hit_alerts(store, case_id) == []


def test_a_file_that_fails_to_parse_keeps_the_version_and_alerts_the_admins(settings: Settings, store: Store,
                                                                              tmp_path: Path) -> None:
    _import(settings, tmp_path, "v1", UNRELATED)
    broken = tmp_path / "broken.ftm.json"
    good = '{"id": "os-9", "schema": "Company", "properties": {"name": ["X"]}}'
    broken.write_text("\n".join([good] + ['{"id": "os-10", "sch'] * 60) + "\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        import_list(SOURCE, [broken], settings)
    assert [v.version for v in list_versions(store, SOURCE)] == [1]
    rows, _ = alert_service.list_alerts(store, ADMIN)
    (alert,) = [r for r in rows if r.kind == alert_service.LIST_IMPORT_FAILED]
    assert alert_service.addressees(alert.audience) == ["admin"]
    located = [p for p in alert.explanation["problems"] if p.get("file") == "broken.ftm.json"]
    assert located and located[0].get("line") == 2, alert.explanation
    assert str(caught.value).startswith(alert.explanation["error"])
    # the same broken file again: the admins already know
    with pytest.raises(SourceError):
        import_list(SOURCE, [broken], settings)
    rows, _ = alert_service.list_alerts(store, ADMIN)
    assert len([r for r in rows if r.kind == alert_service.LIST_IMPORT_FAILED]) == 1


def test_a_matcher_change_rescreens_every_party_in_full(settings: Settings, store: Store, tmp_path: Path) -> None:
    from hrdd.services.rescreen import ALGORITHM_KEY
    from hrdd.store import alerts as alert_rows

    case_id = add_case(store)
    _import(settings, tmp_path, "v1", [*UNRELATED, RESPELLED])
    (first,) = rescreen_pending(store, settings)  # the first version, in full: the end user is listed
    assert first.mode == "full" and len(_hit_alerts(store, case_id)) == 1
    assert rescreen_pending(store, settings) == []  # nothing pending, matcher unchanged
    with store.transaction() as conn:
        current = alert_rows.get_state(conn, ALGORITHM_KEY)
        alert_rows.set_state(conn, ALGORITHM_KEY, "an-older-matcher@0.1")
    (full,) = rescreen_pending(store, settings)
    assert (full.scope, full.mode, full.hits, full.alerts) == ("all lists", "full", 1, ())  # raised before
    with store.transaction() as conn:
        assert alert_rows.get_state(conn, ALGORITHM_KEY) == current


def test_a_related_entity_hint_raises_no_alert(settings: Settings, store: Store, tmp_path: Path) -> None:
    """An unlisted subsidiary of a listed parent is a hint, never a hit: re-screening its case raises
    nothing, while the listed parent's own case alerts."""
    subsidiary, parent = "Norbrook Vision India Private Limited", "Norbrook Vision Technologies Co., Ltd."
    related = [
        {"id": "os-parent", "schema": "Company", "properties": {"name": [parent], "topics": ["export.control"]}},
        {"id": "os-sub", "schema": "Company", "properties": {"name": [subsidiary], "country": ["in"]}},
        {"id": "os-own", "schema": "Ownership", "properties": {"owner": ["os-parent"], "asset": ["os-sub"],
                                                               "percentage": ["100"]}},
    ]
    _import(settings, tmp_path, "v1", [*UNRELATED, *related])
    hinted, listed = add_case(store, subsidiary), add_case(store, parent)
    (report,) = rescreen_pending(store, settings)
    assert report.mode == "full"
    assert _hit_alerts(store, hinted) == []
    assert [a.explanation["entry"]["id"] for a in _hit_alerts(store, listed)] == ["opensanctions-os-parent"]
