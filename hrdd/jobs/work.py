"""What there is to do, read from the database, and the service call that does each piece.

Both runners use this: the procrastinate tasks (PostgreSQL) and the in-process runner
(SQLite). A piece of work is keyed (``lock``): two workers never run the same piece at once
and a piece already queued is not queued twice.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hrdd.logs import get_logger
from hrdd.settings import Settings, get_settings

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Work:
    task: str  # task name in hrdd.jobs.tasks
    lock: str  # idempotency key: at most one queued and one running job per key
    kwargs: dict[str, Any] = field(default_factory=dict)


def pending(settings: Settings | None = None) -> list[Work]:
    """The work the database says is due: list versions to re-screen, a full re-screen after a
    matcher change, decided cases to re-assess, due dates not yet alerted, alerts to deliver,
    chunks of screening batches to screen."""
    from hrdd.services.duedates import missing_alerts
    from hrdd.services.notify import channels, undelivered_count
    from hrdd.services.reassess import due_cases
    from hrdd.services.rescreen import matcher_changed, pending_versions
    from hrdd.services.store import get_store

    settings = settings or get_settings()
    store = get_store(settings)
    found = [Work("rescreen_version", f"rescreen:{source}:{version}", {"source": source, "version": version})
             for source, version in pending_versions(store)]
    if matcher_changed(store, settings):
        found.append(Work("rescreen_all", "rescreen:all"))
    if due_cases(store, settings):
        found.append(Work("reassess_due", "reassess_due"))
    if missing_alerts(store):
        found.append(Work("scan_due_dates", "scan_due_dates"))
    if any(undelivered_count(store, channel) for channel in channels(settings)):
        found.append(Work("deliver_alerts", "deliver"))
    return found + batch_chunks(settings)


def batch_chunks(settings: Settings | None = None, batch_id: str | None = None) -> list[Work]:
    """The chunks of screening batches (of one batch) waiting for a worker."""
    from hrdd.services.batch_chunks import queued_chunks
    from hrdd.services.store import get_store

    return [Work("screen_batch_chunk", f"batch:{batch}:{chunk}", {"batch_id": batch, "chunk": chunk})
            for batch, chunk in queued_chunks(get_store(settings or get_settings()), batch_id)]


def requeue_stalled_chunks(seconds: float) -> int:
    """Put back in the queue the batch chunks whose worker went silent (died) ``seconds`` ago."""
    from hrdd.services.batch_chunks import requeue_stalled
    from hrdd.services.store import get_store

    return requeue_stalled(get_store(get_settings()), seconds)


def screen_batch_chunk(batch_id: str, chunk: int) -> None:
    from hrdd.services.batch_chunks import run_chunk
    from hrdd.services.store import get_store

    settings = get_settings()
    outcome = run_chunk(get_store(settings), batch_id, chunk, settings)
    log.info("batch chunk screened", extra={"ctx": {"batch": batch_id, "chunk": chunk, "outcome": outcome}})


def rescreen_version(source: str, version: int) -> None:
    from hrdd.services.rescreen import rescreen_version as run
    from hrdd.services.store import get_store

    settings = get_settings()
    report = run(get_store(settings), source, version, settings)
    log.info("re-screening done", extra={"ctx": {"scope": report.scope, "alerts": len(report.alerts)}})


def rescreen_all() -> None:
    from hrdd.services.rescreen import rescreen_all as run
    from hrdd.services.store import get_store

    settings = get_settings()
    report = run(get_store(settings), settings)
    log.info("full re-screening done", extra={"ctx": {"parties": report.parties, "alerts": len(report.alerts)}})


def reassess_due() -> None:
    """Re-assess every monitored decided case whose versions changed or that has a new signal
    (idempotent by case, versions fingerprint and signal mark)."""
    from hrdd.services.reassess import reassess_due as run
    from hrdd.services.store import get_store

    settings = get_settings()
    done = run(get_store(settings), settings)
    log.info("re-assessment done", extra={"ctx": {"cases": len(done), "moved": sum(1 for o in done if o.alert_id)}})


def deliver_alerts() -> None:
    from hrdd.services.notify import deliver_pending
    from hrdd.services.store import get_store

    settings = get_settings()
    deliver_pending(get_store(settings), settings)


def refresh_lists() -> None:
    """Download the configured official sources; a failed source keeps its previous version
    (and has alerted the admins); the others are swapped in and become pending versions."""
    from hrdd.exc import SourceError
    from hrdd.services.lists import update_lists

    settings = get_settings()
    if not settings.list_refresh:
        return
    sources = [s.strip() for s in settings.list_refresh_sources.split(",") if s.strip()]
    try:
        update_lists(sources, settings, progress=False)
    except SourceError:
        log.warning("scheduled list refresh: some sources failed; their previous versions stay")


def scan_due_dates() -> None:
    from hrdd.services.duedates import raise_grievances_overdue, raise_overdue, raise_reviews_due
    from hrdd.services.store import get_store

    store = get_store(get_settings())
    raise_overdue(store)
    raise_reviews_due(store)
    raise_grievances_overdue(store)


def anchor_audit() -> None:
    """Sign the audit log's length and head and send it to ``audit_anchor_url`` (when configured):
    a later truncation or rollback of the log shows against the anchors kept there."""
    from hrdd.services.anchors import make_anchor, send_anchor
    from hrdd.services.store import get_store

    settings = get_settings()
    if not (settings.audit_anchor_key and settings.audit_anchor_url):
        return
    send_anchor(make_anchor(get_store(settings), settings), settings.audit_anchor_url)


RUNNERS: dict[str, Callable[..., None]] = {"rescreen_version": rescreen_version, "rescreen_all": rescreen_all,
           "reassess_due": reassess_due, "deliver_alerts": deliver_alerts,
           "refresh_lists": refresh_lists, "scan_due_dates": scan_due_dates, "anchor_audit": anchor_audit,
           "screen_batch_chunk": screen_batch_chunk}
