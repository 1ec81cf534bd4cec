"""Log in and out; who am I."""

from fastapi import APIRouter, Request

from hrdd.api.auth import csrf_token, login_session
from hrdd.api.deps import ActorDep, StoreDep
from hrdd.api.schemas import LoginIn, SessionOut
from hrdd.exc import PermissionDenied
from hrdd.services.users import authenticate

router = APIRouter(prefix="/api", tags=["session"])


@router.post("/login", response_model=SessionOut)
def login(body: LoginIn, request: Request, store: StoreDep) -> SessionOut:
    """Start a session (cookie). Send the returned csrf_token as X-CSRF-Token on unsafe requests."""
    limiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    limiter.check(client, body.username)
    try:
        actor = authenticate(store, body.username, body.password)
    except PermissionDenied:
        limiter.failed(client, body.username)
        raise
    limiter.succeeded(body.username)
    login_session(request, actor)
    return SessionOut(user=actor.username, role=actor.role.value, csrf_token=csrf_token(request))


@router.post("/logout")
def logout(request: Request, actor: ActorDep) -> dict[str, bool]:
    request.session.clear()
    return {"ok": True}


@router.get("/me", response_model=SessionOut)
def me(request: Request, actor: ActorDep) -> SessionOut:
    return SessionOut(user=actor.username, role=actor.role.value, csrf_token=csrf_token(request))
