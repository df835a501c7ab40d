"""Alembic environment of the register: always run with a connection passed in
``config.attributes["connection"]`` by ``pipeline.register.db`` (never from an alembic.ini)."""

from alembic import context

from pipeline.register.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
