"""API keys for machine clients: found by their public prefix, checked against the secret's SHA-256."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from hrdd.store.tables import api_keys, users

TOUCH_EVERY = dt.timedelta(seconds=60)  # last_used_at is written at most this often per key


@dataclass(frozen=True, slots=True)
class ApiKeyRow:
    id: int
    prefix: str
    username: str
    name: str
    scopes: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class KeyHolder:
    """What a request presenting a key needs: whose key, the user's role, the key's scopes."""

    id: int
    username: str
    role: str
    scopes: str
    secret_hash: str
    last_used_at: dt.datetime | None


_COLUMNS = (api_keys.c.id, api_keys.c.prefix, users.c.username, api_keys.c.name, api_keys.c.scopes,
            api_keys.c.created_at, api_keys.c.last_used_at, api_keys.c.revoked_at)


def insert_key(conn: sa.Connection, prefix: str, username: str, name: str, scopes: str, secret_hash: str,
               now: dt.datetime) -> ApiKeyRow | None:
    """The new key, or None when ``username`` does not exist."""
    user_id = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
    if user_id is None:
        return None
    key_id = conn.execute(api_keys.insert().values(prefix=prefix, user_id=user_id, name=name, scopes=scopes,
                                                   secret_hash=secret_hash, created_at=now)
                          .returning(api_keys.c.id)).scalar_one()
    return ApiKeyRow(int(key_id), prefix, username, name, scopes, now, None, None)


def list_keys(conn: sa.Connection, username: str) -> list[ApiKeyRow]:
    rows = conn.execute(sa.select(*_COLUMNS).join(users, users.c.id == api_keys.c.user_id)
                        .where(users.c.username == username).order_by(api_keys.c.id))
    return [ApiKeyRow(*r) for r in rows]


def find_holder(conn: sa.Connection, prefix: str) -> KeyHolder | None:
    """The unrevoked key with ``prefix`` of an active user."""
    row = conn.execute(
        sa.select(api_keys.c.id, users.c.username, users.c.role, api_keys.c.scopes, api_keys.c.secret_hash,
                  api_keys.c.last_used_at)
        .join(users, users.c.id == api_keys.c.user_id)
        .where(api_keys.c.prefix == prefix, api_keys.c.revoked_at.is_(None), users.c.active.is_(True))
    ).first()
    return KeyHolder(*row) if row else None


def touch(conn: sa.Connection, key_id: int, now: dt.datetime) -> None:
    conn.execute(api_keys.update()
                 .where(api_keys.c.id == key_id,
                        sa.or_(api_keys.c.last_used_at.is_(None), api_keys.c.last_used_at < now - TOUCH_EVERY))
                 .values(last_used_at=now))


def revoke(conn: sa.Connection, username: str, prefix: str, now: dt.datetime) -> bool:
    """Revoke ``username``'s key ``prefix``; False when there is no such unrevoked key."""
    user_ids = sa.select(users.c.id).where(users.c.username == username).scalar_subquery()
    result = conn.execute(api_keys.update()
                          .where(api_keys.c.prefix == prefix, api_keys.c.user_id == user_ids,
                                 api_keys.c.revoked_at.is_(None))
                          .values(revoked_at=now))
    return result.rowcount > 0
