"""Evidence attachments: metadata rows; the bytes live content-addressed on disk (services)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import evidence


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    id: int
    case_id: str
    sha256: str
    filename: str
    content_type: str
    size: int
    note: str
    uploaded_by: str
    uploaded_at: dt.datetime


def _row(r: Any) -> EvidenceRow:
    return row_as(EvidenceRow, r)


def insert_evidence(conn: sa.Connection, *, case_id: str, sha256: str, filename: str, content_type: str,
                    size: int, note: str, uploaded_by: str) -> EvidenceRow:
    now = dt.datetime.now(dt.UTC)
    result = conn.execute(evidence.insert().values(case_id=case_id, sha256=sha256, filename=filename,
                                                   content_type=content_type, size=size, note=note,
                                                   uploaded_by=uploaded_by, uploaded_at=now))
    (row_id,) = result.inserted_primary_key or (0,)
    return EvidenceRow(int(row_id), case_id, sha256, filename, content_type, size, note, uploaded_by, now)


def list_evidence(conn: sa.Connection, case_id: str) -> list[EvidenceRow]:
    rows = conn.execute(sa.select(evidence).where(evidence.c.case_id == case_id).order_by(evidence.c.id))
    return [_row(r) for r in rows]


def get_evidence(conn: sa.Connection, evidence_id: int) -> EvidenceRow | None:
    row = conn.execute(sa.select(evidence).where(evidence.c.id == evidence_id)).first()
    return _row(row) if row else None


def is_referenced(conn: sa.Connection, sha256: str) -> bool:
    """Whether any evidence record holds the file with this content hash."""
    return conn.execute(sa.select(evidence.c.id).where(evidence.c.sha256 == sha256).limit(1)).first() is not None
