"""screening batches

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

``screening_batches``: a file of parties uploaded to the screening workbench, screened in the
background. The status moves queued -> running -> done or failed by compare-and-set; the
progress count stays within the total (checked by the database).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "screening_batches",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), server_default="0", nullable=False),
        sa.Column("parties", Json, nullable=False),
        sa.Column("results", Json, nullable=True),
        sa.Column("versions", Json, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')",
                           name=op.f("ck_screening_batches_status")),
        sa.CheckConstraint("done >= 0 AND done <= total", name=op.f("ck_screening_batches_progress")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_batches")),
    )
    with op.batch_alter_table("screening_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_batches_created_by"), ["created_by"], unique=False)


def downgrade() -> None:
    op.drop_table("screening_batches")
