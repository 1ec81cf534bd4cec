"""Evidence over the API: missing cases write nothing, files kept once per content,
names in any script download with an RFC 6266 / RFC 5987 Content-Disposition."""

from pathlib import Path
from urllib.parse import unquote

import pytest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _case(analyst, case_text: str) -> str:  # type: ignore[no-untyped-def]
    response = analyst.post("/api/cases", json={"case_text": case_text})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _files(home: Path) -> list[Path]:
    return sorted(p for p in (home / "evidence").rglob("*") if p.is_file()) if (home / "evidence").exists() else []


def test_upload_to_a_missing_case_is_404_and_writes_nothing(analyst, settings) -> None:  # type: ignore[no-untyped-def]
    response = analyst.post("/api/cases/CASE-1999-0001/evidence", files={"file": ("r.pdf", PDF, "application/pdf")})
    assert response.status_code == 404 and response.json()["error"] == "no case CASE-1999-0001"
    assert _files(settings.home) == []


def test_same_content_is_stored_once(analyst, settings, case_text: str) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    case_id = _case(analyst, case_text)
    first = analyst.post(f"/api/cases/{case_id}/evidence", files={"file": ("a.pdf", PDF, "application/pdf")})
    second = analyst.post(f"/api/cases/{case_id}/evidence", files={"file": ("b.pdf", PDF, "application/pdf")})
    assert first.status_code == second.status_code == 201
    digest = hashlib.sha256(PDF).hexdigest()
    assert first.json()["evidence"]["sha256"] == second.json()["evidence"]["sha256"] == digest
    assert _files(settings.home) == [settings.home / "evidence" / digest[:2] / digest]
    assert len(analyst.get(f"/api/cases/{case_id}/evidence").json()["evidence"]) == 2


@pytest.mark.parametrize("name", ["отчёт о правах человека.pdf", "人权报告.pdf", "تقرير.pdf", "naïve café 100%.pdf",
                                  'quote" back\\slash;semi.pdf', "emoji 📄.pdf"])
def test_any_file_name_downloads_with_rfc_6266(analyst, case_text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    case_id = _case(analyst, case_text)
    uploaded = analyst.post(f"/api/cases/{case_id}/evidence", files={"file": (name, PDF, "application/pdf")})
    assert uploaded.status_code == 201, uploaded.text
    stored = uploaded.json()["evidence"]["filename"]
    download = analyst.get(f"/api/evidence/{uploaded.json()['evidence']['id']}")
    assert download.status_code == 200 and download.content == PDF
    disposition = download.headers["content-disposition"]
    assert disposition.isascii() and disposition.startswith('attachment; filename="')
    fallback = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.endswith(".pdf") and "\\" not in fallback
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded, encoding="utf-8") == stored
    assert "/" not in stored and "\\" not in stored


def test_report_download_also_uses_rfc_6266(analyst, case_text: str) -> None:  # type: ignore[no-untyped-def]
    case_id = _case(analyst, case_text)
    analyst.post(f"/api/cases/{case_id}/assess")
    disposition = analyst.get(f"/api/cases/{case_id}/report", params={"format": "md"}).headers["content-disposition"]
    assert disposition == f"attachment; filename=\"{case_id}.md\"; filename*=UTF-8''{case_id}.md"
