"""Store stage: documents, events, actors and reports in SQLite (default) or PostgreSQL."""
from marsad.store.db import Store, open_store

__all__ = ["Store", "open_store"]
