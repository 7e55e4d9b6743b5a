"""Shared fixtures: the knowledge base (loaded once), a temporary store, paths to shared material."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
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


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared is beside the checkout only in CI and team machines")
    return path
