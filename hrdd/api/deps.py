"""Annotated dependencies for routes: settings, store, the acting user, CSRF."""

from typing import Annotated, Any

from fastapi import Depends, Request

from hrdd.api.auth import SAFE_METHODS, check_csrf, current_actor
from hrdd.services.permissions import Actor, require
from hrdd.services.store import Store
from hrdd.settings import Settings


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[Store, Depends(_store)]


def _actor(request: Request, store: StoreDep, settings: SettingsDep) -> Actor:
    actor = current_actor(request, store, settings)
    if request.method not in SAFE_METHODS:
        check_csrf(request, request.headers.get("x-csrf-token"))
    return actor


ActorDep = Annotated[Actor, Depends(_actor)]


def permit(action: str) -> Any:
    """A dependency that checks the role before the request body is even read."""

    def check(actor: ActorDep) -> Actor:
        require(actor, action)
        return actor

    return Depends(check)


CaseReader = Annotated[Actor, permit("case.read")]
CaseWriter = Annotated[Actor, permit("case.write")]
Assessor = Annotated[Actor, permit("case.assess")]
HitReviewer = Annotated[Actor, permit("hit.review")]
EvidenceReader = Annotated[Actor, permit("evidence.read")]
EvidenceWriter = Annotated[Actor, permit("evidence.write")]
ConditionWriter = Annotated[Actor, permit("condition.write")]
DecisionMaker = Annotated[Actor, permit("decision.propose")]
DecisionChecker = Annotated[Actor, permit("decision.approve")]
CaseReopener = Annotated[Actor, permit("case.reopen")]
CaseLifecycle = Annotated[Actor, permit("case.lifecycle")]
AuditReader = Annotated[Actor, permit("audit.read")]
CatalogReader = Annotated[Actor, permit("catalog.read")]
Screener = Annotated[Actor, permit("screen")]
AccountOwner = Annotated[Actor, permit("account.manage")]
AlertReader = Annotated[Actor, permit("alert.read")]
AlertAcknowledger = Annotated[Actor, permit("alert.ack")]
