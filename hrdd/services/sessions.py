"""The one login sequence of the web pages and the API, and the server-side sessions it starts.

``authenticate`` counts the attempt (throttle), checks the password (Argon2id, rehashed when
the parameters changed), and starts a session: a random token for the cookie whose SHA-256
is stored with the user, a CSRF token, the absolute expiry. ``resume_session`` finds the
live session for a cookie on every request; logout, a password change and disabling the
user revoke sessions in the database, so every worker refuses them at once.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from hrdd.exc import InvalidInput, NotAuthenticated
from hrdd.services.passwords import hash_password, needs_rehash, password_matches, password_problems
from hrdd.services.permissions import Actor, Role
from hrdd.services.throttle import login_succeeded, reserve_login
from hrdd.settings import Settings
from hrdd.store import Store, audit
from hrdd.store import sessions as session_rows
from hrdd.store import users as user_rows

WRONG_CREDENTIALS = "wrong user name or password"
MAX_TOKEN = 100  # longer cookies are not ours: refused without a database query


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session just started: the token goes into the cookie and is not kept anywhere else."""

    token: str
    actor: Actor
    csrf_token: str
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class LiveSession:
    id: str
    actor: Actor
    csrf_token: str
    flash: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite returns naive UTC


def _checked_user(store: Store, settings: Settings, username: str, password: str,
                  client: str) -> user_rows.UserRow:
    """The active user with these credentials, after counting the attempt; NotAuthenticated otherwise."""
    reserve_login(store, settings, username, client)
    with store.transaction() as conn:
        row = user_rows.get_user(conn, username)
    matches = password_matches(row.password_hash if row else None, password)
    if row is None or not matches or not row.active:
        raise NotAuthenticated(WRONG_CREDENTIALS)
    if needs_rehash(row.password_hash):
        with store.transaction() as conn:
            user_rows.set_password_hash(conn, row.username, hash_password(password))
    login_succeeded(store, settings, username, client)
    return row


def _start(store: Store, settings: Settings, row: user_rows.UserRow, client: str) -> NewSession:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = _now()
    expires_at = now + dt.timedelta(hours=settings.session_hours)
    with store.transaction() as conn:
        session_rows.insert_session(conn, _session_id(token), row.id, csrf, now, expires_at, client)
        session_rows.purge(conn, now - dt.timedelta(days=1))
    return NewSession(token, Actor(row.username, Role(row.role)), csrf, expires_at)


def authenticate(store: Store, settings: Settings, username: str, password: str, client: str, *,
                 replaces: str | None = None) -> NewSession:
    """Log in: a new session for valid credentials of an active user.

    Raises RateLimited (too many attempts; the password is not checked) or NotAuthenticated
    (the same message whether the name or the password was wrong). ``replaces`` is the token
    of a session the client already had, ended so that a login never reuses a session.
    """
    row = _checked_user(store, settings, username, password, client)
    if replaces:
        end_session(store, replaces)
    return _start(store, settings, row, client)


def resume_session(store: Store, settings: Settings, token: str) -> LiveSession | None:
    """The live session for a cookie's token (not revoked, not expired, not idle, user active)."""
    if not token or len(token) > MAX_TOKEN:
        return None
    now = _now()
    session_id = _session_id(token)
    with store.transaction() as conn:
        found = session_rows.find_live(conn, session_id, now, now - dt.timedelta(minutes=settings.session_idle_minutes))
        if found is None:
            return None
        if now - _aware(found.last_seen_at) >= session_rows.TOUCH_EVERY:
            session_rows.touch(conn, session_id, now)
    return LiveSession(found.id, Actor(found.username, Role(found.role)), found.csrf_token, found.flash)


def end_session(store: Store, token: str) -> bool:
    """Log out: revoke the session of ``token`` (False when it was not open)."""
    with store.transaction() as conn:
        return session_rows.revoke(conn, _session_id(token), _now(), "logout")


def change_password(store: Store, settings: Settings, username: str, current: str, new: str,
                    client: str) -> NewSession:
    """A user changes their own password: every session of theirs ends and a new one starts here."""
    row = _checked_user(store, settings, username, current, client)
    problems = password_problems(username, new, settings.password_min_length)
    if problems:
        raise InvalidInput("cannot use this password", problems)
    with store.transaction() as conn:
        user_rows.set_password_hash(conn, username, hash_password(new))
        ended = session_rows.revoke_for_user(conn, username, _now(), "password")
        audit.append(conn, actor=username, action="user.password", entity="user", entity_id=username,
                     after={"sessions_ended": ended})
    return _start(store, settings, row, client)


def set_flash(store: Store, session_id: str, message: str | None) -> None:
    """The one-time message the next page of this session shows (None: it was shown)."""
    with store.transaction() as conn:
        session_rows.set_flash(conn, session_id, message)


def open_sessions(store: Store, username: str) -> int:
    with store.transaction() as conn:
        return session_rows.count_open(conn, username, _now())
