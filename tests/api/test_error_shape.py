"""One JSON error shape for every error the API returns."""

from fastapi.testclient import TestClient

SHAPE = {"ok", "error", "errors", "status"}


def _assert_shape(response, status: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    body = response.json()
    assert response.status_code == status and set(body) == SHAPE
    assert body["ok"] is False and body["status"] == status and isinstance(body["errors"], list)
    return body  # type: ignore[no-any-return]


def test_not_logged_in_is_401(app) -> None:  # type: ignore[no-untyped-def]
    _assert_shape(TestClient(app).get("/api/cases"), 401)


def test_wrong_password_is_401_and_does_not_say_which_part_was_wrong(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    a = _assert_shape(client.post("/api/login", json={"username": "analyst", "password": "x" * 20}), 401)
    b = _assert_shape(client.post("/api/login", json={"username": "nobody", "password": "x" * 20}), 401)
    assert a["error"] == b["error"]


def test_login_is_rate_limited(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)
    for _ in range(5):
        client.post("/api/login", json={"username": "auditor", "password": "wrong password!"})
    refused = client.post("/api/login", json={"username": "auditor", "password": "wrong password!"})
    _assert_shape(refused, 429)
    assert int(refused.headers["Retry-After"]) > 0


def test_unknown_case_is_404(analyst) -> None:  # type: ignore[no-untyped-def]
    _assert_shape(analyst.get("/api/cases/CASE-1999-0001"), 404)


def test_invalid_case_file_lists_located_problems(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    bad = case_text.replace("[video_analytics, facial_recognition]", "[video_analytics, facial_recogniton]")
    body = _assert_shape(analyst.post("/api/cases", json={"case_text": bad}), 422)
    (problem,) = body["errors"]
    assert problem["field"] == "products[0].capabilities[1]" and problem["line"] == 13
    assert problem["suggestion"] == "facial_recognition"


def test_request_validation_uses_the_same_shape(analyst) -> None:  # type: ignore[no-untyped-def]
    body = _assert_shape(analyst.post("/api/cases", json={"nonsense": 1}), 422)
    assert body["errors"][0]["field"]


def test_missing_csrf_token_is_refused(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    response = analyst.client.post("/api/cases", json={"case_text": case_text})
    body = _assert_shape(response, 403)
    assert "CSRF" in body["error"]


def test_wrong_role_is_403(login, case_text: str) -> None:  # type: ignore[no-untyped-def]
    auditor = login("auditor")
    body = _assert_shape(auditor.post("/api/cases", json={"case_text": case_text}), 403)
    assert body["error"] == "the auditor role may not create or change cases"


def test_request_problems_come_from_the_one_converter(analyst) -> None:  # type: ignore[no-untyped-def]
    """A bad parameter is told as a case file's would be (hrdd/validation.py): the field dotted, what was
    expected in words and what was found, not pydantic's own sentence."""
    (problem,) = _assert_shape(analyst.get("/api/cases?limit=0"), 422)["errors"]
    assert problem["field"] == "query.limit" and problem["message"] == "wrong value"
    assert problem["expected"] == "at least 1" and problem["found"] == "'0'"
    (problem,) = _assert_shape(analyst.post("/api/cases", json={"case_text": 7}), 422)["errors"]
    assert problem["field"] == "body.case_text" and problem["expected"] == "text" and problem["found"] == "7"
