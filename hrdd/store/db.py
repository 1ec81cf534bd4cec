"""Engines, transactions and migrations. The only place that looks at the SQL dialect."""

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from hrdd.exc import InvalidInput, Problem
from hrdd.model.limits import (
    COLUMN_LIMITS,
    ENGAGEMENT_COLUMN_LIMITS,
    GRIEVANCE_COLUMN_LIMITS,
    length_constraint,
)

T = TypeVar("T")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def row_as(cls: type[T], row: Any) -> T:
    """A result row as the slots dataclass ``cls`` (its fields name the columns to read)."""
    return cls(**{name: getattr(row, name) for name in cls.__slots__})  # type: ignore[attr-defined]  # slots dataclasses only


def limit_error(err: sa.exc.DBAPIError) -> InvalidInput | None:
    """The database refused a value as too long (migration 0005, or a VARCHAR on PostgreSQL):
    the same InvalidInput on both databases; None for any other error."""
    text = str(err.orig)
    for table, column, limit in COLUMN_LIMITS + GRIEVANCE_COLUMN_LIMITS + ENGAGEMENT_COLUMN_LIMITS:
        if length_constraint(table, column) in text:
            return InvalidInput(f"{column} is too long", [Problem(
                f"{column} is too long", field=column, expected=f"at most {limit} characters")])
    if "value too long for type" in text:  # PostgreSQL checks VARCHAR lengths before CHECK constraints
        return InvalidInput("a value is too long", [Problem("a value is longer than the database allows",
                                                            found=text.splitlines()[0])])
    return None


def is_sqlite(engine: sa.Engine) -> bool:
    return engine.dialect.name == "sqlite"


def is_postgres(engine: sa.Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


_MIGRATION_LOCK = 0x68726465  # advisory lock key on PostgreSQL


@cache
def migrations_head() -> str | None:
    """The latest revision of the migrations, read from their files with ``ast`` (alembic, with
    mako and pygments, costs 0.2 s of CPU to import); None when the files do not name exactly
    one head plainly (alembic decides then). tests/store/test_migrations_head.py compares it
    with alembic's own answer."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        values: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                try:
                    values[target.id] = ast.literal_eval(value)
                except ValueError:
                    return None
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str) or "down_revision" not in values:
            return None
        revisions.add(revision)
        downs.update(d for d in (down if isinstance(down, (tuple, list)) else (down,)) if isinstance(d, str))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: sa.Engine) -> bool:
    """The database's schema is at the latest migration (then an upgrade would do nothing)."""
    head = migrations_head()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    except sa.exc.DBAPIError:
        return False  # no schema yet
    return [r[0] for r in rows] == [head]


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the latest migration (the same migrations on both databases).

    Several processes may start at once (app workers, batch screening workers): one migrates
    while the others wait, then find nothing to do. A database already at the latest revision
    is left alone without loading alembic (a new CLI process pays 0.2 s less).
    """
    if at_head(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _migration_lock(engine), engine.connect() as connection:
        if is_sqlite(engine):
            # a batch migration rebuilds a table (copy, drop, rename): with foreign keys enforced,
            # dropping a referenced table fails. Off for the migration (outside its transaction,
            # where SQLite allows the change), checked after it, on again before the pool reuses it.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if is_postgres(engine):
                    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if is_sqlite(engine):
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left rows without their parent: {broken[:5]}")
        finally:
            if is_sqlite(engine):
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


@contextmanager
def _migration_lock(engine: sa.Engine) -> Iterator[None]:
    database = engine.url.database if is_sqlite(engine) else None
    if not database or database == ":memory:":
        yield
        return
    import fcntl

    lock_path = Path(f"{database}.migrate.lock")
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    with engine.begin() as connection:
        yield connection
