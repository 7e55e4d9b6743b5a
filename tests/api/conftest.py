"""A real uvicorn server on a loopback port over a real SQLite store (our articles + the sample corpus)."""
from __future__ import annotations

import httpx
import pytest

from marsad.api.launch import ServerProcess
from seed_store import TOKEN, Seed, build_store


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, kb) -> Seed:
    return build_store(tmp_path_factory.mktemp("store") / "workbench.db", kb)


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
