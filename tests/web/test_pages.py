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
    assert "Step: capabilities of the product" in form and 'value="facial_recognition"' in form
    assert "not asked" in form  # method v2: a question is not asked until the analyst says so
    data = {
        "csrf_token": csrf, "title": "<script>alert(1)</script> cameras", "seller_name": "Seller Inc.",
        "transaction_kind": "sale", "product_name": "Cam", "capabilities": ["network_camera", "facial_recognition"],
        "end_user_name": "City Police", "end_user_country": "Brazil", "end_user_kind": "government",
        "end_user_sector": "police", "purposes": ["public_order"], "scale": "city",
        "intermediaries": "Dist Ltda | BR | distributor | unknown", "fact_recent_crackdown": "true",
        "safeguard_audit_logging": "agreed", "evidence": "Country report | https://example.org/r | 2024-04-22",
    }
    response = client.post("/cases/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"]).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "recent_crackdown: true" in page and "distributor" in page
    listing = client.get("/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; cameras" in listing


def test_intake_form_errors_are_shown_next_to_the_form(app) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    response = client.post("/cases/new", data={"csrf_token": csrf, "title": "x", "seller_name": "S",
                                                "product_name": "P", "end_user_name": "E", "end_user_country": "Atlantis",
                                                "end_user_kind": "government", "end_user_sector": "police"})
    assert response.status_code == 422
    assert "unknown country" in response.text and 'value="Atlantis"' in response.text


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
