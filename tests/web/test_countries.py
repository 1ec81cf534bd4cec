"""Country pages in the web UI: the index, a search, one country with its charts, laws,
misuse records and embargoes, every figure with its source and year."""

import re

from hrdd.catalog import default_catalog
from hrdd.countries.misuse import misuse_records
from tests.web.test_pages import _browser_login


def test_country_index_lists_the_countries_the_project_holds_data_on(app) -> None:  # type: ignore[no-untyped-def]
    client, _ = _browser_login(app, "auditor")
    page = client.get("/countries")
    assert page.status_code == 200
    embargoed = {e.country for e in default_catalog().embargoes.values()}
    documented = {r.country for r in misuse_records()}
    linked = set(re.findall(r'href="/countries/([A-Z]{2})"', page.text))
    assert embargoed | documented <= linked


def test_country_search_goes_to_the_page_and_unknown_names_get_a_suggestion(app) -> None:  # type: ignore[no-untyped-def]
    client, _ = _browser_login(app, "analyst")
    found = client.get("/countries", params={"q": "Kenya"}, follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"] == "/countries/KE"
    missing = client.get("/countries", params={"q": "Kenyaa"})
    assert missing.status_code == 404 and "unknown country" in missing.text and "KE (Kenya)" in missing.text


def test_country_page_cites_every_indicator_and_draws_its_risk(app) -> None:  # type: ignore[no-untyped-def]
    client, _ = _browser_login(app, "approver")
    page = client.get("/countries/HU")
    assert page.status_code == 200
    html = page.text
    assert html.count("<h1") == 1 and "Hungary" in html
    # one bar per indicator with a reading, each with a text alternative naming the figure
    bars = re.findall(r'<svg class="bar" role="img"[^>]*><title>([^<]+) risk ([0-9.]+) of 1</title>', html)
    assert len(bars) >= 5
    assert all(0.0 <= float(share) <= 1.0 for _, share in bars)
    assert "<th>Source</th>" in html and "<th>Year</th>" in html and "Data versions:" in html
    assert "<style>" not in html  # the layout's stylesheet, not the standalone report's


def test_country_page_shows_embargoes_with_their_effect(app) -> None:  # type: ignore[no-untyped-def]
    client, _ = _browser_login(app, "analyst")
    measures = [e for e in default_catalog().embargoes.values() if e.country == "IR"]
    html = client.get("/countries/IR").text
    assert "Embargoes and prohibitions" in html
    for measure in measures:
        assert measure.title in html and measure.as_of.isoformat() in html
    if any(m.hard_stop for m in measures):
        assert "hard stop: do not proceed" in html
    if any(m.monitoring_equipment_ban for m in measures):
        assert "bans monitoring and interception equipment" in html


def test_country_page_lists_documented_misuse_with_sources(app) -> None:  # type: ignore[no-untyped-def]
    record = next(r for r in misuse_records() if r.sources)
    client, _ = _browser_login(app, "analyst")
    html = client.get(f"/countries/{record.country}").text
    assert "Documented misuse" in html
    _title, url = record.sources[0]
    assert f'href="{url}"' in html
