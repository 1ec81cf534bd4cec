"""yente-compatible matching: ``POST /api/match/{dataset}`` takes yente's request shape and
answers in yente's response shape, so yente clients (nomenklatura's YenteEnricher, ERP and CRM
connectors) screen against the loaded lists unchanged."""

from collections.abc import Mapping
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData

from hrdd.exc import InvalidInput, Problem
from hrdd.screening.links import is_linked_only
from hrdd.screening.record import Record, query_record, record_from_proxy
from hrdd.screening.result import ScoredEntry
from hrdd.services.screening import SCHEMATA, loaded_lists, open_screener
from hrdd.settings import Settings


def _query_from_yente(key: str, query: Any) -> Record:
    where = f"queries.{key}"
    if not isinstance(query, Mapping):
        raise InvalidInput("bad match query", [Problem("query must be an object", field=where,
                                                       expected="{schema, properties}", found=type(query).__name__)])
    schema = str(query.get("schema") or "")
    props = query.get("properties") or {}
    if model.get(schema) is None or not model.get(schema).matchable:  # type: ignore[union-attr]
        raise InvalidInput("bad match query", [Problem("unknown or unmatchable schema", field=f"{where}.schema",
                                                       expected="|".join(SCHEMATA), found=schema)])
    if not isinstance(props, Mapping):
        raise InvalidInput("bad match query", [Problem("properties must be an object", field=f"{where}.properties",
                                                       expected="{prop: [values]}", found=type(props).__name__)])
    cleaned = {k: (v if isinstance(v, list) else [v]) for k, v in props.items()}
    try:
        proxy = model.get_proxy({"id": f"query-{key}", "schema": schema, "properties": cleaned}, cleaned=False)
    except InvalidData as err:
        raise InvalidInput("bad match query", [Problem(str(err), field=f"{where}.properties")]) from err
    record = record_from_proxy(proxy)
    if not record.names:
        parts = [proxy.first(p, quiet=True) or "" for p in ("firstName", "middleName", "lastName")]
        full = " ".join(p for p in parts if p)
        if full:
            record = query_record([full], schema=schema, countries=record.countries,
                                  birth_dates=record.birth_dates, identifiers=record.identifiers,
                                  name_parts=record.extra)
    if not record.names and not record.identifiers:
        raise InvalidInput("bad match query", [Problem("query has no name and no identifier",
                                                       field=f"{where}.properties", expected="name or an identifier")])
    return record


def _entity_json(scored: ScoredEntry, threshold: float) -> dict[str, Any]:
    entry, result = scored.entry, scored.result
    props: dict[str, list[str]] = {"name": list(entry.names)}
    if entry.weak_aliases:
        props["weakAlias"] = list(entry.weak_aliases)
    if entry.countries:
        props["country"] = list(entry.countries)
    if entry.birth_dates:
        props["birthDate"] = list(entry.birth_dates)
    if entry.topics:
        props["topics"] = list(entry.topics)
    if entry.programs:
        props["program"] = list(entry.programs)
    for prop, value in entry.identifiers:
        props.setdefault(prop, []).append(value)
    return {
        "id": entry.id, "caption": entry.caption, "schema": entry.schema, "properties": props,
        "datasets": [entry.source] if entry.source else [],
        # as yente: false for an entity the list data names without listing it (hrdd.screening.links)
        "target": not is_linked_only(entry),
        "score": round(result.score, 4), "match": result.score >= threshold,
        "explanations": {f.name: {"score": round(f.result.score, 4), "detail": f.result.detail,
                                  "query": f.result.query, "candidate": f.result.candidate, "weight": f.weight}
                         for f in result.features},
        "corroboration": result.corroboration,
    }


def _allowed(entry: Record, topics: set[str], include: set[str], exclude: set[str], skip_ids: set[str]) -> bool:
    if topics and not topics & set(entry.topics):
        return False
    if include and entry.source not in include:
        return False
    return entry.source not in exclude and entry.id not in skip_ids


def match_payload(body: Mapping[str, Any], settings: Settings | None = None, *,
                  threshold: float | None = None, limit: int = 5, topics: list[str] | None = None,
                  include_dataset: list[str] | None = None, exclude_dataset: list[str] | None = None,
                  exclude_entity_ids: list[str] | None = None) -> dict[str, Any]:
    """Answer a yente ``/match`` body: ``{"queries": {key: {schema, properties}}, "config": {...}}``.

    The keyword filters mirror yente's query parameters: ``topics`` (any of), ``include_dataset``
    / ``exclude_dataset`` (list sources), ``exclude_entity_ids`` (already reviewed entries)."""
    queries = body.get("queries") if isinstance(body, Mapping) else None
    if not isinstance(queries, Mapping) or not queries:
        raise InvalidInput("bad match request", [Problem("queries must be a non-empty object", field="queries",
                                                         expected="{key: {schema, properties}}")])
    records = {str(k): _query_from_yente(str(k), q) for k, q in queries.items()}
    screener = open_screener(settings)
    cut = threshold if threshold is not None else float(body.get("threshold", 0.7))
    config = body.get("config") if isinstance(body.get("config"), Mapping) else None
    responses: dict[str, Any] = {}
    filters = (set(topics or ()), set(include_dataset or ()), set(exclude_dataset or ()),
               set(exclude_entity_ids or ()))
    for key, record in records.items():
        scored = screener.score(record, config) if screener is not None else []
        scored = [s for s in scored if s.result.score >= cut and _allowed(s.entry, *filters)][:limit]
        responses[key] = {
            "status": 200,
            "results": [_entity_json(s, cut) for s in scored],
            "total": {"value": len(scored), "relation": "eq"},
            "query": queries[key],
        }
    return {
        "responses": responses, "limit": limit, "threshold": cut,
        "algorithm": screener.algorithm if screener is not None else "",
        "lists": [info.source for info in loaded_lists(settings)],
        "performed": screener is not None,
    }

