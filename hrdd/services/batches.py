"""The screening workbench: screen one party on the spot, or a file of parties in the background.

A batch is read and checked whole before anything is stored (a file with a bad row screens
nothing), then screened by :func:`run_batch` in a background thread of the process that took
the upload (SQLite), or stored in chunks that the PostgreSQL workers screen
(:mod:`hrdd.services.batch_chunks`). Progress and results live in the database, so any web
process can show them. The status moves queued -> running -> done | failed by compare-and-set:
a batch runs once.
"""

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from hrdd.exc import Conflict, InvalidInput, NotFound, Problem
from hrdd.model.screening import Hit, RelatedEntity
from hrdd.services.permissions import Actor, can, require
from hrdd.services.store import Store
from hrdd.settings import Settings, get_settings
from hrdd.sources.parties import PartyRow, check_party, read_parties
from hrdd.store import audit
from hrdd.store import batches as batch_rows
from hrdd.store.batches import BatchRow

log = logging.getLogger(__name__)

PROGRESS_EVERY = 25  # parties between two progress writes
STALLED_AFTER = dt.timedelta(minutes=10)  # a running batch not heard from since is shown as interrupted
RESULT_FIELDS = ("line", "query", "score", "source", "entry_id", "listed_name", "matched_name", "topics",
                 "programs", "explanation", "judgement", "judgement_reason")


def screen_party(actor: Actor, name: str, *, country: str | None = None, schema: str = "LegalEntity",
                 birth_date: str | None = None, identifier: str | None = None,
                 settings: Settings | None = None) -> list[Hit]:
    """Hits for one party typed on the spot, best first, each with its explanation."""
    from hrdd.services.screening import screen_name

    require(actor, "screen")
    row = _checked_party(name, country, schema, birth_date, identifier)
    return screen_name(row.name, country=row.country, schema=row.schema, settings=settings,
                       birth_dates=(row.birth_date,) if row.birth_date else (),
                       identifiers=(("identifier", row.identifier),) if row.identifier else ())


def screen_party_with_related(actor: Actor, name: str, *, country: str | None = None, schema: str = "LegalEntity",
                              birth_date: str | None = None, identifier: str | None = None,
                              settings: Settings | None = None) -> tuple[list[Hit], list[RelatedEntity]]:
    """:func:`screen_party`'s hits, and apart the related-entity hints (never hits)."""
    from hrdd.services.screening import screen_name_with_related

    require(actor, "screen")
    row = _checked_party(name, country, schema, birth_date, identifier)
    return screen_name_with_related(row.name, country=row.country, schema=row.schema, settings=settings,
                                    birth_dates=(row.birth_date,) if row.birth_date else (),
                                    identifiers=(("identifier", row.identifier),) if row.identifier else ())


def _checked_party(name: str, country: str | None, schema: str, birth_date: str | None,
                   identifier: str | None) -> PartyRow:
    """The same checks as a row of an uploaded file, reported against the form's fields."""
    values = {"name": name.strip(), "country": (country or "").strip(), "schema": schema.strip(),
              "birth_date": (birth_date or "").strip(), "identifier": (identifier or "").strip()}
    row, problems = check_party("form", 0, values)
    if row is None:
        raise InvalidInput("please correct the party", [
            Problem(p.message, field=p.field, expected=p.expected, found=p.found) for p in problems])
    return row


def judge_hit(store: Store, actor: Actor, query: str, entry_id: str, verdict: str, reason: str,
              settings: Settings | None = None, *, seen: str = "") -> None:
    """Save a reviewer's judgement on a workbench hit, made on the judgement the page showed
    (``seen``, see :func:`hrdd.services.judgements.judgement_token`); later screenings of the
    same name against the same, unchanged list entry show it."""
    from hrdd.services.judgements import judge

    require(actor, "hit.review")
    if len(reason.strip()) < 5:
        raise InvalidInput("a reason is required", [Problem("give the reason for the judgement", field="reason",
                                                            expected="at least 5 characters",
                                                            found=repr(reason.strip()))])
    judge(query, entry_id, verdict, reason.strip(), settings=settings, reviewer=actor.username, seen=seen)


def judgement_tokens(hits: list[Hit], settings: Settings | None = None) -> dict[str, str]:
    """For each hit (``{source}-{entry_id}``), the token of the judgement on record, "" for none:
    the workbench form sends it back so that a judgement made since is not overwritten unseen."""
    from hrdd.screening.judgements import hit_key, party_key
    from hrdd.services.screening import judgement_store

    store = judgement_store(settings)
    tokens = {}
    for hit in hits:
        recorded = store.get(party_key(hit.query), hit_key(hit))
        tokens[hit_key(hit)] = recorded.decided_at if recorded else ""
    return tokens


def start_batch(store: Store, actor: Actor, filename: str, data: bytes, *, settings: Settings | None = None,
                runner: Callable[[str], None] | None = None, chunked: bool = False) -> str:
    """Read the file, store the batch and start screening it; returns the batch id.

    ``runner`` runs the batch (default: a background thread of this process). ``chunked``: the
    batch is stored with its chunks (``batch_chunk_rows`` parties each) for the PostgreSQL workers
    and nothing runs here; the caller queues their jobs (:mod:`hrdd.services.batch_chunks`)."""
    from hrdd.services.batch_chunks import plan_chunks
    from hrdd.store import batch_chunks as chunk_rows

    require(actor, "screen")
    settings = settings or get_settings()
    safe_name = (filename or "parties").replace("/", "_").replace("\\", "_")[:255]
    parties = read_parties(safe_name, data)
    batch_id = secrets.token_hex(16)
    with store.transaction() as conn:
        batch_rows.insert_batch(conn, batch_id=batch_id, filename=safe_name, created_by=actor.username,
                                parties=[asdict(p) for p in parties])
        if chunked:
            chunk_rows.insert_chunks(conn, batch_id, plan_chunks(parties, settings.batch_chunk_rows))
        audit.append(conn, actor=actor.username, action="screening.batch", entity="batch", entity_id=batch_id,
                     after={"filename": safe_name, "parties": len(parties)})
    if chunked:
        return batch_id
    if runner is None:
        threading.Thread(target=run_batch, args=(store, batch_id, settings), daemon=True,
                         name=f"batch-{batch_id[:8]}").start()
    else:
        runner(batch_id)
    return batch_id


def run_batch(store: Store, batch_id: str, settings: Settings | None = None) -> bool:
    """Screen a queued batch; False when another process has already taken it."""
    with store.transaction() as conn:
        batch = batch_rows.get_batch(conn, batch_id)
        if batch is None or not batch_rows.move_batch(conn, batch_id, "queued", "running"):
            return False
    try:
        results: list[dict[str, Any]] = []
        for number, data in enumerate(batch.parties, start=1):
            results.extend(party_results(PartyRow(**data), settings))
            if number % PROGRESS_EVERY == 0 and number < batch.total:
                with store.transaction() as conn:
                    batch_rows.record_progress(conn, batch_id, number)
        versions = screening_versions(settings)
    except Exception as err:  # noqa: BLE001  # any failure is recorded on the batch, never lost
        log.warning("screening batch failed", extra={"ctx": {"batch": batch_id, "error": type(err).__name__}})
        with store.transaction() as conn:
            batch_rows.move_batch(conn, batch_id, "running", "failed", error=f"{type(err).__name__}: {err}"[:2000])
        return True
    with store.transaction() as conn:
        batch_rows.move_batch(conn, batch_id, "running", "done", done=batch.total, results=results, versions=versions)
    return True


def screening_versions(settings: Settings | None) -> dict[str, Any]:
    """The matcher, index and lists that results screened now come from."""
    from hrdd.services.screening import index_status

    status = index_status(settings)
    return {"algorithm": status["algorithm"], "index": status["fingerprint"],
            "lists": [{"source": i.source, "as_of": i.as_of} for i in status["lists"]]}


def party_results(party: PartyRow, settings: Settings | None) -> list[dict[str, Any]]:
    from hrdd.services.screening import screen_name

    hits = screen_name(party.name, country=party.country, schema=party.schema, settings=settings,
                       birth_dates=(party.birth_date,) if party.birth_date else (),
                       identifiers=(("identifier", party.identifier),) if party.identifier else ())
    return [result_row(hit, party.line) for hit in hits]


def result_row(hit: Hit, line: int) -> dict[str, Any]:
    """A hit as one row of a batch's results."""
    return {"line": line, "query": hit.query, "score": round(hit.score, 4), "source": hit.source,
            "entry_id": hit.entry_id, "listed_name": hit.name, "matched_name": hit.matched_name,
            "topics": ";".join(hit.topics), "programs": ";".join(hit.programs), "explanation": hit.explanation,
            "judgement": hit.judgement or "", "judgement_reason": hit.judgement_reason}


def get_batch(store: Store, actor: Actor, batch_id: str) -> BatchRow:
    """A batch its owner (or an auditor or admin) may see."""
    if not can(actor, "audit.read"):
        require(actor, "screen")
    with store.transaction() as conn:
        batch = batch_rows.get_batch(conn, batch_id)
    if batch is None or (batch.created_by != actor.username and not can(actor, "audit.read")):
        raise NotFound(f"no screening batch {batch_id}")
    return batch


def list_batches(store: Store, actor: Actor) -> list[BatchRow]:
    require(actor, "screen")
    with store.transaction() as conn:
        return batch_rows.list_batches(conn, actor.username)


def is_stalled(batch: BatchRow, now: dt.datetime | None = None, *, chunked: bool = False) -> bool:
    """A running batch that has not reported progress for a while: its process has gone. Never a
    batch in chunks (``chunked``): the workers' sweep gives a silent worker's chunk to another, and
    chunks may wait while the workers are busy."""
    if chunked:
        return False
    now = now or dt.datetime.now(dt.UTC)
    updated = batch.updated_at if batch.updated_at.tzinfo else batch.updated_at.replace(tzinfo=dt.UTC)
    return batch.status == "running" and now - updated > STALLED_AFTER


def batch_results(store: Store, actor: Actor, batch_id: str) -> tuple[BatchRow, list[dict[str, Any]]]:
    """The finished batch's result rows (a Conflict while it is still running)."""
    batch = get_batch(store, actor, batch_id)
    if batch.status != "done":
        raise Conflict(f"screening batch {batch_id} is {batch.status}, not done")
    return batch, list(batch.results or [])


__all__ = ["RESULT_FIELDS", "batch_results", "get_batch", "is_stalled", "judge_hit", "judgement_tokens", "list_batches", "run_batch",
           "screen_party", "start_batch"]
