"""After the sale, end to end (issue 11's "Done when"): one story through the HTTP API, the CLI and
the background jobs, on PostgreSQL with a real procrastinate worker process and on SQLite with the
jobs in-process (no server).

An analyst creates and assesses a case whose end user is "Orion Vision Systems LLC", proposes to
proceed with conditions and an approver approves it; the analyst activates it as an engagement
with an obligation. Then, one at a time, the world changes and the user sees it in the inbox:

1. a new version of the UN Security Council list (the real list from ../shared/data, plus one
   entity in the publisher's XML format) adds the end user as "ORION VIZION SYSTEMS": one
   screening alert on the case, explained;
2. a documented-misuse record naming the end user is published (HRDD_MISUSE_PATH): a
   re-assessment alert listing what moved;
3. the obligation's due date passes: an overdue alert;
4. someone reports the end user anonymously through the public API, follows the report with
   the receipt code, and the grievance officer links it to the case: a post-sale signal on the
   engagement with its red flags and proposed responses, and a re-assessment that reads it;
5. the year's transparency report, proposed and published by two people, counts all this with
   small-cell suppression and names no one.

After each change the background work runs the way it does in production: ``queue_or_run`` (what
``hrdd lists import`` and the API call) queues it for the running ``hrdd worker`` on PostgreSQL
and runs it in this process on SQLite.
"""

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from hrdd.cli import cli
from hrdd.countries.misuse import CATALOG_DIR
from hrdd.jobs.app import uses_procrastinate
from hrdd.jobs.worker import queue_or_run
from hrdd.services.alerts import CONDITION_OVERDUE, REASSESSMENT_MOVED, SCREENING_HIT
from hrdd.settings import Settings, get_settings
from hrdd.store import work
from hrdd.transparency.figures import OUTCOMES
from tests.service_fixtures import JUSTIFY_ALL
from tests.services.rescreen_fixtures import END_USER, case_text
from tests.services.test_reassess import document_misuse

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]
ROOT = Path(__file__).resolve().parents[2]
UN_LIST = "un_sc_consolidated_list/consolidated_2026-02-27.xml"
RESPELLED = "ORION VIZION SYSTEMS"  # how the list spells the end user
WAIT_SECONDS = 240.0  # the worker's first job loads the name analyser; the machine is shared


def un_version(shared: Path, target: Path) -> Path:
    """The real UN consolidated list with one more entity, the end user under another spelling, in
    the publisher's own XML format, generated a day later (a new list version)."""
    text = (shared / UN_LIST).read_text(encoding="utf-8")
    entity = f"""    <ENTITY>
      <DATAID>9990001</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>{RESPELLED}</FIRST_NAME>
      <UN_LIST_TYPE>DRC</UN_LIST_TYPE>
      <REFERENCE_NUMBER>CDe.999</REFERENCE_NUMBER>
      <LISTED_ON>2026-02-28</LISTED_ON>
      <COMMENTS1>Supplied surveillance equipment used against protesters.</COMMENTS1>
      <LIST_TYPE>
        <VALUE>UN List</VALUE>
      </LIST_TYPE>
      <ENTITY_ADDRESS>
        <CITY>Sao Paulo</CITY>
        <COUNTRY>Brazil</COUNTRY>
      </ENTITY_ADDRESS>
      <SORT_KEY/>
      <SORT_KEY_LAST_MOD/>
    </ENTITY>
  </ENTITIES>"""
    assert text.count("</ENTITIES>") == 1
    text = text.replace("  </ENTITIES>", entity).replace('dateGenerated="2026-02-27', 'dateGenerated="2026-02-28')
    target.write_text(text, encoding="utf-8")
    return target


@dataclass
class Jobs:
    """The background work after each step, as in production: a running ``hrdd worker`` process
    (procrastinate) on PostgreSQL, the in-process runner on SQLite."""

    settings: Settings
    worker: "subprocess.Popen[bytes] | None"
    log: Path

    def run_until(self, done: Callable[[], Any], what: str) -> Any:
        """Queue (PostgreSQL) or run (SQLite) what is pending, then wait until ``done()`` is truthy."""
        queue_or_run(self.settings)
        if self.worker is None:
            result = done()
            assert result, f"in-process jobs did not {what}"
            return result
        deadline = time.monotonic() + WAIT_SECONDS
        while not (result := done()):
            assert self.worker.poll() is None, f"the worker died before it could {what}:\n{self.log_tail()}"
            assert time.monotonic() < deadline, f"the worker did not {what} in {WAIT_SECONDS:.0f} s:\n{self.log_tail()}"
            time.sleep(0.2)
        return result

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])


@pytest.fixture
def misuse_dir(tmp_path: Path) -> Path:
    target = tmp_path / "misuse"
    shutil.copytree(CATALOG_DIR, target)
    return target


@pytest.fixture
def env(tmp_path: Path, database_url: str, misuse_dir: Path) -> dict[str, str]:
    return {"HRDD_HOME": str(tmp_path / "home"), "HRDD_DATABASE_URL": database_url,
            "HRDD_MISUSE_PATH": str(misuse_dir), "HRDD_LIST_REFRESH": "false", "HRDD_COOKIE_SECURE": "false",
            "HRDD_GRIEVANCE_KEYS": Fernet.generate_key().decode(), "HRDD_WORKER_HEARTBEAT_SECONDS": "1"}


@pytest.fixture
def settings(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The settings of this process, the CLI and the worker process alike (HRDD_* variables)."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def jobs(settings: Settings, env: dict[str, str], tmp_path: Path) -> Iterator[Jobs]:
    log = tmp_path / "worker.log"
    log.write_bytes(b"")
    if not uses_procrastinate(settings):
        yield Jobs(settings, None, log)
        return
    with log.open("wb") as out:
        worker = subprocess.Popen([sys.executable, "-m", "hrdd", "worker"], cwd=ROOT, env={**os.environ, **env},
                                  stdout=out, stderr=subprocess.STDOUT)
    running = Jobs(settings, worker, log)
    try:
        yield running
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=10)
    assert worker.returncode == 0, f"the worker did not stop cleanly ({worker.returncode}):\n{running.log_tail()}"


def alerts_on(session: Any, case_id: str, kind: str) -> list[dict[str, Any]]:
    response = session.get("/api/alerts", params={"case": case_id})
    assert response.status_code == 200, response.text
    return [a for a in response.json()["alerts"] if a["kind"] == kind and a["case_id"] == case_id]


def entries(output: str) -> int:
    found = re.search(r"un-sc: (\d+) entries", output)
    assert found, output
    return int(found.group(1))


def table(report: dict[str, Any], table_id: str) -> dict[str, Any]:
    (found,) = [t for t in report["tables"] if t["id"] == table_id]
    return found


def nonzero(figures: list[Any]) -> list[Any]:
    return [f for f in figures if f not in (0, "0")]


def test_after_the_sale(app, login, settings: Settings, jobs: Jobs, shared_data: Path,  # type: ignore[no-untyped-def]
                        misuse_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    analyst, approver, officer, auditor = login("analyst"), login("approver"), login("grievance_officer"), login("auditor")
    public = TestClient(app)

    # the lists in force when the case is assessed: the real UN list, re-screened (nothing to find yet)
    loaded = runner.invoke(cli, ["lists", "import", "un-sc", str(shared_data / UN_LIST)])
    assert loaded.exit_code == 0, loaded.output
    jobs.run_until(lambda: "un-sc" not in str(_pending(settings)), "re-screen the first list version")

    # --- a case, assessed, proposed by one person and approved by another, activated ---
    created = analyst.post("/api/cases", json={"case_text": case_text()})
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    assessed = analyst.post(f"/api/cases/{case_id}/assess")
    assert assessed.status_code == 200, assessed.text
    report = analyst.get(f"/api/cases/{case_id}/report").json()
    assert report["screening"]["performed"] and "un-sc" in str(report["screening"])
    assert not [h for h in report["screening"].get("hits", []) if RESPELLED in str(h)]  # not listed yet
    tag = {"If-Match": analyst.get(f"/api/cases/{case_id}").headers["etag"]}
    decision = analyst.post(f"/api/cases/{case_id}/decisions", headers=tag,
                            json={"outcome": "proceed_with_conditions", "rationale": "Proceed on the report's conditions"})
    assert decision.status_code == 201, decision.text
    decision_id = decision.json()["decision"]["id"]
    own = analyst.post(f"/api/decisions/{decision_id}/approve", json={"note": "Mine", "justifications": JUSTIFY_ALL})
    assert own.status_code == 403  # the maker is not the checker
    approved = approver.post(f"/api/decisions/{decision_id}/approve",
                             json={"note": "Agreed with the conditions", "justifications": JUSTIFY_ALL})
    assert approved.status_code == 200, approved.text
    assert analyst.get(f"/api/cases/{case_id}").json()["state"] == "approved"

    safeguard = report["conditions"][0]  # the first condition of the decision becomes an obligation
    obligation = analyst.post(f"/api/cases/{case_id}/conditions", json={
        "safeguard": safeguard, "owner": "analyst", "due": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        "note": "Proof of the contract clause"})
    assert obligation.status_code == 201, obligation.text
    obligation_id = obligation.json()["condition"]["id"]
    tag = {"If-Match": analyst.get(f"/api/cases/{case_id}").headers["etag"]}
    activated = analyst.post(f"/api/engagements/{case_id}/activate", headers=tag, json={
        "contract_ref": "C-2026-017", "contract_start": dt.date.today().isoformat(), "reason": "Contract signed"})
    assert activated.status_code == 201, activated.text
    engagement = analyst.get(f"/api/engagements/{case_id}").json()
    assert engagement["state"] == "active" and [o["id"] for o in engagement["obligations"]] == [obligation_id]
    jobs.run_until(lambda: not _pending(settings), "settle after the activation")
    assert analyst.get("/api/alerts", params={"case": case_id}).json()["alerts"] == []  # nothing to say yet

    # --- 1. a new list version adds the end user under another spelling ---
    imported = runner.invoke(cli, ["lists", "import", "un-sc", str(un_version(shared_data, tmp_path / "un-v2.xml"))])
    assert imported.exit_code == 0, imported.output
    assert f"{entries(loaded.output) + 1} entries" in imported.output  # one more listed entity …
    assert re.search(r"version 2: [1-9]\d* added, 0 changed, 0 removed", imported.output)  # … and nothing else moved
    (hit,) = jobs.run_until(lambda: alerts_on(analyst, case_id, SCREENING_HIT), "raise the screening alert")
    explained = hit["explanation"]
    assert explained["party"]["name"] == END_USER and explained["party"]["role"] == "end_user"
    assert explained["entry"]["name"] == RESPELLED and explained["change"] == "added"
    assert explained["score"] >= explained["threshold"] and str(explained["list_version"]).startswith("un-sc")
    assert END_USER in hit["title"] or RESPELLED in hit["title"] or case_id in hit["title"]
    jobs.run_until(lambda: not _pending(settings), "finish the re-screening")
    everything = analyst.get("/api/alerts", params={"case": case_id}).json()["alerts"]
    assert [a["id"] for a in everything] == [hit["id"]]  # exactly one alert, however often the jobs ran

    # --- 2. a documented-misuse record names the end user: re-assessment with what changed ---
    document_misuse(misuse_dir)
    (moved,) = jobs.run_until(lambda: alerts_on(approver, case_id, REASSESSMENT_MOVED), "re-assess the case")
    what = moved["explanation"]
    assert any(END_USER in r for r in what["misuse_records"]["added"])
    assert any(v["name"] == "data:misuse_records" for v in what["versions"])
    assert any(f["id"] == "end_user_record_of_misuse" and f["status_to"] == "true" for f in what["red_flags"])
    assert what["changed"] and (what["recommendation"] or what["risks"])
    (row,) = analyst.get(f"/api/cases/{case_id}/reassessments").json()["reassessments"]
    assert row["moved"] and row["trigger"] == "versions" and row["alert_id"] == moved["id"]
    diff = analyst.get(row["links"]["diff"])
    assert diff.status_code == 200 and diff.json()["summary"] == what["changed"]
    assert analyst.get(f"/api/cases/{case_id}").json()["state"] == "active"  # the decision stands

    # --- 3. the obligation's due date passes (31 days on: the worker's clock cannot be moved, so the
    # due date is moved back by as much) ---
    with app.state.store.transaction() as conn:
        work.update_condition(conn, obligation_id, due=dt.date.today() - dt.timedelta(days=1))
    (late,) = jobs.run_until(lambda: alerts_on(analyst, case_id, CONDITION_OVERDUE), "raise the overdue alert")
    assert late["explanation"]["condition"] == obligation_id and late["explanation"]["owner"] == "analyst"
    assert late["explanation"]["days_overdue"] == 1 and safeguard in late["title"]
    (line,) = analyst.get("/api/engagements", params={"due": True}).json()["engagements"]
    assert line["case_id"] == case_id and line["overdue_conditions"] == 1

    # --- 4. an anonymous grievance, its receipt code, its status; the officer links it to the case ---
    sent = public.post("/api/grievances", json={
        "about": "customer", "category": "privacy", "subject": END_USER, "country": "BR",
        "description": "The cameras this company sold are used to follow journalists in Sao Paulo."})
    assert sent.status_code == 201, sent.text
    code = sent.json()["receipt_code"]
    grievance_id = sent.json()["grievance"]["id"]
    assert len(re.sub(r"[^0-9A-Za-z]", "", code)) >= 26 and "only once" in sent.json()["notice"]
    status = public.post("/api/grievances/status", json={"receipt_code": code})
    assert status.status_code == 200 and status.json()["grievance"]["state"] == "received"
    assert public.post("/api/grievances/status", json={"receipt_code": code[:-2] + "XX"}).status_code in (404, 422)
    assert analyst.get(f"/api/grievances/{grievance_id}").status_code == 403  # not for the case's readers
    acknowledged = officer.post(f"/api/grievances/{grievance_id}/transitions",
                                json={"action": "acknowledge", "revision": 1})
    assert acknowledged.status_code == 200, acknowledged.text
    revision = acknowledged.json()["grievance"]["revision"]
    linked = officer.post(f"/api/grievances/{grievance_id}/link", json={"case_id": case_id, "revision": revision})
    assert linked.status_code == 200, linked.text
    assert public.post("/api/grievances/status", json={"receipt_code": code}).json()["grievance"]["state"] == "acknowledged"
    (signal_row,) = analyst.get(f"/api/cases/{case_id}/signals").json()["signals"]
    assert signal_row["kind"] == "grievance" and signal_row["grievance_id"] == grievance_id
    assert "end_user_record_of_misuse" in signal_row["flags"] and "engage" in [r["id"] for r in signal_row["responses"]]
    assert "journalists" not in str(signal_row)  # the grievance's text stays with the grievance role

    def read_by_a_reassessment() -> list[dict[str, Any]]:
        rows = analyst.get(f"/api/cases/{case_id}/reassessments").json()["reassessments"]
        return [r for r in rows if r["signal_mark"] >= signal_row["id"]]

    (after_signal,) = jobs.run_until(read_by_a_reassessment, "re-assess the case after the signal")
    assert after_signal["trigger"] == f"signal:{signal_row['id']}"
    flags = analyst.get(after_signal["links"]["report"]).json()["red_flags"]
    (flag,) = [f for f in flags if f["id"] == "end_user_record_of_misuse"]
    assert f"signal {signal_row['id']}" in flag["explanation"] or flag["source"].startswith(("signal:", "misuse"))

    # --- 5. the transparency report of the year, drawn now (provisional: the year has not ended, so it
    # cannot be proposed for publication yet; publishing a past period: tests/api/test_transparency_api.py) ---
    period = str(dt.date.today().year)
    early = analyst.post("/api/transparency-reports", json={"period": period})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "period"
    drawn = runner.invoke(cli, ["transparency", "--period", period, "--format", "json"])
    assert drawn.exit_code == 0, drawn.output
    figures = json.loads(drawn.stdout)
    assert figures["period"]["id"] == period
    decided = table(figures, "transactions_by_region_and_outcome")
    # one case decided, with conditions: shown as "<5" wherever it is counted
    assert set(nonzero([decided["totals"]["total"], *decided["totals"]["cells"]])) == {"<5"}
    assert decided["totals"]["cells"][[o for o, _ in OUTCOMES].index("proceed_with_conditions")] == "<5"
    (region,) = [r for r in decided["rows"] if nonzero([r["total"]])]
    assert region["total"] == "<5"
    conditions = table(figures, "conditions_by_safeguard")
    assert set(nonzero([r["total"] for r in conditions["rows"]])) == {"<5"}  # the one obligation
    hits = table(figures, "rescreening_hits")
    assert nonzero([hits["totals"]["total"]]) == ["<5"]  # the one re-screening hit
    received = table(figures, "grievances_by_category_and_status")
    assert nonzero([received["totals"]["total"]]) == ["<5"]  # the one grievance
    markdown = runner.invoke(cli, ["transparency", "--period", period, "--format", "md"]).stdout
    assert "<5" in markdown and "ethod" in markdown  # the figures and the methodology
    for secret in (END_USER, RESPELLED, "Orion", "C-2026-017", "journalists", "Sao Paulo"):
        assert secret.lower() not in (drawn.stdout + markdown).lower(), secret
    assert auditor.get(f"/api/cases/{case_id}").json()["state"] == "active"
    if jobs.worker is not None:  # the worker process did the background work, and none of it failed
        with app.state.store.transaction() as conn:
            ran = conn.execute(sa.text("SELECT task_name, status FROM procrastinate_jobs")).all()
        assert {t for t, status in ran if status == "succeeded"} >= {
            "hrdd:rescreen_version", "hrdd:reassess_due", "hrdd:scan_due_dates"}
        assert not [t for t, status in ran if status == "failed"], ran


def _pending(settings: Settings) -> list[str]:
    from hrdd.jobs.work import pending

    return [item.lock for item in pending(settings)]
