"""The procrastinate tasks: thin wrappers over :mod:`hrdd.jobs.work`, on a blueprint.

Each job is keyed by what it works on (list source and version, "all", "deliver", a batch's
chunk): deferred with a queueing lock (a piece already queued is not queued again) and a lock
(two workers never run the same piece at once). Jobs are retried with exponential back-off; the periodic
``sweep`` queues whatever the database says is pending and retries the jobs of workers that
stopped sending heartbeats (a worker killed with SIGKILL), and puts back in the queue the batch
chunks they held, so nothing is lost.
"""

import asyncio

from procrastinate import App, Blueprint, JobContext, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued

from hrdd.jobs import work
from hrdd.logs import get_logger

log = get_logger(__name__)
RETRY = RetryStrategy(max_attempts=6, exponential_wait=5)
STALLED_HEARTBEATS = 6  # a running job whose worker missed this many heartbeats is retried


def make_blueprint() -> Blueprint:
    """A blueprint with every task (a new one per app: adding a blueprint's tasks to an app renames
    them with the app's namespace, so a blueprint serves one app only)."""
    blueprint = Blueprint()

    @blueprint.task(name="rescreen_version", retry=RETRY)
    def rescreen_version(source: str, version: int) -> None:
        work.rescreen_version(source, version)

    @blueprint.task(name="rescreen_all", retry=RETRY)
    def rescreen_all() -> None:
        work.rescreen_all()

    @blueprint.periodic(cron="23 * * * *")
    @blueprint.task(name="reassess_due", queueing_lock="reassess_due", lock="reassess_due", retry=RETRY)
    def reassess_due(timestamp: int | None = None) -> None:
        work.reassess_due()

    @blueprint.task(name="deliver_alerts", retry=RETRY)
    def deliver_alerts() -> None:
        work.deliver_alerts()

    @blueprint.periodic(cron="17 */6 * * *")
    @blueprint.task(name="refresh_lists", queueing_lock="refresh_lists", lock="refresh_lists")
    def refresh_lists(timestamp: int) -> None:
        work.refresh_lists()

    @blueprint.periodic(cron="5 * * * *")
    @blueprint.task(name="scan_due_dates", queueing_lock="scan_due_dates", lock="scan_due_dates")
    def scan_due_dates(timestamp: int | None = None) -> None:
        work.scan_due_dates()

    @blueprint.periodic(cron="41 * * * *")
    @blueprint.task(name="anchor_audit", queueing_lock="anchor_audit", lock="anchor_audit", retry=RETRY)
    def anchor_audit(timestamp: int) -> None:
        work.anchor_audit()

    @blueprint.task(name="screen_batch_chunk", retry=RETRY)
    def screen_batch_chunk(batch_id: str, chunk: int) -> None:
        work.screen_batch_chunk(batch_id, chunk)

    @blueprint.periodic(cron="* * * * *")
    @blueprint.task(name="sweep", queueing_lock="sweep", pass_context=True)
    async def sweep(context: JobContext, timestamp: int) -> None:
        await queue_pending(context.app)

    return blueprint


def stalled_seconds() -> float:
    from hrdd.settings import get_settings

    return get_settings().worker_heartbeat_seconds * STALLED_HEARTBEATS


async def retry_stalled(app: App) -> int:
    """Put back the running jobs of workers that stopped sending heartbeats; returns how many."""
    seconds = stalled_seconds()
    stalled = list(await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds))
    for job in stalled:
        await app.job_manager.retry_job(job)
    if stalled:
        log.warning("stalled jobs retried", extra={"ctx": {"jobs": len(stalled)}})
    return len(stalled)


async def queue_pending(app: App) -> int:
    """Queue every piece of pending work (skipping what is already queued); returns how many.
    Retries the jobs of silent workers first and puts their batch chunks back in the queue."""
    await retry_stalled(app)
    await asyncio.to_thread(work.requeue_stalled_chunks, stalled_seconds())
    return await defer(app, await asyncio.to_thread(work.pending))


async def defer(app: App, items: list[work.Work]) -> int:
    """Queue these pieces of work, each keyed by its lock (skipping what is already queued)."""
    queued = 0
    for item in items:
        task = app.tasks[f"hrdd:{item.task}"]
        try:
            await task.configure(queueing_lock=item.lock, lock=item.lock).defer_async(**item.kwargs)
            queued += 1
        except AlreadyEnqueued:
            continue
    return queued
