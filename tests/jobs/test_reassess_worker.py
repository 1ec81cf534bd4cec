"""A real procrastinate worker process on PostgreSQL re-assesses a decided case when a misuse record
changes (HRDD_MISUSE_PATH) and raises one alert however often it runs."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hrdd.countries.misuse import CATALOG_DIR
from hrdd.services.alerts import REASSESSMENT_MOVED, list_alerts
from hrdd.services.permissions import Actor, Role
from hrdd.services.store import get_store
from hrdd.settings import Settings, get_settings
from tests.services.signal_fixtures import approved_case
from tests.services.test_reassess import document_misuse

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


def test_worker_process_re_assesses_after_a_misuse_record_changes(tmp_path: Path, database_url: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("procrastinate runs on PostgreSQL")
    misuse = tmp_path / "misuse"
    shutil.copytree(CATALOG_DIR, misuse)
    home = tmp_path / "home"
    env = {"HRDD_HOME": str(home), "HRDD_DATABASE_URL": database_url, "HRDD_MISUSE_PATH": str(misuse),
           "HRDD_LIST_REFRESH": "false", "HRDD_WORKER_HEARTBEAT_SECONDS": "0.5"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    settings: Settings = get_settings()
    store = get_store(settings)
    case_id = approved_case(store, settings)
    document_misuse(misuse)

    def burst() -> None:
        proc = subprocess.run([sys.executable, "-m", "hrdd", "worker", "--burst"], cwd=ROOT,
                              env={**os.environ, **env}, capture_output=True, timeout=300, check=False)
        assert proc.returncode == 0, proc.stdout.decode(errors="replace") + proc.stderr.decode(errors="replace")

    burst()
    burst()
    rows, _ = list_alerts(store, Actor("aud", Role.AUDITOR), case_id=case_id)
    (alert,) = [r for r in rows if r.kind == REASSESSMENT_MOVED]
    assert any("Orion Vision Systems LLC" in r for r in alert.explanation["misuse_records"]["added"])
