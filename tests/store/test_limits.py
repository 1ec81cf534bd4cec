"""Length limits hold in the database itself, the same way on SQLite and PostgreSQL."""

import pytest
import sqlalchemy as sa

from hrdd.exc import InvalidInput
from hrdd.model.limits import COLUMN_LIMITS, TITLE_MAX
from hrdd.store.cases import insert_case


def _case(conn: sa.Connection, title: str = "t", case_id: str = "CASE-2026-0001") -> None:
    insert_case(conn, case_id=case_id, title=title, case_text="title: t", country="BR", end_user="e",
                created_by="analyst")


def test_a_title_over_the_limit_is_refused_as_invalid_input(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as caught, store.transaction() as conn:
        _case(conn, "x" * 10_000)
    assert caught.value.problems[0].field in ("title", None)
    with store.transaction() as conn:
        _case(conn, "x" * TITLE_MAX)  # the limit itself is allowed
        assert conn.execute(sa.text("SELECT count(*) FROM cases")).scalar_one() == 1


@pytest.mark.parametrize(("table", "column", "limit"), COLUMN_LIMITS)
def test_every_limited_column_is_bounded_by_the_database(store, table: str, column: str,  # type: ignore[no-untyped-def]
                                                         limit: int) -> None:
    """Updates as well as inserts; the raw UPDATE bypasses every check in Python."""
    with store.transaction() as conn:
        _case(conn)
        conn.execute(sa.text("INSERT INTO evidence (case_id, sha256, filename, content_type, size, note, uploaded_by, "
                             "uploaded_at) VALUES ('CASE-2026-0001', 's', 'f', 't', 1, '', 'a', CURRENT_TIMESTAMP)"))
        conn.execute(sa.text("INSERT INTO hits (case_id, party, query, source, entry_id, entry_hash, name, score, "
                             "detail, status) VALUES ('CASE-2026-0001', 'p', 'q', 's', 'e', '', 'n', 1, '{}', 'open')"))
        conn.execute(sa.text("INSERT INTO judgements (party_key, entry_id, entry_hash, judgement, reason, decided_by, "
                             "decided_at) VALUES ('p', 'e', 'h', 'match', 'r', 'a', CURRENT_TIMESTAMP)"))
        conn.execute(sa.text("INSERT INTO conditions (case_id, safeguard, owner, due, status, note) "
                             "VALUES ('CASE-2026-0001', 's', 'o', '2027-01-01', 'open', '')"))
        conn.execute(sa.text("INSERT INTO decisions (case_id, outcome, rationale, prepared_by, proposed_at, status) "
                             "VALUES ('CASE-2026-0001', 'proceed', 'r', 'a', CURRENT_TIMESTAMP, 'proposed')"))
    with store.transaction() as conn:
        conn.execute(sa.text(f"UPDATE {table} SET {column} = :v"), {"v": "y" * limit})
    with pytest.raises(InvalidInput) as caught, store.transaction() as conn:
        conn.execute(sa.text(f"UPDATE {table} SET {column} = :v"), {"v": "y" * (limit + 1)})
    assert caught.value.problems[0].field in (column, None)


def test_the_migration_holds_the_limits_of_the_model() -> None:
    """Migration 0005 keeps a snapshot; it must agree with hrdd.model.limits."""
    import importlib.util
    from pathlib import Path

    import hrdd.store

    path = Path(hrdd.store.__file__).parent / "migrations" / "versions" / "0005_length_limits.py"
    spec = importlib.util.spec_from_file_location("migration_0005", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert tuple(module.LIMITS) == COLUMN_LIMITS
