"""transparency reports: snapshots proposed by one person, published or rejected by another

Revision ID: 0018_transparency
Revises: 0017_signals
Create Date: 2026-12-06

- ``transparency_reports``: the canonical JSON of a period's transparency report with its SHA-256,
  who proposed it and when, and who published or rejected it. At most one proposal waits and one
  report is published per period (partial unique indexes). A row leaves ``proposed`` once; then
  triggers refuse any UPDATE or DELETE (a published report is immutable).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_transparency"
down_revision = "0017_signals"
branch_labels = None
depends_on = None

_MESSAGE = "a published or rejected transparency report is immutable"


def upgrade() -> None:
    op.create_table(
        "transparency_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("proposed_by", sa.String(length=80), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.String(length=80), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('proposed', 'published', 'rejected')",
                           name=op.f("ck_transparency_reports_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transparency_reports")),
    )
    for status in ("published", "proposed"):
        op.create_index(f"uq_transparency_reports_{status}", "transparency_reports", ["period"], unique=True,
                        sqlite_where=sa.text(f"status = '{status}'"),
                        postgresql_where=sa.text(f"status = '{status}'"))
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER transparency_reports_no_{event.lower()} BEFORE {event} ON transparency_reports "
                       f"WHEN OLD.status <> 'proposed' BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute("CREATE OR REPLACE FUNCTION transparency_reports_immutable() RETURNS trigger AS $$ "
                   f"BEGIN IF OLD.status <> 'proposed' THEN RAISE EXCEPTION '{_MESSAGE}'; END IF; "
                   "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql")
        op.execute("CREATE TRIGGER transparency_reports_no_change BEFORE UPDATE OR DELETE ON transparency_reports "
                   "FOR EACH ROW EXECUTE FUNCTION transparency_reports_immutable()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS transparency_reports_no_change ON transparency_reports")
        op.execute("DROP FUNCTION IF EXISTS transparency_reports_immutable()")
    op.drop_table("transparency_reports")
