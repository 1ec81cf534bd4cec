"""Re-assessment of decided cases: a changed misuse-record file (HRDD_MISUSE_PATH) or a signal
re-assesses the case without touching its decision, and a move raises one explained alert."""

import shutil
import threading
from pathlib import Path

import pytest
import yaml

from hrdd.countries.misuse import CATALOG_DIR
from hrdd.exc import Conflict
from hrdd.jobs import inline
from hrdd.reports.diff import diff_reports
from hrdd.services import cases, reassess, signals
from hrdd.services.alerts import REASSESSMENT_MOVED, list_alerts
from hrdd.services.permissions import Actor, Role
from hrdd.services.signals import SignalInput
from hrdd.services.store import get_store
from hrdd.settings import Settings, get_settings
from hrdd.store import Store
from hrdd.store.cases import get_case
from tests.services.rescreen_fixtures import END_USER
from tests.services.signal_fixtures import ANALYST, approved_case

AUDITOR = Actor("aud", Role.AUDITOR)


@pytest.fixture
def misuse_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "misuse"
    shutil.copytree(CATALOG_DIR, target)
    monkeypatch.setenv("HRDD_MISUSE_PATH", str(target))
    get_settings.cache_clear()
    return target


@pytest.fixture
def settings(tmp_path: Path, database_url: str, misuse_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("HRDD_DATABASE_URL", database_url)
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def store(settings: Settings) -> Store:
    return get_store(settings)


def document_misuse(misuse_dir: Path, name: str = END_USER) -> None:
    """Add a documented-misuse record naming the end user (a copy of a Brazilian record, renamed)."""
    path = misuse_dir / "americas.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (template,) = [i for i in data["items"] if i["country"] == "BR"]
    data["items"].append({**template, "id": "br_orion_vision", "name": name, "aliases": [],
                          "categories": ["biometric_identification", "data_analytics"], "sector": "police"})
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def alerts_of(store: Store, case_id: str) -> list:  # type: ignore[type-arg]
    rows, _ = list_alerts(store, AUDITOR, case_id=case_id)
    return [r for r in rows if r.kind == REASSESSMENT_MOVED]


def test_a_changed_misuse_record_re_assesses_the_case_and_raises_one_explained_alert(
        store: Store, settings: Settings, misuse_dir: Path) -> None:
    case_id = approved_case(store, settings)
    with store.transaction() as conn:
        before = get_case(conn, case_id)
    assert reassess.due_cases(store, settings) == []  # nothing changed since the approval
    document_misuse(misuse_dir)
    (due,) = reassess.due_cases(store, settings)
    assert (due.case_id, due.trigger) == (case_id, "versions")

    inline.run_pending(settings)  # the reassess_due job, in-process on SQLite
    inline.run_pending(settings)  # run twice: nothing more
    assert reassess.reassess_due(store, settings) == []
    (alert,) = alerts_of(store, case_id)
    (row,) = reassess.list_reassessments(store, AUDITOR, case_id)
    assert row.moved and row.alert_id == alert.id and row.trigger == "versions"
    explained = alert.explanation
    assert explained["reassessment"] == row.id and explained["approved_report"] == row.base_report_id
    assert set(explained["links"]) == {"diff", "report", "approved_report"}
    assert any("Orion Vision Systems LLC" in r for r in explained["misuse_records"]["added"])
    assert any(v["name"] == "data:misuse_records" for v in explained["versions"])
    assert any(f["id"] == "end_user_record_of_misuse" and f["status_to"] == "true" for f in explained["red_flags"])
    assert explained["changed"] and (explained["recommendation"] or explained["risks"])
    # the decision record is untouched: same state, revision, recommendation and report
    with store.transaction() as conn:
        after = get_case(conn, case_id)
    assert after is not None and before is not None
    assert (after.state, after.revision, after.recommendation) == (before.state, before.revision, before.recommendation)
    diff = reassess.reassessment_diff(store, AUDITOR, case_id, row.id)
    assert diff["summary"] == explained["changed"]


def test_a_signal_re_assesses_with_its_flag_and_the_alert_names_it(store: Store, settings: Settings) -> None:
    case_id = approved_case(store, settings)
    signal = signals.record_signal(store, ANALYST, case_id, SignalInput(
        kind="misuse_report", severity="high", source="UN Special Rapporteur, 2026-11",
        description="The cameras were used to identify protesters at a rally."))
    (due,) = reassess.due_cases(store, settings)
    assert due.trigger == f"signal:{signal.id}"
    outcome = reassess.reassess_case(store, settings, case_id, trigger=due.trigger)
    assert outcome.created and outcome.reassessment.signal_mark == signal.id
    (flag,) = [f for f in outcome.reassessment.report["red_flags"] if f["id"] == "end_user_record_of_misuse"]
    assert flag["source"] == f"signal:{signal.id}" and f"signal {signal.id}" in flag["explanation"]
    again = reassess.reassess_case(store, settings, case_id, trigger="manual")
    assert not again.created and again.reassessment.id == outcome.reassessment.id
    assert reassess.due_cases(store, settings) == []


def test_a_re_assessment_right_after_a_signal_names_the_signal_as_the_job_does(store: Store, settings: Settings) -> None:
    """On SQLite the request re-assesses at once (``after_signal``); the row says which signal, like
    the ``reassess_due`` job's on PostgreSQL."""
    from hrdd.jobs.worker import after_signal

    case_id = approved_case(store, settings)
    signal = signals.record_signal(store, ANALYST, case_id, SignalInput(
        kind="audit_refused", source="Audit team, 2026-12", description="The customer refused the yearly audit."))
    after_signal(settings, case_id)  # SQLite: re-assessed now; PostgreSQL: left to the job
    reassess.reassess_due(store, settings)  # the job: nothing left to do on SQLite
    (row,) = reassess.list_reassessments(store, AUDITOR, case_id)
    assert row.trigger == f"signal:{signal.id}" and row.signal_mark == signal.id


def test_only_decided_engagements_are_re_assessed(store: Store, settings: Settings) -> None:
    case_id = approved_case(store, settings)
    cases.reopen_case(store, Actor("appr", Role.APPROVER), case_id, "Reopened to change the scope")
    with pytest.raises(Conflict):
        reassess.reassess_case(store, settings, case_id)


def test_concurrent_re_assessments_and_signals_store_one_row_per_input_and_one_alert(
        store: Store, settings: Settings, misuse_dir: Path) -> None:
    case_id = approved_case(store, settings)
    document_misuse(misuse_dir)
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def run(action: str) -> None:
        barrier.wait()
        try:
            if action == "reassess":
                reassess.reassess_case(store, settings, case_id, trigger="versions")
            else:
                signals.record_signal(store, ANALYST, case_id, SignalInput(
                    kind="audit_refused", description="The customer refused the site audit.", source="letter"))
        except BaseException as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(a,)) for a in ("reassess", "reassess", "signal")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = reassess.list_reassessments(store, AUDITOR, case_id)
    keys = [(r.fingerprint, r.signal_mark) for r in rows]
    assert len(keys) == len(set(keys)) and 1 <= len(rows) <= 2
    reassess.reassess_due(store, settings)  # whatever the signal added is picked up now
    assert reassess.due_cases(store, settings) == []
    found = alerts_of(store, case_id)
    assert len({a.dedupe_key for a in found}) == len(found) >= 1


def test_the_diff_of_a_report_with_itself_is_empty_and_a_move_is_listed(store: Store, settings: Settings) -> None:
    case_id = approved_case(store, settings)
    report = cases.latest_report(store, AUDITOR, case_id)
    assert report is not None
    same = diff_reports(report, report)
    assert not same["moved"] and same["summary"] == []
    changed = {**report, "recommendation": "do_not_proceed",
               "residual_risk": {**report["residual_risk"], "level": "critical", "score": 99}}
    moved = diff_reports(report, changed)
    assert moved["moved"] and moved["recommendation"] == {"from": report["recommendation"], "to": "do_not_proceed"}
    assert [r["risk"] for r in moved["risks"]] == ["residual_risk"]
    assert moved["summary"][0].startswith("Recommendation:")
    back = diff_reports(changed, report)  # symmetric: the reverse diff swaps from and to
    assert back["recommendation"] == {"from": "do_not_proceed", "to": report["recommendation"]}
