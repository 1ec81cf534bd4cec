"""Sessions, CSRF tokens and login rate limiting, shared by the API and the web pages.

The session is a signed cookie (Starlette's SessionMiddleware, HttpOnly, SameSite=Lax,
Secure unless serving on loopback) holding the user name and a CSRF token; the user's
role is re-read from the store on every request so that disabling a user takes effect at
once. Unsafe requests must echo the CSRF token in ``X-CSRF-Token`` or a ``csrf_token``
form field.
"""

import contextlib
import hmac
import secrets
import threading
import time
from collections import deque
from pathlib import Path

from starlette.requests import Request

from hrdd.api.errors import CsrfFailed, NotAuthenticated, RateLimited
from hrdd.services.permissions import Actor
from hrdd.services.store import Store
from hrdd.services.users import actor_for
from hrdd.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def secret_key(settings: Settings) -> str:
    """The configured key, or one generated once and kept (mode 0600) under HRDD_HOME."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.home / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(f"{path}.{secrets.token_hex(4)}")
        tmp.write_text(secrets.token_urlsafe(48), encoding="ascii")
        tmp.chmod(0o600)
        # the first process wins: with several workers starting at once, replacing the file
        # would leave each worker signing sessions with a different key
        with contextlib.suppress(FileExistsError):
            path.hardlink_to(tmp)
        tmp.unlink()
    return path.read_text(encoding="ascii").strip()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not submitted or not hmac.compare_digest(expected, submitted):
        raise CsrfFailed("missing or invalid CSRF token; reload the page and try again")


def login_session(request: Request, actor: Actor) -> None:
    request.session.clear()  # a new session on login: no fixation
    request.session["user"] = actor.username
    request.session["since"] = int(time.time())
    csrf_token(request)


def current_actor(request: Request, store: Store, settings: Settings) -> Actor:
    username = request.session.get("user")
    since = request.session.get("since", 0)
    if not isinstance(username, str) or not isinstance(since, int):
        raise NotAuthenticated("log in first")
    if time.time() - since > settings.session_hours * 3600:
        request.session.clear()
        raise NotAuthenticated("the session expired; log in again")
    actor = actor_for(store, username)
    if actor is None:
        request.session.clear()
        raise NotAuthenticated("the account is disabled or gone")
    return actor


class LoginLimiter:
    """At most ``attempts`` failed logins per client address and per user name in ``window`` seconds."""

    def __init__(self, attempts: int = 5, window: float = 300.0) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def check(self, client: str, username: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"ip:{client}", f"user:{username.casefold()}"):
                if len(self._recent(key, now)) >= self.attempts:
                    raise RateLimited("too many failed logins; wait a few minutes and try again")

    def failed(self, client: str, username: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"ip:{client}", f"user:{username.casefold()}"):
                self._recent(key, now).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{username.casefold()}", None)
