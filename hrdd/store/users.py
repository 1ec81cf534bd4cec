"""User accounts: names, roles and password hashes (hashing itself lives in hrdd.services.users)."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from hrdd.store.tables import users


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    password_hash: str
    role: str
    active: bool
    created_at: dt.datetime


def _row(r: sa.Row[tuple[object, ...]]) -> UserRow:
    return UserRow(r.id, r.username, r.password_hash, r.role, bool(r.active), r.created_at)


def insert_user(conn: sa.Connection, username: str, password_hash: str, role: str) -> UserRow:
    now = dt.datetime.now(dt.UTC)
    result = conn.execute(users.insert().values(username=username, password_hash=password_hash, role=role,
                                                active=True, created_at=now))
    (user_id,) = result.inserted_primary_key or (0,)
    return UserRow(int(user_id), username, password_hash, role, True, now)


def get_user(conn: sa.Connection, username: str) -> UserRow | None:
    row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    return _row(row) if row else None


def list_users(conn: sa.Connection) -> list[UserRow]:
    return [_row(r) for r in conn.execute(sa.select(users).order_by(users.c.username))]


def set_active(conn: sa.Connection, username: str, active: bool) -> bool:
    return conn.execute(users.update().where(users.c.username == username).values(active=active)).rowcount > 0


def set_password_hash(conn: sa.Connection, username: str, password_hash: str) -> None:
    conn.execute(users.update().where(users.c.username == username).values(password_hash=password_hash))
