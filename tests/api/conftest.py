"""A real uvicorn server on a loopback port over a real SQLite store (our articles + the sample corpus)."""
from __future__ import annotations

import httpx
import pytest

from marsad.api.launch import ServerProcess
from seed_store import TOKEN, Seed, build_store

from tests.conftest import ENGINES, fresh_database


@pytest.fixture(scope="session", params=ENGINES)
def seeded(request, tmp_path_factory, kb) -> Seed:
    """The test store, once on SQLite and once on PostgreSQL: every API test runs against both."""
    with fresh_database(request.param, tmp_path_factory.mktemp("store")) as url:
        yield build_store(url, kb)


@pytest.fixture(scope="session")
def server(seeded, tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "uvicorn.log"
    with ServerProcess(seeded.url, TOKEN, log_path=log) as proc:
        yield proc


@pytest.fixture(scope="session")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def openapi(client) -> dict:
    return client.get("/openapi.json").json()
