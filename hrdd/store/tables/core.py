"""The decision record's tables: users and their sessions and keys, cases with their revisions,
reports, evidence, screening hits and their reviews, conditions, decisions and the audit log."""

import sqlalchemy as sa

from hrdd.model.lifecycle import DECISION_STATUSES, STATES
from hrdd.model.limits import COLUMN_LIMITS
from hrdd.model.screening import Verdict
from hrdd.store.tables.base import Json, When, metadata

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
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("end_user", sa.String(300), nullable=False),
    sa.Column("created_by", sa.String(80), nullable=False),
    sa.Column("created_at", When, nullable=False),
    sa.Column("updated_at", When, nullable=False),
    sa.Column("recommendation", sa.String(30)),
    sa.Column("inherent_level", sa.String(10)),
    sa.Column("residual_level", sa.String(10)),
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

# the review of a hit, kept by case, screened name and listed entity (not by hit row), with the
# entity's content as the reviewer saw it (hrdd.store.hit_reviews)
hit_reviews = sa.Table(
    "hit_reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("query", sa.String(300), nullable=False),
    sa.Column("entity_key", sa.String(200), nullable=False),  # "{source}-{entry_id}"
    sa.Column("content_hash", sa.String(64), nullable=False, server_default=""),
    sa.Column("content", Json),
    sa.Column("status", sa.String(20), nullable=False),  # match | no_match
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("reviewed_by", sa.String(80), nullable=False),
    sa.Column("reviewed_at", When, nullable=False),
    sa.Column("reviewed_revision", sa.Integer),
    sa.CheckConstraint(sa.column("status").in_([v.value for v in Verdict]), name="status"),
    sa.UniqueConstraint("case_id", "query", "entity_key"),
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
    sa.Column("status", sa.String(20), nullable=False, server_default="open"),  # CONDITION_STATUSES
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    # tracked as an obligation of the engagement (migration 0016_engagements): every status change is
    # a compare-and-set on the revision; "done" keeps its proof, "waived" its reason and approver
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
    sa.Column("proof_evidence_id", sa.Integer, sa.ForeignKey("evidence.id")),
    sa.Column("proof_sha256", sa.String(64)),
    sa.Column("waiver_reason", sa.Text),
    sa.Column("status_by", sa.String(80)),  # who set the status (for "waived": the approver)
    sa.Column("status_at", When),
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
    # the blocking warnings the approval went past, each with the approver's justification (NULL before 0015)
    sa.Column("warnings", Json),
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

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the cookie's random token
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", When, nullable=False),
    sa.Column("last_seen_at", When, nullable=False),  # updated at most once a minute (idle timeout)
    sa.Column("expires_at", When, nullable=False),  # absolute timeout
    sa.Column("revoked_at", When),
    sa.Column("revoked_reason", sa.String(40)),  # logout | password | disabled | login
    sa.Column("client", sa.String(64), nullable=False, server_default=""),  # client address at login
    sa.Column("flash", sa.String(300)),  # the web pages' one-time message after a redirect
)

# one row per (account, client) and per client; times are epoch seconds because the
# backoff is arithmetic on them, done the same way on both databases
login_throttle = sa.Table(
    "login_throttle", metadata,
    sa.Column("bucket", sa.String(64), primary_key=True),  # SHA-256 of what is counted
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_at", sa.Float, nullable=False),
    sa.Column("blocked_until", sa.Float, nullable=False),
)

api_keys = sa.Table(
    "api_keys", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("prefix", sa.String(16), nullable=False, unique=True),  # public part, for lookup
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("scopes", sa.String(40), nullable=False),  # space-separated: screen read write
    sa.Column("secret_hash", sa.String(64), nullable=False),  # SHA-256 of the random secret
    sa.Column("created_at", When, nullable=False),
    sa.Column("last_used_at", When),
    sa.Column("revoked_at", When),
)
# length limits (migration 0005): CHECK constraints on PostgreSQL, BEFORE INSERT/UPDATE triggers
# on SQLite, both named ck_<table>_<column>_length; the numbers are hrdd.model.limits.COLUMN_LIMITS
for _table, _column, _limit in COLUMN_LIMITS:
    metadata.tables[_table].append_constraint(
        sa.CheckConstraint(sa.func.length(metadata.tables[_table].c[_column]) <= _limit, name=f"{_column}_length"))

# the case list order (updated_at DESC, id DESC) read straight from the index (migration 0002)
sa.Index("ix_cases_updated_id", cases.c.updated_at, cases.c.id)
# a filter followed by the list order, and the "highest risk first" order (migration 0019)
for _column in ("state", "country", "created_by", "residual_level", "recommendation"):
    sa.Index(f"ix_cases_{_column}_updated", cases.c[_column], cases.c.updated_at, cases.c.id)
sa.Index("ix_cases_risk", cases.c.residual_score.desc().nulls_last(), cases.c.updated_at.desc(), cases.c.id.desc())
for _column in ("state", "country"):
    sa.Index(f"ix_cases_{_column}_risk", cases.c[_column], cases.c.residual_score.desc().nulls_last(),
             cases.c.updated_at.desc(), cases.c.id.desc())

# the capability ids a case's products name, one row each, kept by the store with every write of
# the case text (hrdd.store.search.write_facets); the capability filter reads it (migration 0019)
case_capabilities = sa.Table(
    "case_capabilities", metadata,
    sa.Column("capability", sa.String(80), primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), primary_key=True),
    sa.Index("ix_case_capabilities_case", "case_id"),
)
