"""Hit rows get their review from ``hit_reviews`` however they are written: a whole new screening
(``replace_hits``) or hits added by a re-screening against a list delta (``add_hits``)."""

import datetime as dt

import pytest

from hrdd.store import Store
from hrdd.store.cases import insert_case
from hrdd.store.hit_reviews import ReviewRow, put_review
from hrdd.store.hits import add_hits, list_hits, replace_hits

pytestmark = pytest.mark.postgres


def _hit(source: str, entry_hash: str, names: list[str]) -> dict[str, object]:
    return {"party": "end_user", "query": "Orion", "source": source, "entry_id": "36", "entry_hash": entry_hash,
            "name": "ORION", "score": 0.9, "detail": {"entity": {"names": names}}}


def test_added_hits_carry_their_review_or_the_change_since(store: Store) -> None:
    with store.transaction() as conn:
        insert_case(conn, case_id="CASE-2026-0001", title="t", case_text="title: t\n", country="BR", end_user="x",
                    created_by="ana")
        replace_hits(conn, "CASE-2026-0001", [_hit("ofac-sdn", "h1", ["ORION"])])
        for source in ("ofac-sdn", "un-sc"):
            put_review(conn, ReviewRow("CASE-2026-0001", "Orion", f"{source}-36", "h1", {"names": ["ORION"]},
                                       "no_match", "other company", "ana", dt.datetime.now(dt.UTC), 1))
        add_hits(conn, "CASE-2026-0001", [_hit("un-sc", "h1", ["ORION"]), _hit("us-csl", "h1", ["ORION"])])
        rows = {h.source: h for h in list_hits(conn, "CASE-2026-0001")}
        assert {s: h.status for s, h in rows.items()} == {"ofac-sdn": "open", "un-sc": "no_match", "us-csl": "open"}
        replace_hits(conn, "CASE-2026-0001", [_hit("ofac-sdn", "h2", ["ORION", "ORION SYSTEMS"])])
        (changed,) = list_hits(conn, "CASE-2026-0001")
        assert changed.status == "open"
        assert changed.detail["previous_review"]["changes"] == ["names added: ORION SYSTEMS"]
