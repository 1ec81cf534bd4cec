"""Field lengths: 422 with a problem detail on both databases, never 500, never stored."""

import pytest
from fastapi.testclient import TestClient

from hrdd.model.limits import NAME_MAX, TEXT_MAX, TITLE_MAX, USERNAME_MAX


def test_ten_thousand_character_title_is_422(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    text = case_text.replace("title: ", f"title: {'T' * 10_000}  # ", 1)
    response = analyst.post("/api/cases", json={"case_text": text})
    assert response.status_code == 422, response.text
    (problem,) = response.json()["errors"]
    assert (problem["field"], problem["line"], problem["message"]) == ("title", 3, "text too long")
    assert (problem["expected"], problem["found"]) == (f"at most {TITLE_MAX} characters", "10000 characters")
    assert analyst.get("/api/cases").json()["total"] == 0


def test_end_user_name_over_the_column_is_422(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    import yaml

    data = yaml.safe_load(case_text)
    data["end_user"]["name"] = "N" * (NAME_MAX + 1)
    response = analyst.post("/api/cases", json={"case_text": yaml.safe_dump(data)})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "end_user.name"


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/cases/{case_id}/decisions", {"outcome": "escalate", "rationale": "r" * (TEXT_MAX + 1)}, "body.rationale"),
    ("/api/cases/{case_id}/conditions", {"safeguard": "audit_logging", "owner": "o" * 81, "due": "2027-01-01"},
     "body.owner"),
    ("/api/cases/{case_id}/decisions", {"outcome": "escalate", "rationale": "nul \u0000 inside"}, "body.rationale"),
])
def test_request_fields_are_bounded(analyst, case_text: str, path: str, body: dict, field: str) -> None:  # type: ignore[no-untyped-def, type-arg]
    created = analyst.post("/api/cases", json={"case_text": case_text})
    response = analyst.post(path.format(case_id=created.json()["id"]), json=body,
                            headers={"If-Match": created.headers["etag"]})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field


def test_web_form_text_over_the_limit_is_refused_not_500(login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    """The web form goes through the services, which hold no length checks of their own: the
    database constraint refuses it and the page says so."""
    analyst = login("analyst")
    case_id = analyst.post("/api/cases", json={"case_text": case_text}).json()["id"]
    analyst.post(f"/api/cases/{case_id}/assess")
    tag = analyst.get(f"/api/cases/{case_id}").headers["etag"].strip('"')
    response = analyst.post(f"/cases/{case_id}/decisions", data={
        "csrf_token": analyst.csrf, "outcome": "escalate", "rationale": "r" * (TEXT_MAX + 1), "revision_tag": tag})
    assert response.status_code == 422 and "rationale" in response.text
    assert analyst.get(f"/api/cases/{case_id}/decisions").json()["decisions"] == []


def test_login_name_longer_than_any_user_is_422_naming_the_field(app) -> None:  # type: ignore[no-untyped-def]
    """A user name can be no longer than the users.username column, so a longer login is a
    malformed request (422 naming the field), not a lookup of a name that cannot exist."""
    response = TestClient(app).post("/api/login", json={"username": "u" * (USERNAME_MAX + 1), "password": "x"})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "body.username"
