"""The quality gate: extraction must not fall below the F1 floors recorded in quality_floors.json.

The main floor is the mean over the held-out sets (`test/`, `heldout/`, `fresh/`, `blind/`): nothing was trained
or tuned on them, so it says whether the extractor generalises. The other sets are development sets
(the seeds, our sample corpus and the train split's dev part); their floors catch breakage. The seed
articles live in ../shared (CI and team machines); everything else is ours and always present.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.evaluate import load_records, score
from marsad.export.formats import plover_from_event
from marsad.ingest.readers import InputProblem
from marsad.pipeline import extract_files
from tests.conftest import SAMPLES, shared_or_skip

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())
HELD_OUT = {"test": SAMPLES / "test", "heldout": SAMPLES / "heldout", "fresh": SAMPLES / "fresh",
            "blind": SAMPLES / "blind"}
DEVELOPMENT = {"samples": SAMPLES, "dev": SAMPLES / "train" / "dev"}


def _predict(kb, paths: list[str]) -> list[dict]:
    return [plover_from_event(e) for e in extract_files(paths, kb) if not isinstance(e, InputProblem)]


def _f1(kb, folder: Path) -> float:
    return score(load_records(folder / "gold.jsonl"), _predict(kb, [str(folder / "corpus")]))["f1"]


def test_held_out_mean_holds_its_floor(kb):
    scores = {name: _f1(kb, folder) for name, folder in HELD_OUT.items()}
    mean = sum(scores.values()) / len(scores)
    print(f"held-out mean strict F1 {mean:.3f} (floor {FLOORS['held_out_mean']}): {scores}")
    assert mean >= FLOORS["held_out_mean"]


@pytest.mark.parametrize("name", DEVELOPMENT)
def test_development_set_holds_its_floor(kb, name):
    f1 = _f1(kb, DEVELOPMENT[name])
    print(f"{name} strict F1 {f1:.3f} (floor {FLOORS[name]})")
    assert f1 >= FLOORS[name]


def test_seed_score_holds_its_floor(kb):
    gold = shared_or_skip("eval", "seeds.gold.jsonl")
    seeds = shared_or_skip("seeds")
    result = score(load_records(gold), _predict(kb, [str(seeds)]))
    print(f"seeds strict F1 {result['f1']:.3f} (floor {FLOORS['seeds']})")
    assert result["f1"] >= FLOORS["seeds"]


def test_marsad_eval_agrees_with_the_shared_scorer(kb, tmp_path):
    scorer = shared_or_skip("eval", "score.py")
    gold = SAMPLES / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    records = _predict(kb, [str(SAMPLES / "corpus")])
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    stdout = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"],
                            capture_output=True, text=True, check=True).stdout
    theirs = json.loads(stdout[:stdout.rindex("\nF1 ")])  # the scorer closes with an 'F1 x' line
    ours = score(load_records(gold), records)
    for key in ("gold", "pred", "matched", "precision", "recall", "f1"):
        assert ours[key] == pytest.approx(theirs[key]), key
