"""The store suite runs on both engines: `store` is a new store on SQLite, then on PostgreSQL."""
from __future__ import annotations

import pytest


@pytest.fixture
def store(any_store):
    return any_store
