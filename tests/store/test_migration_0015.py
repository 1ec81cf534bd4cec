"""Migration 0015_review carries the reviews made on hit rows into ``hit_reviews`` (keyed by case,
screened name and listed entity), so that a screening after the upgrade still shows them."""

import datetime as dt

import pytest
import sqlalchemy as sa

from hrdd.store import open_store
from hrdd.store.db import create_engine
from hrdd.store.hit_reviews import reviews_of
from hrdd.store.hits import list_hits, replace_hits
from tests.store.test_migration_0003 import _upgrade

pytestmark = pytest.mark.postgres


def test_reviews_on_hit_rows_move_to_hit_reviews_and_survive_the_next_screening(database_url: str) -> None:
    engine = create_engine(database_url)
    _upgrade(engine, "0005")
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO cases (id, title, state, case_text, country, end_user, created_by, created_at, updated_at, "
            "revision) VALUES ('CASE-2026-0001', 't', 'assessed', 'title: t', 'BR', 'x', 'ana', :now, :now, 1)"),
            {"now": now})
        for source, status in (("ofac-sdn", "no_match"), ("us-csl", "open")):
            conn.execute(sa.text(
                "INSERT INTO hits (case_id, party, query, source, entry_id, entry_hash, name, score, detail, status, "
                "reviewed_by, reason, reviewed_at, reviewed_revision) VALUES ('CASE-2026-0001', 'end_user', 'Orion', "
                ":source, '36', '', 'ORION', 0.9, '{}', :status, :by, :reason, :at, :rev)"),
                {"source": source, "status": status, "by": "ana" if status != "open" else None,
                 "reason": "other company" if status != "open" else None, "at": now if status != "open" else None,
                 "rev": 1 if status != "open" else None})
    engine.dispose()
    store = open_store(database_url)  # migrates to the head
    with store.transaction() as conn:
        reviews = reviews_of(conn, "CASE-2026-0001")
        assert list(reviews) == [("Orion", "ofac-sdn-36")]
        assert (reviews[("Orion", "ofac-sdn-36")].status, reviews[("Orion", "ofac-sdn-36")].content_hash) == (
            "no_match", "")
        # the next screening finds both again, now with content hashes: the old review applies and adopts it
        replace_hits(conn, "CASE-2026-0001", [
            {"party": "end_user", "query": "Orion", "source": s, "entry_id": "36", "entry_hash": "abc123",
             "name": "ORION", "score": 0.9, "detail": {"entity": {"names": ["ORION"]}}} for s in ("ofac-sdn", "us-csl")])
        assert {h.source: h.status for h in list_hits(conn, "CASE-2026-0001")} == {"ofac-sdn": "no_match",
                                                                                   "us-csl": "open"}
        assert reviews_of(conn, "CASE-2026-0001")[("Orion", "ofac-sdn-36")].content_hash == "abc123"
    store.engine.dispose()
