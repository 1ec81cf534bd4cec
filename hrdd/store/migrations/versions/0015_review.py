"""hit reviews by listed entity; justified warnings on decisions

Revision ID: 0015_review
Revises: 0005
Create Date: 2026-12-06

- ``hit_reviews``: the review of a screening hit, kept per case by screened name and listed
  entity (``{source}-{entry_id}``) with the content hash and content the reviewer saw, instead of
  on the hit row that every screening rewrites. Existing reviews are copied over (without content:
  their hash is adopted at the next screening).
- ``decisions.warnings``: the approver's written justification of each blocking warning the
  approval went past (JSON list; NULL for decisions made before).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015_review"
down_revision = "0005"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "hit_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("query", sa.String(length=300), nullable=False),
        sa.Column("entity_key", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), server_default="", nullable=False),
        sa.Column("content", Json, nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=80), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_revision", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('match', 'no_match')", name=op.f("ck_hit_reviews_status")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_hit_reviews_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hit_reviews")),
        sa.UniqueConstraint("case_id", "query", "entity_key", name=op.f("uq_hit_reviews_case_id")),
    )
    hits = sa.table("hits", sa.column("case_id"), sa.column("query"), sa.column("source"), sa.column("entry_id"),
                    sa.column("entry_hash"), sa.column("status"), sa.column("reason"), sa.column("reviewed_by"),
                    sa.column("reviewed_at"), sa.column("reviewed_revision"), sa.column("id"))
    reviews = sa.table("hit_reviews", sa.column("case_id"), sa.column("query"), sa.column("entity_key"),
                       sa.column("content_hash"), sa.column("status"), sa.column("reason"),
                       sa.column("reviewed_by"), sa.column("reviewed_at"), sa.column("reviewed_revision"))
    bind = op.get_bind()
    kept: dict[tuple[str, str, str], dict[str, object]] = {}
    for row in bind.execute(sa.select(hits).where(hits.c.status != "open").order_by(hits.c.id)):
        key = (row.case_id, row.query, f"{row.source}-{row.entry_id}")
        kept[key] = {"case_id": row.case_id, "query": row.query, "entity_key": key[2],
                     "content_hash": row.entry_hash or "", "status": row.status, "reason": row.reason or "",
                     "reviewed_by": row.reviewed_by or "", "reviewed_at": row.reviewed_at,
                     "reviewed_revision": row.reviewed_revision}
    if kept:
        bind.execute(reviews.insert(), [v for v in kept.values() if v["reviewed_at"] is not None])
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warnings", Json, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("warnings")
    op.drop_table("hit_reviews")
