"""INSERT … ON CONFLICT for both databases, through SQLAlchemy's dialect inserts."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from hrdd.store.db import is_postgres


def insert_ignoring(conn: sa.Connection, table: sa.Table, values: dict[str, Any],
                    keys: list[str]) -> tuple[Any, ...] | None:
    """Insert a row unless one with the same ``keys`` (a unique constraint) exists.

    Returns the new row's primary key, or None when the row was already there; the database
    decides, so two processes racing to insert the same row both succeed and one row results.
    (RETURNING rather than ``rowcount``, which psycopg reports for the implicit RETURNING.)"""
    pk = list(table.primary_key.columns)
    if is_postgres(conn.engine):
        pg = postgresql.insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
        row = conn.execute(pg.returning(*pk)).first()
    else:
        lite = sqlite.insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
        row = conn.execute(lite.returning(*pk)).first()
    return None if row is None else tuple(row)


def upsert(conn: sa.Connection, table: sa.Table, values: dict[str, Any], keys: list[str]) -> None:
    """Insert a row or update the existing one with the same ``keys``."""
    changes = {k: v for k, v in values.items() if k not in keys}
    if is_postgres(conn.engine):
        conn.execute(postgresql.insert(table).values(**values).on_conflict_do_update(
            index_elements=keys, set_=changes))
        return
    conn.execute(sqlite.insert(table).values(**values).on_conflict_do_update(index_elements=keys, set_=changes))
