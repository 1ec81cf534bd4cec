"""Migration 0003 carries existing cases into the lifecycle and the revision model."""

import datetime as dt

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from hrdd.store import open_store
from hrdd.store.cases import get_case, next_case_id
from hrdd.store.db import MIGRATIONS, create_engine
from hrdd.store.revisions import list_revisions


def _upgrade(engine: sa.Engine, target: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def test_old_statuses_become_states_and_each_case_gets_its_revision(database_url: str) -> None:
    engine = create_engine(database_url)
    _upgrade(engine, "0002")
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        for case_id, status, revision in [("CASE-2026-0001", "open", 1), ("CASE-2026-0007", "assessed", 3),
                                          ("CASE-2026-0012", "decided", 2), ("CASE-2025-0040", "assessed", 1)]:
            conn.execute(sa.text(
                "INSERT INTO cases (id, title, status, case_text, country, end_user, created_by, created_at, "
                "updated_at, revision) VALUES (:id, 't', :s, :text, 'BR', 'x', 'ana', :now, :now, :r)"),
                {"id": case_id, "s": status, "text": f"title: {case_id}\n", "now": now, "r": revision})
        conn.execute(sa.text(
            "INSERT INTO decisions (case_id, outcome, rationale, prepared_by, proposed_at, status) "
            "VALUES ('CASE-2026-0007', 'escalate', 'why not', 'ana', :now, 'proposed')"), {"now": now})
    engine.dispose()
    store = open_store(database_url)
    with store.transaction() as conn:
        states = {case_id: getattr(get_case(conn, case_id), "state", None)
                  for case_id in ("CASE-2026-0001", "CASE-2026-0007", "CASE-2026-0012", "CASE-2025-0040")}
        assert states == {"CASE-2026-0001": "draft", "CASE-2026-0007": "proposed", "CASE-2026-0012": "approved",
                          "CASE-2025-0040": "assessed"}
        (only,) = list_revisions(conn, "CASE-2026-0007", with_text=True)
        assert (only.number, only.case_text, only.author) == (3, "title: CASE-2026-0007\n", "ana")
        assert conn.execute(sa.text("SELECT case_revision FROM decisions")).scalar_one() == 3
        assert next_case_id(conn, 2026) == "CASE-2026-0013"
        assert next_case_id(conn, 2025) == "CASE-2025-0041"
        assert next_case_id(conn, 2027) == "CASE-2027-0001"
    store.engine.dispose()
