"""The transparency report over HTTP: public pages and JSON for published periods only; proposing
and publishing for signed-in users with the permission."""

from fastapi.testclient import TestClient

from tests.transparency import fixture


def test_propose_publish_and_read_publicly(app, login) -> None:  # type: ignore[no-untyped-def]
    fixture.build(app.state.store)
    public = TestClient(app)
    assert public.get("/api/transparency/2025").status_code == 404  # nothing published
    assert public.get("/transparency/2025").status_code == 404
    analyst, approver = login("analyst"), login("approver")
    assert approver.post("/api/transparency-reports", json={"period": "2025"}).status_code == 403
    proposed = analyst.post("/api/transparency-reports", json={"period": "2025"})
    assert proposed.status_code == 201, proposed.text
    report_id = proposed.json()["report"]["id"]
    assert public.get("/api/transparency/2025").status_code == 404  # proposed is not published
    assert analyst.post(f"/api/transparency-reports/{report_id}/publish", json={}).status_code == 403
    done = approver.post(f"/api/transparency-reports/{report_id}/publish", json={"note": "checked"})
    assert done.status_code == 200, done.text
    again = approver.post(f"/api/transparency-reports/{report_id}/publish", json={})
    assert again.status_code == 409
    body = public.get("/api/transparency/2025").json()
    assert body["report"]["schema"] == "hrdd.transparency/1" and len(body["sha256"]) == 64
    index = public.get("/transparency")
    assert index.status_code == 200 and 'href="/transparency/2025"' in index.text
    page = public.get("/transparency/2025")
    assert page.status_code == 200 and "Transparency report 2025" in page.text and "&lt;5" in page.text
    for secret in fixture.SECRETS:
        assert secret.lower() not in page.text.lower() and secret.lower() not in str(body).lower()
    listed = public.get("/api/transparency").json()["reports"]
    assert [r["period"] for r in listed] == ["2025"] and listed[0]["proposed_by"] is None


def test_bad_period_is_a_problem_naming_the_field(app, login) -> None:  # type: ignore[no-untyped-def]
    public = TestClient(app)
    response = public.get("/api/transparency/2025-Q9")
    assert response.status_code == 422
    assert "period" in response.text
    analyst = login("analyst")
    response = analyst.post("/api/transparency-reports", json={"period": "20x5"})
    assert response.status_code == 422 and "period" in response.text
