"""``hrdd serve --workers N`` (N > 1): one start-up in a parent process, N workers forked from it.

uvicorn starts each of its workers as a new interpreter (multiprocessing's *spawn*), so each
imported, opened and warmed everything on its own: N copies of the analysed names (about 330 MB
each for the official lists). Here gunicorn's arbiter loads the app once (``preload_app``): the
parent builds it, migrates the database, opens the screening index and analyses every listed name
(hrdd.services.readiness, run to the end before any worker exists), freezes the heap out of the
garbage collector's reach, and forks the workers, which serve with uvicorn's event loop
(``uvicorn_worker``). The workers start ready and warm, and share the parent's pages until they
write to them; the candidate index (tantivy) and rigour's phrase table are files mapped by every
process. What a child must not share it re-opens after the fork (:func:`after_fork`): the
database connections (rigour's phrase table re-opens itself in a new process).

A worker writes to the shared pages it reads (CPython's reference counts), and each written page
becomes its own copy: after some hundred screenings a worker holds much of the heap again
(docs/performance.md gives the figures). Replacing workers now and then by new forks
(gunicorn's ``max_requests``) would hand those pages back, but uvicorn closes a connection it
has accepted and not yet read when it stops at that limit, so a client would now and then get
no answer; it is not used.

The price: the server answers nothing until the parent's start-up is over (live and ready come
together, after the warm-up), where one worker answers at once (hrdd/api/boot.py).
"""

import gc
from typing import Any, ClassVar

from gunicorn.app.base import BaseApplication
from uvicorn_worker import UvicornWorker

from hrdd.logs import get_logger
from hrdd.settings import Settings

log = get_logger(__name__)

WORKER_TIMEOUT_SECONDS = 60


class Worker(UvicornWorker):  # type: ignore[misc]  # uvicorn_worker has no type hints
    """uvicorn's worker for gunicorn, with hrdd's settings: the client address is the peer unless
    HRDD_TRUSTED_PROXIES says otherwise (hrdd/api/middleware.py), as under ``uvicorn.run``."""

    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {"loop": "auto", "http": "auto", "proxy_headers": False}


def build_warm_app(settings: Settings) -> Any:
    """The app with its start-up run to the end in this process (ready and warm), ready to fork."""
    from hrdd.api.app import create_app
    from hrdd.services.readiness import Readiness
    from hrdd.services.store import get_store

    readiness = Readiness()
    app = create_app(settings, readiness=readiness)  # opening the store migrates the database
    readiness.run(settings)
    get_store(settings).engine.dispose()  # no connection crosses the fork
    if readiness.error:
        raise RuntimeError(f"start-up failed: {readiness.error}")
    if settings.pdf_warm:
        from hrdd.reports.pdf import warm_pdf

        warm_pdf()  # WeasyPrint, Pango and the fonts once, shared too (it starts no thread)
        readiness.pdf_warmed = True
    gc.collect()
    gc.freeze()  # what the parent built stays out of every child's garbage collection
    log.info("start-up done before forking", extra={"ctx": {"names": readiness.names,
                                                             "seconds": round(readiness.warm_seconds, 2)}})
    return app


def after_fork() -> None:
    """In a new worker: its own database connections (the parent's stay the parent's). The
    screener it inherited is kept as it is: dropping it would free the parent's decoded entries
    and so write to, and copy, nearly every page of the shared heap (270 MB per worker, measured);
    its index searcher reads files mapped into memory and needs no thread of the parent."""
    from hrdd.services.store import forget_connections

    forget_connections()


class PreforkServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    """gunicorn's arbiter, configured in code (no gunicorn.conf.py is read)."""

    def __init__(self, settings: Settings, host: str, port: int, workers: int) -> None:
        self.settings = settings
        self.options = {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "worker_class": f"{Worker.__module__}.{Worker.__qualname__}",
            "preload_app": True,
            "timeout": WORKER_TIMEOUT_SECONDS,
            "graceful_timeout": 20,
            "loglevel": "warning",
            "accesslog": None,
            "post_fork": lambda server, worker: after_fork(),
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return build_warm_app(self.settings)
