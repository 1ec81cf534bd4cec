"""Jobs without a server: on SQLite the task functions run in this process.

:func:`run_pending` runs every piece of pending work once, in order (re-screening before
delivery, so the alerts it raises go out in the same pass). It is called right after an
action that makes work (a list import) and by ``hrdd worker`` (``--burst``: once; otherwise
every ``worker_poll_seconds``, with the list refresh and the due-date scan on their schedule).
"""

import time

from hrdd.jobs import work
from hrdd.logs import get_logger
from hrdd.settings import Settings

log = get_logger(__name__)
REFRESH_SECONDS = 6 * 3600
DUE_DATE_SECONDS = 3600
ANCHOR_SECONDS = 3600


def run_pending(settings: Settings) -> list[str]:
    """Run all pending work now; returns the keys of what ran."""
    done = []
    for item in work.pending(settings):
        work.RUNNERS[item.task](**item.kwargs)
        done.append(item.lock)
    return done


def run_forever(settings: Settings) -> None:  # pragma: no cover - loops until interrupted
    last_refresh = last_scan = last_anchor = 0.0
    while True:
        now = time.monotonic()
        if now - last_refresh >= REFRESH_SECONDS:
            work.refresh_lists()
            last_refresh = now
        if now - last_scan >= DUE_DATE_SECONDS:
            work.scan_due_dates()
            last_scan = now
        if now - last_anchor >= ANCHOR_SECONDS:
            work.anchor_audit()
            last_anchor = now
        run_pending(settings)
        time.sleep(settings.worker_poll_seconds)
