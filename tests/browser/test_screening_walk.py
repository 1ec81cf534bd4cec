"""The screening workbench in a real browser against ``hrdd serve`` with two lists loaded: an
analyst screens one name on the spot, reads why it matched and saves a judgement that the next
screening of the name shows; then uploads a CSV of parties, waits on the progress page and
downloads the results as CSV and Excel."""

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Steps
from tests.browser.pages import accessibility_problems, axe_violations, flash

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PARTIES = "name,country,schema\nOrion Vizion Systems,BR,Company\nBäckerei Schmidt,DE,Company\nIvan Petrovich Testov,,Person\n"


def _checked(page: Any, steps: Steps, name: str) -> None:
    steps.snap(page, name)
    assert accessibility_problems(page) == [], name
    assert axe_violations(page) == [], name


def _results(page: Any) -> str:
    text: str = page.locator("section[aria-labelledby=one]").inner_text()
    return text


def test_screen_a_name_and_judge_the_hit(browse: Any, steps: Steps) -> None:
    page = browse("analyst")
    page.get_by_role("link", name="Screening").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Screening"
    lists = page.locator("p.hint").first.inner_text()
    assert "ofac-sdn" in lists and "us-csl" in lists, lists

    page.get_by_label("Name").fill("Orion Vision Systems")
    page.get_by_label("Kind of party").select_option("Company")
    page.get_by_label("Country").fill("BR")
    page.get_by_role("button", name="Screen", exact=True).click()
    page.wait_for_load_state()
    results = _results(page)
    assert "Results for “Orion Vision Systems”" in results
    rows = page.locator("section[aria-labelledby=one] tbody tr")
    listed = [r.inner_text() for r in rows.all()]
    assert any("ORION VIZION SYSTEMS" in r and "ofac-sdn 36" in r for r in listed), listed
    assert all("TESTOV" not in r for r in listed), "an unrelated person is not a hit"
    assert page.get_by_label("Name").input_value() == "Orion Vision Systems", "the form keeps what was typed"
    _checked(page, steps, "name-screened")

    row = rows.filter(has_text="ofac-sdn 36").first
    row.get_by_label("Reason").fill("Same company: registration number 77123456 matches")
    row.get_by_role("button", name="Match", exact=True).click()
    page.wait_for_load_state()
    assert flash(page) == "Judgement saved: match."

    # the next screening of the same name against the same entry shows the judgement
    page.get_by_label("Name").fill("Orion Vision Systems")
    page.get_by_label("Kind of party").select_option("Company")
    page.get_by_label("Country").fill("BR")
    page.get_by_role("button", name="Screen", exact=True).click()
    page.wait_for_load_state()
    judged = page.locator("section[aria-labelledby=one] tbody tr").filter(has_text="ofac-sdn 36").first.inner_text()
    assert "match: Same company: registration number 77123456 matches" in judged, judged
    steps.snap(page, "judgement-shown")


def test_a_bad_date_of_birth_is_explained_and_nothing_typed_is_lost(browse: Any, steps: Steps) -> None:
    page = browse("analyst")
    page.goto("/screen")
    page.get_by_label("Name").fill("Ivan Testov")
    page.get_by_label("Kind of party").select_option("Person")
    page.get_by_label("Date of birth").fill("12/04/1961")
    page.get_by_role("button", name="Screen", exact=True).click()
    page.wait_for_load_state()
    problems = page.locator(".errors").first.inner_text()
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in problems, problems
    assert page.get_by_label("Date of birth").input_value() == "12/04/1961"
    steps.snap(page, "bad-date")


def test_screen_a_file_watch_it_finish_and_download_the_results(browse: Any, steps: Steps, tmp_path: Path) -> None:
    page = browse("analyst")
    page.goto("/screen")
    upload = tmp_path / "new-customers.csv"
    upload.write_text(PARTIES, encoding="utf-8")
    page.get_by_label("File of parties", exact=True).set_input_files(str(upload))
    page.get_by_role("button", name="Upload and screen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Screening new-customers.csv"
    # the page reloads itself (a meta refresh, no script) until the file is done
    page.get_by_text("Done: 3 parties screened").wait_for(timeout=120_000)
    status = page.get_by_role("status").inner_text()
    assert "Done: 3 parties screened, " in status, status
    table = page.locator("main table").inner_text()
    assert "ORION VIZION SYSTEMS" in table and "TESTOV, Ivan Petrovich" in table, table
    assert "Schmidt" not in table, "the bakery is on no list"
    _checked(page, steps, "file-screened")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").click()
    assert csv_download.value.suggested_filename == "new-customers-screened.csv"
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8"))))
    by_line: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_line.setdefault(row["line"], []).append(row)
    assert set(by_line) == {"2", "4"}, by_line.keys()  # the header is line 1; the bakery (line 3) has no hit
    assert {(r["source"], r["entry_id"]) for r in by_line["2"]} >= {("ofac-sdn", "36")}
    assert all(r["query"] == "Orion Vizion Systems" for r in by_line["2"])
    assert any(r["listed_name"] == "TESTOV, Ivan Petrovich" for r in by_line["4"])
    assert all(r["explanation"] for r in rows), "every hit says why it matched"

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel").click()
    assert xlsx_download.value.suggested_filename == "new-customers-screened.xlsx"
    with zipfile.ZipFile(xlsx_download.value.path()) as book:
        strings = book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in book.namelist() else ""
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "ORION VIZION SYSTEMS" in strings + sheet and "TESTOV, Ivan Petrovich" in strings + sheet

    page.get_by_role("link", name="Back to screening").click()
    page.wait_for_load_state()
    recent = page.locator("section[aria-labelledby=file] tbody").inner_text()
    assert "new-customers.csv" in recent and "done" in recent, recent
