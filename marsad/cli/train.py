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
    gold, _, articles = spec.partition(":")
    if not articles:
        raise InputError(f"{spec!r}: give a corpus as GOLD.jsonl:ARTICLES (a gold file, a colon, its articles)")
    for path in (gold, articles):
        if not Path(path).exists():
            raise InputError(f"{path} does not exist (in corpus {spec!r})")
    return Corpus(name, Path(gold), Path(articles))


@app.command()
def train(
    corpus: Optional[List[str]] = typer.Option(None, "--corpus", "-c", help="training corpus GOLD.jsonl:ARTICLES "
                                               "(repeatable; default: the shipped samples and train split)"),
    dev: Optional[List[str]] = typer.Option(None, "--dev", help="development corpus GOLD.jsonl:ARTICLES, scored "
                                            "after training (repeatable; default: the shipped dev split)"),
    output: Optional[Path] = typer.Option(None, "--out", "-o", help="folder for the models (default: the "
                                          "package's own, replacing the shipped models)"),
    seed: int = typer.Option(0, help="random seed; the same seed and data give the same models"),
    rounds: int = typer.Option(100, help="boosting rounds per model"),
    max_docs: Optional[int] = typer.Option(None, help="train on the first N documents only (a quick check)"),
    knowledge: Optional[List[Path]] = KnowledgeOpt,
) -> None:
    """Train the event, participant and date models that decide over the rules' candidates.

    Uses the marsad extractor's own reading of each article, so retrain after changing the knowledge base.
    Prints each corpus's strict F1 (rules alone and learned) and writes the models with a meta.json that
    records the data, the seed and the scores. Extraction picks the models up from --out with
    MARSAD_MODELS=FOLDER."""
    from marsad.learn.models import shipped_folder
    from marsad.learn.train import fit, matrices, read_corpora, score_examples, shipped_corpora

    try:
        default_train, default_dev = shipped_corpora()
        train_corpora = [_corpus(c, f"corpus{i + 1}") for i, c in enumerate(corpus)] if corpus else default_train
        dev_corpora = [_corpus(c, f"dev{i + 1}") for i, c in enumerate(dev)] if dev else default_dev
        kb = _kb(knowledge, models=False)
        err.print(f"reading {', '.join(str(c.gold) for c in train_corpora)} …")
        examples = read_corpora(train_corpora, kb)
        if max_docs is not None:
            examples = examples[:max_docs]
        if not examples:
            raise InputError("no annotated document found: check that the gold files' `doc` names match the articles")
        m = matrices(examples, kb)
        models = fit(m, seed=seed, rounds=rounds, log=lambda line: err.print(line, highlight=False))
        dev_examples = read_corpora(dev_corpora, kb)
        scores = {c.name: score_examples([e for e in dev_examples if e.corpus == c.name], kb, models)
                  for c in dev_corpora}
        models.meta.update({"kb_version": kb.version, "train": [str(c.gold) for c in train_corpora],
                            "train_documents": len(examples), "dev": scores})
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
