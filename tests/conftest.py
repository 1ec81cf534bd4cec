"""Shared fixtures. Tests that read ../shared/data use ``shared_data`` and skip when absent."""

from pathlib import Path

import pytest

pytest_plugins = ["tests.service_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"public datasets not found at {SHARED_DATA} (clone ../shared beside the project)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One HRDD_CACHE_DIR per test session: rigour's person-name phrase table is built once
    (about 10 s), not in every test's HRDD_HOME."""
    return tmp_path_factory.mktemp("hrdd-cache")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> Path:
    """Every test gets its own HRDD_HOME so nothing touches the user's data."""
    home = tmp_path / "hrdd-home"
    monkeypatch.setenv("HRDD_HOME", str(home))
    monkeypatch.setenv("HRDD_CACHE_DIR", str(cache_dir))
    from hrdd.settings import get_settings

    get_settings.cache_clear()
    return home


def _reset_postgres(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: SQLite always; PostgreSQL when HRDD_TEST_DATABASE_URL is set."""
    import os

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url = os.environ.get("HRDD_TEST_DATABASE_URL")
    if not url:
        pytest.skip("HRDD_TEST_DATABASE_URL is not set (scripts/test.sh sets it when PostgreSQL is reachable)")
    _reset_postgres(url)
    from hrdd.services.store import forget_stores
    from hrdd.store import _MIGRATED

    _MIGRATED.discard(url)
    forget_stores()
    return url


@pytest.fixture
def store(database_url: str):  # type: ignore[no-untyped-def]  # yields hrdd.store.Store
    from hrdd.store import open_store

    opened = open_store(database_url)
    yield opened
    opened.engine.dispose()
