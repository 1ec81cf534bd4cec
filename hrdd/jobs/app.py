"""The procrastinate app over the configured PostgreSQL database, and its schema.

procrastinate keeps its queue in its own tables (``procrastinate_jobs`` …), which hrdd's
Alembic migrations do not create: :func:`ensure_schema` applies procrastinate's schema when
they are missing, at worker start-up, under an advisory lock so that several workers
starting together apply it once. On SQLite there is no procrastinate app (:mod:`hrdd.jobs.inline`).
"""

import re

import psycopg
from procrastinate import App, PsycopgConnector

from hrdd.exc import ConfigError
from hrdd.settings import Settings

NAMESPACE = "hrdd"
_SCHEMA_LOCK = 0x68726467  # advisory lock key


def uses_procrastinate(settings: Settings) -> bool:
    return settings.db_url.startswith("postgresql")


def conninfo(settings: Settings) -> str:
    """The libpq connection string of the configured SQLAlchemy URL (``postgresql+psycopg://`` …)."""
    if not uses_procrastinate(settings):
        raise ConfigError("background jobs on procrastinate need PostgreSQL (HRDD_DATABASE_URL=postgresql+psycopg://…)")
    return re.sub(r"^postgresql\+\w+://", "postgresql://", settings.db_url)


def make_app(settings: Settings) -> App:
    """An app with hrdd's tasks on the configured database (any number per process)."""
    from hrdd.jobs.tasks import make_blueprint

    app = App(connector=PsycopgConnector(conninfo=conninfo(settings)))
    app.add_tasks_from(make_blueprint(), namespace=NAMESPACE)
    return app


def ensure_schema(settings: Settings, app: App) -> bool:
    """Apply procrastinate's schema if its tables are missing; True when it was applied now."""
    with psycopg.connect(conninfo(settings), autocommit=False) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        present = conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
        if present and present[0]:
            return False
        conn.execute(app.schema_manager.get_schema())
        return True
