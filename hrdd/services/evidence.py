"""Evidence attachments: hostile uploads kept content-addressed, never executed or served inline.

The type is decided from the bytes, not from the name or the browser's claim; only
documents, images and plain text are accepted; size is limited. The API serves every
file as an attachment with ``X-Content-Type-Options: nosniff``.
"""

import hashlib
import re
import tempfile
import unicodedata
from pathlib import Path

from hrdd.exc import InvalidInput, NotFound, Problem
from hrdd.services.permissions import Actor, require
from hrdd.settings import Settings, get_settings
from hrdd.store import Store, audit
from hrdd.store import evidence as evidence_rows
from hrdd.store.cases import get_case

MAX_BYTES = 20 * 1024 * 1024

# (magic prefix, content type, extensions it may carry)
_SIGNATURES: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument", (".docx", ".xlsx", ".pptx", ".odt", ".ods")),
)
_TEXT_EXTENSIONS = {".txt": "text/plain", ".csv": "text/csv", ".md": "text/markdown", ".json": "application/json"}


def sniff(data: bytes, filename: str) -> str:
    """The content type the bytes really are; InvalidInput for anything not accepted."""
    ext = Path(filename).suffix.lower()
    for magic, content_type, extensions in _SIGNATURES:
        if data.startswith(magic):
            if ext not in extensions:
                raise InvalidInput("file type does not match its name", [Problem(
                    "the content does not match the file extension", field="file",
                    expected=f"a name ending in {' or '.join(extensions)}", found=repr(filename))])
            return content_type
    if ext in _TEXT_EXTENSIONS:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if text and "\x00" not in text and not re.search(r"<\s*(script|html|svg|iframe)", text[:4096], re.IGNORECASE):
            return _TEXT_EXTENSIONS[ext]
    raise InvalidInput("file type not accepted", [Problem(
        "evidence must be a PDF, PNG, JPEG, Office document or plain text (txt, csv, md, json)",
        field="file", found=repr(filename))])


def safe_filename(name: str) -> str:
    name = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")
    return name[:200] or "evidence"


def _blob_path(settings: Settings, sha256: str) -> Path:
    return settings.home / "evidence" / sha256[:2] / sha256


def add_evidence(store: Store, actor: Actor, case_id: str, filename: str, data: bytes, note: str = "",
                 settings: Settings | None = None) -> evidence_rows.EvidenceRow:
    require(actor, "evidence.write")
    settings = settings or get_settings()
    if len(data) > MAX_BYTES:
        raise InvalidInput("file too large", [Problem("file too large", field="file",
                                                      expected=f"at most {MAX_BYTES // (1024 * 1024)} MB",
                                                      found=f"{len(data) / (1024 * 1024):.1f} MB")])
    if not data:
        raise InvalidInput("empty file", [Problem("the file is empty", field="file")])
    name = safe_filename(filename)
    content_type = sniff(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    path = _blob_path(settings, sha256)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(data)
        Path(tmp.name).chmod(0o440)
        Path(tmp.name).replace(path)
    with store.transaction() as conn:
        if get_case(conn, case_id) is None:
            raise NotFound(f"no case {case_id}")
        row = evidence_rows.insert_evidence(conn, case_id=case_id, sha256=sha256, filename=name,
                                            content_type=content_type, size=len(data), note=note[:2000],
                                            uploaded_by=actor.username)
        audit.append(conn, actor=actor.username, action="evidence.add", entity="case", entity_id=case_id,
                     after={"evidence": row.id, "sha256": sha256, "filename": name, "size": len(data)})
    return row


def list_evidence(store: Store, actor: Actor, case_id: str) -> list[evidence_rows.EvidenceRow]:
    require(actor, "evidence.read")
    with store.transaction() as conn:
        return evidence_rows.list_evidence(conn, case_id)


def read_evidence(store: Store, actor: Actor, evidence_id: int,
                  settings: Settings | None = None) -> tuple[evidence_rows.EvidenceRow, bytes]:
    require(actor, "evidence.read")
    with store.transaction() as conn:
        row = evidence_rows.get_evidence(conn, evidence_id)
    if row is None:
        raise NotFound(f"no evidence {evidence_id}")
    data = _blob_path(settings or get_settings(), row.sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise NotFound(f"evidence {evidence_id} failed its integrity check")
    return row, data
