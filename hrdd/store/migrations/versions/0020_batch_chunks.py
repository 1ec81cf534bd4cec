"""screening batch chunks

Revision ID: 0020_batch_chunks
Revises: 0019_search_facets
Create Date: 2026-12-07

``screening_batch_chunks``: on PostgreSQL an uploaded screening batch is split into chunks that
any worker on any machine takes. Each chunk's status moves queued -> running -> done (or back
to queued for a retry, or to failed) by compare-and-set; ``attempts`` counts the times it was
taken and tells a late finisher from the worker that holds it now.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0020_batch_chunks"
down_revision = "0019_search_facets"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "screening_batch_chunks",
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("chunk", sa.Integer(), nullable=False),
        sa.Column("first_line", sa.Integer(), nullable=False),
        sa.Column("last_line", sa.Integer(), nullable=False),
        sa.Column("parties", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("results", Json, nullable=True),
        sa.Column("versions", Json, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')",
                           name=op.f("ck_screening_batch_chunks_status")),
        sa.CheckConstraint("first_line <= last_line AND parties > 0", name=op.f("ck_screening_batch_chunks_lines")),
        sa.ForeignKeyConstraint(["batch_id"], ["screening_batches.id"],
                                name=op.f("fk_screening_batch_chunks_batch_id_screening_batches")),
        sa.PrimaryKeyConstraint("batch_id", "chunk", name=op.f("pk_screening_batch_chunks")),
    )
    op.create_index("ix_screening_batch_chunks_status", "screening_batch_chunks", ["status", "updated_at"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("screening_batch_chunks")
