"""engagements: the contract and review cycle of an approved sale, its post-sale requests, exit checklists

Revision ID: 0016_engagements
Revises: 0011_grievances
Create Date: 2026-12-06

- ``engagements``: one row per activated case: contract reference and dates, the residual level
  and review cycle at activation, the next and last review dates, a revision for compare-and-set.
- ``engagement_reviews``: each periodic review recorded (who, on which day, outcome, next date).
- ``engagement_requests``: a suspension, resumption, termination or closure requested by one
  person and approved or rejected by another (status compare-and-set).
- ``exit_checklist_items``: the exit steps a suspension or termination request carries.
- ``conditions`` gain what tracking them as obligations needs: a revision (compare-and-set of the
  status), the proof of a fulfilled one (evidence id and SHA-256), the reason of a waiver, who set
  the status and when. Existing rows get revision 1 and no proof.

Length limits of the new tables are CHECK constraints named ``ck_<table>_<column>_length``
from the start, as in 0011_grievances.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_engagements"
down_revision = "0011_grievances"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)
# snapshots, not imports: a migration must not change when the application does
ACTIONS = ("suspend", "resume", "terminate", "close")
REQUEST_STATUSES = ("pending", "approved", "rejected", "withdrawn")
TEXT_MAX = 10_000


def _length(table: str, column: str, limit: int) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"length({column}) <= {limit}", name=f"ck_{table}_{column}_length")


def _in(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})", name=name)


def upgrade() -> None:
    op.create_table(
        "engagements",
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("contract_ref", sa.String(length=120), nullable=False),
        sa.Column("contract_start", sa.Date(), nullable=False),
        sa.Column("contract_end", sa.Date(), nullable=True),
        sa.Column("residual_level", sa.String(length=10), nullable=False),
        sa.Column("review_months", sa.Integer(), nullable=False),
        sa.Column("next_review", sa.Date(), nullable=False),
        sa.Column("last_review", sa.Date(), nullable=True),
        sa.Column("activated_by", sa.String(length=80), nullable=False),
        sa.Column("activated_at", WHEN, nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("review_months >= 1", name="ck_engagements_review_months"),
        _length("engagements", "contract_ref", 120),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_engagements_case_id_cases"),
        sa.PrimaryKeyConstraint("case_id", name="pk_engagements"),
    )
    op.create_index("ix_engagements_next_review", "engagements", ["next_review"])
    op.create_table(
        "engagement_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("reviewed_by", sa.String(length=80), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("next_review", sa.Date(), nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        _length("engagement_reviews", "outcome", TEXT_MAX),
        sa.ForeignKeyConstraint(["case_id"], ["engagements.case_id"],
                                name="fk_engagement_reviews_case_id_engagements"),
        sa.PrimaryKeyConstraint("id", name="pk_engagement_reviews"),
    )
    op.create_index("ix_engagement_reviews_case_id", "engagement_reviews", ["case_id"])
    op.create_table(
        "engagement_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("requested_at", WHEN, nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        _in("action", ACTIONS, "ck_engagement_requests_action"),
        _in("status", REQUEST_STATUSES, "ck_engagement_requests_status"),
        _length("engagement_requests", "reason", TEXT_MAX),
        _length("engagement_requests", "decision_note", TEXT_MAX),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_engagement_requests_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_engagement_requests"),
    )
    op.create_index("ix_engagement_requests_case_id", "engagement_requests", ["case_id"])
    op.create_table(
        "exit_checklist_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=80), nullable=False),
        sa.Column("done", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("ticked_by", sa.String(length=80), nullable=True),
        sa.Column("ticked_at", WHEN, nullable=True),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        _length("exit_checklist_items", "note", TEXT_MAX),
        sa.ForeignKeyConstraint(["request_id"], ["engagement_requests.id"],
                                name="fk_exit_checklist_items_request_id_engagement_requests"),
        sa.PrimaryKeyConstraint("id", name="pk_exit_checklist_items"),
        sa.UniqueConstraint("request_id", "step", name="uq_exit_checklist_items_request_step"),
    )
    op.create_index("ix_exit_checklist_items_request_id", "exit_checklist_items", ["request_id"])
    # plain ADD COLUMN on both databases (no table rebuild on SQLite: its length triggers stay)
    op.add_column("conditions", sa.Column("revision", sa.Integer(), server_default="1", nullable=False))
    op.add_column("conditions", sa.Column("proof_evidence_id", sa.Integer(), nullable=True))
    op.add_column("conditions", sa.Column("proof_sha256", sa.String(length=64), nullable=True))
    op.add_column("conditions", sa.Column("waiver_reason", sa.Text(), nullable=True))
    op.add_column("conditions", sa.Column("status_by", sa.String(length=80), nullable=True))
    op.add_column("conditions", sa.Column("status_at", WHEN, nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key("fk_conditions_proof_evidence_id_evidence", "conditions", "evidence",
                              ["proof_evidence_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_conditions_proof_evidence_id_evidence", "conditions", type_="foreignkey")
    for column in ("status_at", "status_by", "waiver_reason", "proof_sha256", "proof_evidence_id", "revision"):
        op.drop_column("conditions", column)
    op.drop_table("exit_checklist_items")
    op.drop_table("engagement_requests")
    op.drop_table("engagement_reviews")
    op.drop_table("engagements")
