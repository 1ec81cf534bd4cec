"""The case list: full-text search over the whole case file, filters, order, honest counts."""

import re
from pathlib import Path

from hrdd.services.cases import create_case
from hrdd.services.permissions import Actor, Role
from tests.web.test_pages import _browser_login

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _listed(html: str) -> list[str]:
    return re.findall(r'<a href="/cases/(CASE-[0-9-]+)">', html)


def test_search_filters_and_order_on_the_case_list(app) -> None:  # type: ignore[no-untyped-def]
    store = app.state.store
    analyst = Actor("analyst", Role.ANALYST)
    cameras = create_case(store, analyst, (EXAMPLES / "05-body-cameras-police-gb.yaml").read_text()).id
    imsi = create_case(store, analyst, (EXAMPLES / "06-imsi-catcher-via-distributor-ae.yaml").read_text()).id
    client, _ = _browser_login(app, "auditor")
    assert _listed(client.get("/", params={"q": "Example Logistics"}).text) == [imsi]  # an intermediary
    assert _listed(client.get("/", params={"capability": "body_worn_camera"}).text) == [cameras]
    assert _listed(client.get("/", params={"owner": "analyst", "sort": "id"}).text) == [imsi, cameras]
    page = client.get("/", params={"q": "zzzz-nothing", "due_before": "not a date", "sort": "nonsense"})
    assert page.status_code == 200 and "No cases match." in page.text and "0 cases" in page.text
    listed = client.get("/api/cases", params={"q": "example trading"}).json()
    assert (listed["total"], listed["total_exact"], [c["id"] for c in listed["cases"]]) == (1, True, [imsi])
