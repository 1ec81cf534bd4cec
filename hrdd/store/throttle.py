"""Login attempt counters shared by every worker: one row per bucket (account-and-client, client).

``count_attempt`` is the atomic check-and-record: one conditional UPDATE ... RETURNING (or an
INSERT for a new bucket) that counts the attempt only if the bucket is not blocked, so the
caller decides on the value its own statement wrote. On PostgreSQL the row lock it takes
holds concurrent attempts on the same bucket until the transaction ends; on SQLite the
write lock does the same.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from hrdd.store.tables import login_throttle as lt


@dataclass(frozen=True, slots=True)
class Counted:
    """The outcome of one attempt: counted (``attempts`` after it) or refused (``blocked_until``)."""

    attempts: int = 0
    blocked_until: float = 0.0


def _insert_new(conn: sa.Connection, bucket: str, now: float) -> int | None:
    """Insert a bucket with one attempt; None when it already exists (a concurrent insert won)."""
    values = {"bucket": bucket, "attempts": 1, "last_at": now, "blocked_until": 0.0}
    statement: sa.Insert
    if conn.dialect.name == "postgresql":
        statement = postgresql.insert(lt).values(values).on_conflict_do_nothing(index_elements=[lt.c.bucket])
    else:
        statement = sqlite.insert(lt).values(values).on_conflict_do_nothing(index_elements=[lt.c.bucket])
    inserted = conn.execute(statement.returning(lt.c.attempts)).scalar()
    return None if inserted is None else int(inserted)


def count_attempt(conn: sa.Connection, bucket: str, now: float, quiet_since: float) -> Counted:
    """Count one attempt on ``bucket`` unless it is blocked at ``now``.

    A bucket quiet (no attempt and no block) since ``quiet_since`` starts again from one.
    """
    for _ in range(3):
        attempts = conn.execute(
            lt.update()
            .where(lt.c.bucket == bucket, lt.c.blocked_until <= now)
            .values(attempts=sa.case((sa.and_(lt.c.last_at < quiet_since, lt.c.blocked_until < quiet_since), 1),
                                     else_=lt.c.attempts + 1),
                    last_at=now)
            .returning(lt.c.attempts)
        ).scalar()
        if attempts is not None:
            return Counted(attempts=int(attempts))
        inserted = _insert_new(conn, bucket, now)
        if inserted is not None:
            return Counted(attempts=inserted)
        blocked_until = conn.execute(sa.select(lt.c.blocked_until).where(lt.c.bucket == bucket)).scalar()
        if blocked_until is not None and blocked_until > now:
            return Counted(blocked_until=float(blocked_until))
        # the row appeared or its block ended between the statements: count again
    return Counted(blocked_until=now + 1.0)  # still changing under us: refuse, the safe side


def block(conn: sa.Connection, bucket: str, until: float) -> None:
    conn.execute(lt.update().where(lt.c.bucket == bucket).values(blocked_until=until))


def clear(conn: sa.Connection, buckets: list[str]) -> None:
    conn.execute(lt.delete().where(lt.c.bucket.in_(buckets)))


def attempts(conn: sa.Connection, bucket: str) -> int:
    """Attempts counted on ``bucket`` (0 when it has none)."""
    return int(conn.execute(sa.select(lt.c.attempts).where(lt.c.bucket == bucket)).scalar() or 0)


def purge(conn: sa.Connection, quiet_since: float) -> int:
    """Drop buckets with no attempt and no block since ``quiet_since``."""
    result = conn.execute(lt.delete().where(lt.c.last_at < quiet_since, lt.c.blocked_until < quiet_since))
    return int(result.rowcount)
