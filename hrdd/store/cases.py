"""Cases and their assessment reports."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.store.db import row_as
from hrdd.store.tables import cases, reports


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: str
    title: str
    status: str
    case_text: str
    country: str
    end_user: str
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    recommendation: str | None
    inherent_level: str | None
    residual_level: str | None
    residual_score: int | None
    severity: int | None
    likelihood: int | None
    assessed_at: dt.datetime | None
    revision: int


@dataclass(frozen=True, slots=True)
class CaseFilter:
    status: str | None = None
    country: str | None = None
    recommendation: str | None = None
    residual_level: str | None = None
    text: str | None = None  # in title or end user


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ESCAPE '\\': ``%`` and ``_`` match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _row(r: Any) -> CaseRow:
    return row_as(CaseRow, r)


def next_case_id(conn: sa.Connection, year: int) -> str:
    prefix = f"CASE-{year}-"
    # numbers are zero-padded to 4 digits but may grow past 9999: the longest id is the newest
    # ("CASE-2026-10000" sorts before "CASE-2026-9999" as text)
    last = conn.execute(sa.select(cases.c.id).where(cases.c.id.like(f"{prefix}%"))
                        .order_by(sa.func.length(cases.c.id).desc(), cases.c.id.desc()).limit(1)).scalar()
    number = int(str(last).rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def insert_case(conn: sa.Connection, *, case_id: str, title: str, case_text: str, country: str, end_user: str,
                created_by: str, status: str = "open") -> CaseRow:
    now = dt.datetime.now(dt.UTC)
    conn.execute(cases.insert().values(id=case_id, title=title, status=status, case_text=case_text,
                                       country=country, end_user=end_user, created_by=created_by,
                                       created_at=now, updated_at=now, revision=1))
    found = get_case(conn, case_id)
    assert found is not None
    return found


def get_case(conn: sa.Connection, case_id: str) -> CaseRow | None:
    row = conn.execute(sa.select(cases).where(cases.c.id == case_id)).first()
    return _row(row) if row else None


def update_case(conn: sa.Connection, case_id: str, **values: Any) -> None:
    """Change the given columns; any change to the case text starts a new revision."""
    values["updated_at"] = dt.datetime.now(dt.UTC)
    if "case_text" in values:
        values["revision"] = cases.c.revision + 1
        for column in ("recommendation", "inherent_level", "residual_level", "residual_score", "severity",
                       "likelihood", "assessed_at"):
            values.setdefault(column, None)
    conn.execute(cases.update().where(cases.c.id == case_id).values(**values))


def _filtered(query: sa.Select[Any], f: CaseFilter) -> sa.Select[Any]:
    if f.status:
        query = query.where(cases.c.status == f.status)
    if f.country:
        query = query.where(cases.c.country == f.country.upper())
    if f.recommendation:
        query = query.where(cases.c.recommendation == f.recommendation)
    if f.residual_level:
        query = query.where(cases.c.residual_level == f.residual_level)
    if f.text:
        like = f"%{escape_like(f.text.lower())}%"
        query = query.where(sa.or_(sa.func.lower(cases.c.title).like(like, escape="\\"),
                                   sa.func.lower(cases.c.end_user).like(like, escape="\\")))
    return query


def list_cases(conn: sa.Connection, f: CaseFilter = CaseFilter(), *, limit: int = 50,
               offset: int = 0) -> tuple[list[CaseRow], int]:
    total = conn.execute(_filtered(sa.select(sa.func.count()).select_from(cases), f)).scalar_one()
    # list rows leave out the case file itself (read it with get_case): lists never show it
    columns = [c for c in cases.c if c.name != "case_text"] + [sa.literal("").label("case_text")]
    query = _filtered(sa.select(*columns), f).order_by(cases.c.updated_at.desc(), cases.c.id.desc())
    rows = conn.execute(query.limit(limit).offset(offset))
    return [_row(r) for r in rows], int(total)


def save_report(conn: sa.Connection, case_id: str, revision: int, report: dict[str, Any], created_by: str) -> int:
    now = dt.datetime.now(dt.UTC)
    result = conn.execute(reports.insert().values(case_id=case_id, case_revision=revision, created_by=created_by,
                                                  created_at=now, report=report))
    inherent = report.get("inherent_risk", {})
    severity = inherent.get("severity", {})
    # the severity block also holds "index" and "contributions": take the three dimensions only
    dimensions = [v for k, v in severity.items() if k in ("scale", "scope", "irremediability") and isinstance(v, int)]
    conn.execute(cases.update().where(cases.c.id == case_id).values(
        recommendation=report.get("recommendation"),
        inherent_level=inherent.get("level"),
        residual_level=report.get("residual_risk", {}).get("level"),
        residual_score=report.get("residual_risk", {}).get("score"),
        severity=max(dimensions) if dimensions else None,
        likelihood=inherent.get("likelihood"),
        assessed_at=now, updated_at=now,
        status=sa.case((cases.c.status == "open", "assessed"), else_=cases.c.status),
    ))
    (report_id,) = result.inserted_primary_key or (0,)
    return int(report_id)


def latest_report(conn: sa.Connection, case_id: str) -> tuple[int, dict[str, Any]] | None:
    row = conn.execute(sa.select(reports.c.case_revision, reports.c.report).where(reports.c.case_id == case_id)
                       .order_by(reports.c.id.desc()).limit(1)).first()
    return (row.case_revision, row.report) if row else None


def portfolio(conn: sa.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Counts for the dashboard: by recommendation, residual level, country, severity x likelihood."""
    def grouped(*cols: Any) -> list[tuple[Any, ...]]:
        query = sa.select(*cols, sa.func.count()).group_by(*cols).order_by(*cols)
        return [tuple(r) for r in conn.execute(query)]

    return {
        "recommendation": grouped(cases.c.recommendation),
        "residual_level": grouped(cases.c.residual_level),
        "country": grouped(cases.c.country),
        "heat": grouped(cases.c.severity, cases.c.likelihood),
    }
