"""Alembic environment: migrations run on the connection `marsad.store.schema.migrate` hands over, inside its
transaction and lock."""
from alembic import context

from marsad.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
