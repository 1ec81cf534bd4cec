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


def test_next_pages_are_read_from_the_index_and_a_bad_token_is_refused_cleanly(app) -> None:  # type: ignore[no-untyped-def]
    import html as html_lib

    from hrdd.store import cases as case_rows

    with app.state.store.transaction() as conn:
        for i in range(1, 56):
            case_rows.insert_case(conn, case_id=f"CASE-2026-{i:04d}", title=f"Camera project {i}",
                                  case_text=f"title: Camera project {i}\n", country="BR", end_user="City Police",
                                  created_by="analyst", reason="test")
    client, _ = _browser_login(app, "auditor")
    first = client.get("/", params={"q": "camera", "sort": "id"}).text
    assert _listed(first) == [f"CASE-2026-{i:04d}" for i in range(55, 5, -1)]
    link = html_lib.unescape(re.search(r'<a href="\?([^"]+)">Next</a>', first).group(1))  # type: ignore[union-attr]
    assert "after=" in link and "offset=50" in link
    second = client.get(f"/?{link}").text
    assert _listed(second) == [f"CASE-2026-{i:04d}" for i in range(5, 0, -1)] and "55 cases" in second
    assert ">Next</a>" not in second and ">Previous</a>" in second
    # a token from another order, or an edited one: the first page, not an error
    assert _listed(client.get(f"/?{link.replace('sort=id', 'sort=updated')}").text)[:1] == ["CASE-2026-0055"]
    assert client.get("/", params={"after": "!!not-a-token", "offset": "50"}).status_code == 200

    api = client.get("/api/cases", params={"q": "camera", "sort": "id", "limit": 20}).json()
    following = client.get("/api/cases", params={"q": "camera", "sort": "id", "limit": 20, "offset": 20,
                                                  "after": api["next_after"]}).json()
    assert [c["id"] for c in following["cases"]] == [f"CASE-2026-{i:04d}" for i in range(35, 15, -1)]
    refused = client.get("/api/cases", params={"sort": "updated", "after": api["next_after"]})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "after"
