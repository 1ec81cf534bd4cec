"""Evidence attachments: hostile uploads kept content-addressed, never executed or served inline.

The type is decided from the bytes, not from the name or the browser's claim; only
documents, images and plain text are accepted; size is limited (``HRDD_UPLOAD_MAX_BYTES``).
Files are kept once per content under ``HRDD_HOME/evidence/<sha256[:2]>/<sha256>`` and
checked against their hash when read. The API serves every file as an attachment with
``X-Content-Type-Options: nosniff``.
"""

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from hrdd.exc import InvalidInput, NotFound, Problem, TooLarge
from hrdd.model.limits import FILENAME_MAX, TEXT_MAX
from hrdd.services.permissions import Actor, require
from hrdd.settings import Settings, get_settings
from hrdd.store import Store, audit
from hrdd.store import evidence as evidence_rows
from hrdd.store.cases import get_case

# (magic prefix, content type, extensions it may carry)
_SIGNATURES: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument", (".docx", ".xlsx", ".pptx", ".odt", ".ods")),
)
_TEXT_EXTENSIONS = {".txt": "text/plain", ".csv": "text/csv", ".md": "text/markdown", ".json": "application/json"}
# every file name ending that can pass :func:`sniff` (checked before an upload is read)
ACCEPTED_EXTENSIONS: frozenset[str] = frozenset(
    {ext for _magic, _type, extensions in _SIGNATURES for ext in extensions} | set(_TEXT_EXTENSIONS))


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
    """The last path segment, NFC, without control or format characters, separators or reserved
    characters, at most FILENAME_MAX characters; any script is kept as it is."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in name
                   if unicodedata.category(ch)[0] not in "CZ" or unicodedata.category(ch) == "Zs")
    name = "".join(ch for ch in name if ch not in '<>:"/\\|?*').strip(" .")
    if len(name) > FILENAME_MAX:  # keep the extension: the type check reads it
        stem, dot, ext = name.rpartition(".")
        name = (stem[:FILENAME_MAX - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:FILENAME_MAX]
    return name or "evidence"


def _blob_path(settings: Settings, sha256: str) -> Path:
    return settings.home / "evidence" / sha256[:2] / sha256


def _store_blob(path: Path, data: bytes) -> bool:
    """Write the bytes under their hash (a temporary file moved into place); False if already there."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".upload-", delete=False) as tmp:
        try:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        except BaseException:
            Path(tmp.name).unlink(missing_ok=True)
            raise
    Path(tmp.name).chmod(0o440)
    Path(tmp.name).replace(path)
    return True


def _check_upload(data: bytes, filename: str, note: str, limit: int) -> tuple[str, str]:
    """The clean file name and the sniffed type, or InvalidInput listing what is wrong."""
    if len(data) > limit:
        raise TooLarge("file too large", [Problem("file too large", field="file",
                                                  expected=f"at most {limit / (1024 * 1024):g} MB",
                                                  found=f"{len(data) / (1024 * 1024):.1f} MB")])
    if not data:
        raise InvalidInput("empty file", [Problem("the file is empty", field="file")])
    if len(note) > TEXT_MAX or "\x00" in note:
        raise InvalidInput("the note is too long", [Problem("note too long or not text", field="note",
                                                            expected=f"at most {TEXT_MAX} characters",
                                                            found=f"{len(note)} characters")])
    name = safe_filename(filename)
    return name, sniff(data, name)


def add_evidence(store: Store, actor: Actor, case_id: str, filename: str, data: bytes, note: str = "",
                 settings: Settings | None = None) -> evidence_rows.EvidenceRow:
    """Keep an uploaded file under its SHA-256 (one copy per content) and record it on the case.

    Nothing is written for a case that does not exist or a file that is refused; a file
    written for a record that then fails to commit is removed again unless another record
    holds the same content.
    """
    require(actor, "evidence.write")
    settings = settings or get_settings()
    name, content_type = _check_upload(data, filename, note, settings.upload_max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    path = _blob_path(settings, sha256)
    created = False
    try:
        with store.transaction() as conn:
            if get_case(conn, case_id) is None:
                raise NotFound(f"no case {case_id}")
            created = _store_blob(path, data)  # a failure from here on removes it again (below)
            row = evidence_rows.insert_evidence(conn, case_id=case_id, sha256=sha256, filename=name,
                                                content_type=content_type, size=len(data), note=note,
                                                uploaded_by=actor.username)
            audit.append(conn, actor=actor.username, action="evidence.add", entity="case", entity_id=case_id,
                         after={"evidence": row.id, "sha256": sha256, "filename": name, "size": len(data)})
    except BaseException:
        if created:
            with store.transaction() as conn:
                if not evidence_rows.is_referenced(conn, sha256):
                    path.unlink(missing_ok=True)
        raise
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
