"""Alembic environment: runs on the connection :func:`pipeline.store.db.migrate` hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from pipeline.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` run by hand: build an engine from the URL given to it
    from pipeline.store.db import engine_for

    engine = config.attributes.get("engine") or engine_for(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
