"""A real procrastinate worker process on PostgreSQL: re-screening after a list import, and a
worker killed with SIGKILL part-way through (no lost work, no duplicate alerts)."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from hrdd.services.lists import import_list
from hrdd.services.rescreen import rescreen_pending
from hrdd.services.store import get_store
from hrdd.settings import Settings
from hrdd.store import Store
from hrdd.store.tables import alerts, case_parties, cases, list_versions
from tests.services.rescreen_fixtures import END_USER, RESPELLED, UNRELATED, add_case, write_version

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    if not database_url.startswith("postgresql"):
        pytest.skip("procrastinate runs on PostgreSQL")
    return Settings(home=tmp_path / "home", database_url=database_url)


def _env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "HRDD_HOME": str(settings.home), "HRDD_DATABASE_URL": settings.db_url,
            "HRDD_LIST_REFRESH": "false", "HRDD_WORKER_HEARTBEAT_SECONDS": "0.5"}


def _worker(settings: Settings, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "hrdd", "worker", *args], cwd=ROOT, env=_env(settings),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _burst(settings: Settings) -> None:
    proc = _worker(settings, "--burst")
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out.decode(errors="replace")


def _count(store: Store, query: sa.Select[tuple[int]]) -> int:
    with store.transaction() as conn:
        return int(conn.execute(query).scalar_one())


def _monitored_copies(store: Store, n: int) -> None:
    """``n`` active cases whose end user is the one the list will add (written straight to the store)."""
    now = dt.datetime.now(dt.UTC)
    with store.transaction() as conn:
        conn.execute(cases.insert(), [{
            "id": f"CASE-LOAD-{i:05d}", "title": "load", "state": "active", "case_text": "-", "country": "BR",
            "end_user": END_USER, "created_by": "analyst", "created_at": now, "updated_at": now, "revision": 1,
        } for i in range(n)])
        conn.execute(case_parties.insert(), [{
            "case_id": f"CASE-LOAD-{i:05d}", "position": 0, "revision": 1, "role": "end_user", "party_index": None,
            "name": END_USER, "countries": ["br"], "identifiers": [],
        } for i in range(n)])


def test_worker_process_raises_the_alert_for_an_end_user_added_under_another_spelling(
        settings: Settings, tmp_path: Path) -> None:
    store = get_store(settings)
    import_list("opensanctions", [write_version(tmp_path / "v1.ftm.json", UNRELATED)], settings)
    case_id = add_case(store)
    rescreen_pending(store, settings)  # the first version, in full (here: a worker process would
    # spend most of its time loading the name analyser): nothing on this case
    hits = sa.select(sa.func.count()).select_from(alerts).where(alerts.c.case_id == case_id)
    assert _count(store, hits) == 0
    import_list("opensanctions", [write_version(tmp_path / "v2.ftm.json", [*UNRELATED, RESPELLED])], settings)
    _burst(settings)
    with store.transaction() as conn:
        (row,) = conn.execute(sa.select(alerts).where(alerts.c.case_id == case_id)).all()
        jobs = conn.execute(sa.text("SELECT task_name, status FROM procrastinate_jobs "
                                    "WHERE task_name = 'hrdd:rescreen_version'")).all()
    assert row.kind == "screening.hit" and row.explanation["entry"]["name"] == "ORION VIZION SYSTEMS"
    assert row.explanation["party"]["name"] == END_USER and row.explanation["change"] == "added"
    assert [j.status for j in jobs] == ["succeeded"]


def test_a_worker_killed_mid_rescreen_loses_nothing_and_raises_no_duplicate(settings: Settings,
                                                                            tmp_path: Path) -> None:
    store = get_store(settings)
    import_list("opensanctions", [write_version(tmp_path / "v1.ftm.json", UNRELATED)], settings)
    rescreen_pending(store, settings)
    copies = 600
    _monitored_copies(store, copies)
    import_list("opensanctions", [write_version(tmp_path / "v2.ftm.json", [*UNRELATED, RESPELLED])], settings)
    raised = sa.select(sa.func.count()).select_from(alerts).where(alerts.c.kind == "screening.hit")
    pending = sa.select(sa.func.count()).select_from(list_versions).where(list_versions.c.rescreened_at.is_(None))

    worker = _worker(settings)
    deadline = time.monotonic() + 240
    while _count(store, raised) < 30:
        assert worker.poll() is None and time.monotonic() < deadline, "the worker never got going"
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    assert worker.stdout is not None
    worker.stdout.close()
    partial = _count(store, raised)
    assert 30 <= partial < copies and _count(store, pending) == 1  # killed part-way, version not done

    time.sleep(4)  # the dead worker's heartbeat goes stale (6 x 0.5 s): its job is retried
    _burst(settings)
    assert _count(store, raised) == copies  # every case alerted, none twice
    assert _count(store, pending) == 0
    with store.transaction() as conn:
        keys = conn.execute(sa.select(alerts.c.case_id).where(alerts.c.kind == "screening.hit")).scalars().all()
        statuses = conn.execute(sa.text("SELECT status FROM procrastinate_jobs "
                                        "WHERE task_name = 'hrdd:rescreen_version' ORDER BY id")).scalars().all()
    assert len(set(keys)) == copies
    assert statuses[-1] == "succeeded" and "doing" not in statuses
