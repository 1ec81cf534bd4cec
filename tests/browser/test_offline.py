"""The UI works with no internet: the API reference at /docs renders from the server's own
assets, and a country page fits a phone's width."""

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import Steps
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_api_reference_renders_from_local_assets_only(open_session: Any, live_server: Any, steps: Steps) -> None:
    page = open_session().new_page()
    server = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []

    def keep_local(route: Any) -> None:
        host = urlsplit(route.request.url).netloc
        if host and host != server:
            elsewhere.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", keep_local)
    response = page.goto("/docs")
    assert response is not None and response.status == 200
    # Swagger UI draws one block per operation once it has read /openapi.json
    page.wait_for_selector(".opblock", timeout=30_000)
    steps.snap(page, "api-reference")
    assert page.locator(".opblock").count() >= 10
    assert page.get_by_text("/api/cases", exact=True).count() >= 1
    assert not elsewhere, f"/docs asked other hosts for {elsewhere}"


def test_country_page_fits_a_phone(open_session: Any, steps: Steps) -> None:
    context = open_session()
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "analyst")
    page.goto("/countries/IR")
    steps.snap(page, "country-on-a-phone")
    # wide tables scroll inside their own box: the page itself never scrolls sideways
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the phone's screen"
