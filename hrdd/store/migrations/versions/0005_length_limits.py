"""length limits in the database

Revision ID: 0005
Revises: 0008
Create Date: 2026-12-06

Text lengths were enforced nowhere on SQLite (a 10,000-character title was stored) and
only by VARCHAR types on PostgreSQL (the same title failed as a server error). Each
limited column now carries a named constraint ``ck_<table>_<column>_length``, the same
limits as ``hrdd.model.limits.COLUMN_LIMITS`` (a test checks they agree): a CHECK
constraint on PostgreSQL, a pair of BEFORE INSERT / UPDATE triggers on SQLite (which
cannot add a CHECK constraint to an existing table without rebuilding it, and rebuilding
``cases`` under enforced foreign keys is not possible inside the migration transaction).
The application validates first; these are the backstop that holds for any writer.
"""

from alembic import op

revision = "0005"
down_revision = "0008"
branch_labels = None
depends_on = None

# a snapshot, not an import: a migration must not change when the application does
LIMITS = (
    ("cases", "title", 300),
    ("cases", "end_user", 300),
    ("cases", "case_text", 500_000),
    ("evidence", "filename", 255),
    ("evidence", "note", 10_000),
    ("hits", "reason", 10_000),
    ("judgements", "reason", 10_000),
    ("conditions", "safeguard", 80),
    ("conditions", "owner", 80),
    ("conditions", "note", 10_000),
    ("decisions", "rationale", 10_000),
    ("decisions", "approver_note", 10_000),
)


def _name(table: str, column: str) -> str:
    return f"ck_{table}_{column}_length"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, limit in LIMITS:
        name = _name(table, column)
        if not sqlite:
            op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK (char_length({column}) <= {limit})")
            continue
        for event, when in (("INSERT", "INSERT"), ("UPDATE", f"UPDATE OF {column}")):
            op.execute(f"CREATE TRIGGER {name}_{event.lower()} BEFORE {when} ON {table} "
                       f"WHEN length(NEW.{column}) > {limit} BEGIN SELECT RAISE(ABORT, '{name}'); END")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, _limit in LIMITS:
        name = _name(table, column)
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}_insert")
            op.execute(f"DROP TRIGGER IF EXISTS {name}_update")
        else:
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
