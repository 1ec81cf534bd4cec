"""Files of parties for the screening workbench: CSV and XLSX, limits, located problems."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.exc import InvalidInput
from hrdd.sources.parties import MAX_BYTES, PartyRow, read_parties


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_csv_columns_in_any_order_and_case() -> None:
    data = _csv([["Country", "NAME", "Schema", "birth date", "notes"],
                 ["RU", "Romashka Systems", "Company", "", "x"],
                 ["", "Ivan Sidorenko", "Person", "1961-04-12", ""],
                 ["", "", "", "", ""]])
    assert read_parties("parties.csv", data) == [
        PartyRow(2, "Romashka Systems", "ru", "Company", None, None),
        PartyRow(3, "Ivan Sidorenko", None, "Person", "1961-04-12", None),
    ]


def test_xlsx_first_sheet_with_dates_and_numbers() -> None:
    import datetime as dt

    data = _xlsx([["name", "birth_date", "identifier"], ["Ivan Sidorenko", dt.date(1961, 4, 12), 1027700132195]])
    assert read_parties("parties.xlsx", data) == [
        PartyRow(2, "Ivan Sidorenko", None, "LegalEntity", "1961-04-12", "1027700132195")]


def test_every_bad_row_is_named_and_nothing_is_returned() -> None:
    data = _csv([["name", "country", "schema", "birth_date"], ["A", "Russia", "Company", ""], ["B", "", "Planet", ""],
                 ["", "ru", "", ""], ["C", "", "", "12/04/1961"]])
    with pytest.raises(InvalidInput) as err:
        read_parties("parties.csv", data)
    found = {(p.line, p.field) for p in err.value.problems}
    assert found == {(2, "country"), (3, "schema"), (4, "name"), (5, "birth_date")}
    assert all(p.file == "parties.csv" for p in err.value.problems)
    assert "nothing was screened" in err.value.message


def test_missing_name_column_names_the_header() -> None:
    with pytest.raises(InvalidInput) as err:
        read_parties("p.csv", _csv([["company", "country"], ["X", "ru"]]))
    problem = err.value.problems[0]
    assert (problem.line, problem.field, problem.found) == (1, "name", "company, country")


def test_limits_are_checked_before_rows_are_read() -> None:
    with pytest.raises(InvalidInput, match="too large"):
        read_parties("p.csv", b"name\n" + b"x" * MAX_BYTES)
    with pytest.raises(InvalidInput, match="too many rows"):
        read_parties("p.csv", _csv([["name"], ["a"], ["b"], ["c"]]), max_rows=2)


def test_other_file_types_and_broken_files_are_refused_plainly() -> None:
    for name, data in [("p.pdf", b"%PDF-1.4"), ("p.xlsx", b"not a zip"), ("p.csv", b"name\n\xff\xfe\n"),
                       ("p.csv", b"")]:
        with pytest.raises(InvalidInput) as err:
            read_parties(name, data)
        assert err.value.problems and err.value.problems[0].file == name


_names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s.strip())


@given(st.lists(st.tuples(_names, st.sampled_from(["", "ru", "DE"]), st.sampled_from(["", "Person", "Company"])),
                min_size=1, max_size=20))
@settings(max_examples=60, deadline=None)
def test_written_rows_read_back_as_they_were(rows: list[tuple[str, str, str]]) -> None:
    data = _csv([["name", "country", "schema"], *[list(r) for r in rows]])
    parsed = read_parties("p.csv", data)
    assert [(p.name, p.country or "", p.schema) for p in parsed] == [
        (n, c.lower(), s or "LegalEntity") for n, c, s in rows]


@given(st.binary(max_size=400))
@settings(max_examples=100, deadline=None)
def test_any_bytes_give_parties_or_a_located_problem(data: bytes) -> None:
    for name in ("p.csv", "p.xlsx"):
        try:
            read_parties(name, data)
        except InvalidInput as err:
            assert err.problems and err.problems[0].file == name
