"""case search facets: capability ids as rows, filter + order indexes, a word list for prefixes

Revision ID: 0019_search_facets
Revises: 0018_transparency
Create Date: 2026-12-06

The capability filter was a phrase search of the capability id in the case text, which
PostgreSQL rechecks against every row it finds (about 1 s at 1,000,000 cases); a filter on a
state or country with a text search read every match before sorting. This migration:

- ``case_capabilities`` (both databases): one row per capability id a case's products name,
  keyed (capability, case_id) so the filter is an index range; filled from every case's file.
- Indexes that match filter + order, so a page is read from an index and stops after 50 rows:
  (state | country | created_by | residual_level | recommendation, updated_at, id) replace the
  single-column ones, and (residual_score DESC, updated_at DESC, id DESC) with and without a
  leading state or country serve the "highest risk first" order.
- PostgreSQL only: ``search_words``, every word of the search vectors (C collation), so a
  prefix the user typed becomes the exact words it starts (GIN then intersects short posting
  lists instead of collecting every word sharing the prefix); filled from ``cases.search``.
"""

from typing import Any

import sqlalchemy as sa
import yaml
from alembic import op

revision = "0019_search_facets"
down_revision = "0018_transparency"
branch_labels = None
depends_on = None

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BATCH = 2_000
_FILTERS = ("state", "country", "created_by", "residual_level", "recommendation")
_OLD = {"state": "ix_cases_list", "country": "ix_cases_country", "created_by": "ix_cases_created_by",
        "residual_level": "ix_cases_residual_level", "recommendation": "ix_cases_recommendation"}

# every word of a written case joins the word list, in the same transaction; in sorted order, so
# two transactions adding the same new words wait for each other instead of deadlocking
PG_WORDS_FUNCTION = """CREATE FUNCTION search_words_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word) SELECT w FROM unnest(tsvector_to_array(NEW.search)) AS w
    ORDER BY w COLLATE "C" ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$"""


def _capabilities(case_text: str) -> list[str]:
    """The capability ids the case file's products name (a copy of
    ``hrdd.store.search.capabilities_of`` as it was at this revision)."""
    try:
        data = yaml.load(case_text, Loader=_LOADER)  # a safe loader
    except yaml.YAMLError:
        return []
    products = data.get("products") if isinstance(data, dict) else None
    found: dict[str, None] = {}
    for product in products if isinstance(products, list) else []:
        capabilities = product.get("capabilities") if isinstance(product, dict) else None
        for capability in capabilities if isinstance(capabilities, list) else []:
            if isinstance(capability, str) and capability.strip():
                found[capability.strip()[:80]] = None
    return list(found)


def _risk(*leading: str) -> list[Any]:
    return [*leading, sa.text("residual_score DESC NULLS LAST") if op.get_bind().dialect.name == "postgresql"
            else sa.text("residual_score DESC"), sa.text("updated_at DESC"), sa.text("id DESC")]


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    op.create_table(
        "case_capabilities",
        sa.Column("capability", sa.String(80), nullable=False),
        sa.Column("case_id", sa.String(40), sa.ForeignKey("cases.id", name=op.f("fk_case_capabilities_case_id_cases")),
                  nullable=False),
        sa.PrimaryKeyConstraint("capability", "case_id", name=op.f("pk_case_capabilities")),
    )
    op.create_index("ix_case_capabilities_case", "case_capabilities", ["case_id"])
    table = sa.table("case_capabilities", sa.column("capability"), sa.column("case_id"))
    last = ""
    while True:  # keyset batches: a million cases never sit in memory at once
        rows = bind.execute(sa.text("SELECT id, case_text FROM cases WHERE id > :last ORDER BY id LIMIT :n"),
                            {"last": last, "n": _BATCH}).all()
        if not rows:
            break
        values = [{"capability": c, "case_id": r.id} for r in rows for c in _capabilities(r.case_text)]
        if values:
            bind.execute(table.insert(), values)
        last = rows[-1].id
    for column in _FILTERS:
        op.drop_index(_OLD[column], "cases")
        op.create_index(f"ix_cases_{column}_updated", "cases", [column, "updated_at", "id"])
    op.create_index("ix_cases_risk", "cases", _risk())
    op.create_index("ix_cases_state_risk", "cases", _risk("state"))
    op.create_index("ix_cases_country_risk", "cases", _risk("country"))
    if postgres:
        op.execute('CREATE TABLE search_words (word text COLLATE "C" NOT NULL, CONSTRAINT pk_search_words '
                   "PRIMARY KEY (word))")
        op.execute("INSERT INTO search_words (word) SELECT DISTINCT unnest(tsvector_to_array(search)) FROM cases "
                   "ON CONFLICT DO NOTHING")
        op.execute(PG_WORDS_FUNCTION)
        op.execute("CREATE TRIGGER cases_search_words AFTER INSERT OR UPDATE OF title, end_user, country, case_text "
                   "ON cases FOR EACH ROW EXECUTE FUNCTION search_words_keep()")
        for name in ("cases", "case_capabilities", "search_words"):  # plans at once, not after autovacuum
            op.execute(f"ANALYZE {name}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS cases_search_words ON cases")
        op.execute("DROP FUNCTION IF EXISTS search_words_keep()")
        op.execute("DROP TABLE IF EXISTS search_words")
    for name in ("ix_cases_country_risk", "ix_cases_state_risk", "ix_cases_risk"):
        op.drop_index(name, "cases")
    for column in _FILTERS:
        op.drop_index(f"ix_cases_{column}_updated", "cases")
    op.create_index("ix_cases_list", "cases", ["state", "updated_at"])
    for column in _FILTERS[1:]:
        op.create_index(_OLD[column], "cases", [column])
    op.drop_index("ix_case_capabilities_case", "case_capabilities")
    op.drop_table("case_capabilities")
