"""Alembic's environment: migrations run on the connection ``storage.database`` hands over.

``storage.database.migrate`` takes the migration lock on that connection, puts it in
``config.attributes["connection"]`` and runs ``alembic upgrade head`` in ``run_sync``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from storage.schema import metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations with `newsbot migrate` (storage.database.migrate)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
