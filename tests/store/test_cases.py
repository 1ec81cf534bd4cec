"""Cases, reports and the portfolio on both databases."""

from hrdd.store import Store
from hrdd.store.cases import (
    CaseFilter,
    get_case,
    insert_case,
    list_cases,
    next_case_id,
    portfolio,
    save_report,
)


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
        assert total == 3 and len(rows) == 2 and all(r.country == "KE" for r in rows)
        rows, total = list_cases(conn, CaseFilter(text="CAMERAS 3"))
        assert total == 1 and rows[0].title == "Cameras 3"


def test_saving_a_report_updates_the_case_summary(store: Store) -> None:
    case_id = _case(store, "Spyware")
    report = {"recommendation": "do_not_proceed",
              "inherent_risk": {"level": "critical", "score": 90, "likelihood": 5,
                                "severity": {"scale": 5, "scope": 4, "irremediability": 5}},
              "residual_risk": {"level": "critical", "score": 88}}
    with store.transaction() as conn:
        save_report(conn, case_id, 1, report, "ana")
        row = get_case(conn, case_id)
        assert row is not None
        assert (row.recommendation, row.residual_level, row.severity, row.likelihood, row.status) == (
            "do_not_proceed", "critical", 5, 5, "assessed")
        assert ("do_not_proceed", 1) in portfolio(conn)["recommendation"]
        assert (5, 5, 1) in portfolio(conn)["heat"]
