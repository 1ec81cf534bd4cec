"""grievances raised from outside: the grievance, its messages and attachments

Revision ID: 0011_grievances
Revises: 0015_review
Create Date: 2026-12-06

A grievance is stored with its attachments in one transaction (the file bytes live in
``grievance_attachments.data``, so a submission is stored whole or not at all). The receipt
code is kept only as its HMAC-SHA256; the contact details only as a Fernet token. Length
limits are CHECK constraints named ``ck_<table>_<column>_length`` from the start (SQLite
accepts CHECK constraints in CREATE TABLE), the same names as migration 0005 uses.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_grievances"
down_revision = "0015_review"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)
# snapshots, not imports: a migration must not change when the application does
STATES = ("received", "acknowledged", "under_review", "closed")
TEXT_MAX = 10_000


def _length(table: str, column: str, limit: int) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"length({column}) <= {limit}", name=f"ck_{table}_{column}_length")


def upgrade() -> None:
    states = ", ".join(f"'{s}'" for s in STATES)
    op.create_table(
        "grievances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.Column("about", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("subject", sa.String(length=300), server_default="", nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("received_at", WHEN, nullable=False),
        sa.Column("acknowledge_due", WHEN, nullable=False),
        sa.Column("acknowledged_at", WHEN, nullable=True),
        sa.Column("acknowledged_by", sa.String(length=80), nullable=True),
        sa.Column("feedback_due", WHEN, nullable=False),
        sa.Column("feedback_at", WHEN, nullable=True),
        sa.Column("closed_at", WHEN, nullable=True),
        sa.Column("closed_by", sa.String(length=80), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("case_id", sa.String(length=40), nullable=True),
        sa.Column("linked_by", sa.String(length=80), nullable=True),
        sa.Column("linked_at", WHEN, nullable=True),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.CheckConstraint(f"state IN ({states})", name="ck_grievances_state"),
        _length("grievances", "subject", 300),
        _length("grievances", "description", TEXT_MAX),
        _length("grievances", "outcome_note", TEXT_MAX),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_grievances_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_grievances"),
        sa.UniqueConstraint("receipt_hash", name="uq_grievances_receipt_hash"),
    )
    op.create_index("ix_grievances_state", "grievances", ["state"])
    op.create_index("ix_grievances_received_at", "grievances", ["received_at"])
    op.create_index("ix_grievances_case_id", "grievances", ["case_id"])
    op.create_table(
        "grievance_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grievance_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=10), nullable=False),
        sa.Column("officer", sa.String(length=80), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("feedback", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("sent_at", WHEN, nullable=False),
        sa.CheckConstraint("sender IN ('reporter', 'officer')", name="ck_grievance_messages_sender"),
        _length("grievance_messages", "body", TEXT_MAX),
        sa.ForeignKeyConstraint(["grievance_id"], ["grievances.id"],
                                name="fk_grievance_messages_grievance_id_grievances"),
        sa.PrimaryKeyConstraint("id", name="pk_grievance_messages"),
    )
    op.create_index("ix_grievance_messages_grievance_id", "grievance_messages", ["grievance_id"])
    op.create_table(
        "grievance_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grievance_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        _length("grievance_attachments", "filename", 255),
        sa.ForeignKeyConstraint(["grievance_id"], ["grievances.id"],
                                name="fk_grievance_attachments_grievance_id_grievances"),
        sa.PrimaryKeyConstraint("id", name="pk_grievance_attachments"),
    )
    op.create_index("ix_grievance_attachments_grievance_id", "grievance_attachments", ["grievance_id"])


def downgrade() -> None:
    op.drop_index("ix_grievance_attachments_grievance_id", table_name="grievance_attachments")
    op.drop_table("grievance_attachments")
    op.drop_index("ix_grievance_messages_grievance_id", table_name="grievance_messages")
    op.drop_table("grievance_messages")
    op.drop_index("ix_grievances_case_id", table_name="grievances")
    op.drop_index("ix_grievances_received_at", table_name="grievances")
    op.drop_index("ix_grievances_state", table_name="grievances")
    op.drop_table("grievances")
