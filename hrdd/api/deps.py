"""Annotated dependencies for routes: settings, store, the acting user, CSRF."""

from typing import Annotated

from fastapi import Depends, Request

from hrdd.api.auth import check_csrf, current_actor
from hrdd.services.permissions import Actor
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
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        check_csrf(request, request.headers.get("x-csrf-token"))
    return actor


ActorDep = Annotated[Actor, Depends(_actor)]
