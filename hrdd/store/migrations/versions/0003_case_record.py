"""case revisions, lifecycle states, case counters, audit truncation guard

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

- ``cases.status`` becomes ``cases.state`` with the lifecycle's states (hrdd.model.lifecycle),
  checked by the database: open -> draft, decided -> approved, assessed with a decision
  waiting -> proposed.
- ``case_revisions``: one immutable row per revision of a case's text (UPDATE and DELETE
  refused by triggers). Existing cases get one row for their current revision; the text
  of earlier revisions was never kept, so it cannot be recovered.
- ``case_counters``: case numbers are given out by an upsert on this table in the creating
  transaction, not computed as max + 1.
- ``decisions.case_revision`` and ``hits.reviewed_revision``: the revision a proposal or a
  hit review was made on. A waiting proposal is bound to the case's current revision;
  resolved ones keep NULL (not recorded at the time).
- PostgreSQL refuses ``TRUNCATE audit_log`` (statement trigger), as it refuses UPDATE and
  DELETE since 0001.
"""

import datetime as dt
import hashlib
import re

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATES = ("draft", "assessed", "proposed", "approved", "rejected", "active", "suspended", "terminated", "closed")
DECISION_STATUSES = ("proposed", "approved", "rejected", "withdrawn")
MIGRATION_REASON = "recorded by migration 0003; earlier revisions were not kept"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name

    # --- states
    bind.execute(sa.text("UPDATE cases SET status = 'draft' WHERE status = 'open'"))
    bind.execute(sa.text("UPDATE cases SET status = 'approved' WHERE status = 'decided'"))
    bind.execute(sa.text(
        "UPDATE cases SET status = 'proposed' WHERE status = 'assessed' AND id IN "
        "(SELECT case_id FROM decisions WHERE status = 'proposed')"))
    bind.execute(sa.text(f"UPDATE cases SET status = 'draft' WHERE NOT ({_in('status', STATES)})"))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_list")
        batch_op.alter_column("status", new_column_name="state", existing_type=sa.String(20), existing_nullable=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_check_constraint("state", _in("state", STATES))
        batch_op.create_index("ix_cases_list", ["state", "updated_at"], unique=False)

    # --- decisions and hits record the revision they were made on
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_revision", sa.Integer(), nullable=True))
    bind.execute(sa.text(
        "UPDATE decisions SET case_revision = (SELECT revision FROM cases WHERE cases.id = decisions.case_id) "
        "WHERE status = 'proposed'"))
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_check_constraint("status", _in("status", DECISION_STATUSES))
    with op.batch_alter_table("hits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed_revision", sa.Integer(), nullable=True))

    # --- revisions
    op.create_table(
        "case_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("case_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_revisions_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_revisions")),
        sa.UniqueConstraint("case_id", "number", name="uq_case_revisions_case_number"),
    )
    revisions = sa.table("case_revisions", sa.column("case_id"), sa.column("number"), sa.column("sha256"),
                         sa.column("author"), sa.column("created_at"), sa.column("reason"), sa.column("case_text"))
    now = dt.datetime.now(dt.UTC)
    rows = bind.execute(sa.text("SELECT id, revision, case_text, created_by FROM cases")).all()
    if rows:
        op.bulk_insert(revisions, [
            {"case_id": r.id, "number": r.revision, "sha256": hashlib.sha256(r.case_text.encode("utf-8")).hexdigest(),
             "author": r.created_by, "created_at": now, "reason": MIGRATION_REASON, "case_text": r.case_text}
            for r in rows])

    # --- case numbers
    op.create_table(
        "case_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_case_counters")),
    )
    last: dict[int, int] = {}
    for r in rows:
        found = re.fullmatch(r"CASE-(\d{4})-(\d+)", r.id)
        if found:
            year, number = int(found[1]), int(found[2])
            last[year] = max(last.get(year, 0), number)
    if last:
        counters = sa.table("case_counters", sa.column("year"), sa.column("last"))
        op.bulk_insert(counters, [{"year": y, "last": n} for y, n in sorted(last.items())])

    # --- protections
    for statement in _SQLITE_TRIGGERS if dialect == "sqlite" else _PG_TRIGGERS if dialect == "postgresql" else []:
        op.execute(statement)


_SQLITE_TRIGGERS = [
    ("CREATE TRIGGER case_revisions_no_update BEFORE UPDATE ON case_revisions "
    "BEGIN SELECT RAISE(ABORT, 'case_revisions are immutable'); END"),
    ("CREATE TRIGGER case_revisions_no_delete BEFORE DELETE ON case_revisions "
    "BEGIN SELECT RAISE(ABORT, 'case_revisions are immutable'); END"),
]
_PG_TRIGGERS = [
    ("CREATE OR REPLACE FUNCTION case_revisions_immutable() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'case_revisions are immutable'; END; $$ LANGUAGE plpgsql"),
    ("CREATE TRIGGER case_revisions_no_change BEFORE UPDATE OR DELETE ON case_revisions "
    "FOR EACH ROW EXECUTE FUNCTION case_revisions_immutable()"),
    ("CREATE TRIGGER case_revisions_no_truncate BEFORE TRUNCATE ON case_revisions "
    "FOR EACH STATEMENT EXECUTE FUNCTION case_revisions_immutable()"),
    # the function of 0001 raises for any trigger event
    ("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"),
]


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    op.drop_table("case_counters")
    op.drop_table("case_revisions")
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS case_revisions_immutable()")
    with op.batch_alter_table("hits", schema=None) as batch_op:
        batch_op.drop_column("reviewed_revision")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_constraint("ck_decisions_status", type_="check")
        batch_op.drop_column("case_revision")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_list")
        batch_op.drop_constraint("ck_cases_state", type_="check")
        batch_op.alter_column("state", new_column_name="status", existing_type=sa.String(20), existing_nullable=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_list", ["status", "updated_at"], unique=False)
    bind.execute(sa.text("UPDATE cases SET status = 'open' WHERE status = 'draft'"))
    bind.execute(sa.text("UPDATE cases SET status = 'decided' WHERE status IN ('approved', 'active', 'suspended', "
                         "'terminated', 'closed')"))
    bind.execute(sa.text("UPDATE cases SET status = 'assessed' WHERE status IN ('proposed', 'rejected')"))
