"""Local accounts: argon2id password hashes, roles, disabling. ``hrdd user …`` and the login page."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hrdd.exc import Conflict, InvalidInput, NotFound, PermissionDenied, Problem
from hrdd.services.permissions import Actor, Role, require
from hrdd.store import Store, audit
from hrdd.store import users as user_rows

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# verified against when the user does not exist, so timing does not reveal which names exist
_DUMMY_HASH = _HASHER.hash("not a real password, only for constant-time failures")
MIN_PASSWORD = 12
SYSTEM = Actor("system", Role.ADMIN)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _check_new(username: str, password: str, role: str) -> Role:
    problems: list[Problem] = []
    if not username or len(username) > 80 or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        problems.append(Problem("invalid user name", field="username",
                                expected="1-80 letters, digits, '.', '-' or '_'", found=repr(username)))
    if len(password) < MIN_PASSWORD:
        problems.append(Problem("password too short", field="password",
                                expected=f"at least {MIN_PASSWORD} characters", found=f"{len(password)}"))
    if role not in Role.__members__.values():
        problems.append(Problem("unknown role", field="role", expected=", ".join(Role), found=repr(role)))
    if problems:
        raise InvalidInput("cannot create the user", problems)
    return Role(role)


def add_user(store: Store, username: str, password: str, role: str, *, actor: Actor = SYSTEM) -> user_rows.UserRow:
    require(actor, "user.manage")
    checked = _check_new(username, password, role)
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
    require(actor, "user.manage")
    with store.transaction() as conn:
        if not user_rows.set_active(conn, username, active):
            raise NotFound(f"no user {username!r}")
        audit.append(conn, actor=actor.username, action="user.enable" if active else "user.disable",
                     entity="user", entity_id=username, before={"active": not active}, after={"active": active})


def authenticate(store: Store, username: str, password: str) -> Actor:
    """The actor for valid credentials of an active user; PermissionDenied otherwise (same message)."""
    with store.transaction() as conn:
        row = user_rows.get_user(conn, username)
    try:
        _HASHER.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise PermissionDenied("wrong user name or password") from None
    if row is None or not row.active:
        raise PermissionDenied("wrong user name or password")
    if _HASHER.check_needs_rehash(row.password_hash):
        with store.transaction() as conn:
            user_rows.set_password_hash(conn, username, hash_password(password))
    return Actor(row.username, Role(row.role))


def actor_for(store: Store, username: str) -> Actor | None:
    """The current role of an active user (sessions re-read it, so disabling takes effect at once)."""
    with store.transaction() as conn:
        row = user_rows.get_user(conn, username)
    return Actor(row.username, Role(row.role)) if row and row.active else None
