"""Table definitions (SQLAlchemy Core). The same schema on SQLite and PostgreSQL.

Migrations in ``migrations/versions`` create and change these tables; this module is what
the queries import. Times are stored as timezone-aware UTC; JSON columns hold the report,
hit features and audit before/after values.
"""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from hrdd.model.grievance import STATES as GRIEVANCE_STATES
from hrdd.model.lifecycle import CHECKED, DECISION_STATUSES, REQUEST_STATUSES, STATES
from hrdd.model.limits import COLUMN_LIMITS, ENGAGEMENT_COLUMN_LIMITS, FILENAME_MAX, SUBJECT_MAX, TEXT_MAX
from hrdd.model.screening import Verdict
from hrdd.model.signal import SEVERITIES

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

# --- after the sale: list versions and their deltas, alerts, the party register (migration 0006) ---

list_versions = sa.Table(
    "list_versions", metadata,
    sa.Column("source", sa.String(40), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("entities_sha256", sa.String(64), nullable=False),
    sa.Column("as_of", sa.String(10), nullable=False),
    sa.Column("imported_at", When, nullable=False),
    sa.Column("entries", sa.Integer, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("removed", sa.Integer, nullable=False),
    # the first version of a source has no delta rows: every party is screened against the index
    sa.Column("baseline", sa.Boolean, nullable=False),
    sa.Column("rescreened_at", When),  # set when every monitored party was screened against it
)

list_changes = sa.Table(
    "list_changes", metadata,
    sa.Column("source", sa.String(40), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("entity_id", sa.String(200), primary_key=True),
    sa.Column("change", sa.String(10), nullable=False),  # added | changed | removed
    sa.Column("content_hash", sa.String(64), nullable=False),  # sha256 of the entity's line; "" if removed
    sa.Column("payload", sa.Text),  # the screening record of an added or changed listed party
    sa.ForeignKeyConstraint(["source", "version"], ["list_versions.source", "list_versions.version"],
                            name="fk_list_changes_version"),
)

alerts = sa.Table(
    "alerts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), index=True),
    sa.Column("subject", sa.String(300), nullable=False),  # what it is about: a party key, a list source
    sa.Column("dedupe_key", sa.String(400), nullable=False, unique=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("audience", sa.String(200), nullable=False),  # comma-separated roles and user:<name>
    sa.Column("explanation", Json, nullable=False),
    sa.Column("created_at", When, nullable=False),
    sa.Column("acknowledged_by", sa.String(80)),
    sa.Column("acknowledged_at", When),
)

alert_reads = sa.Table(
    "alert_reads", metadata,
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), primary_key=True),
    sa.Column("username", sa.String(80), primary_key=True),
    sa.Column("read_at", When, nullable=False),
)

alert_deliveries = sa.Table(
    "alert_deliveries", metadata,
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), primary_key=True),
    sa.Column("channel", sa.String(20), primary_key=True),  # email | webhook
    sa.Column("delivered_at", When, nullable=False),
)

case_parties = sa.Table(
    "case_parties", metadata,
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),  # the case revision the parties were read from
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("party_index", sa.Integer),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("countries", Json, nullable=False),
    sa.Column("identifiers", Json, nullable=False),
)

job_state = sa.Table(
    "job_state", metadata,
    sa.Column("key", sa.String(60), primary_key=True),
    sa.Column("value", sa.String(300), nullable=False),
    sa.Column("updated_at", When, nullable=False),
)

sa.Index("ix_list_versions_pending", list_versions.c.rescreened_at)
sa.Index("ix_alerts_created", alerts.c.created_at, alerts.c.id)
BATCH_STATUSES = ("queued", "running", "done", "failed")

# a file of parties screened in the background; any web process shows its progress
screening_batches = sa.Table(
    "screening_batches", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("created_by", sa.String(80), nullable=False, index=True),
    sa.Column("created_at", When, nullable=False),
    sa.Column("updated_at", When, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("parties", Json, nullable=False),  # the rows read from the file
    sa.Column("results", Json),  # one row per hit once done
    sa.Column("versions", Json),  # lists and matcher that produced the results
    sa.Column("error", sa.Text),
    sa.CheckConstraint(sa.column("status").in_(BATCH_STATUSES), name="status"),
    sa.CheckConstraint("done >= 0 AND done <= total", name="progress"),
)

# --- grievances raised from outside (migration 0011_grievances) ---

grievances = sa.Table(
    "grievances", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("receipt_hash", sa.String(64), nullable=False, unique=True),  # HMAC-SHA256 of the receipt code
    sa.Column("state", sa.String(20), nullable=False, index=True),  # hrdd.model.grievance.STATES
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
    sa.Column("about", sa.String(20), nullable=False),  # product | customer | country
    sa.Column("category", sa.String(80), nullable=False),  # a right of the catalogue, or "other"
    sa.Column("subject", sa.String(300), nullable=False, server_default=""),
    sa.Column("country", sa.String(2)),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("contact", sa.Text),  # Fernet token of the contact details; NULL: anonymous
    sa.Column("received_at", When, nullable=False, index=True),
    sa.Column("acknowledge_due", When, nullable=False),
    sa.Column("acknowledged_at", When),
    sa.Column("acknowledged_by", sa.String(80)),
    sa.Column("feedback_due", When, nullable=False),
    sa.Column("feedback_at", When),  # first feedback on the action taken (a message marked so, or the closure)
    sa.Column("closed_at", When),
    sa.Column("closed_by", sa.String(80)),
    sa.Column("outcome", sa.String(30)),
    sa.Column("outcome_note", sa.Text),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), index=True),
    sa.Column("linked_by", sa.String(80)),
    sa.Column("linked_at", When),
    sa.Column("updated_at", When, nullable=False),
    sa.CheckConstraint(sa.column("state").in_(GRIEVANCE_STATES), name="state"),
    sa.CheckConstraint(sa.func.length(sa.column("subject")) <= SUBJECT_MAX, name="subject_length"),
    sa.CheckConstraint(sa.func.length(sa.column("description")) <= TEXT_MAX, name="description_length"),
    sa.CheckConstraint(sa.func.length(sa.column("outcome_note")) <= TEXT_MAX, name="outcome_note_length"),
)

grievance_messages = sa.Table(
    "grievance_messages", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("grievance_id", sa.Integer, sa.ForeignKey("grievances.id"), nullable=False, index=True),
    sa.Column("sender", sa.String(10), nullable=False),  # reporter | officer
    sa.Column("officer", sa.String(80)),  # the officer who wrote it (never shown to the reporter)
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("feedback", sa.Boolean, nullable=False, server_default=sa.false()),  # feedback on the action taken
    sa.Column("sent_at", When, nullable=False),
    sa.CheckConstraint(sa.column("sender").in_(("reporter", "officer")), name="sender"),
    sa.CheckConstraint(sa.func.length(sa.column("body")) <= TEXT_MAX, name="body_length"),
)

grievance_attachments = sa.Table(
    "grievance_attachments", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("grievance_id", sa.Integer, sa.ForeignKey("grievances.id"), nullable=False, index=True),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),  # in the row: stored with the grievance or not at all
    sa.CheckConstraint(sa.func.length(sa.column("filename")) <= FILENAME_MAX, name="filename_length"),
)


# --- engagements: an approved sale being carried out (migration 0016_engagements) ---

engagements = sa.Table(
    "engagements", metadata,
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("contract_ref", sa.String(120), nullable=False),
    sa.Column("contract_start", sa.Date, nullable=False),
    sa.Column("contract_end", sa.Date),
    sa.Column("residual_level", sa.String(10), nullable=False),  # the case's at activation
    sa.Column("review_months", sa.Integer, nullable=False),  # the policy's review_months for that level
    sa.Column("next_review", sa.Date, nullable=False, index=True),
    sa.Column("last_review", sa.Date),
    sa.Column("activated_by", sa.String(80), nullable=False),
    sa.Column("activated_at", When, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),  # compare-and-set of reviews
    sa.CheckConstraint("review_months >= 1", name="review_months"),
)

engagement_reviews = sa.Table(
    "engagement_reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("engagements.case_id"), nullable=False, index=True),
    sa.Column("reviewed_by", sa.String(80), nullable=False),
    sa.Column("reviewed_on", sa.Date, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("next_review", sa.Date, nullable=False),  # the date the review set
    sa.Column("recorded_at", When, nullable=False),
)

# a post-sale transition requested by one person, approved or rejected by another
engagement_requests = sa.Table(
    "engagement_requests", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("action", sa.String(20), nullable=False),  # hrdd.model.lifecycle.CHECKED
    sa.Column("from_state", sa.String(20), nullable=False),  # the state the request was made in
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # REQUEST_STATUSES
    sa.Column("requested_by", sa.String(80), nullable=False),
    sa.Column("requested_at", When, nullable=False),
    sa.Column("decided_by", sa.String(80)),
    sa.Column("decided_at", When),
    sa.Column("decision_note", sa.Text),
    sa.CheckConstraint(sa.column("action").in_(CHECKED), name="action"),
    sa.CheckConstraint(sa.column("status").in_(REQUEST_STATUSES), name="status"),
)

# the exit checklist a suspension or termination request carries (hrdd/catalogs/exit_steps.yaml)
exit_checklist_items = sa.Table(
    "exit_checklist_items", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("request_id", sa.Integer, sa.ForeignKey("engagement_requests.id"), nullable=False, index=True),
    sa.Column("step", sa.String(80), nullable=False),  # an exit step id
    sa.Column("done", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("note", sa.Text, nullable=False, server_default=""),  # what was done, or why it stays open
    sa.Column("ticked_by", sa.String(80)),
    sa.Column("ticked_at", When),
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
    sa.UniqueConstraint("request_id", "step", name="uq_exit_checklist_items_request_step"),
)

for _table, _column, _limit in ENGAGEMENT_COLUMN_LIMITS:
    metadata.tables[_table].append_constraint(
        sa.CheckConstraint(sa.func.length(metadata.tables[_table].c[_column]) <= _limit, name=f"{_column}_length"))


# --- post-sale signals and re-assessments (migration 0017_signals) ---

# an event recorded on an engagement (hrdd/catalogs/signal_kinds.yaml); immutable once recorded
signals = sa.Table(
    "signals", metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # "signal N" in reports
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(80), nullable=False),
    sa.Column("severity", sa.String(10), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),  # where it comes from: a report, a URL, a document
    sa.Column("evidence_id", sa.Integer, sa.ForeignKey("evidence.id")),  # an uploaded file of the case
    sa.Column("grievance_id", sa.Integer, sa.ForeignKey("grievances.id")),  # the linked grievance (by number)
    sa.Column("recorded_by", sa.String(80), nullable=False),
    sa.Column("recorded_at", When, nullable=False),
    sa.CheckConstraint(sa.column("severity").in_(SEVERITIES), name="severity"),
    sa.CheckConstraint(sa.func.length(sa.column("description")) <= TEXT_MAX, name="description_length"),
    sa.CheckConstraint(sa.func.length(sa.column("source")) <= TEXT_MAX, name="source_length"),
)

# a report made on a frozen case without changing its decision or revision: against the report of
# the approved decision (base_report_id), for one set of data versions and the signals up to a mark
reassessments = sa.Table(
    "reassessments", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("case_revision", sa.Integer, nullable=False),
    sa.Column("base_report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),  # SHA-256 of the versions that decide it
    sa.Column("signal_mark", sa.Integer, nullable=False),  # the highest signal id it read; 0: none
    sa.Column("trigger", sa.String(80), nullable=False),  # versions | signal:<id> | manual
    sa.Column("recommendation", sa.String(30), nullable=False),
    sa.Column("residual_level", sa.String(10), nullable=False),
    sa.Column("moved", sa.Boolean, nullable=False),  # recommendation or a risk level moved from the base
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id")),
    sa.Column("report", Json, nullable=False),
    sa.Column("created_by", sa.String(80), nullable=False),
    sa.Column("created_at", When, nullable=False),
    sa.UniqueConstraint("case_id", "fingerprint", "signal_mark", name="uq_reassessments_inputs"),
)

# --- the transparency report: snapshots proposed, then published or rejected (migration 0018_transparency) ---

TRANSPARENCY_STATUSES = ("proposed", "published", "rejected")

# a row leaves "proposed" once, by compare-and-set; then triggers refuse any change or deletion
transparency_reports = sa.Table(
    "transparency_reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("period", sa.String(10), nullable=False),  # "2026" or "2026-Q3"
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # the report's canonical JSON (hrdd.transparency/1)
    sa.Column("sha256", sa.String(64), nullable=False),  # of body (UTF-8)
    sa.Column("proposed_by", sa.String(80), nullable=False),
    sa.Column("proposed_at", When, nullable=False),
    sa.Column("resolved_by", sa.String(80)),
    sa.Column("resolved_at", When),
    sa.Column("note", sa.Text),
    sa.CheckConstraint(sa.column("status").in_(TRANSPARENCY_STATUSES), name="status"),
)
# one proposal waiting and one published report per period
sa.Index("uq_transparency_reports_published", transparency_reports.c.period, unique=True,
         sqlite_where=transparency_reports.c.status == "published",
         postgresql_where=transparency_reports.c.status == "published")
sa.Index("uq_transparency_reports_proposed", transparency_reports.c.period, unique=True,
         sqlite_where=transparency_reports.c.status == "proposed",
         postgresql_where=transparency_reports.c.status == "proposed")
