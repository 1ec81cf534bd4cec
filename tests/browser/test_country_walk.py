"""A country page in a real browser, as a reviewer who will cite it reads it: found from the index
by typing the country's name, with the overall risk, the indicators as small charts with source and
year, the surveillance-law profile by category, the embargoes and the documented misuse with its
sources, each as the project's data holds them."""

from typing import Any

import pytest

from tests.browser.conftest import Steps
from tests.browser.pages import accessibility_problems, axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _section(page: Any, heading: str) -> Any:
    """The elements between the h2 ``heading`` and the next h2, as one locator."""
    return page.locator(f"xpath=//h2[normalize-space()='{heading}']/following-sibling::*[1]")


def test_open_a_country_page_from_the_index_and_read_what_a_reviewer_cites(open_session: Any, steps: Steps) -> None:
    from hrdd.services import countries as country_service
    from hrdd.settings import get_settings

    expected, _ = country_service.country_page_html("IR", get_settings())
    page = open_session().new_page()
    log_in(page, "analyst")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Countries").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Countries"
    listed = page.get_by_role("row").filter(has=page.get_by_role("link", name=expected.context.name)).inner_text()
    assert listed.split("\t")[1:] == ["yes", str(len(expected.misuse)), str(len(expected.prohibitions))], listed
    page.get_by_label("Country (ISO code or English name)").fill("iran")
    page.get_by_role("button", name="Open").click()
    page.wait_for_load_state()
    assert page.url.endswith("/countries/IR"), page.url
    assert page.get_by_role("heading", level=1).inner_text() == f"{expected.context.name} (IR)"
    steps.snap(page, "country-page")

    main = page.get_by_role("main")
    assert f"Overall risk: {expected.context.risk:.2f}" in " ".join(main.inner_text().split())
    headings = [h.strip() for h in main.locator("h2").all_inner_texts()]
    for heading in ("Sub-scores", "Indicators", "Surveillance law", "Embargoes and prohibitions", "Documented misuse",
                    "Sources"):
        assert heading in headings, headings

    # every chart is an image with a text alternative naming the years and values it draws
    charts = main.locator("svg[role=img]")
    assert charts.count() >= 1 + len(expected.context.sub_scores)
    first = charts.first.locator("title").text_content() or ""
    assert first.startswith("Overall risk "), first
    civil = charts.nth(1).locator("title").text_content() or ""
    drawn = expected.history["civil_liberties"]
    assert all(f"{year} {value:.2f}" in civil for year, value in drawn.items()), (civil, drawn)

    # each indicator row names its source (linked) and year
    indicators = _section(page, "Indicators").locator("tbody tr")
    assert indicators.count() == len(expected.context.figures)
    for row in indicators.all()[:3]:
        cells = row.locator("td").all_inner_texts()
        assert cells[3].strip().isdigit(), cells
        assert row.locator("a[href^='https://']").count() == 1, cells

    law = " ".join(main.inner_text().split())
    for entry in expected.context.laws:
        assert entry.category in law and entry.law in law, entry
    embargoes = _section(page, "Embargoes and prohibitions").locator("tbody tr")
    assert embargoes.count() == len(expected.prohibitions)
    for measure in expected.prohibitions:
        assert embargoes.get_by_role("link", name=measure.title).get_attribute("href") == measure.source_url

    misuse = _section(page, "Documented misuse").locator("li")
    assert misuse.count() == len(expected.misuse)
    for record in expected.misuse:
        item = misuse.filter(has_text=record.name)
        assert f"{record.year} {record.name}" in item.inner_text()
        for title, url in record.sources:
            assert item.get_by_role("link", name=title).get_attribute("href") == url

    assert accessibility_problems(page) == []
    assert axe_violations(page) == []


def test_an_unknown_country_is_explained(open_session: Any, steps: Steps) -> None:
    page = open_session().new_page()
    log_in(page, "analyst")
    page.goto("/countries")
    page.get_by_label("Country (ISO code or English name)").fill("Atlantis")
    page.get_by_role("button", name="Open").click()
    page.wait_for_load_state()
    text = page.get_by_role("main").inner_text()
    assert "Atlantis" in text, text
    steps.snap(page, "unknown-country")
