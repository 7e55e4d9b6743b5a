"""`marsad train` end to end on a small corpus, the models it writes, and extraction that uses them."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from marsad.learn.train import SEED
from marsad.errors import MarsadError
from marsad.extract import extract
from marsad.knowledge import load_knowledge
from marsad.learn.models import load_models, shipped_folder
from marsad.records import Document
from tests.conftest import SAMPLES

MARSAD = [sys.executable, "-m", "marsad.cli.main"]
SMALL = [f"{SAMPLES / 'gold.jsonl'}:{SAMPLES / 'corpus'}", "--max-docs", "10", "--rounds", "8"]
CHECK = f"{SAMPLES / 'heldout' / 'gold.jsonl'}:{SAMPLES / 'heldout' / 'corpus'}"


def train(out, *extra):
    result = subprocess.run([*MARSAD, "train", "--corpus", *SMALL, "--check", CHECK, "--out", str(out), *extra],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def small_models(tmp_path_factory):
    out = tmp_path_factory.mktemp("models")
    return out, train(out)


def test_training_writes_models_that_record_their_data_and_scores(small_models):
    out, result = small_models
    assert {p.name for p in out.iterdir()} >= {"meta.json", "features.txt", "event.lgb.txt", "kind.lgb.txt",
                                               "participant.lgb.txt", "polity_set.lgb.txt", "date.lgb.txt"}
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["train_documents"] == 10 and meta["rounds"] == 8 and meta["seed"] == SEED
    assert meta["train"][0]["gold"] == "marsad/samples/gold.jsonl"
    check = meta["checks"]["check1"]
    assert 0 <= check["learned"]["f1"] <= 1 and check["learned"]["gold"] == check["rules"]["gold"] > 0
    assert "check1: rules F1" in result.stdout


def test_the_same_seed_and_data_give_the_same_models(small_models, tmp_path):
    out, _ = small_models
    train(tmp_path)
    for name in ("event.lgb.txt", "participant.lgb.txt", "polity_set.lgb.txt", "features.txt"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (out / name).read_text(encoding="utf-8"), name


def test_extraction_uses_the_models_a_folder_names(small_models, monkeypatch, tmp_path):
    out, _ = small_models
    monkeypatch.setenv("MARSAD_MODELS", str(out))
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    kb = load_knowledge()
    assert kb.models is not None and kb.models.meta["train_documents"] == 10
    text = "القاهرة - استقبل الرئيس المصري عبد الفتاح السيسي في القاهرة أمس الاثنين وزير الخارجية التركي."
    events = extract(Document(id="t", text=text), kb)
    assert all(0 < e.confidence <= 1 and e.evidence for e in events)


def test_a_named_folder_without_models_is_an_error_not_the_rules(tmp_path):
    with pytest.raises(MarsadError, match="no models in"):
        load_models(tmp_path)


def test_a_bad_corpus_is_named(tmp_path):
    result = subprocess.run([*MARSAD, "train", "--corpus", f"{tmp_path / 'none.jsonl'}:{tmp_path}", "--out",
                             str(tmp_path / "m")], capture_output=True, text=True)
    assert result.returncode == 1 and "none.jsonl does not exist" in result.stderr
    result = subprocess.run([*MARSAD, "train", "--corpus", f"{SAMPLES / 'gold.jsonl'}:{SAMPLES / 'corpus'}:heavy",
                             "--out", str(tmp_path / "m")], capture_output=True, text=True)
    assert result.returncode == 1 and "positive number" in result.stderr


@pytest.mark.skipif(not (shipped_folder() / "meta.json").exists(), reason="no shipped models in this checkout")
def test_the_shipped_models_were_trained_apart_from_the_measuring_sets():
    meta = json.loads((shipped_folder() / "meta.json").read_text(encoding="utf-8"))
    trained_on = " ".join(c["gold"] for c in meta["train"])
    for apart in ("heldout", "fresh", "dev", "samples/test"):
        assert apart not in trained_on
    assert set(meta["checks"]) == {"dev", "heldout", "fresh"}
