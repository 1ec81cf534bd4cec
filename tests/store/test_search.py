"""Full-text case search on both databases: every change reaches the index, what users type
is never search syntax, counts stop at the cap, filters and orders combine."""

import base64
import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.model.lifecycle import State
from hrdd.store import Store, search
from hrdd.store import cases as case_rows
from hrdd.store.cases import CaseFilter

TEXT = """title: {title}
end_user: {{name: {end_user}, country: {country}}}
products:
  - {{name: Vision, capabilities: [{capability}]}}
intermediaries:
  - {{name: {intermediary}, country: AE}}
"""


def _add(conn, number: int, title: str, end_user: str, country: str = "BR",  # type: ignore[no-untyped-def]
         capability: str = "facial_recognition", intermediary: str = "Gulf Integrators LLC",
         created_by: str = "analyst") -> str:
    case_id = f"CASE-2026-{number:04d}"
    text = TEXT.format(title=title, end_user=end_user, country=country, capability=capability,
                       intermediary=intermediary)
    case_rows.insert_case(conn, case_id=case_id, title=title, case_text=text, country=country,
                          end_user=end_user, created_by=created_by, reason="test")
    return case_id


def _ids(store: Store, f: CaseFilter) -> list[str]:
    with store.transaction() as conn:
        rows, _ = case_rows.list_cases(conn, f)
    return [r.id for r in rows]


def test_words_anywhere_in_the_case_find_it(store: Store) -> None:
    with store.transaction() as conn:
        a = _add(conn, 1, "Cameras for the city", "Polícia Militar de São Paulo")
        b = _add(conn, 2, "Interception platform", "Ministry of Interior", country="AE",
                 capability="lawful_interception", intermediary="Blue Harbor Trading FZE")
    assert _ids(store, CaseFilter(text="cameras")) == [a]
    assert _ids(store, CaseFilter(text="harbor")) == [b]  # an intermediary, inside the case file
    assert _ids(store, CaseFilter(text="interc")) == [b]  # a prefix of a word
    assert set(_ids(store, CaseFilter(text="ministry interior"))) == {b}  # every word required
    assert _ids(store, CaseFilter(text="ministry cameras")) == []
    assert _ids(store, CaseFilter(capability="lawful_interception")) == [b]


def test_accents_fold_on_sqlite(store: Store) -> None:
    if store.dialect != "sqlite":
        pytest.skip("PostgreSQL's 'simple' configuration keeps accents (unaccent is an extension)")
    with store.transaction() as conn:
        a = _add(conn, 1, "Cameras", "Polícia Militar de São Paulo")
    assert _ids(store, CaseFilter(text="policia sao paulo")) == [a]


def test_edits_reach_the_index(store: Store) -> None:
    with store.transaction() as conn:
        a = _add(conn, 1, "Drone fleet", "Border Guard")
        text = TEXT.format(title="Patrol aircraft", end_user="Border Guard", country="BR",
                           capability="drone_surveillance", intermediary="Gulf Integrators LLC")
        assert case_rows.revise_case(conn, a, expected={State.DRAFT}, revision=1, case_text=text, author="ana",
                                     reason="renamed", title="Patrol aircraft")
    assert _ids(store, CaseFilter(text="fleet")) == []
    assert _ids(store, CaseFilter(text="aircraft")) == [a]
    assert _ids(store, CaseFilter(capability="drone_surveillance")) == [a]


@given(st.text(max_size=40))
@settings(max_examples=80, deadline=None)
def test_anything_typed_is_a_search_never_an_error(text: str) -> None:
    words = search.query_words(text)
    assert len(words) <= search.MAX_WORDS
    assert all('"' not in w and "'" not in w and " " not in w for w in words)
    fts = search.fts5_query(words)
    assert fts.count('"') == 2 * len(words)


@pytest.mark.parametrize("typed", ['" OR 1=1 --', "title:secret", "NEAR(a b)", "a* AND NOT b", "ö:*&|!",
                                   "cameras OR x"])
def test_search_syntax_typed_by_a_user_is_just_words(store: Store, typed: str) -> None:
    with store.transaction() as conn:
        _add(conn, 1, "Cameras", "City Police")
    assert _ids(store, CaseFilter(text=typed)) == []


@pytest.mark.parametrize("typed", ["'", "%_%", "***", "   "])
def test_punctuation_alone_filters_nothing(store: Store, typed: str) -> None:
    with store.transaction() as conn:
        a = _add(conn, 1, "Cameras", "City Police")
    assert _ids(store, CaseFilter(text=typed)) == [a]


def test_counts_stop_at_the_cap_and_say_so(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    monkeypatch.setattr(search, "PG_EXACT_UP_TO", 3)
    with store.transaction() as conn:
        for i in range(1, 6):
            _add(conn, i, f"Camera project {i}", "City Police")
        if store.dialect == "postgresql":  # a plan that stops after the page (a sorting one counts all it reads)
            conn.execute(sa.text("SET LOCAL enable_sort = off"))
        rows, total = case_rows.list_cases(conn, CaseFilter(text="camera"), limit=2)
        assert len(rows) == 2 and not total.exact and total.value >= 2
        if store.dialect == "sqlite":
            assert (total.value, str(total)) == (3, "more than 3")
        else:  # counted up to 3, then the planner's estimate or the proven "more than"
            assert str(total) == f"about {total.estimate}" if total.estimate else str(total) == "more than 3"
        _, exact = case_rows.list_cases(conn, CaseFilter(text="project 4"))
        assert (exact.value, exact.exact) == (1, True)
        # a page that is not full counts itself, even past the cap
        _, whole = case_rows.list_cases(conn, CaseFilter(text="camera"), limit=10)
        assert (whole.value, whole.exact, str(whole)) == (5, True, "5")


def test_postgres_counts_what_it_reads_and_estimates_what_it_would_have_to_read(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    if store.dialect != "postgresql":
        pytest.skip("SQLite counts in its search index and has no row estimates")
    monkeypatch.setattr(search, "PG_EXACT_UP_TO", 10)
    with store.transaction() as conn:
        for i in range(1, 401):
            _add(conn, i, f"Camera project {i}", "City Police" if i % 4 else "Border Guard")
    with store.transaction() as conn:
        conn.execute(sa.text("ANALYZE cases"))
    with store.transaction() as conn:
        # a plan that walks the list's index and stops after the page: 300 match, more than the 10
        # PostgreSQL would count, so the planner's estimate is shown
        conn.execute(sa.text("SET LOCAL enable_sort = off"))
        rows, total = case_rows.list_cases(conn, CaseFilter(text="police"), limit=20)
        assert len(rows) == 20 and not total.exact and total.value == 20
        assert total.estimate is not None and 150 <= total.estimate <= 600 and str(total).startswith("about ")
    with store.transaction() as conn:
        # a plan that reads every match to sort them: counted exactly in the same query
        conn.execute(sa.text("SET LOCAL enable_indexscan = off"))
        sorted_rows, exact = case_rows.list_cases(conn, CaseFilter(text="police"), limit=20)
        assert (exact.value, exact.exact, str(exact)) == (300, True, "300")
        assert [r.id for r in sorted_rows] == [r.id for r in rows]


def test_estimates_are_rounded_to_two_figures() -> None:
    assert [str(search.Count(50, False, n)) for n in (87, 8_576, 1_234_567)] == [
        "about 87", "about 8,600", "about 1,200,000"]
    assert str(search.Count(50, False, 40)) == "more than 50"  # an estimate below what is known is not shown


def test_filters_and_orders_combine(store: Store) -> None:
    from hrdd.store.tables import cases, conditions

    with store.transaction() as conn:
        a = _add(conn, 1, "Cameras A", "City Police", created_by="ana")
        b = _add(conn, 2, "Cameras B", "City Police", created_by="bo")
        c = _add(conn, 3, "Cameras C", "City Police", created_by="ana")
        conn.execute(cases.update().where(cases.c.id == a).values(residual_score=80))
        conn.execute(cases.update().where(cases.c.id == c).values(residual_score=20))
        conn.execute(conditions.insert().values(case_id=c, safeguard="audit_logging", owner="ana",
                                                due=dt.date(2027, 1, 1), status="open"))
    assert _ids(store, CaseFilter(text="cameras", owner="ana", sort="risk")) == [a, c]
    assert _ids(store, CaseFilter(sort="risk"))[:2] == [a, c]  # unassessed cases last
    assert _ids(store, CaseFilter(due_before=dt.date(2027, 6, 1))) == [c]
    assert _ids(store, CaseFilter(due_before=dt.date(2026, 6, 1))) == []
    assert _ids(store, CaseFilter(sort="id")) == [c, b, a]


def test_broad_and_narrow_plans_find_the_same_cases(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with store.transaction() as conn:
        for i in range(1, 8):
            _add(conn, i, f"Camera project {i}", "City Police" if i % 2 else "Border Guard", created_by=f"a{i % 3}")
    filters = [CaseFilter(text="camera"), CaseFilter(text="police", owner="a1"), CaseFilter(text="border", sort="id")]
    narrow = [_ids(store, f) for f in filters]
    monkeypatch.setattr(search, "PROBE_ABOVE", 0)  # every search takes the broad plan
    assert [_ids(store, f) for f in filters] == narrow and all(narrow)


@pytest.mark.parametrize("token", ["", "!!", "aWR8eHx5", base64.urlsafe_b64encode(b"id|CASE\x00").decode(),
                                   base64.urlsafe_b64encode(b"updated|not a time|CASE-1").decode(),
                                   base64.urlsafe_b64encode(b"updated|2026-01-01T00:00:00+00:00").decode()])
def test_a_page_token_that_is_not_one_is_invalid_input(store: Store, token: str) -> None:
    from hrdd.exc import InvalidInput

    with store.transaction() as conn:
        _add(conn, 1, "Cameras", "City Police")
        for sort in ("id", "updated"):
            with pytest.raises(InvalidInput) as refused:
                case_rows.list_cases(conn, CaseFilter(sort=sort), after=token or "x")
            assert refused.value.problems[0].field == "after"
