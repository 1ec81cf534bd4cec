"""Cases and their assessment reports.

Every change of a case's state is a compare-and-set: one conditional ``UPDATE`` on the
expected state and revision, whose row count says whether this transaction won. Functions
that change state return ``False`` when the row was no longer as expected (another action
came first); the caller turns that into a Conflict and rolls back.
"""

import base64
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hrdd.exc import InvalidInput, Problem
from hrdd.model.lifecycle import State
from hrdd.store.db import is_postgres, row_as
from hrdd.store.revisions import insert_revision
from hrdd.store.search import (
    Count,
    TextMatch,
    capability_clause,
    count_matches,
    page_plan,
    text_clause,
    write_facets,
)
from hrdd.store.tables import case_counters, cases, conditions, reports

# the assessment summary kept on the case row: cleared when the content changes
SUMMARY_COLUMNS = ("recommendation", "inherent_level", "residual_level", "residual_score", "severity", "likelihood",
                   "assessed_at")


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: str
    title: str
    state: str
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


SORTS = ("updated", "risk", "id")


@dataclass(frozen=True, slots=True)
class CaseFilter:
    state: str | None = None
    country: str | None = None
    recommendation: str | None = None
    residual_level: str | None = None
    text: str | None = None  # words anywhere in the case: title, parties, products, capabilities
    owner: str | None = None  # who created the case
    capability: str | None = None  # a capability id named in the case file
    due_before: dt.date | None = None  # an open condition falls due on or before this date
    sort: str = "updated"  # updated (newest first) | risk (highest residual first) | id


def _row(r: Any) -> CaseRow:
    return row_as(CaseRow, r)


def next_case_id(conn: sa.Connection, year: int) -> str:
    """The next case number of ``year``, taken by an upsert on its counter row.

    The counter row is locked by the upsert until the calling transaction ends, so concurrent
    creations get distinct numbers; a rolled-back creation leaves its number unused.
    """
    insert: Any
    if is_postgres(conn.engine):
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(case_counters).values(year=year, last=1)
    statement = statement.on_conflict_do_update(index_elements=[case_counters.c.year],
                                                set_={"last": case_counters.c.last + 1})
    number = conn.execute(statement.returning(case_counters.c.last)).scalar_one()
    return f"CASE-{year}-{number:04d}"


def insert_case(conn: sa.Connection, *, case_id: str, title: str, case_text: str, country: str, end_user: str,
                created_by: str, reason: str = "created") -> CaseRow:
    """A new case in draft, with its revision 1."""
    now = dt.datetime.now(dt.UTC)
    conn.execute(cases.insert().values(id=case_id, title=title, state=State.DRAFT.value, case_text=case_text,
                                       country=country, end_user=end_user, created_by=created_by,
                                       created_at=now, updated_at=now, revision=1))
    write_facets(conn, case_id, case_text)
    insert_revision(conn, case_id=case_id, number=1, case_text=case_text, author=created_by, reason=reason, at=now)
    found = get_case(conn, case_id)
    assert found is not None
    return found


def get_case(conn: sa.Connection, case_id: str) -> CaseRow | None:
    row = conn.execute(sa.select(cases).where(cases.c.id == case_id)).first()
    return _row(row) if row else None


def _expected(case_id: str, states: frozenset[State] | set[State], revision: int) -> sa.ColumnElement[bool]:
    return sa.and_(cases.c.id == case_id, cases.c.state.in_([s.value for s in states]), cases.c.revision == revision)


def set_state(conn: sa.Connection, case_id: str, *, expected: frozenset[State] | set[State], revision: int,
              new: State, **values: Any) -> bool:
    """Compare-and-set the state: True when the case was in one of ``expected`` at ``revision``."""
    result = conn.execute(cases.update().where(_expected(case_id, expected, revision)).values(
        state=new.value, updated_at=dt.datetime.now(dt.UTC), **values))
    return result.rowcount == 1


def revise_case(conn: sa.Connection, case_id: str, *, expected: frozenset[State] | set[State], revision: int,
                case_text: str, author: str, reason: str, **values: Any) -> bool:
    """Compare-and-set a new revision: the case goes to draft at ``revision + 1`` with ``case_text``,
    its assessment summary is cleared and the revision row is written. False when the case was
    not in one of ``expected`` at ``revision``."""
    now = dt.datetime.now(dt.UTC)
    result = conn.execute(cases.update().where(_expected(case_id, expected, revision)).values(
        state=State.DRAFT.value, revision=revision + 1, case_text=case_text, updated_at=now,
        **dict.fromkeys(SUMMARY_COLUMNS), **values))
    if result.rowcount != 1:
        return False
    write_facets(conn, case_id, case_text)
    insert_revision(conn, case_id=case_id, number=revision + 1, case_text=case_text, author=author, reason=reason,
                    at=now)
    return True


@dataclass(frozen=True, slots=True)
class _Where:
    page: list[sa.ColumnElement[bool]]  # for the page query
    count: list[sa.ColumnElement[bool]]  # for counting (on SQLite the capability may drive this one)
    match: TextMatch | None


def _conditions(conn: sa.Connection, f: CaseFilter) -> _Where:
    """The WHERE conditions of ``f`` (worked out once a request: the text one may read the index)."""
    found: list[sa.ColumnElement[bool]] = []
    if f.state:
        found.append(cases.c.state == f.state)
    if f.country:
        found.append(cases.c.country == f.country.upper())
    if f.recommendation:
        found.append(cases.c.recommendation == f.recommendation)
    if f.residual_level:
        found.append(cases.c.residual_level == f.residual_level)
    if f.owner:
        found.append(cases.c.created_by == f.owner)
    indexed = bool(found)  # a filter with an index of its own, in the list order
    if f.due_before:
        found.append(cases.c.id.in_(sa.select(conditions.c.case_id).where(
            conditions.c.status == "open", conditions.c.due <= f.due_before)))
    match = text_clause(conn, cases, f.text) if f.text else None
    if match is not None:
        found.append(match.clause)
    if not f.capability or not f.capability.strip():
        return _Where(found, found, match)
    if is_postgres(conn.engine):
        return _Where([*found, capability_clause(cases, f.capability.strip())],
                      [*found, capability_clause(cases, f.capability.strip())], match)
    # SQLite: a page walks the order's index and probes the capability rows; a count is driven
    # by the capability rows unless another filter's index narrows more
    return _Where([*found, capability_clause(cases, f.capability.strip(), drive=False)],
                  [*found, capability_clause(cases, f.capability.strip(), drive=not indexed)], match)


def _order(f: CaseFilter) -> tuple[sa.ColumnElement[Any], ...]:
    if f.sort == "risk":
        return (cases.c.residual_score.desc().nulls_last(), cases.c.updated_at.desc(), cases.c.id.desc())
    if f.sort == "id":
        return (cases.c.id.desc(),)
    return (cases.c.updated_at.desc(), cases.c.id.desc())


def page_after(row: CaseRow, sort: str) -> str:
    """The keyset token of the page that follows ``row`` (the last row shown) in ``sort``: the
    row's sort key."""
    if sort == "id":
        key = f"id|{row.id}"
    elif sort == "risk":
        score = "" if row.residual_score is None else str(row.residual_score)
        key = f"risk|{score}|{row.updated_at.isoformat()}|{row.id}"
    else:
        key = f"updated|{row.updated_at.isoformat()}|{row.id}"
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def _after(sort: str, token: str) -> list[sa.ColumnElement[bool]]:
    """The rows after the keyset token in ``sort``, as the conditions of one or two queries read
    one after the other (in the risk order the unassessed cases come last, after every score);
    InvalidInput: not a token of this order."""
    try:
        decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        if not decoded.isprintable():  # a NUL is refused by PostgreSQL itself: say so here
            raise ValueError("not printable")
        parts = decoded.split("|")
        if sort == "id" and parts[0] == "id" and len(parts) == 2:
            return [cases.c.id < parts[1]]
        if parts[0] == sort and sort in ("updated", "risk") and len(parts) == (3 if sort == "updated" else 4):
            when = sa.literal(dt.datetime.fromisoformat(parts[-2]), cases.c.updated_at.type)
            case_id = sa.literal(parts[-1], cases.c.id.type)
            newer = sa.tuple_(cases.c.updated_at, cases.c.id) < sa.tuple_(when, case_id)
            if sort == "updated":
                return [newer]
            if not parts[1]:  # among the unassessed: only they follow
                return [sa.and_(cases.c.residual_score.is_(None), newer)]
            if not re.fullmatch(r"\d{1,6}", parts[1]):
                raise ValueError("not a score")
            score = sa.literal(int(parts[1]), cases.c.residual_score.type)
            # a row comparison is false for a NULL score: the unassessed are read second
            return [sa.tuple_(cases.c.residual_score, cases.c.updated_at, cases.c.id) < sa.tuple_(score, when, case_id),
                    cases.c.residual_score.is_(None)]
    except (ValueError, UnicodeDecodeError):
        pass
    raise InvalidInput("not a page of this list", [Problem(
        "follow the Next link of the list, or start again from its first page", field="after",
        expected=f"the token of a page in the {sort!r} order", found=repr(token[:40]))])


def list_cases(conn: sa.Connection, f: CaseFilter = CaseFilter(), *, limit: int = 50,
               offset: int = 0, after: str | None = None) -> tuple[list[CaseRow], Count]:
    """A page of cases in the filter's order, and how many match: a page that is not full
    counts itself; otherwise see ``hrdd.store.search``. ``after`` (``page_after`` of the last
    row shown) reads the next page from the index instead of skipping ``offset`` rows; the
    offset then only says how many rows came before, for the count."""
    where = _conditions(conn, f)
    # list rows leave out the case file itself (read it with get_case): lists never show it
    columns = [c for c in cases.c if c.name != "case_text"] + [sa.literal("").label("case_text")]
    # one row past the page says whether another page follows, without counting
    page = sa.select(*columns).where(*where.page).order_by(*_order(f)).limit(limit + 1)
    plan = page_plan(conn, page.offset(offset)) if is_postgres(conn.engine) else None
    result: list[Any] = []
    if after is not None:
        for condition in _after(f.sort, after):
            result += conn.execute(page.where(condition).limit(limit + 1 - len(result))).all()
            if len(result) > limit:
                break
    else:
        page = page.offset(offset)
        if plan is not None and plan.reads_all:  # every match is read to sort them: count them on the way
            page = page.add_columns(sa.func.count().over().label("matches"))
        result = list(conn.execute(page).all())
    rows, more = [_row(r) for r in result[:limit]], len(result) > limit
    if not more and (rows or offset == 0):
        return rows, Count(offset + len(rows), True)
    if after is None and plan is not None and plan.reads_all and result:
        return rows, Count(int(result[0].matches), True)
    if where.match is not None and where.match.count is not None and len(where.count) == 1:
        return rows, where.match.count  # words alone on SQLite: counted in the search index, no case read
    return rows, count_matches(conn, sa.select(cases.c.id).where(*where.count),
                               at_least=offset + limit if more else 0, plan=plan)


def save_report(conn: sa.Connection, case_id: str, revision: int, report: dict[str, Any], created_by: str, *,
                expected: frozenset[State] | set[State]) -> int | None:
    """Keep the report of ``revision`` and move the case to assessed, compare-and-set: None (and
    nothing written) when the case is no longer at ``revision`` in one of ``expected``."""
    now = dt.datetime.now(dt.UTC)
    inherent = report.get("inherent_risk", {})
    severity = inherent.get("severity", {})
    # the severity block also holds "index" and "contributions": take the three dimensions only
    dimensions = [v for k, v in severity.items() if k in ("scale", "scope", "irremediability") and isinstance(v, int)]
    won = set_state(conn, case_id, expected=expected, revision=revision, new=State.ASSESSED,
                    recommendation=report.get("recommendation"), inherent_level=inherent.get("level"),
                    residual_level=report.get("residual_risk", {}).get("level"),
                    residual_score=report.get("residual_risk", {}).get("score"),
                    severity=max(dimensions) if dimensions else None, likelihood=inherent.get("likelihood"),
                    assessed_at=now)
    if not won:
        return None
    result = conn.execute(reports.insert().values(case_id=case_id, case_revision=revision, created_by=created_by,
                                                  created_at=now, report=report))
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
