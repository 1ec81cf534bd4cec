"""Table definitions (SQLAlchemy Core). The same schema on SQLite and PostgreSQL.

Migrations in ``migrations/versions`` create and change these tables; this module is what
the queries import. Times are stored as timezone-aware UTC; JSON columns hold the report,
hit features and audit before/after values.
"""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from hrdd.model.lifecycle import DECISION_STATUSES, STATES
from hrdd.model.limits import COLUMN_LIMITS

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
When = sa.DateTime(timezone=True)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(80), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", When, nullable=False),
)

cases = sa.Table(
    "cases", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),  # hrdd.model.lifecycle.State
    sa.Column("case_text", sa.Text, nullable=False),  # the case file as the analyst wrote it
    sa.Column("country", sa.String(2), nullable=False, index=True),
    sa.Column("end_user", sa.String(300), nullable=False),
    sa.Column("created_by", sa.String(80), nullable=False),
    sa.Column("created_at", When, nullable=False),
    sa.Column("updated_at", When, nullable=False),
    sa.Column("recommendation", sa.String(30), index=True),
    sa.Column("inherent_level", sa.String(10)),
    sa.Column("residual_level", sa.String(10), index=True),
    sa.Column("residual_score", sa.Integer),
    sa.Column("severity", sa.Integer),  # max of scale/scope/irremediability, for the heat map
    sa.Column("likelihood", sa.Integer),
    sa.Column("assessed_at", When),
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
    sa.CheckConstraint(sa.column("state").in_(STATES), name="state"),
)

# every revision of a case's content, immutable (triggers refuse UPDATE and DELETE; migration 0003)
case_revisions = sa.Table(
    "case_revisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),  # of case_text (UTF-8)
    sa.Column("author", sa.String(80), nullable=False),
    sa.Column("created_at", When, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("case_text", sa.Text, nullable=False),
    sa.UniqueConstraint("case_id", "number", name="uq_case_revisions_case_number"),
)

# the last case number given out per year: incremented by an upsert in the creating transaction
case_counters = sa.Table(
    "case_counters", metadata,
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last", sa.Integer, nullable=False),
)

reports = sa.Table(
    "reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("case_revision", sa.Integer, nullable=False),
    sa.Column("created_by", sa.String(80), nullable=False),
    sa.Column("created_at", When, nullable=False),
    sa.Column("report", Json, nullable=False),
)

evidence = sa.Table(
    "evidence", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("uploaded_by", sa.String(80), nullable=False),
    sa.Column("uploaded_at", When, nullable=False),
)

hits = sa.Table(
    "hits", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("party", sa.String(20), nullable=False),
    sa.Column("query", sa.String(300), nullable=False),
    sa.Column("source", sa.String(40), nullable=False),
    sa.Column("entry_id", sa.String(120), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False, server_default=""),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("detail", Json, nullable=False),  # topics, programmes, features, explanation
    sa.Column("status", sa.String(20), nullable=False, server_default="open"),  # open | match | no_match
    sa.Column("reviewed_by", sa.String(80)),
    sa.Column("reason", sa.Text),
    sa.Column("reviewed_at", When),
    sa.Column("reviewed_revision", sa.Integer),  # the case revision the review was made on
)

judgements = sa.Table(
    "judgements", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("party_key", sa.String(300), nullable=False),
    sa.Column("entry_id", sa.String(120), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False),
    sa.Column("judgement", sa.String(20), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("decided_by", sa.String(80), nullable=False),
    sa.Column("decided_at", When, nullable=False),
    sa.UniqueConstraint("party_key", "entry_id", name="uq_judgements_party_entry"),
)

conditions = sa.Table(
    "conditions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("safeguard", sa.String(80), nullable=False),
    sa.Column("owner", sa.String(80), nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default="open"),  # open | done | waived
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)

decisions = sa.Table(
    "decisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("outcome", sa.String(30), nullable=False),  # a recommendation value
    sa.Column("rationale", sa.Text, nullable=False),
    sa.Column("prepared_by", sa.String(80), nullable=False),
    sa.Column("proposed_at", When, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # DECISION_STATUSES
    sa.Column("approved_by", sa.String(80)),
    sa.Column("approved_at", When),
    sa.Column("approver_note", sa.Text),
    # the case revision the proposal was made on (NULL: resolved before migration 0003 recorded it)
    sa.Column("case_revision", sa.Integer),
    sa.CheckConstraint(sa.column("status").in_(DECISION_STATUSES), name="status"),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", When, nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("entity_id", sa.String(120), nullable=False, index=True),
    sa.Column("before", Json),
    sa.Column("after", Json),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

# length limits (migration 0005): CHECK constraints on PostgreSQL, BEFORE INSERT/UPDATE triggers
# on SQLite, both named ck_<table>_<column>_length; the numbers are hrdd.model.limits.COLUMN_LIMITS
for _table, _column, _limit in COLUMN_LIMITS:
    metadata.tables[_table].append_constraint(
        sa.CheckConstraint(sa.func.length(metadata.tables[_table].c[_column]) <= _limit, name=f"{_column}_length"))

sa.Index("ix_cases_list", cases.c.state, cases.c.updated_at)
# the case list order (updated_at DESC, id DESC) read straight from the index (migration 0002)
sa.Index("ix_cases_updated_id", cases.c.updated_at, cases.c.id)
