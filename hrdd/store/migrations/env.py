"""Alembic environment: runs on the connection hrdd.store.db.migrate hands over."""

from alembic import context

from hrdd.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` command line: use the URL from the config
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
