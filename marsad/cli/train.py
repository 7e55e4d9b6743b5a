"""`marsad train`: fit the learned decisions on annotated corpora. Registered on the main app on import."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from marsad.cli.main import KnowledgeOpt, _fail, _kb, app, err, out
from marsad.errors import InputError, MarsadError


def _corpus(spec: str, name: str):
    from marsad.learn.train import Corpus
    parts = spec.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        raise InputError(f"{spec!r}: give a corpus as GOLD.jsonl:ARTICLES or GOLD.jsonl:ARTICLES:WEIGHT")
    gold, articles = parts[:2]
    for path in (gold, articles):
        if not Path(path).exists():
            raise InputError(f"{path} does not exist (in corpus {spec!r})")
    try:
        weight = float(parts[2]) if len(parts) == 3 else 1.0
    except ValueError:
        weight = -1.0
    if not weight > 0:
        raise InputError(f"{spec!r}: the weight after the second colon must be a positive number, not {parts[2]!r}")
    return Corpus(name, Path(gold), Path(articles), weight)


def _shown(path: Path) -> str:
    """A path as meta.json records it: relative to the package where it lies inside, so the file does not
    depend on where the repository was checked out."""
    from importlib import resources
    package = Path(str(resources.files("marsad"))).resolve()
    try:
        return "marsad/" + str(path.resolve().relative_to(package))
    except ValueError:
        return str(path)


@app.command()
def train(
    corpus: Optional[List[str]] = typer.Option(None, "--corpus", "-c", help="training corpus GOLD.jsonl:ARTICLES, "
                                               "or GOLD.jsonl:ARTICLES:WEIGHT to weigh its documents (repeatable; "
                                               "default: the shipped samples ×3 and the train split)"),
    check: Optional[List[str]] = typer.Option(None, "--check", help="corpus GOLD.jsonl:ARTICLES scored after "
                                              "training (repeatable; default: the dev split, heldout and fresh)"),
    output: Optional[Path] = typer.Option(None, "--out", "-o", help="folder for the models (default: the "
                                          "package's own, replacing the shipped models)"),
    seed: Optional[int] = typer.Option(None, help="random seed; the same seed and data give the same models, "
                                       "but for a polity set model that now and then differs in its last digits "
                                       "(docs/model-card.md) (default: marsad.learn.train.SEED, the shipped "
                                       "models' seed)"),
    rounds: Optional[int] = typer.Option(None, help="boosting rounds per model, the polity set model twice as many "
                                          "(default: marsad.learn.train.ROUNDS, 200)"),
    max_docs: Optional[int] = typer.Option(None, help="train on the first N documents only (a quick check)"),
    knowledge: Optional[List[Path]] = KnowledgeOpt,
) -> None:
    """Train the event, participant and date models that decide over the rules' candidates.

    Uses the marsad extractor's own reading of each article, so retrain after changing the knowledge base.
    Prints each corpus's strict F1 (rules alone and learned) and writes the models with a meta.json that
    records the data, the seed and the scores. Extraction picks the models up from --out with
    MARSAD_MODELS=FOLDER."""
    from marsad.learn.models import shipped_folder
    from marsad.learn.train import ROUNDS, SEED, fit, matrices, read_corpora, score_examples, shipped_corpora

    try:
        default_train, default_checks = shipped_corpora()
        train_corpora = [_corpus(c, f"corpus{i + 1}") for i, c in enumerate(corpus)] if corpus else default_train
        check_corpora = [_corpus(c, f"check{i + 1}") for i, c in enumerate(check)] if check else default_checks
        kb = _kb(knowledge, models=False)
        err.print(f"reading {', '.join(str(c.gold) for c in train_corpora)} …")
        examples = read_corpora(train_corpora, kb)
        if max_docs is not None:
            examples = examples[:max_docs]
        if not examples:
            raise InputError("no annotated document found: check that the gold files' `doc` names match the articles")
        m = matrices(examples, kb, {c.name: c.weight for c in train_corpora})
        models = fit(m, seed=SEED if seed is None else seed, rounds=rounds or ROUNDS,
                     log=lambda line: err.print(line, highlight=False))
        check_examples = read_corpora(check_corpora, kb)
        scores = {c.name: score_examples([e for e in check_examples if e.corpus == c.name], kb, models)
                  for c in check_corpora}
        models.meta.update({"kb_version": kb.version, "train_documents": len(examples), "checks": scores,
                            "train": [{"gold": _shown(c.gold), "articles": _shown(c.articles), "weight": c.weight}
                                      for c in train_corpora]})
        folder = output or shipped_folder()
        models.save(folder)
    except MarsadError as exc:
        _fail(exc)
        return
    for name, result in scores.items():
        out.print(f"{name}: rules F1 {result['rules']['f1']:.3f}, learned F1 {result['learned']['f1']:.3f} "
                  f"(P {result['learned']['precision']:.2f} R {result['learned']['recall']:.2f}); "
                  f"misses {json.dumps(result['learned']['misses'])}")
    out.print(f"models written to {folder}")
