"""Annotated dependencies for routes: settings, store, the acting user, CSRF, request bodies.

FastAPI reads and parses a body declared as a route parameter *before* it runs any
dependency, so a refused request would still cost the parsing of its body. Routes here
therefore never declare a body parameter: :func:`json_body` reads and validates the body
as a dependency that runs only after the role check of :func:`permit` has passed (it
refuses to run otherwise), and ``openapi_extra=body_schema(Model)`` documents it.
"""

import json
from typing import Annotated, Any, TypeVar, cast

from fastapi import Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from hrdd.api.auth import SAFE_METHODS, check_csrf, current_actor
from hrdd.model.limits import ID_MAX, OFFSET_MAX
from hrdd.services.permissions import Actor, require
from hrdd.services.store import Store
from hrdd.settings import Settings

M = TypeVar("M", bound=BaseModel)


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
    """A dependency that checks the session, CSRF token and role; bodies are read only after it."""

    def check(request: Request, actor: ActorDep) -> Actor:
        require(actor, action)
        request.state.permitted = action
        return actor

    return Depends(check)


def _no_nul(value: Any, loc: tuple[str | int, ...]) -> list[dict[str, Any]]:
    """NUL characters anywhere in the body: PostgreSQL text cannot hold them."""
    if isinstance(value, str):
        return [{"type": "string_nul", "loc": loc, "msg": "text must not contain NUL characters",
                 "input": value}] if "\x00" in value else []
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in _no_nul(str(k), (*loc, str(k))) + _no_nul(v, (*loc, str(k)))]
    if isinstance(value, list):
        return [e for i, v in enumerate(value) for e in _no_nul(v, (*loc, i))]
    return []


async def read_json(request: Request) -> Any:
    """The request body as JSON, after the role check; 422 in the problem shape when it is not JSON."""
    if not getattr(request.state, "permitted", None):
        raise RuntimeError(f"{request.url.path} reads its body before the role check")
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as err:
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": f"the body is not JSON: {err}",
                                       "input": raw[:80].decode("utf-8", "replace")}]) from None
    errors = _no_nul(data, ("body",))
    if errors:
        raise RequestValidationError(errors)
    return data


def json_body(model: type[M]) -> Any:
    """A dependency that gives the body validated as ``model``; list it after the permit dependency."""

    async def parse(request: Request) -> M:
        data = await read_json(request)
        try:
            return model.model_validate(data)
        except ValidationError as err:
            raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in err.errors()]) from None

    return Depends(parse)


def _inline_enums(schema: dict[str, Any]) -> dict[str, Any]:
    """Put a field typed by one of the model's enums (``Recommendation``, ``Verdict``) in place, as a
    ``Literal`` field would be: the vocabulary is read from its definition, the request stays flat."""
    defs = schema.get("$defs", {})
    enums = {f"#/components/schemas/{name}": d for name, d in defs.items() if "enum" in d}
    if not enums or len(enums) != len(defs):
        return schema

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"$ref"} and node["$ref"] in enums:
                found = enums[node["$ref"]]
                return {"enum": found["enum"], "type": found.get("type", "string")}
            return {k: inline(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return cast(dict[str, Any], inline(schema))


def body_schema(model: type[BaseModel] | None = None, description: str = "") -> dict[str, Any]:
    """``openapi_extra`` for a route that reads its JSON body itself (see :func:`json_body`)."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}") if model else {"type": "object"}
    schema = _inline_enums(schema)
    assert "$defs" not in schema, "request models are flat; nested ones need their schemas in components"
    body: dict[str, Any] = {"required": True, "content": {"application/json": {"schema": schema}}}
    if description:
        body["description"] = description
    return {"requestBody": body}


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
SignalRecorder = Annotated[Actor, permit("signal.record")]
EngagementChecker = Annotated[Actor, permit("engagement.approve")]
EngagementReviewer = Annotated[Actor, permit("engagement.review")]
ChecklistTicker = Annotated[Actor, permit("engagement.checklist")]
AuditReader = Annotated[Actor, permit("audit.read")]
CatalogReader = Annotated[Actor, permit("catalog.read")]
Screener = Annotated[Actor, permit("screen")]

# a row id in a path: 32-bit on PostgreSQL, so larger numbers are refused (422) rather than sent to SQL
RowId = Annotated[int, Path(ge=1, le=ID_MAX)]
Offset = Annotated[int, Query(ge=0, le=OFFSET_MAX, description="Rows to skip.")]
AccountOwner = Annotated[Actor, permit("account.manage")]
AlertReader = Annotated[Actor, permit("alert.read")]
AlertAcknowledger = Annotated[Actor, permit("alert.ack")]
GrievanceHandler = Annotated[Actor, permit("grievance.handle")]
GrievanceReader = Annotated[Actor, permit("grievance.read")]
TransparencyReader = Annotated[Actor, permit("transparency.draw")]
TransparencyProposer = Annotated[Actor, permit("transparency.propose")]
TransparencyPublisher = Annotated[Actor, permit("transparency.publish")]


def _public(request: Request) -> None:
    """A route open to anyone (the grievance form): its body may be read without a role check."""
    request.state.permitted = "public"


Public = Annotated[None, Depends(_public)]
