"""Migration 0019_search_facets fills the search facts of the cases already stored: their
capability rows (and on PostgreSQL the word list), so that the capability filter and prefix
searches find old cases exactly as they find new ones."""

import datetime as dt
import importlib

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.store import cases as case_rows
from hrdd.store import open_store
from hrdd.store.cases import CaseFilter
from hrdd.store.db import create_engine
from hrdd.store.search import capabilities_of
from tests.store.test_migration_0003 import _upgrade

MIGRATION = importlib.import_module("hrdd.store.migrations.versions.0019_search_facets")

TEXTS = {
    "CASE-2026-0001": "title: Cameras\nproducts:\n  - {name: A, capabilities: [facial_recognition, video_analytics]}\n"
                      "  - {name: B, capabilities: [facial_recognition]}\nend_user: {name: Lima Police}\n",
    "CASE-2026-0002": "title: Probes\nproducts:\n  - name: C\n    capabilities:\n      - deep_packet_inspection\n"
                      "intermediaries:\n  - {name: Kavelsor Trading LLC}\n",
    "CASE-2026-0003": "title: Nothing listed\nproducts: []\n",
    "CASE-2026-0004": "title: [not: closed\n",  # a text that is not YAML any more: no capability, no failure
}


def test_existing_cases_get_their_capability_rows_and_words(database_url: str) -> None:
    engine = create_engine(database_url)
    _upgrade(engine, "0018_transparency")
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        for case_id, text in TEXTS.items():
            conn.execute(sa.text(
                "INSERT INTO cases (id, title, state, case_text, country, end_user, created_by, created_at, "
                "updated_at, revision) VALUES (:id, 't', 'draft', :text, 'PE', 'x', 'ana', :now, :now, 1)"),
                {"id": case_id, "text": text, "now": now})
    engine.dispose()
    store = open_store(database_url)  # migrates to the head
    with store.transaction() as conn:
        rows = conn.execute(sa.text("SELECT case_id, capability FROM case_capabilities")).all()
        assert sorted((r.case_id, r.capability) for r in rows) == sorted(
            (case_id, c) for case_id, text in TEXTS.items() for c in capabilities_of(text))
        assert {r.case_id for r in rows} == {"CASE-2026-0001", "CASE-2026-0002"}

        def ids(f: CaseFilter) -> list[str]:
            return sorted(r.id for r in case_rows.list_cases(conn, f)[0])

        assert ids(CaseFilter(capability="facial_recognition")) == ["CASE-2026-0001"]
        assert ids(CaseFilter(capability="deep_packet_inspection")) == ["CASE-2026-0002"]
        assert ids(CaseFilter(text="kavel trad")) == ["CASE-2026-0002"]  # prefixes, through the word list
        if store.dialect == "postgresql":
            missing = conn.execute(sa.text(
                "SELECT w FROM cases, unnest(tsvector_to_array(search)) AS w EXCEPT SELECT word FROM search_words"))
            assert missing.all() == []
    store.engine.dispose()


products = st.lists(st.fixed_dictionaries({"name": st.text(max_size=5), "capabilities": st.one_of(
    st.lists(st.one_of(st.sampled_from(["facial_recognition", " imsi_catcher ", ""]), st.integers(), st.none())),
    st.text(max_size=5), st.none())}), max_size=3)


@given(products=st.one_of(products, st.text(max_size=10), st.none()))
@settings(max_examples=60, deadline=None)
def test_the_backfill_reads_capabilities_as_the_store_does(products: object) -> None:
    import yaml

    text = yaml.safe_dump({"title": "t", "products": products})
    assert MIGRATION._capabilities(text) == capabilities_of(text)
