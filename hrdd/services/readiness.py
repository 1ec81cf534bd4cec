"""Whether a service process is ready, and how warm it is: readiness does not wait for the warm-up.

A process starts in three steps, each reported by ``/health/ready``:

1. **live** at once: the event loop answers (hrdd/api/boot.py answers before the app is built);
2. **ready** when it can serve every request: the app is built, the database migrated, the
   screening index and its tables (rigour's person-name phrases, country words, schemata) are
   open and a probe screening has run through the whole matcher;
3. **warm** when every listed name has also been analysed (``HRDD_SCREENING_WARM``), so that a
   screening costs what later ones do. This goes on after readiness, in the background: a
   screening asked for meanwhile is answered, only more slowly (docs/performance.md gives the
   figures of both).

The steps run in a background thread that holds the interpreter lock in short steps only, so the
event loop and the health checks keep answering. A process forked from a parent that already
ran them (``hrdd serve --workers N``, hrdd/api/prefork.py) is ready and warm at once, and shares
the parent's analysed names page by page instead of analysing its own copy.
"""

import gc
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hrdd.logs import get_logger
from hrdd.settings import Settings

log = get_logger(__name__)

# screened once at start-up to load every part of the matcher (made-up names)
PROBE_ORGANISATION, PROBE_PERSON = "Readiness Probe Trading LLC", "Ivan Probe Readiness"


@dataclass
class Readiness:
    """The start-up of one process and its outcome."""

    started: float = field(default_factory=time.monotonic)
    names: int = 0
    error: str = ""
    seconds: float = 0.0  # from start to ready (or failed)
    warm_seconds: float = 0.0  # from start to warm
    warming: bool = False
    pdf_warmed: bool = False  # the parent of forked workers laid out a PDF before forking
    pid: int = field(default_factory=os.getpid)  # the process that ran the start-up
    _done: threading.Event = field(default_factory=threading.Event)
    _warm: threading.Event = field(default_factory=threading.Event)

    @property
    def ready(self) -> bool:
        return self._done.is_set() and not self.error

    @property
    def warm(self) -> bool:
        return self._warm.is_set()

    @property
    def state(self) -> str:
        if not self._done.is_set():
            return "starting"
        return "failed" if self.error else "ready"

    def start(self, settings: Settings, build: Callable[[], None] | None = None) -> threading.Thread | None:
        """Run the start-up in a daemon thread (``build`` first, e.g. the app itself); returns the
        thread (tests join it), or None when this process inherited a finished start-up."""
        if self._done.is_set():
            if settings.pdf_warm and not self.pdf_warmed:
                _start_pdf_warm_up()
            return None
        # the PDF warm-up after readiness, not beside it: it would take the interpreter lock from it
        after_ready = _start_pdf_warm_up if settings.pdf_warm else None
        thread = threading.Thread(target=self.run, args=(settings, build, after_ready), name="hrdd-start-up",
                                  daemon=True)
        thread.start()
        return thread

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until ready (or failed)."""
        return self._done.wait(timeout)

    def wait_warm(self, timeout: float | None = None) -> bool:
        return self._warm.wait(timeout)

    def run(self, settings: Settings, build: Callable[[], None] | None = None,
            after_ready: Callable[[], None] | None = None) -> None:
        """The start-up in this thread: build, open and probe (then ready), ``after_ready``,
        analyse (then warm). Starts no thread itself (the parent of forked workers runs it)."""
        self.pid = os.getpid()
        try:
            if build is not None:
                build()
            if settings.screening_warm:
                from hrdd.services.screening import probe_screening

                probe_screening(settings, PROBE_ORGANISATION, PROBE_PERSON)
        except Exception as err:  # noqa: BLE001 - reported by the readiness endpoint and the log
            self.error = f"{type(err).__name__}: {err}"
            log.error("start-up failed", extra={"ctx": {"error": self.error}})
        finally:
            self.seconds = time.monotonic() - self.started
            self.warming = settings.screening_warm and not self.error
            self._done.set()
        if after_ready is not None and not self.error:
            after_ready()
        if self.warming:
            self._analyse(settings)
        self.warming = False
        self.warm_seconds = time.monotonic() - self.started
        self._warm.set()

    def _analyse(self, settings: Settings) -> None:
        from hrdd.services.screening import warm_screening

        try:
            self.names = warm_screening(settings)
            gc.freeze()  # the caches just filled live as long as the process: keep them out of GC runs
        except Exception as err:  # noqa: BLE001 - the process still serves, only more slowly
            log.warning("name analysis at start-up failed", extra={"ctx": {"error": type(err).__name__}})

    def describe(self) -> dict[str, Any]:
        now = time.monotonic() - self.started
        return {"status": self.state, "warm": "done" if self.warm else ("analysing" if self.warming else "waiting"),
                "names_analysed": self.names,
                "seconds": round(self.seconds if self._done.is_set() else now, 3),
                **({"warm_seconds": round(self.warm_seconds, 3)} if self.warm else {}),
                **({"forked": True} if self.pid != os.getpid() else {}),  # started by the parent
                **({"error": self.error} if self.error else {})}


def _start_pdf_warm_up() -> None:
    threading.Thread(target=_warm_pdf, name="hrdd-pdf-warm-up", daemon=True).start()


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
