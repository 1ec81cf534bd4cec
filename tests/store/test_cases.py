"""Cases, reports and the portfolio on both databases."""

import pytest
import sqlalchemy as sa

from hrdd.model.lifecycle import EDITABLE, State
from hrdd.store import Store
from hrdd.store.cases import (
    CaseFilter,
    get_case,
    insert_case,
    list_cases,
    next_case_id,
    portfolio,
    revise_case,
    save_report,
    set_state,
)
from hrdd.store.revisions import get_revision, list_revisions


def _case(store: Store, title: str, country: str = "BR") -> str:
    with store.transaction() as conn:
        case_id = next_case_id(conn, 2026)
        insert_case(conn, case_id=case_id, title=title, case_text="title: x\n", country=country,
                    end_user="Police", created_by="ana")
    return case_id


def test_ids_are_sequential_per_year(store: Store) -> None:
    assert [_case(store, "a"), _case(store, "b")] == ["CASE-2026-0001", "CASE-2026-0002"]


def test_list_filters_and_counts(store: Store) -> None:
    for i in range(5):
        _case(store, f"Cameras {i}", country="BR" if i % 2 else "KE")
    with store.transaction() as conn:
        rows, total = list_cases(conn, CaseFilter(country="ke"), limit=2)
        assert (total.value, total.exact) == (3, True) and len(rows) == 2 and all(r.country == "KE" for r in rows)
        rows, total = list_cases(conn, CaseFilter(text="CAMERAS 3"))
        assert total.value == 1 and rows[0].title == "Cameras 3"


def test_saving_a_report_updates_the_case_summary(store: Store) -> None:
    case_id = _case(store, "Spyware")
    report = {"recommendation": "do_not_proceed",
              "inherent_risk": {"level": "critical", "score": 90, "likelihood": 5,
                                "severity": {"scale": 5, "scope": 4, "irremediability": 5}},
              "residual_risk": {"level": "critical", "score": 88}}
    with store.transaction() as conn:
        assert save_report(conn, case_id, 2, report, "ana", expected=EDITABLE) is None  # no revision 2
        assert save_report(conn, case_id, 1, report, "ana", expected=EDITABLE) is not None
        row = get_case(conn, case_id)
        assert row is not None
        assert (row.recommendation, row.residual_level, row.severity, row.likelihood, row.state) == (
            "do_not_proceed", "critical", 5, 5, "assessed")
        assert ("do_not_proceed", 1) in portfolio(conn)["recommendation"]
        assert (5, 5, 1) in portfolio(conn)["heat"]


def test_a_state_change_is_a_compare_and_set(store: Store) -> None:
    case_id = _case(store, "a")
    with store.transaction() as conn:
        assert set_state(conn, case_id, expected={State.DRAFT}, revision=1, new=State.ASSESSED)
        # the same expectation a second time finds the case moved on and changes nothing
        assert not set_state(conn, case_id, expected={State.DRAFT}, revision=1, new=State.PROPOSED)
        assert not set_state(conn, case_id, expected={State.ASSESSED}, revision=2, new=State.PROPOSED)
        row = get_case(conn, case_id)
    assert row is not None and (row.state, row.revision) == ("assessed", 1)


def test_a_new_revision_keeps_the_old_text_and_clears_the_summary(store: Store) -> None:
    case_id = _case(store, "a")
    with store.transaction() as conn:
        assert revise_case(conn, case_id, expected=EDITABLE, revision=1, case_text="title: y\n", author="bo",
                           reason="typo")
        assert not revise_case(conn, case_id, expected=EDITABLE, revision=1, case_text="title: z\n", author="cy",
                               reason="late")
        first, second = get_revision(conn, case_id, 1), get_revision(conn, case_id, 2)
        assert first is not None and second is not None
        assert (first.case_text, second.case_text, second.author, second.reason) == ("title: x\n", "title: y\n",
                                                                                     "bo", "typo")
        assert [r.number for r in list_revisions(conn, case_id)] == [1, 2]


def test_revisions_are_immutable(store: Store) -> None:
    _case(store, "a")
    with pytest.raises(sa.exc.DBAPIError), store.transaction() as conn:
        conn.execute(sa.text("UPDATE case_revisions SET case_text = 'forged'"))
    with pytest.raises(sa.exc.DBAPIError), store.transaction() as conn:
        conn.execute(sa.text("DELETE FROM case_revisions"))


def test_the_database_refuses_an_unknown_state(store: Store) -> None:
    case_id = _case(store, "a")
    with pytest.raises(sa.exc.IntegrityError), store.transaction() as conn:
        conn.execute(sa.text("UPDATE cases SET state = 'decided' WHERE id = :id"), {"id": case_id})
