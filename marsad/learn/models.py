"""The shipped models: gradient-boosted tree ensembles (LightGBM) over named sparse features:
is an event reported at this anchor, of which type, which polities take part (each alone, then as
a set), which date is its own.

Files live in `marsad/learn/data/` (`meta.json` plus one text model per decision), written by
`marsad train` and read once per process by `load_models`. Nothing is fetched at run time.
"""
from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from marsad.errors import MarsadError


def _import_lightgbm():
    """LightGBM imports scikit-learn, pandas and dask when they are installed, for interfaces marsad does not use:
    1.5 s more before every command's first event. They are hidden while it loads, unless already imported."""
    hidden = [name for name in ("sklearn", "pandas", "dask", "datatable") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # an import of it raises ImportError, which LightGBM takes for "not installed"
    try:
        return importlib.import_module("lightgbm")
    finally:
        for name in hidden:
            del sys.modules[name]


lgb = _import_lightgbm()

NONE = "NONE"
# Extraction runs one document at a time on one core (Spark and concurrent ingests parallelise across
# processes): LightGBM's own thread pool costs more than it saves on a document's few hundred rows.
PREDICT = {"num_threads": 1}


def vocabulary(rows: list[dict], min_count: int = 2) -> dict[str, int]:
    """Column of each feature name seen at least `min_count` times in training; rarer ones carry no
    evidence a tree could split on, and dropping them keeps the models small and fast."""
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    return {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= min_count))}


def vectorize(rows: list[dict], vocab: dict[str, int]) -> csr_matrix:
    """Feature maps as a sparse matrix over the training vocabulary; unseen names are dropped."""
    indptr, indices, data = [0], [], []
    for row in rows:
        for name, value in row.items():
            column = vocab.get(name)
            if column is not None and value:
                indices.append(column)
                data.append(float(value))
        indptr.append(len(indices))
    return csr_matrix((np.array(data, dtype=np.float32), np.array(indices, dtype=np.int32), np.array(indptr)),
                      shape=(len(rows), len(vocab)))


@dataclass(eq=False)
class Models:
    classes: list[str]  # event classes, NONE first
    event: lgb.Booster  # is an event reported here?
    kind: lgb.Booster  # of which type? (classes[1:])
    participant: lgb.Booster
    polity_set: lgb.Booster  # are these k likeliest participants exactly the event's sides?
    date: lgb.Booster
    meta: dict
    vocab: dict[str, int]
    event_threshold: float = 0.5
    participant_threshold: float = 0.5

    def event_types(self, anchors) -> list[tuple[str | None, float]]:
        """Per anchor, its event type and the probability that an event of that type is reported there
        (None where no event is)."""
        X = vectorize([a.features for a in anchors], self.vocab)
        p_event, p_kind = self.event.predict(X, **PREDICT), self.kind.predict(X, **PREDICT)
        out = []
        for p, row in zip(p_event, p_kind):
            best = int(np.argmax(row))
            out.append((self.classes[best + 1], float(p * row[best])) if p >= self.event_threshold else (None, 0.0))
        return out

    def participant_scores(self, parts) -> list[float]:
        """The probability that each candidate polity takes part; one call for a whole document's
        candidates, since each call into LightGBM has a fixed cost."""
        if not parts:
            return []
        X = vectorize([p.features for p in parts], self.vocab)
        return [float(p) for p in self.participant.predict(X, **PREDICT)]

    def best_sets(self, set_lists) -> list:
        """For each event's polity sets (`candidates.polity_sets`), the likeliest, in one call."""
        return self._best(self.polity_set, set_lists)

    def best_dates(self, option_lists) -> list:
        """For each anchor's date options, the likeliest (None where it has none), in one call."""
        return self._best(self.date, option_lists)

    def _best(self, model: lgb.Booster, option_lists) -> list:
        flat = [o for options in option_lists for o in options]
        if not flat:
            return [None] * len(option_lists)
        scores = iter(model.predict(vectorize([o.features for o in flat], self.vocab), **PREDICT))
        out = []
        for options in option_lists:
            mine = [next(scores) for _ in options]
            out.append(options[int(np.argmax(mine))] if options else None)
        return out

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name in MODEL_NAMES:
            getattr(self, name).save_model(str(folder / f"{name}.lgb.txt"))
        meta = dict(self.meta, classes=self.classes, event_threshold=self.event_threshold,
                    participant_threshold=self.participant_threshold)
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                          encoding="utf-8")
        names = sorted(self.vocab, key=self.vocab.get)
        (folder / "features.txt").write_text("\n".join(names) + "\n", encoding="utf-8")


MODEL_NAMES = ("event", "kind", "participant", "polity_set", "date")  # the Models fields, in order


def shipped_folder() -> Path:
    return Path(str(resources.files("marsad.learn") / "data"))


def load_models(folder: Path | None = None) -> Models | None:
    """The models in `folder` (default: the shipped ones; None where none were shipped). A folder the user
    names must hold models: a mistyped path must not silently fall back to the rules alone."""
    meta_path = (folder or shipped_folder()) / "meta.json"
    if not meta_path.exists():
        if folder is None:
            return None
        raise MarsadError(f"no models in {folder} (no meta.json): train some with `marsad train --out {folder}`, "
                          "or set MARSAD_MODELS=none for the rules alone")
    folder = meta_path.parent
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        names = (folder / "features.txt").read_text(encoding="utf-8").split("\n")[:-1]
        boosters = [lgb.Booster(model_file=str(folder / f"{name}.lgb.txt")) for name in MODEL_NAMES]
    except (OSError, ValueError, lgb.basic.LightGBMError) as exc:
        raise MarsadError(f"cannot load the models in {folder}: {exc}; retrain with `marsad train`") from exc
    return Models(meta["classes"], *boosters, meta=meta, vocab={n: i for i, n in enumerate(names)},
                  event_threshold=meta["event_threshold"],
                  participant_threshold=meta["participant_threshold"])
