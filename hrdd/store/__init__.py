"""Persistence: the only package that imports SQLAlchemy.

``open_store(url)`` returns a :class:`Store` whose schema is migrated to the latest
revision. Query functions in the sibling modules take a connection from
``store.transaction()`` so that a change and its audit entry commit together.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa

from hrdd.store.db import create_engine, limit_error, migrate

_MIGRATED: set[str] = set()


@dataclass(frozen=True)
class Store:
    engine: sa.Engine

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One transaction; a value the database refuses as too long is InvalidInput naming the column."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except (sa.exc.IntegrityError, sa.exc.DataError) as err:
            refused = limit_error(err)
            if refused is None:
                raise
            raise refused from err

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def open_store(url: str) -> Store:
    engine = create_engine(url)
    if url not in _MIGRATED or url.endswith(":memory:"):
        migrate(engine)
        _MIGRATED.add(url)
    return Store(engine)


__all__ = ["Store", "open_store"]
