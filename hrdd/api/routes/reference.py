"""Read endpoints: audit log, catalogue, countries (health: routes/health.py)."""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query

from hrdd.api.deps import AuditReader, CatalogReader, Offset, SettingsDep, StoreDep
from hrdd.exc import NotFound
from hrdd.model.limits import AUDIT_LIMIT_MAX
from hrdd.services.audit import audit_entries

router = APIRouter(tags=["reference"])


@router.get("/api/audit")
def audit(actor: AuditReader, store: StoreDep, entity_id: str | None = Query(None, max_length=120),
          limit: int = Query(200, ge=1, le=AUDIT_LIMIT_MAX), offset: Offset = 0) -> dict[str, Any]:
    found = audit_entries(store, actor, entity_id=entity_id, limit=limit, offset=offset)
    return {"ok": True, "entries": [asdict(e) for e in found]}


@router.get("/api/catalog/{kind}")
def catalog_kind(kind: str, actor: CatalogReader) -> dict[str, Any]:
    from hrdd.catalog import default_catalog

    catalog = default_catalog()
    try:
        items = catalog.kind(kind)
    except KeyError:
        raise NotFound(f"no catalogue kind {kind!r}") from None
    return {"ok": True, "version": catalog.version,
            "items": [item.model_dump(mode="json", by_alias=True) if hasattr(item, "model_dump") else item
                      for item in items.values()]}


@router.get("/api/catalog/{kind}/{item_id}")
def catalog_item(kind: str, item_id: str, actor: CatalogReader) -> dict[str, Any]:
    from hrdd.catalog import default_catalog

    catalog = default_catalog()
    try:
        item = catalog.get(kind, item_id)
    except KeyError:
        raise NotFound(f"no catalogue kind {kind!r}") from None
    if item is None:
        raise NotFound(f"no {kind} item {item_id!r}")
    dump = getattr(item, "model_dump", None)
    return {"ok": True, "version": catalog.version,
            "item": dump(mode="json", by_alias=True) if callable(dump) else item}


@router.get("/api/countries/{code}")
def country(code: str, actor: CatalogReader, settings: SettingsDep) -> dict[str, Any]:
    import json

    from hrdd.services.countries import render_country

    return {"ok": True, "country": json.loads(render_country(code, "json", settings))}
