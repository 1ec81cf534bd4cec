"""The signals and re-assessment API: record (201), list, problems named by field (422), refused on a
case that is not an engagement (409), re-assessment in the request on SQLite, its diff and reports;
concurrent recordings through a running app."""

import threading

import pytest
from fastapi.testclient import TestClient

from hrdd.settings import Settings
from tests.service_fixtures import PASSWORD
from tests.services.signal_fixtures import approved_case


def run_jobs(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL: the request queued the re-assessment; a procrastinate worker runs it (burst).
    SQLite: it ran in the request already."""
    if not settings.db_url.startswith("postgresql"):
        return
    from hrdd.jobs.worker import run_worker
    from hrdd.settings import get_settings

    monkeypatch.setenv("HRDD_DATABASE_URL", settings.db_url)
    monkeypatch.setenv("HRDD_HOME", str(settings.home))
    get_settings.cache_clear()
    run_worker(get_settings(), burst=True)


SIGNAL = {"kind": "misuse_report", "severity": "high", "source": "Citizen Lab, 2026-11-30",
          "description": "Forensic analysis found the platform used against two journalists."}


def test_record_list_and_see_the_re_assessment_and_its_diff(app, login, settings: Settings,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store = app.state.store
    case_id = approved_case(store, settings)
    analyst, auditor = login("analyst"), login("auditor")
    assert auditor.post(f"/api/cases/{case_id}/signals", json=SIGNAL).status_code == 403
    created = analyst.post(f"/api/cases/{case_id}/signals", json=SIGNAL)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["kind"] == "misuse_report" and [r["id"] for r in body["responses"]] == ["suspend", "terminate"]
    listed = auditor.get(f"/api/cases/{case_id}/signals").json()["signals"]
    assert [s["id"] for s in listed] == [body["id"]]
    run_jobs(settings, monkeypatch)
    (row,) = auditor.get(f"/api/cases/{case_id}/reassessments").json()["reassessments"]
    assert row["trigger"] in ("signal", f"signal:{body['id']}") and row["signal_mark"] == body["id"]
    diff = auditor.get(row["links"]["diff"]).json()
    assert any(f["id"] == "end_user_record_of_misuse" and f["status_to"] == "true" for f in diff["red_flags"])
    assert diff["approved_report"] == row["approved_report"]
    report = auditor.get(row["links"]["report"]).json()
    approved = auditor.get(row["links"]["report"] + "?which=approved").json()
    assert report["schema"] == approved["schema"] == "hrdd.report/1"
    assert auditor.get(f"/api/cases/{case_id}/reassessments/999999/diff").status_code == 404
    case = auditor.get(f"/api/cases/{case_id}").json()
    assert case["state"] == "approved" and case["revision"] == 1  # the decision record is untouched


def test_bad_input_is_a_422_naming_fields_and_a_draft_case_a_409(app, login, settings: Settings,  # type: ignore[no-untyped-def]
                                                                 case_text: str) -> None:
    analyst = login("analyst")
    case_id = approved_case(app.state.store, settings)
    bad = analyst.post(f"/api/cases/{case_id}/signals", json={"kind": "gossip", "description": "x", "source": ""})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"kind", "description", "source"}
    typed = analyst.post(f"/api/cases/{case_id}/signals", json={**SIGNAL, "severity": "extreme"})
    assert typed.status_code == 422 and typed.json()["errors"][0]["field"].startswith("body.severity")
    draft = analyst.post("/api/cases", json={"case_text": case_text}).json()["id"]
    assert analyst.post(f"/api/cases/{draft}/signals", json=SIGNAL).status_code == 409
    assert analyst.get("/api/cases/CASE-1999-0001/signals").status_code == 404


def test_concurrent_recordings_each_get_a_201_and_one_re_assessment_per_input(  # type: ignore[no-untyped-def]
        app, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = approved_case(app.state.store, settings)
    barrier = threading.Barrier(4)
    codes: list[int] = []

    def record() -> None:
        with TestClient(app) as client:
            token = client.post("/api/login", json={"username": "analyst", "password": PASSWORD}).json()["csrf_token"]
            barrier.wait()
            codes.append(client.post(f"/api/cases/{case_id}/signals", json=SIGNAL,
                                     headers={"X-CSRF-Token": token}).status_code)

    threads = [threading.Thread(target=record) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [201] * 4
    run_jobs(settings, monkeypatch)
    with TestClient(app) as client:
        client.post("/api/login", json={"username": "auditor", "password": PASSWORD})
        rows = client.get(f"/api/cases/{case_id}/reassessments").json()["reassessments"]
        signals = client.get(f"/api/cases/{case_id}/signals").json()["signals"]
    assert len(signals) == 4
    keys = [(r["fingerprint"], r["signal_mark"]) for r in rows]
    assert len(keys) == len(set(keys)) and max(r["signal_mark"] for r in rows) == max(s["id"] for s in signals)
