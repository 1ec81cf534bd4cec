"""case full-text search

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

- SQLite: an FTS5 index ``case_search`` over the title, end user, country and case file,
  kept by triggers on ``cases`` (external content: the text is read from ``cases``), built
  for the existing cases.
- PostgreSQL: ``cases.search``, a stored generated tsvector of the same text ('simple'
  configuration: names in any language, no stemming), with a GIN index.
- Both: an index on ``created_by`` for the owner filter.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = "title, end_user, country, case_text"

SQLITE_UP = [
    (f"CREATE VIRTUAL TABLE case_search USING fts5({_COLUMNS}, content='cases', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2')"),
    (f"CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN "
    f"INSERT INTO case_search(rowid, {_COLUMNS}) VALUES (new.rowid, new.title, new.end_user, new.country, "
    "new.case_text); END"),
    (f"CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN "
    f"INSERT INTO case_search(case_search, rowid, {_COLUMNS}) VALUES ('delete', old.rowid, old.title, "
    "old.end_user, old.country, old.case_text); END"),
    (f"CREATE TRIGGER cases_search_update AFTER UPDATE OF {_COLUMNS} ON cases BEGIN "
    f"INSERT INTO case_search(case_search, rowid, {_COLUMNS}) VALUES ('delete', old.rowid, old.title, "
    "old.end_user, old.country, old.case_text); "
    f"INSERT INTO case_search(rowid, {_COLUMNS}) VALUES (new.rowid, new.title, new.end_user, new.country, "
    "new.case_text); END"),
    "INSERT INTO case_search(case_search) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS cases_search_update",
    "DROP TRIGGER IF EXISTS cases_search_delete",
    "DROP TRIGGER IF EXISTS cases_search_insert",
    "DROP TABLE IF EXISTS case_search",
]
PG_UP = [
    ("ALTER TABLE cases ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "
    "coalesce(title, '') || ' ' || coalesce(end_user, '') || ' ' || coalesce(country, '') || ' ' || "
    "coalesce(case_text, ''))) STORED"),
    "CREATE INDEX ix_cases_search ON cases USING gin (search)",
]
PG_DOWN = ["DROP INDEX IF EXISTS ix_cases_search", "ALTER TABLE cases DROP COLUMN IF EXISTS search"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_UP if dialect == "sqlite" else PG_UP if dialect == "postgresql" else []:
        op.execute(statement)
    op.create_index("ix_cases_created_by", "cases", ["created_by"])


def downgrade() -> None:
    op.drop_index("ix_cases_created_by", "cases")
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_DOWN if dialect == "sqlite" else PG_DOWN if dialect == "postgresql" else []:
        op.execute(statement)
