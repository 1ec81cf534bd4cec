"""A database at the latest migration is opened without alembic; one behind it is migrated."""

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from hrdd.store import db
from hrdd.store.db import MIGRATIONS, at_head, create_engine, migrate, migrations_head
from tests.store.test_migration_0003 import _upgrade


def _alembic_head() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_head_read_from_the_files_is_alembics() -> None:
    assert migrations_head() is not None
    assert migrations_head() == _alembic_head()


def test_a_file_that_is_not_plain_gives_no_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "versions").mkdir()
    for source in sorted((MIGRATIONS / "versions").glob("*.py")):
        (tmp_path / "versions" / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(db, "MIGRATIONS", tmp_path)
    db.migrations_head.cache_clear()
    try:
        assert migrations_head() == _alembic_head()
        (tmp_path / "versions" / "9999_branch.py").write_text(  # a second head: alembic must decide
            'revision = "9999"\ndown_revision = "0001"\n', encoding="utf-8")
        db.migrations_head.cache_clear()
        assert migrations_head() is None
        (tmp_path / "versions" / "9999_branch.py").write_text(
            'revision = make_id()\ndown_revision = "0001"\n', encoding="utf-8")
        db.migrations_head.cache_clear()
        assert migrations_head() is None
    finally:
        db.migrations_head.cache_clear()


def test_behind_is_migrated_and_at_head_skips_alembic(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_engine(database_url)
    assert not at_head(engine)  # an empty database
    _upgrade(engine, "0002")
    assert not at_head(engine)
    migrate(engine)
    assert at_head(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == _alembic_head()
        assert "transparency_reports" in sa.inspect(connection).get_table_names()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("alembic ran on a database already at the head")

    import alembic.command

    monkeypatch.setattr(alembic.command, "upgrade", refuse)
    migrate(engine)  # nothing to do, nothing loaded
    engine.dispose()


def test_a_new_process_on_a_migrated_database_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(create_engine(url))
    code = ("import sys; from hrdd.store import open_store; open_store(sys.argv[1]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))")
    done = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[]"
