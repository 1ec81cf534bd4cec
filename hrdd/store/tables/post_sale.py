"""The tables of what comes after the sale: list versions and deltas, alerts, the party register,
screening batches, grievances, engagements, signals, re-assessments and transparency reports."""

import sqlalchemy as sa

from hrdd.model.grievance import STATES as GRIEVANCE_STATES
from hrdd.model.lifecycle import CHECKED, REQUEST_STATUSES
from hrdd.model.limits import ENGAGEMENT_COLUMN_LIMITS, FILENAME_MAX, SUBJECT_MAX, TEXT_MAX
from hrdd.model.signal import SEVERITIES
from hrdd.store.tables.base import Json, When, metadata

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

# a batch screened by the PostgreSQL workers: one row per chunk of its parties (migration 0020)
screening_batch_chunks = sa.Table(
    "screening_batch_chunks", metadata,
    sa.Column("batch_id", sa.String(32), sa.ForeignKey("screening_batches.id"), primary_key=True),
    sa.Column("chunk", sa.Integer, primary_key=True),  # 0, 1, … in input order
    sa.Column("first_line", sa.Integer, nullable=False),  # file lines of its first and last party
    sa.Column("last_line", sa.Integer, nullable=False),
    sa.Column("parties", sa.Integer, nullable=False),  # how many parties it holds
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),  # times taken
    sa.Column("results", Json),  # one row per hit once done
    sa.Column("versions", Json),  # lists and matcher its worker screened against
    sa.Column("error", sa.Text),  # the last failure
    sa.Column("updated_at", When, nullable=False),  # taken, heartbeat, finished
    sa.CheckConstraint(sa.column("status").in_(BATCH_STATUSES), name="status"),
    sa.CheckConstraint("first_line <= last_line AND parties > 0", name="lines"),
)
sa.Index("ix_screening_batch_chunks_status", screening_batch_chunks.c.status, screening_batch_chunks.c.updated_at)

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
