"""Shared fixtures. Tests that read ../shared/data use ``shared_data`` and skip when absent."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"public datasets not found at {SHARED_DATA} (clone ../shared beside the project)")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own HRDD_HOME so nothing touches the user's data."""
    home = tmp_path / "hrdd-home"
    monkeypatch.setenv("HRDD_HOME", str(home))
    from hrdd.settings import get_settings

    get_settings.cache_clear()
    return home
