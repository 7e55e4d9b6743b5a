"""Alembic migrations of the store's schema; `marsad.store.schema.migrate` runs them on open."""
