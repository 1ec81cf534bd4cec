"""Uploaded files are closed by the routes that read them: a file over Starlette's in-memory spool
(1 MiB) is a real temporary file, and one left open is a ResourceWarning when it is collected."""

import gc
import warnings

from starlette.datastructures import UploadFile

from tests.web.test_pages import _browser_login

BIG = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024) + b"\n%%EOF\n"  # over the 1 MiB spool: on disk


def _left_open(client, action, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The uploaded files a route left open: every UploadFile the form parser makes during ``action``
    is recorded and checked once the response is back (and no ResourceWarning when collected)."""
    made: list[UploadFile] = []
    original = UploadFile.__init__

    def recording(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(UploadFile, "__init__", recording)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()
        open_files = [f"{u.filename} ({u.size} bytes)" for u in made if not u.file.closed]
        made.clear()
        client.get("/login")
        gc.collect()
    # only the uploads' files: a database connection of another test may be collected here too
    return open_files + [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)
                         and any(k in str(w.message) for k in ("TemporaryFile", "BufferedRandom"))]


def test_the_evidence_upload_closes_the_uploaded_file(app, case_text: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    created = client.post("/api/cases", json={"case_text": case_text}, headers={"X-CSRF-Token": csrf})
    case_id = created.json()["id"]
    responses = []

    def upload() -> None:
        for files in ({"file": ("contract.pdf", BIG, "application/pdf")},  # stored
                      {"other": ("contract.pdf", BIG, "application/pdf")},  # no "file": refused
                      {"file": ("", BIG, "application/pdf")}):  # no file name: a text part over the limit
            responses.append(client.post(f"/cases/{case_id}/evidence", data={"csrf_token": csrf, "note": "contract"},
                                         files=files, follow_redirects=False))
        responses.append(client.post(f"/cases/{case_id}/evidence", data={"csrf_token": "forged"},
                                     files={"file": ("contract.pdf", BIG, "application/pdf")}, follow_redirects=False))

    assert _left_open(client, upload, monkeypatch) == []
    stored, no_file, text_part, forged = responses
    assert stored.status_code == 303, stored.text
    assert no_file.status_code == 422 and "no file was sent" in no_file.text
    assert text_part.status_code == 413 and "maximum size" in text_part.text  # named, not a bare 400
    assert forged.status_code == 403
    listed = client.get(f"/api/cases/{case_id}/evidence").json()["evidence"]
    assert [(e["filename"], e["size"]) for e in listed] == [("contract.pdf", len(BIG))]



def test_the_screening_file_upload_closes_a_file_sent_under_another_name(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, csrf = _browser_login(app, "analyst")
    responses = []

    def upload() -> None:
        responses.append(client.post("/screen/batches", data={"csrf_token": csrf},
                                     files={"other": ("parties.csv", BIG, "text/csv")}, follow_redirects=False))

    assert _left_open(client, upload, monkeypatch) == []
    assert responses[0].status_code == 422 and "no file was sent" in responses[0].text
