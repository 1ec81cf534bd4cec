"""Local accounts: roles, passwords (policy in hrdd.services.passwords), disabling.

Disabling a user or setting their password ends their sessions in the same transaction.
"""

import datetime as dt

from hrdd.exc import Conflict, InvalidInput, NotFound, Problem
from hrdd.model.limits import USERNAME_MAX
from hrdd.services.passwords import hash_password, password_problems
from hrdd.services.permissions import Actor, Role, require
from hrdd.settings import Settings, get_settings
from hrdd.store import Store, audit
from hrdd.store import sessions as session_rows
from hrdd.store import users as user_rows

SYSTEM = Actor("system", Role.ADMIN)


def _check_new(username: str, password: str, role: str, min_length: int) -> Role:
    problems: list[Problem] = []
    if not username or len(username) > USERNAME_MAX or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        problems.append(Problem("invalid user name", field="username",
                                expected=f"1-{USERNAME_MAX} letters, digits, '.', '-' or '_'", found=repr(username)))
    problems += password_problems(username, password, min_length)
    if role not in Role.__members__.values():
        problems.append(Problem("unknown role", field="role", expected=", ".join(Role), found=repr(role)))
    if problems:
        raise InvalidInput("cannot create the user", problems)
    return Role(role)


def add_user(store: Store, username: str, password: str, role: str, *, actor: Actor = SYSTEM,
             settings: Settings | None = None) -> user_rows.UserRow:
    require(actor, "user.manage")
    checked = _check_new(username, password, role, (settings or get_settings()).password_min_length)
    with store.transaction() as conn:
        if user_rows.get_user(conn, username) is not None:
            raise Conflict(f"user {username!r} already exists")
        row = user_rows.insert_user(conn, username, hash_password(password), checked.value)
        audit.append(conn, actor=actor.username, action="user.add", entity="user", entity_id=username,
                     after={"role": checked.value, "active": True})
    return row


def list_users(store: Store, *, actor: Actor = SYSTEM) -> list[user_rows.UserRow]:
    require(actor, "user.manage")
    with store.transaction() as conn:
        return user_rows.list_users(conn)


def set_user_active(store: Store, username: str, active: bool, *, actor: Actor = SYSTEM) -> None:
    """Enable or disable ``username``; disabling ends their sessions (their API keys stop working
    while they are disabled)."""
    require(actor, "user.manage")
    with store.transaction() as conn:
        if not user_rows.set_active(conn, username, active):
            raise NotFound(f"no user {username!r}")
        ended = 0 if active else session_rows.revoke_for_user(conn, username, dt.datetime.now(dt.UTC), "disabled")
        audit.append(conn, actor=actor.username, action="user.enable" if active else "user.disable",
                     entity="user", entity_id=username, before={"active": not active},
                     after={"active": active, **({} if active else {"sessions_ended": ended})})


def set_password(store: Store, username: str, password: str, *, actor: Actor = SYSTEM,
                 settings: Settings | None = None) -> int:
    """An administrator sets ``username``'s password; their sessions end. The number ended."""
    require(actor, "user.manage")
    problems = password_problems(username, password, (settings or get_settings()).password_min_length)
    if problems:
        raise InvalidInput("cannot use this password", problems)
    with store.transaction() as conn:
        if user_rows.get_user(conn, username) is None:
            raise NotFound(f"no user {username!r}")
        user_rows.set_password_hash(conn, username, hash_password(password))
        ended = session_rows.revoke_for_user(conn, username, dt.datetime.now(dt.UTC), "password")
        audit.append(conn, actor=actor.username, action="user.password", entity="user", entity_id=username,
                     after={"sessions_ended": ended})
    return ended
