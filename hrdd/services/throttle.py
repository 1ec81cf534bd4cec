"""Login throttling shared by every worker (counted in the database).

Two buckets count each attempt before the password is checked: one per user name *and*
client address, which waits ``login_backoff_seconds`` after ``login_attempts`` and doubles
the wait with each further attempt (up to an hour); one per client address over all user
names, which waits a whole window after ``login_client_attempts``. Someone guessing from
one address therefore cannot lock the real user out: the user's own address has its own
buckets. A successful login clears the buckets of that user name and address.

Each attempt is counted and the block decided in one transaction, on the count that
transaction wrote, so concurrent attempts cannot all slip through.
"""

import hashlib
import math
import time
from collections.abc import Callable

from hrdd.exc import RateLimited
from hrdd.settings import Settings
from hrdd.store import Store
from hrdd.store import throttle as counters

MAX_BACKOFF = 3600.0


def _bucket(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def account_bucket(username: str, client: str) -> str:
    return _bucket("account", username.casefold(), client)


def client_bucket(client: str) -> str:
    return _bucket("client", client)


def backoff(settings: Settings, beyond: int) -> float:
    """Seconds to wait after the ``beyond``-th attempt past the free ones (0 for the last free one)."""
    return min(settings.login_backoff_seconds * 2.0 ** min(beyond, 32), MAX_BACKOFF)


def reserve_login(store: Store, settings: Settings, username: str, client: str, now: float | None = None) -> None:
    """Count a login attempt, or raise RateLimited (with the seconds to wait) without counting it."""
    now = time.time() if now is None else now
    window = settings.login_window_minutes * 60.0
    buckets: tuple[tuple[str, int, Callable[[int], float]], ...] = (
        (account_bucket(username, client), settings.login_attempts, lambda n: backoff(settings, n)),
        (client_bucket(client), settings.login_client_attempts, lambda _n: window))
    with store.transaction() as conn:
        for bucket, free, wait in buckets:
            counted = counters.count_attempt(conn, bucket, now, now - window)
            if counted.blocked_until:
                retry_after = max(1, math.ceil(counted.blocked_until - now))
                raise RateLimited(f"too many login attempts; try again in {retry_after} seconds", retry_after)
            if counted.attempts >= free:
                counters.block(conn, bucket, now + wait(counted.attempts - free))


def login_succeeded(store: Store, settings: Settings, username: str, client: str) -> None:
    now = time.time()
    with store.transaction() as conn:
        counters.clear(conn, [account_bucket(username, client), client_bucket(client)])
        counters.purge(conn, now - 2 * MAX_BACKOFF - settings.login_window_minutes * 60.0)


def attempts_counted(store: Store, username: str, client: str) -> int:
    """How many attempts for ``username`` from ``client`` reached the password check since the last success."""
    with store.transaction() as conn:
        return counters.attempts(conn, account_bucket(username, client))


def reserve_public(store: Store, kind: str, client: str, per_hour: int, now: float | None = None) -> None:
    """Count one request of ``kind`` (a public form: grievance submissions, receipt look-ups) from
    ``client``, or raise RateLimited without counting it: ``per_hour`` requests, then a wait of an
    hour; after that wait, one request an hour until an hour passes without any.

    The same atomic counter as the login throttle, so every worker shares it.
    """
    now = time.time() if now is None else now
    window = 3600.0
    bucket = _bucket(kind, client)
    with store.transaction() as conn:
        counted = counters.count_attempt(conn, bucket, now, now - window)
        if counted.blocked_until:
            retry_after = max(1, math.ceil(counted.blocked_until - now))
            raise RateLimited(f"too many requests from this address; try again in {retry_after} seconds", retry_after)
        if counted.attempts >= per_hour:
            counters.block(conn, bucket, now + window)
