"""Whether a service process is ready: the screening warm-up runs beside the server, not before it.

A worker answers at once (liveness) and warms up in a background thread: it opens the screening
index (building it, and rigour's person-name phrase table, when the lists changed) and analyses
every listed name (``HRDD_SCREENING_WARM``). Readiness turns on when that is done; requests that
screen before then are answered too, only more slowly. The warm-up holds the interpreter lock in
short steps only (no step builds a large structure in one call since the phrase table replaced
rigour's tagger automaton), so the event loop and the health checks keep answering.
"""

import gc
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from hrdd.logs import get_logger
from hrdd.settings import Settings

log = get_logger(__name__)


@dataclass
class Readiness:
    """The warm-up of one process and its outcome."""

    started: float = field(default_factory=time.monotonic)
    names: int = 0
    error: str = ""
    seconds: float = 0.0
    _done: threading.Event = field(default_factory=threading.Event)

    @property
    def ready(self) -> bool:
        return self._done.is_set() and not self.error

    @property
    def state(self) -> str:
        if not self._done.is_set():
            return "warming"
        return "failed" if self.error else "ready"

    def start(self, settings: Settings) -> threading.Thread:
        """Warm up in a daemon thread; returns it (tests join it)."""
        thread = threading.Thread(target=self._run, args=(settings,), name="hrdd-warm-up", daemon=True)
        thread.start()
        if settings.pdf_warm:
            threading.Thread(target=_warm_pdf, name="hrdd-pdf-warm-up", daemon=True).start()
        return thread

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def _run(self, settings: Settings) -> None:
        try:
            if settings.screening_warm:
                from hrdd.services.screening import warm_screening

                self.names = warm_screening(settings)
                gc.freeze()  # the caches just filled live as long as the process: keep them out of GC runs
        except Exception as err:  # noqa: BLE001 - reported by the readiness endpoint and the log
            self.error = f"{type(err).__name__}: {err}"
            log.error("warm-up failed", extra={"ctx": {"error": self.error}})
        finally:
            self.seconds = time.monotonic() - self.started
            self._done.set()

    def describe(self) -> dict[str, Any]:
        return {"status": self.state, "names_analysed": self.names,
                "seconds": round(self.seconds if self._done.is_set() else time.monotonic() - self.started, 3),
                **({"error": self.error} if self.error else {})}


def _warm_pdf() -> None:
    """Load WeasyPrint, Pango and the fonts before the first report PDF is asked for (not part of
    readiness: a PDF asked for earlier is made, only more slowly)."""
    from hrdd.reports.pdf import warm_pdf

    started = time.monotonic()
    try:
        warm_pdf()
    except Exception as err:  # noqa: BLE001 - the first PDF will load it anyway, and report a real error
        log.warning("PDF warm-up failed", extra={"ctx": {"error": type(err).__name__}})
        return
    log.info("PDF warm-up done", extra={"ctx": {"seconds": round(time.monotonic() - started, 2)}})
