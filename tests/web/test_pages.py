"""The server-rendered pages: login with CSRF, intake form, case page, dashboard, audit."""

import re

from fastapi.testclient import TestClient

from tests.service_fixtures import PASSWORD


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def _browser_login(app, username: str) -> tuple[TestClient, str]:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    page = client.get("/login")
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": _csrf(page.text)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    home = client.get("/")
    return client, _csrf(home.text)


def test_pages_need_a_session(app) -> None:  # type: ignore[no-untyped-def]
    response = TestClient(app).get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_login_form_needs_its_csrf_token(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    client.get("/login")
    response = client.post("/login", data={"username": "analyst", "password": PASSWORD})
    assert response.status_code == 403


def test_intake_form_creates_a_case_and_escapes_what_users_typed(app) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    form = client.get("/cases/new").text
    assert "Scope and product" in form and 'value="facial_recognition"' in form
    assert "Not asked" in form  # method v2: a question is not asked until the analyst says so
    data = {
        "csrf_token": csrf, "title": "<script>alert(1)</script> cameras", "seller.name": "Seller Inc.",
        "transaction.kind": "sale", "products.rows": "1", "products[0].name": "Cam",
        "products[0].capabilities": ["network_camera", "facial_recognition"],
        "end_user.name": "City Police", "end_user.country": "Brazil", "end_user.kind": "government",
        "end_user.sector": "police", "facts.covert_capability_marketed": "true",
    }
    response = client.post("/cases/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert re.fullmatch(r"/cases/CASE-\d{4}-\d{4}/edit/end_user\?flow=intake", location), location
    assert "created as a draft (revision 1)" in client.get(location).text
    page = client.get(location.split("/edit/")[0]).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "covert_capability_marketed: true" in page and "facial_recognition" in page
    listing = client.get("/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; cameras" in listing


def test_intake_form_captures_false_with_reason_and_source(app) -> None:  # type: ignore[no-untyped-def]
    """The end-user step asks the record-of-misuse question with its reason and source."""
    client, csrf = _browser_login(app, "analyst")
    created = client.post("/cases/new", follow_redirects=False, data={
        "csrf_token": csrf, "title": "Cameras", "seller.name": "Seller Inc.", "transaction.kind": "sale",
        "products.rows": "1", "products[0].name": "Cam", "products[0].capabilities": ["network_camera"],
        "end_user.name": "City Police", "end_user.country": "Brazil", "end_user.kind": "government",
        "end_user.sector": "police"})
    assert created.status_code == 303, created.text
    step = created.headers["location"].split("?")[0]
    form = client.get(step).text
    assert 'name="facts.end_user_record_of_misuse.reason"' in form
    assert 'name="facts.end_user_record_of_misuse.source"' in form
    tag = re.search(r'name="revision_tag" value="([^"]+)"', form)
    assert tag is not None
    data = {"csrf_token": csrf, "revision_tag": tag[1], "reason": "record of misuse checked", "go": "stay",
            "end_user.name": "City Police", "end_user.kind": "government", "end_user.sector": "police",
            "facts.end_user_record_of_misuse": "false",
            "facts.end_user_record_of_misuse.reason": "The record concerns the federal police, not this city force",
            "facts.end_user_record_of_misuse.source": "Municipal decree 12/2024"}
    half = data | {"facts.end_user_record_of_misuse.source": ""}
    refused = client.post(step, data=half, follow_redirects=False)
    assert refused.status_code == 422 and "needs a source too" in refused.text
    assert 'id="f-facts-end_user_record_of_misuse-source-error"' in refused.text
    response = client.post(step, data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get(step.split("/edit/")[0]).text
    assert "The record concerns the federal police, not this city force" in page
    assert "Municipal decree 12/2024" in page


def test_intake_form_errors_are_shown_next_to_the_form(app) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    response = client.post("/cases/new", data={"csrf_token": csrf, "title": "x", "seller.name": "S",
                                                "products.rows": "1", "products[0].name": "",
                                                "end_user.name": "E", "end_user.country": "Atlantis",
                                                "end_user.kind": "government", "end_user.sector": "police"})
    assert response.status_code == 422
    assert "unknown country" in response.text and 'value="Atlantis"' in response.text
    assert "End user&#39;s country</a>: unknown country" in response.text
    assert "Products</a>: this should be at least one entry</li>" in response.text
    assert 'id="f-end_user-country-error"' in response.text


def test_case_page_assess_and_dashboard(app) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    client, csrf = _browser_login(app, "analyst")
    text = (Path(__file__).resolve().parents[2] / "examples" / "05-body-cameras-police-gb.yaml").read_text()
    created = client.post("/cases/new", data={"csrf_token": csrf, "case_text": text}, follow_redirects=False)
    case_url = created.headers["location"]
    assessed = client.post(f"{case_url}/assess", data={"csrf_token": csrf})
    assert assessed.status_code == 200 and "Assessed:" in assessed.text
    assert "Recommendation" in assessed.text and "Propose for approval" in assessed.text
    dashboard = client.get("/dashboard").text
    assert "Severity × likelihood" in dashboard and ">1<" in dashboard


def test_audit_page_is_for_auditors_not_analysts(app) -> None:  # type: ignore[no-untyped-def]
    analyst, _ = _browser_login(app, "analyst")
    assert analyst.get("/audit").status_code == 403
    auditor, _ = _browser_login(app, "auditor")
    page = auditor.get("/audit")
    assert page.status_code == 200 and "user.add" in page.text
    assert "New case" not in auditor.get("/").text


def test_a_malformed_address_is_an_html_page_not_json(app) -> None:  # type: ignore[no-untyped-def]
    """FastAPI's own validation errors on a page path come back as the error page an analyst
    can read, with the field named; the API keeps its JSON problem detail."""
    client, csrf = _browser_login(app, "analyst")
    page = client.post("/hits/not-a-number/review", data={"csrf_token": csrf, "status": "cleared"})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "hit_id" in page.text and "Please check" in page.text
    api = client.get("/api/cases/x/revisions/not-a-number")
    assert api.headers["content-type"].startswith("application/json")


def test_an_unknown_page_is_an_html_404(app) -> None:  # type: ignore[no-untyped-def]
    client, _csrf_token = _browser_login(app, "analyst")
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no such page" in page.text
    assert client.get("/api/no-such-endpoint").json()["status"] == 404
