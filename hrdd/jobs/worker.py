"""``hrdd worker``: a procrastinate worker on PostgreSQL, the in-process runner on SQLite."""

import asyncio

import psycopg
from procrastinate.exceptions import ConnectorException

from hrdd.jobs import inline, work
from hrdd.jobs.app import ensure_schema, make_app, uses_procrastinate
from hrdd.jobs.tasks import STALLED_HEARTBEATS, defer, queue_pending
from hrdd.logs import get_logger
from hrdd.settings import Settings

log = get_logger(__name__)


def run_worker(settings: Settings, *, burst: bool = False, name: str = "hrdd-worker") -> None:
    """Process jobs; ``burst``: process what is queued and pending, then return."""
    if not uses_procrastinate(settings):
        inline.run_pending(settings)
        if not burst:
            inline.run_forever(settings)
        return
    app = make_app(settings)
    ensure_schema(settings, app)
    heartbeat = settings.worker_heartbeat_seconds

    async def main() -> None:
        async with app.open_async():
            await queue_pending(app)
            await app.run_worker_async(wait=not burst, name=name, update_heartbeat_interval=heartbeat,
                                       stalled_worker_timeout=heartbeat * STALLED_HEARTBEATS,
                                       install_signal_handlers=True)

    asyncio.run(main())


def queue_or_run(settings: Settings) -> None:
    """After an action that made work: queue it for the workers (PostgreSQL) or run it now (SQLite)."""
    if not uses_procrastinate(settings):
        inline.run_pending(settings)
        return
    app = make_app(settings)
    ensure_schema(settings, app)

    async def main() -> None:
        async with app.open_async():
            await queue_pending(app)

    asyncio.run(main())


async def queue_batch(settings: Settings, batch_id: str) -> int:
    """Queue a batch's chunks for the PostgreSQL workers (stored by ``start_batch(chunked=True)``);
    returns how many. A chunk not queued now (the database refused) is queued by the next sweep."""
    app = make_app(settings)
    try:
        await asyncio.to_thread(ensure_schema, settings, app)
        async with app.open_async():
            return await defer(app, await asyncio.to_thread(work.batch_chunks, settings, batch_id))
    except (psycopg.Error, ConnectorException) as err:
        log.warning("batch chunks left to the sweep", extra={"ctx": {"batch": batch_id, "error": type(err).__name__}})
        return 0


def after_signal(settings: Settings, case_id: str) -> None:
    """A signal was recorded on ``case_id``: on SQLite, re-assess it now; on PostgreSQL the workers'
    sweep (every minute) finds the case due and queues ``reassess_due``, so the request does not
    wait. A case that changed in the meantime is left to the next ``reassess_due`` run."""
    from hrdd.exc import Conflict

    if uses_procrastinate(settings):
        return
    from hrdd.services.reassess import reassess_case
    from hrdd.services.store import get_store

    try:
        reassess_case(get_store(settings), settings, case_id, trigger="signal")
    except Conflict:
        log.warning("re-assessment after a signal skipped: the case changed", extra={"ctx": {"case_id": case_id}})
