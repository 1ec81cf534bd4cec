"""Who is asking: the session cookie or an API key, CSRF tokens and the client address.

The session cookie (``hrdd_session``: HttpOnly, SameSite=Lax, Secure unless serving plain
HTTP on loopback) carries only a random token; the session lives in the database
(hrdd.services.sessions), so logging out, changing the password or being disabled ends it on
every worker. Machine clients send ``Authorization: ApiKey <key>`` instead and need no CSRF
token, since they carry no cookie a browser could send for them. Unsafe requests on a
session must echo its CSRF token in ``X-CSRF-Token`` or a ``csrf_token`` form field; the
login form, before any session exists, is protected by a random token in a second cookie
(``hrdd_login_csrf``) that the form must repeat.
"""

import functools
import hmac
import ipaddress
import secrets

from starlette.requests import Request
from starlette.responses import Response

from hrdd.api.errors import CsrfFailed
from hrdd.exc import NotAuthenticated
from hrdd.services.api_keys import SCHEME, actor_for_key
from hrdd.services.permissions import Actor
from hrdd.services.sessions import LiveSession, NewSession, resume_session
from hrdd.services.store import Store
from hrdd.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_COOKIE = "hrdd_session"
LOGIN_CSRF_COOKIE = "hrdd_login_csrf"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def live_session(request: Request) -> LiveSession | None:
    """The request's live session (looked up once per request)."""
    if not hasattr(request.state, "session"):
        token = request.cookies.get(SESSION_COOKIE, "")
        store: Store = request.app.state.store
        request.state.session = resume_session(store, _settings(request), token) if token else None
    found: LiveSession | None = request.state.session
    return found


def _key_header(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.casefold() == SCHEME.casefold() else None


def current_actor(request: Request, store: Store, settings: Settings) -> Actor:
    """The user of this request, by API key or session; NotAuthenticated when neither is valid."""
    key = _key_header(request)
    if key is not None:
        return actor_for_key(store, key)
    session = live_session(request)
    if session is None:
        raise NotAuthenticated("log in first (the session ended or was never started)")
    return session.actor


def csrf_token(request: Request) -> str:
    """The token unsafe requests must echo: the session's, or the login form's before login."""
    session = live_session(request)
    if session is not None:
        return session.csrf_token
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or getattr(request.state, "new_login_csrf", None)
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_login_csrf = token  # set_login_csrf_cookie puts it on the response
    return str(token)


def check_csrf(request: Request, submitted: str | None) -> None:
    if _key_header(request) is not None:
        return  # an API key is not sent by browsers on their own: nothing to forge
    session = live_session(request)
    expected = session.csrf_token if session is not None else request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not submitted or not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise CsrfFailed("missing or invalid CSRF token; reload the page and try again")


def _secure(settings: Settings) -> bool:
    """Whether cookies are marked Secure (sent over HTTPS only): the one place that decides it."""
    return settings.cookie_secure or settings.tls


def set_login_csrf_cookie(request: Request, response: Response) -> None:
    token = getattr(request.state, "new_login_csrf", None)
    if token:
        response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax",
                            secure=_secure(_settings(request)), path="/")


def set_session_cookie(request: Request, response: Response, session: NewSession) -> None:
    settings = _settings(request)
    response.set_cookie(SESSION_COOKIE, session.token, max_age=settings.session_hours * 3600, httponly=True,
                        samesite="lax", secure=_secure(settings), path="/")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


@functools.cache
def _networks(trusted: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in trusted.split(",") if part.strip())


def _trusted(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request) -> str:
    """The client's address: the connection's peer, or, behind a trusted proxy (``HRDD_TRUSTED_PROXIES``),
    the nearest address in ``X-Forwarded-For`` that is not itself a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    networks = _networks(_settings(request).trusted_proxies)
    if not networks or not _trusted(peer, networks):
        return peer
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if not _trusted(address, networks):
            return address[:64]
    return peer
