"""Log in and out, who am I, change my password, my API keys."""

from typing import Annotated

from fastapi import APIRouter, Request, Response

from hrdd.api.auth import (
    clear_session_cookie,
    client_address,
    csrf_token,
    live_session,
    session_token,
    set_session_cookie,
)
from hrdd.api.deps import AccountOwner, ActorDep, SettingsDep, StoreDep, body_schema, json_body
from hrdd.api.schemas import ApiKeyCreated, ApiKeyIn, ApiKeyOut, LoginIn, PasswordIn, SessionOut
from hrdd.services import api_keys
from hrdd.services.sessions import authenticate, change_password, end_session

router = APIRouter(prefix="/api", tags=["session"])


@router.post("/login", response_model=SessionOut)
def login(body: LoginIn, request: Request, response: Response, store: StoreDep, settings: SettingsDep) -> SessionOut:
    """Start a session (cookie). Send the returned csrf_token as X-CSRF-Token on unsafe requests.

    401 for a wrong user name or password (the same answer for both); 429 with
    ``Retry-After`` after too many attempts from this client."""
    session = authenticate(store, settings, body.username, body.password, client_address(request),
                           replaces=session_token(request))
    set_session_cookie(request, response, session)
    return SessionOut(user=session.actor.username, role=session.actor.role.value, csrf_token=session.csrf_token)


@router.post("/logout")
def logout(request: Request, response: Response, store: StoreDep, actor: ActorDep) -> dict[str, bool]:
    """End this session on the server (an API key is revoked instead, under /api/keys)."""
    token = session_token(request)
    ended = end_session(store, token) if token and live_session(request) is not None else False
    clear_session_cookie(response)
    return {"ok": True, "ended": ended}


@router.get("/me", response_model=SessionOut)
def me(request: Request, actor: ActorDep) -> SessionOut:
    scopes = sorted(actor.scopes) if actor.scopes is not None else None
    token = csrf_token(request) if actor.scopes is None else ""
    return SessionOut(user=actor.username, role=actor.role.value, csrf_token=token, scopes=scopes)


@router.post("/password", response_model=SessionOut, openapi_extra=body_schema(PasswordIn))
def password(actor: AccountOwner, body: Annotated[PasswordIn, json_body(PasswordIn)], request: Request,
             response: Response, store: StoreDep, settings: SettingsDep) -> SessionOut:
    """Change my password: every session of mine ends, and a new one starts for this client."""
    session = change_password(store, settings, actor.username, body.current_password, body.new_password,
                              client_address(request))
    set_session_cookie(request, response, session)
    return SessionOut(user=session.actor.username, role=session.actor.role.value, csrf_token=session.csrf_token)


@router.get("/keys", response_model=list[ApiKeyOut])
def list_keys(store: StoreDep, actor: AccountOwner) -> list[ApiKeyOut]:
    """My API keys (their secrets are never shown again)."""
    return [ApiKeyOut.from_row(row) for row in api_keys.list_keys(store, actor, actor.username)]


@router.post("/keys", response_model=ApiKeyCreated, status_code=201, openapi_extra=body_schema(ApiKeyIn))
def create_key(actor: AccountOwner, body: Annotated[ApiKeyIn, json_body(ApiKeyIn)], store: StoreDep) -> ApiKeyCreated:
    """A new API key for me: ``key`` is in this answer only; send it as ``Authorization: ApiKey <key>``."""
    new = api_keys.create_key(store, actor, actor.username, body.name, body.scopes)
    return ApiKeyCreated(**ApiKeyOut.from_row(new.row).model_dump(), key=new.key)


@router.delete("/keys/{prefix}")
def revoke_key(prefix: str, store: StoreDep, actor: AccountOwner) -> dict[str, bool]:
    """Revoke one of my API keys; requests with it are refused from now on."""
    api_keys.revoke_key(store, actor, actor.username, prefix)
    return {"ok": True}
