"""The knowledge base's version names the models in use as well as the knowledge files: records, stores and Spark's
resume check tell the events of retrained or switched models (MARSAD_MODELS) from the others."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from marsad.knowledge import load_knowledge
from marsad.learn.models import shipped_folder
from tests.conftest import ARTICLES, ROOT


@pytest.fixture
def shipped(kb):
    if kb.models is None:
        pytest.skip("no shipped models in this checkout (marsad/learn/data); `marsad train` writes them")
    return kb


def test_the_version_changes_with_the_models(shipped, tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_MODELS", "none")
    rules = load_knowledge()
    assert rules.models is None and rules.version == f"{shipped.files_version}-rules"
    retrained = tmp_path / "models"
    shutil.copytree(shipped_folder(), retrained)
    meta = json.loads((retrained / "meta.json").read_text(encoding="utf-8"))
    (retrained / "meta.json").write_text(json.dumps({**meta, "event_threshold": 0.6}), encoding="utf-8")
    monkeypatch.setenv("MARSAD_MODELS", str(retrained))
    other = load_knowledge()
    assert other.models.event_threshold == 0.6
    assert len({shipped.version, rules.version, other.version}) == 3
    assert all(v.startswith(shipped.files_version + "-") and len(v) <= 32 for v in (shipped.version, other.version))
    monkeypatch.delenv("MARSAD_MODELS")
    assert load_knowledge().version == shipped.version  # the same files, the same version


def test_models_are_read_from_the_cache_until_a_file_changes(shipped, tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    models = tmp_path / "models"
    shutil.copytree(shipped_folder(), models)
    monkeypatch.setenv("MARSAD_MODELS", str(models))
    first = load_knowledge()
    assert len(list((tmp_path / "cache").glob("models-*.pickle"))) == 1
    monkeypatch.setattr("marsad.learn.models.Forest", lambda text: pytest.fail("read again, not from the cache"))
    assert load_knowledge().version == first.version
    monkeypatch.undo()
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MARSAD_MODELS", str(models))
    text = (models / "date.lgb.txt").read_text(encoding="utf-8")
    (models / "date.lgb.txt").write_text(text.replace("shrinkage=1\n", "shrinkage=1.0\n", 1), encoding="utf-8")
    assert load_knowledge().version != first.version
    assert len(list((tmp_path / "cache").glob("models-*.pickle"))) == 2


def test_extracted_records_carry_the_version(shipped, tmp_path):
    env = {**os.environ, "MARSAD_MODELS": "none"}
    result = subprocess.run([sys.executable, "-m", "marsad.cli.main", "extract", str(ARTICLES / "visit_cairo.txt"),
                             "--format", "plover-jsonl"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {r["kb_version"] for r in records} == {f"{shipped.files_version}-rules"}
