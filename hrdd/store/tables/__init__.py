"""Table definitions (SQLAlchemy Core). The same schema on SQLite and PostgreSQL.

Migrations in ``migrations/versions`` create and change these tables; this module is what
the queries import. Times are stored as timezone-aware UTC; JSON columns hold the report,
hit features and audit before/after values.

Split by what they record: ``base`` (metadata and shared column types), ``core`` (the decision
record) and ``post_sale`` (monitoring after the sale); every name is importable from here.
"""

from hrdd.store.tables.base import Json, When, metadata
from hrdd.store.tables.core import (
    api_keys,
    audit_log,
    case_capabilities,
    case_counters,
    case_revisions,
    cases,
    conditions,
    decisions,
    evidence,
    hit_reviews,
    hits,
    judgements,
    login_throttle,
    reports,
    sessions,
    users,
)
from hrdd.store.tables.post_sale import (
    BATCH_STATUSES,
    TRANSPARENCY_STATUSES,
    alert_deliveries,
    alert_reads,
    alerts,
    case_parties,
    engagement_requests,
    engagement_reviews,
    engagements,
    exit_checklist_items,
    grievance_attachments,
    grievance_messages,
    grievances,
    job_state,
    list_changes,
    list_versions,
    reassessments,
    screening_batches,
    signals,
    transparency_reports,
)

__all__ = [
    "BATCH_STATUSES",
    "TRANSPARENCY_STATUSES",
    "Json",
    "When",
    "alert_deliveries",
    "alert_reads",
    "alerts",
    "api_keys",
    "audit_log",
    "case_capabilities",
    "case_counters",
    "case_parties",
    "case_revisions",
    "cases",
    "conditions",
    "decisions",
    "engagement_requests",
    "engagement_reviews",
    "engagements",
    "evidence",
    "exit_checklist_items",
    "grievance_attachments",
    "grievance_messages",
    "grievances",
    "hit_reviews",
    "hits",
    "job_state",
    "judgements",
    "list_changes",
    "list_versions",
    "login_throttle",
    "metadata",
    "reassessments",
    "reports",
    "screening_batches",
    "sessions",
    "signals",
    "transparency_reports",
    "users"
]
