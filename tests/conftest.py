"""Shared fixtures: the knowledge base (loaded once), a temporary store, paths to shared material."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from marsad.knowledge import load_knowledge
from marsad.store import open_store

# One knowledge-base cache for the whole run, shared with the commands the tests start, apart from the user's own.
if "MARSAD_CACHE_DIR" not in os.environ:
    os.environ["MARSAD_CACHE_DIR"] = tempfile.mkdtemp(prefix="marsad-test-cache-")
    atexit.register(shutil.rmtree, os.environ["MARSAD_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "marsad" / "samples"
ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture(scope="session")
def kb():
    return load_knowledge()


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'test.db'}", create=True)


# ---- both engines ------------------------------------------------------------------------------------------
ENGINES = ("sqlite", "postgresql")

# Two short texts, 3-gram Jaccard 7/11 = 0.64: their MinHash estimate happens to read 0.70 and they share a bucket,
# so only the exact confirmation keeps them apart.
SHORT = "أعلن وزير الخارجية في بيان رسمي اليوم أن الحكومة ترفض التدخل الأجنبي وتدعو إلى الحوار بين الأطراف الليبية " \
        "في طرابلس وبنغازي"
SHORT_EDITED = "أعلن وزير الخارجية في بيان رسمي اليوم أن الحكومة ترفض التدخل الأجنبي وتدعو إلى الحوار بين الجاري " \
               "طرابلس وبنغازي"

PG_STATE = ROOT / ".pg"


def postgres_admin_url() -> str | None:
    """The throwaway cluster `scripts/postgres.sh start` (run by `make test`) left, or MARSAD_TEST_POSTGRES."""
    url = os.environ.get("MARSAD_TEST_POSTGRES")
    if not url and (PG_STATE / "url").is_file():
        url = (PG_STATE / "url").read_text().strip()
    return url or None


def postgres_or_skip() -> str:
    url = postgres_admin_url()
    if url is None:
        reason = (PG_STATE / "skip").read_text().strip() if (PG_STATE / "skip").is_file() else \
            "no PostgreSQL cluster: `make test` starts one with scripts/postgres.sh (or set MARSAD_TEST_POSTGRES)"
        pytest.skip(f"PostgreSQL run skipped: {reason}")
    return url


@contextmanager
def fresh_database(engine: str, folder: Path):
    """The URL of a new, empty database of this engine, dropped afterwards."""
    if engine == "sqlite":
        yield f"sqlite:///{folder / f'store-{uuid.uuid4().hex[:8]}.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = postgres_or_skip()
    name = f"marsad_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=ENGINES)
def engine_url(request, tmp_path):
    """A new empty store URL, once on SQLite and once on PostgreSQL."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def any_store(engine_url):
    """A new store on each engine."""
    store = open_store(engine_url, create=True)
    yield store
    store.engine.dispose()


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared is beside the checkout only in CI and team machines")
    return path
