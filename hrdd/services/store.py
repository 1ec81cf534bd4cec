"""The store for the configured database (one per URL per process)."""

from functools import lru_cache

from hrdd.settings import Settings, get_settings
from hrdd.store import Store, open_store

__all__ = ["Store", "get_store"]


@lru_cache(maxsize=4)
def _store(url: str) -> Store:
    return open_store(url)


def get_store(settings: Settings | None = None) -> Store:
    return _store((settings or get_settings()).db_url)
