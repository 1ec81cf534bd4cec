"""after the sale: list versions and deltas, alerts, the party register

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-06

Every list import records a version and its delta (added, changed, removed entities by id
and content hash). Alerts carry a unique dedupe key: raising the same alert twice (a job
retried after its worker died) inserts nothing. ``case_parties`` keeps the parties of every
monitored case, read from its current revision, so re-screening does not parse case files.
procrastinate's own tables are not created here: ``hrdd worker`` applies procrastinate's
schema on PostgreSQL at start-up (docs/lifecycle.md).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "list_versions",
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("entities_sha256", sa.String(length=64), nullable=False),
        sa.Column("as_of", sa.String(length=10), nullable=False),
        sa.Column("imported_at", WHEN, nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Boolean(), nullable=False),
        sa.Column("rescreened_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("source", "version", name=op.f("pk_list_versions")),
    )
    op.create_index("ix_list_versions_pending", "list_versions", ["rescreened_at"], unique=False)
    op.create_table(
        "list_changes",
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("change", sa.String(length=10), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["source", "version"], ["list_versions.source", "list_versions.version"],
                                name="fk_list_changes_version"),
        sa.PrimaryKeyConstraint("source", "version", "entity_id", name=op.f("pk_list_changes")),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.String(length=40), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("dedupe_key", sa.String(length=400), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("audience", sa.String(length=200), nullable=False),
        sa.Column("explanation", JSON, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("acknowledged_by", sa.String(length=80), nullable=True),
        sa.Column("acknowledged_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_alerts_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_alerts_dedupe_key")),
    )
    op.create_index(op.f("ix_alerts_case_id"), "alerts", ["case_id"], unique=False)
    op.create_index("ix_alerts_created", "alerts", ["created_at", "id"], unique=False)
    op.create_table(
        "alert_reads",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("read_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name=op.f("fk_alert_reads_alert_id_alerts")),
        sa.PrimaryKeyConstraint("alert_id", "username", name=op.f("pk_alert_reads")),
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("delivered_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name=op.f("fk_alert_deliveries_alert_id_alerts")),
        sa.PrimaryKeyConstraint("alert_id", "channel", name=op.f("pk_alert_deliveries")),
    )
    op.create_table(
        "case_parties",
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("party_index", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("countries", JSON, nullable=False),
        sa.Column("identifiers", JSON, nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_parties_case_id_cases")),
        sa.PrimaryKeyConstraint("case_id", "position", name=op.f("pk_case_parties")),
    )
    op.create_table(
        "job_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=300), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_job_state")),
    )


def downgrade() -> None:
    op.drop_table("job_state")
    op.drop_table("case_parties")
    op.drop_table("alert_deliveries")
    op.drop_table("alert_reads")
    op.drop_index("ix_alerts_created", table_name="alerts")
    op.drop_index(op.f("ix_alerts_case_id"), table_name="alerts")
    op.drop_table("alerts")
    op.drop_table("list_changes")
    op.drop_index("ix_list_versions_pending", table_name="list_versions")
    op.drop_table("list_versions")
