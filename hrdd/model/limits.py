"""Input limits: the one place that says how long a field may be or how far a page may go.

The case-file loader, the API's request models and the database constraints (migration
0005) all read these numbers, so a value is refused the same way whichever door it came
through and whichever database stores it.
"""

TITLE_MAX = 300  # case title (cases.title)
NAME_MAX = 300  # a party's name (cases.end_user, hits.query)
USERNAME_MAX = 80  # users.username and every *_by column
PASSWORD_MAX = 1024  # argon2 takes any length; a bound keeps hashing cheap
IDENTIFIER_MAX = 80  # a catalogue id such as a safeguard id (conditions.safeguard)
FILENAME_MAX = 255  # evidence.filename
TEXT_MAX = 10_000  # notes, reasons, rationales
CASE_TEXT_MAX = 500_000  # the case file itself, in characters
QUERY_MAX = 200  # a search term in the case list

PAGE_LIMIT_MAX = 500  # rows per page of the case list
AUDIT_LIMIT_MAX = 1000  # entries per page of the audit log
OFFSET_MAX = 1_000_000_000  # beyond any real table; keeps 64-bit SQL integers far away
ID_MAX = 2**31 - 1  # row ids are 32-bit integers on PostgreSQL

BODY_MAX_BYTES = 1024 * 1024  # default for JSON and form bodies (HRDD_BODY_MAX_BYTES)
UPLOAD_MAX_BYTES = 25 * 1024 * 1024  # default for evidence uploads (HRDD_UPLOAD_MAX_BYTES)

# (table, column, maximum length): mirrored as database constraints by migration 0005
COLUMN_LIMITS: tuple[tuple[str, str, int], ...] = (
    ("cases", "title", TITLE_MAX),
    ("cases", "end_user", NAME_MAX),
    ("cases", "case_text", CASE_TEXT_MAX),
    ("evidence", "filename", FILENAME_MAX),
    ("evidence", "note", TEXT_MAX),
    ("hits", "reason", TEXT_MAX),
    ("judgements", "reason", TEXT_MAX),
    ("conditions", "safeguard", IDENTIFIER_MAX),
    ("conditions", "owner", USERNAME_MAX),
    ("conditions", "note", TEXT_MAX),
    ("decisions", "rationale", TEXT_MAX),
    ("decisions", "approver_note", TEXT_MAX),
)

# the grievance tables (migration 0011) carry theirs from the start, as CHECK constraints
SUBJECT_MAX = 300  # what a grievance is about: a product or customer name
CONTACT_MAX = 1_000  # a reporter's contact details, before encryption
GRIEVANCE_COLUMN_LIMITS: tuple[tuple[str, str, int], ...] = (
    ("grievances", "subject", SUBJECT_MAX),
    ("grievances", "description", TEXT_MAX),
    ("grievances", "outcome_note", TEXT_MAX),
    ("grievance_messages", "body", TEXT_MAX),
    ("grievance_attachments", "filename", FILENAME_MAX),
)

# the engagement tables (migration 0016_engagements) carry theirs from the start, as CHECK constraints
CONTRACT_REF_MAX = 120  # a contract's reference (engagements.contract_ref)
ENGAGEMENT_COLUMN_LIMITS: tuple[tuple[str, str, int], ...] = (
    ("engagements", "contract_ref", CONTRACT_REF_MAX),
    ("engagement_reviews", "outcome", TEXT_MAX),
    ("engagement_requests", "reason", TEXT_MAX),
    ("engagement_requests", "decision_note", TEXT_MAX),
    ("exit_checklist_items", "note", TEXT_MAX),
)


def length_constraint(table: str, column: str) -> str:
    """The name of the database constraint that bounds ``table.column``."""
    return f"ck_{table}_{column}_length"
