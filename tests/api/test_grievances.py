"""The grievance API: public intake and follow-up without login, hostile bodies and limits (413/422,
nothing half-stored), throttling (429), and who sees a grievance."""

from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from hrdd.settings import Settings

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REPORT = {"about": "customer", "category": "privacy", "subject": "Civil Police of the State of Example",
          "country": "BR", "description": "The unit follows journalists with the cameras it bought."}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"grievance_keys": Fernet.generate_key().decode(),
                                       "grievance_attachments_max": 2,
                                       "grievance_attachment_max_bytes": 4096,
                                       "upload_max_bytes": 64 * 1024})


@pytest.fixture
def public(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app)


def stored(app, table: str = "grievances") -> int:  # type: ignore[no-untyped-def]
    with app.state.store.transaction() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def submit(client: TestClient, **changes: Any) -> dict[str, Any]:
    response = client.post("/api/grievances", json={**REPORT, **changes})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_anonymous_report_status_and_messages_without_login(app, public: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    created = submit(public)
    code = created["receipt_code"]
    assert "only once" in created["notice"] and created["grievance"]["acknowledge_due"].endswith("+00:00")
    status = public.post("/api/grievances/status", json={"receipt_code": code})
    assert status.status_code == 200 and status.json()["grievance"]["state"] == "received"
    assert "no-store" in status.headers["cache-control"]
    officer = login("grievance_officer")
    gid = created["grievance"]["id"]
    assert officer.post(f"/api/grievances/{gid}/transitions", json={"action": "acknowledge", "revision": 1}).status_code == 200
    assert officer.post(f"/api/grievances/{gid}/messages", json={"body": "Which unit?", "feedback": False}).status_code == 201
    replied = public.post("/api/grievances/status/messages", json={"receipt_code": code, "body": "The 3rd battalion"})
    assert replied.status_code == 201
    seen = replied.json()["grievance"]
    assert seen["state"] == "acknowledged" and [m["from"] for m in seen["messages"]] == ["officer", "reporter"]
    assert "officer" not in seen["messages"][0] or seen["messages"][0].get("officer") is None  # not named
    detail = officer.get(f"/api/grievances/{gid}").json()["grievance"]
    assert detail["messages"][0]["officer"] == "grievance_officer" and detail["revision"] == 2


def test_the_code_is_never_stored_and_a_wrong_one_is_404(app, public: TestClient) -> None:  # type: ignore[no-untyped-def]
    code = submit(public)["receipt_code"]
    with app.state.store.transaction() as conn:
        row = conn.execute(sa.text("SELECT * FROM grievances")).mappings().one()
    assert all(code.replace("-", "") not in str(v) for v in row.values())
    wrong = public.post("/api/grievances/status", json={"receipt_code": "AAAA-" + code[5:]})
    assert wrong.status_code == 404 and wrong.json()["errors"][0]["field"] == "receipt_code"


@pytest.mark.parametrize(("body", "field"), [
    ({**REPORT, "about": "weather"}, "body.about"),
    ({**REPORT, "description": ""}, "body.description"),
    ({**REPORT, "description": "x" * 10_001}, "body.description"),
    ({**REPORT, "extra": "field"}, "body.extra"),
    ({**REPORT, "description": "nul \x00 inside"}, "body.description"),
    ({**REPORT, "category": "nonsense"}, "category"),
    ({**REPORT, "country": "XX"}, "country"),
    ([1, 2, 3], "body"),
])
def test_hostile_json_is_422_naming_the_field_and_stores_nothing(app, public: TestClient, body: Any,  # type: ignore[no-untyped-def]
                                                                 field: str) -> None:
    response = public.post("/api/grievances", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field
    assert stored(app) == 0


def test_not_json_is_422(app, public: TestClient) -> None:  # type: ignore[no-untyped-def]
    response = public.post("/api/grievances", content=b"\xff\xfe{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body"
    assert stored(app) == 0


def test_contact_without_a_key_is_422_and_anonymous_still_works(app, public: TestClient) -> None:  # type: ignore[no-untyped-def]
    app.state.settings = app.state.settings.model_copy(update={"grievance_keys": ""})
    refused = public.post("/api/grievances", json={**REPORT, "contact": "maria@example.org"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "contact" and "encryption key" in refused.json()["errors"][0]["message"]
    assert stored(app) == 0
    submit(public)


def _files(count: int, data: bytes = PDF, name: str = "r.pdf") -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("attachments", (f"{i}-{name}", data, "application/pdf")) for i in range(count)]


def test_multipart_with_files_within_the_limits_is_stored_whole(app, public: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    response = public.post("/api/grievances", data={**REPORT, "contact": "maria@example.org"}, files=_files(2))
    assert response.status_code == 201, response.text
    assert stored(app) == 1 and stored(app, "grievance_attachments") == 2
    officer = login("grievance_officer")
    detail = officer.get("/api/grievances/1").json()["grievance"]
    assert detail["contact"] == "maria@example.org" and [a["filename"] for a in detail["attachments"]] == ["0-r.pdf", "1-r.pdf"]
    download = officer.get(f"/api/grievances/1/attachments/{detail['attachments'][0]['id']}")
    assert download.content == PDF and download.headers["content-disposition"].startswith("attachment")


GOOD = ("attachments", ("first.pdf", PDF, "application/pdf"))


@pytest.mark.parametrize(("files", "status", "field"), [
    (_files(3), 413, "attachments"),  # one more than allowed
    (_files(30), 413, "attachments"),  # far more: the parser stops
    ([GOOD, *_files(1, PDF + b"x" * 5000)], 413, "attachments[1]"),  # over the per-file limit
    ([GOOD, *_files(1, b"MZ\x90\x00 an executable", "tool.exe")], 422, "attachments[1]"),  # the name, before reading
    ([GOOD, *_files(1, b"<html><script>x</script>", "note.txt")], 422, "attachments[1]"),  # the bytes' type
    ([GOOD, *_files(1, b"", "empty.pdf")], 422, "attachments[1]"),
])
def test_files_over_the_limits_are_refused_and_nothing_is_half_stored(app, public: TestClient, files: Any,  # type: ignore[no-untyped-def]
                                                                      status: int, field: str) -> None:
    response = public.post("/api/grievances", data=REPORT, files=files)
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["field"] == field
    assert stored(app) == 0 and stored(app, "grievance_attachments") == 0


def test_a_body_over_the_upload_limit_is_413_before_it_is_read(app, public: TestClient) -> None:  # type: ignore[no-untyped-def]
    response = public.post("/api/grievances", content=b"x" * (65 * 1024),
                           headers={"content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413 and response.json()["errors"][0]["field"] == "body"
    assert stored(app) == 0


def test_submissions_and_code_guesses_are_429_with_retry_after(app, public: TestClient) -> None:  # type: ignore[no-untyped-def]
    app.state.settings = app.state.settings.model_copy(update={"grievance_submissions_per_hour": 2,
                                                               "grievance_lookups_per_hour": 3})
    code = submit(public)["receipt_code"]
    submit(public)
    third = public.post("/api/grievances", json=REPORT)
    assert third.status_code == 429 and int(third.headers["retry-after"]) > 3000
    assert third.json()["status"] == 429
    for n in range(3):
        assert public.post("/api/grievances/status", json={"receipt_code": f"{n:032d}"}).status_code == 404
    blocked = public.post("/api/grievances/status", json={"receipt_code": code})
    assert blocked.status_code == 429 and "retry-after" in blocked.headers
    assert stored(app) == 2


def test_an_analyst_gets_403_and_an_approver_404_whether_or_not_it_exists(app, public: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    submit(public)
    analyst, approver, auditor, admin = (login(r) for r in ("analyst", "approver", "auditor", "admin"))
    for session in (analyst, auditor, admin):
        for gid in (1, 2):
            response = session.get(f"/api/grievances/{gid}")
            assert response.status_code == 403 and "may not read grievances" in response.json()["error"]
        assert session.get("/api/grievances").status_code == 403
    existing, missing = approver.get("/api/grievances/1"), approver.get("/api/grievances/2")
    assert existing.status_code == missing.status_code == 404
    assert existing.json()["error"].replace("1", "N") == missing.json()["error"].replace("2", "N")
    assert approver.get("/api/grievances").json()["grievances"] == []
    assert approver.post("/api/grievances/1/transitions", json={"action": "acknowledge", "revision": 1}).status_code == 403


def test_stale_and_unknown_transitions(app, public: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    gid = submit(public)["grievance"]["id"]
    officer = login("grievance_officer")
    url = f"/api/grievances/{gid}/transitions"
    assert officer.post(url, json={"action": "close", "revision": 1, "outcome": "withdrawn", "note": "n"}).status_code == 409
    assert officer.post(url, json={"action": "acknowledge", "revision": 1}).status_code == 200
    assert officer.post(url, json={"action": "review", "revision": 1}).status_code == 412
    assert officer.post(url, json={"action": "fly", "revision": 2}).status_code == 422
    closing = officer.post(url, json={"action": "close", "revision": 2, "outcome": "perhaps", "note": ""})
    assert closing.status_code == 422 and {p["field"] for p in closing.json()["errors"]} == {"outcome", "note"}
    listed = officer.get("/api/grievances", params={"state": "acknowledged"}).json()
    assert [g["id"] for g in listed["grievances"]] == [gid] and listed["grievances"][0]["overdue"] is None
