"""post-sale signals and re-assessments of frozen cases

Revision ID: 0017_signals
Revises: 0016_engagements
Create Date: 2026-12-06

- ``signals``: an event recorded on an engagement (its kind from ``signal_kinds.yaml``, a
  severity, what happened and where it comes from, who recorded it and when, the grievance
  it came from when a grievance was linked to the case).
- ``reassessments``: a report made on a frozen case without changing its decision or revision,
  against the report of the approved decision, unique by case, versions fingerprint and the
  highest signal it read (so a job run twice stores one).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0017_signals"
down_revision = "0016_engagements"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)
Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TEXT_MAX = 10_000  # a snapshot of hrdd.model.limits.TEXT_MAX


def upgrade() -> None:
    op.create_table(
        "signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("grievance_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.CheckConstraint("severity IN ('low', 'medium', 'high')", name=op.f("ck_signals_severity")),
        sa.CheckConstraint(f"length(description) <= {TEXT_MAX}", name=op.f("ck_signals_description_length")),
        sa.CheckConstraint(f"length(source) <= {TEXT_MAX}", name=op.f("ck_signals_source_length")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_signals_case_id_cases")),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], name=op.f("fk_signals_evidence_id_evidence")),
        sa.ForeignKeyConstraint(["grievance_id"], ["grievances.id"],
                                name=op.f("fk_signals_grievance_id_grievances")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
    )
    op.create_index(op.f("ix_signals_case_id"), "signals", ["case_id"])
    op.create_table(
        "reassessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("case_revision", sa.Integer(), nullable=False),
        sa.Column("base_report_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("signal_mark", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=80), nullable=False),
        sa.Column("recommendation", sa.String(length=30), nullable=False),
        sa.Column("residual_level", sa.String(length=10), nullable=False),
        sa.Column("moved", sa.Boolean(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("report", Json, nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_reassessments_case_id_cases")),
        sa.ForeignKeyConstraint(["base_report_id"], ["reports.id"],
                                name=op.f("fk_reassessments_base_report_id_reports")),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name=op.f("fk_reassessments_alert_id_alerts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reassessments")),
        sa.UniqueConstraint("case_id", "fingerprint", "signal_mark", name="uq_reassessments_inputs"),
    )
    op.create_index(op.f("ix_reassessments_case_id"), "reassessments", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_reassessments_case_id"), table_name="reassessments")
    op.drop_table("reassessments")
    op.drop_index(op.f("ix_signals_case_id"), table_name="signals")
    op.drop_table("signals")
