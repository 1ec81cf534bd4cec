"""API keys for machine clients (an ERP, a CRM, a yente client): per user, with scopes.

A key reads ``hrdd_<prefix>_<secret>``: the prefix (12 hex digits) is public and finds the
row, the secret (32 random bytes) is stored only as its SHA-256. A slow password hash is
not needed here: the secret is random with 256 bits, so there is no dictionary to try, and
a fast hash keeps every request cheap. The key is shown once, when it is made.

A key acts as its user with the key's scopes (``screen``, ``read``, ``write``): an action
needs both the user's role and a scope that covers it (hrdd.services.permissions.SCOPES).
A key stops working when it is revoked or its user is disabled.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from hrdd.exc import InvalidInput, NotAuthenticated, NotFound, Problem
from hrdd.services.permissions import PERMISSIONS, SCOPES, Actor, Role, require
from hrdd.store import Store, audit
from hrdd.store import api_keys as key_rows
from hrdd.store import users as user_rows
from hrdd.store.api_keys import ApiKeyRow

__all__ = ["ApiKeyRow", "NewKey", "actor_for_key", "create_key", "list_keys", "revoke_key"]

SCHEME = "ApiKey"  # Authorization: ApiKey <key>, as yente clients send it
_BAD_KEY = "unknown or revoked API key"


@dataclass(frozen=True, slots=True)
class NewKey:
    row: ApiKeyRow
    key: str  # shown once; only its hash is kept


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _may_manage(actor: Actor, username: str) -> None:
    require(actor, "account.manage")
    if actor.username != username:
        require(actor, "user.manage")


def _checked_scopes(scopes: Sequence[str], role: Role, name: str) -> str:
    problems: list[Problem] = []
    for scope in scopes:
        if scope not in SCOPES:
            problems.append(Problem("unknown scope", field="scopes", expected=", ".join(SCOPES), found=repr(scope)))
        elif not any(role in PERMISSIONS[action] for action in SCOPES[scope]):
            problems.append(Problem(f"the {role} role can do nothing the {scope!r} scope covers", field="scopes",
                                    found=repr(scope)))
    if not scopes:
        problems.append(Problem("no scope", field="scopes", expected="one or more of " + ", ".join(SCOPES)))
    if not name.strip() or len(name) > 80:
        problems.append(Problem("invalid key name", field="name", expected="1-80 characters", found=f"{len(name)}"))
    if problems:
        raise InvalidInput("cannot create the API key", problems)
    return " ".join(s for s in SCOPES if s in scopes)


def create_key(store: Store, actor: Actor, username: str, name: str, scopes: Sequence[str]) -> NewKey:
    """A new key for ``username`` (the actor's own, or any user's for an administrator)."""
    _may_manage(actor, username)
    with store.transaction() as conn:
        user = user_rows.get_user(conn, username)
        if user is None:
            raise NotFound(f"no user {username!r}")
        checked = _checked_scopes(scopes, Role(user.role), name)
        prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        row = key_rows.insert_key(conn, prefix, username, name.strip(), checked, _digest(secret),
                                  dt.datetime.now(dt.UTC))
        assert row is not None  # the user was just read in this transaction
        audit.append(conn, actor=actor.username, action="apikey.create", entity="user", entity_id=username,
                     after={"prefix": prefix, "name": row.name, "scopes": checked})
    return NewKey(row, f"hrdd_{prefix}_{secret}")


def list_keys(store: Store, actor: Actor, username: str) -> list[ApiKeyRow]:
    _may_manage(actor, username)
    with store.transaction() as conn:
        return key_rows.list_keys(conn, username)


def revoke_key(store: Store, actor: Actor, username: str, prefix: str) -> None:
    _may_manage(actor, username)
    with store.transaction() as conn:
        if not key_rows.revoke(conn, username, prefix, dt.datetime.now(dt.UTC)):
            raise NotFound(f"{username!r} has no open API key {prefix!r}")
        audit.append(conn, actor=actor.username, action="apikey.revoke", entity="user", entity_id=username,
                     after={"prefix": prefix})


def actor_for_key(store: Store, key: str) -> Actor:
    """Who a request presenting ``key`` acts as, with the key's scopes; NotAuthenticated otherwise."""
    brand, _, rest = key.strip().partition("_")
    prefix, _, secret = rest.partition("_")
    if brand != "hrdd" or len(prefix) != 12 or not secret or len(secret) > 100:
        raise NotAuthenticated(_BAD_KEY)
    now = dt.datetime.now(dt.UTC)
    with store.transaction() as conn:
        holder = key_rows.find_holder(conn, prefix)
        if holder is None or not hmac.compare_digest(holder.secret_hash, _digest(secret)):
            raise NotAuthenticated(_BAD_KEY)
        last = holder.last_used_at
        if last is None or now - (last if last.tzinfo else last.replace(tzinfo=dt.UTC)) >= key_rows.TOUCH_EVERY:
            key_rows.touch(conn, holder.id, now)
    return Actor(holder.username, Role(holder.role), frozenset(holder.scopes.split()))
