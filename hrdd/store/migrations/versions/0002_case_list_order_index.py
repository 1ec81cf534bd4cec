"""case list order index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

The case list is ordered by (updated_at DESC, id DESC). An index on updated_at alone left
both databases sorting on id for every page (SQLite: a temporary B-tree; PostgreSQL: an
incremental sort over hundreds of rows); an index on both columns returns the page directly.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_updated_id", ["updated_at", "id"], unique=False)
        batch_op.drop_index(batch_op.f("ix_cases_updated_at"))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_updated_at"), ["updated_at"], unique=False)
        batch_op.drop_index("ix_cases_updated_id")
