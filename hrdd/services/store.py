"""The store for the configured database (one per URL per process)."""

from functools import lru_cache

from hrdd.settings import Settings, get_settings
from hrdd.store import Store, open_store

__all__ = ["Store", "get_store"]


_OPEN: dict[str, Store] = {}


@lru_cache(maxsize=4)
def _store(url: str) -> Store:
    _OPEN[url] = open_store(url)
    return _OPEN[url]


def get_store(settings: Settings | None = None) -> Store:
    return _store((settings or get_settings()).db_url)


def forget_stores(*, close: bool = True) -> None:
    """Drop the cached stores (after a database was recreated, e.g. between tests). In a forked
    process ``close=False`` leaves the parent's pooled connections alone (SQLAlchemy's advice)."""
    for store in list(_OPEN.values()):
        store.engine.dispose(close=close)
    _OPEN.clear()
    _store.cache_clear()


def forget_connections() -> None:
    """In a forked process: keep the stores, give each a new pool (the parent's connections are
    left to the parent, SQLAlchemy's advice for forking)."""
    for store in list(_OPEN.values()):
        store.engine.dispose(close=False)
