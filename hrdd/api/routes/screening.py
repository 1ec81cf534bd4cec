"""Screening: a yente-compatible ``/match`` endpoint over the loaded lists."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from hrdd.api.deps import Screener, SettingsDep, read_json

router = APIRouter(prefix="/api", tags=["screening"])

EXAMPLE = {"queries": {"q1": {"schema": "Company", "properties": {"name": ["Hikvision Digital Technology"],
                                                                  "country": ["cn"]}}}}


MATCH_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"type": "object", "required": ["queries"], "properties": {"queries": {"type": "object"}}},
    "examples": {"company": {"value": EXAMPLE}}}}}}


@router.post("/match/{dataset}", openapi_extra=MATCH_BODY)
def match(dataset: str, actor: Screener, settings: SettingsDep, body: Annotated[Any, Depends(read_json)],
          threshold: float | None = Query(None, ge=0, le=1), limit: int = Query(5, ge=1, le=50)) -> dict[str, Any]:
    """Match entities like yente's ``POST /match/{dataset}``: ``queries`` in, scored ``results`` with
    ``score``, ``match`` and per-feature ``explanations`` out. ``dataset`` is accepted for
    compatibility; every loaded list is searched."""
    from hrdd.services.yente import match_payload

    return match_payload(body, settings, threshold=threshold, limit=limit)
