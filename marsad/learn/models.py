"""The shipped models: gradient-boosted tree ensembles over named sparse features: is an event reported at
this anchor, of which type, which polities take part (each alone, then as a set), which date is the event's own.

Files live in `marsad/learn/data/` (`meta.json`, `features.txt` and one LightGBM text model per decision), written
by `marsad train` and read once per process by `load_models`. LightGBM trains them; extraction evaluates them with
`marsad.learn.trees`, without importing LightGBM. Nothing is fetched at run time.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from marsad.errors import MarsadError
from marsad.learn import trees
from marsad.learn.trees import Forest, Rows

NONE = "NONE"
MODEL_NAMES = ("event", "kind", "participant", "polity_set", "date")  # the Models fields, in order
FILES = ("meta.json", "features.txt", *(f"{name}.lgb.txt" for name in MODEL_NAMES))
# LightGBM's own predictions, in training: one document's few hundred rows gain nothing from its thread pool
PREDICT = {"num_threads": 1}


def _import_lightgbm():
    """LightGBM imports scikit-learn, pandas and dask when they are installed, for interfaces marsad does not use:
    1.5 s more before training starts. They are hidden while it loads, unless already imported."""
    hidden = [name for name in ("sklearn", "pandas", "dask", "datatable") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # an import of it raises ImportError, which LightGBM takes for "not installed"
    try:
        return importlib.import_module("lightgbm")
    finally:
        for name in hidden:
            del sys.modules[name]


def __getattr__(name: str):
    """`lgb`, LightGBM, for training only: imported when first asked for, so extraction never loads it."""
    if name == "lgb":
        globals()["lgb"] = _import_lightgbm()
        return globals()["lgb"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def vocabulary(rows: list[dict], min_count: int = 2) -> dict[str, int]:
    """Column of each feature name seen at least `min_count` times in training; rarer ones carry no
    evidence a tree could split on, and dropping them keeps the models small and fast."""
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    return {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= min_count))}


def vectorize(rows: list[dict], vocab: dict[str, int]):
    """Feature maps as a SciPy sparse matrix over the training vocabulary, for LightGBM; unseen names are dropped."""
    from scipy.sparse import csr_matrix

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
    event: Forest  # is an event reported here? (a LightGBM Booster, as `marsad train` fits it, is read into a Forest)
    kind: Forest  # of which type? (classes[1:])
    participant: Forest
    polity_set: Forest  # are these k likeliest participants exactly the event's sides?
    date: Forest
    meta: dict
    vocab: dict[str, int]
    event_threshold: float = 0.5
    participant_threshold: float = 0.5
    version: str = ""  # digest of the files the models were read from or saved to ("" before that)

    def __post_init__(self) -> None:
        for name in MODEL_NAMES:
            model = getattr(self, name)
            if not isinstance(model, Forest):
                setattr(self, name, Forest(model.model_to_string()))

    def event_types(self, anchors) -> list[tuple[str | None, float]]:
        """Per anchor, its event type and the probability that an event of that type is reported there
        (None where no event is). The type is only asked of the anchors that report one."""
        rows = Rows.of([a.features for a in anchors], self.vocab)
        p_event = self.event.predict(rows)
        reported = np.flatnonzero(p_event >= self.event_threshold)
        out: list[tuple[str | None, float]] = [(None, 0.0)] * len(anchors)
        for i, row in zip(reported, self.kind.predict(rows.take(reported))):
            best = int(np.argmax(row))
            out[i] = (self.classes[best + 1], float(p_event[i] * row[best]))
        return out

    def participant_scores(self, parts) -> list[float]:
        """The probability that each candidate polity takes part; one call for a whole document's
        candidates, since each call has a fixed cost."""
        if not parts:
            return []
        return [float(p) for p in self.participant.predict(Rows.of([p.features for p in parts], self.vocab))]

    def best_sets(self, set_lists) -> list:
        """For each event's polity sets (`candidates.polity_sets`), the likeliest, in one call."""
        return self._best(self.polity_set, set_lists)

    def best_dates(self, option_lists) -> list:
        """For each anchor's date options, the likeliest (None where it has none), in one call."""
        return self._best(self.date, option_lists)

    def _best(self, model: Forest, option_lists) -> list:
        flat = [o for options in option_lists for o in options]
        if not flat:
            return [None] * len(option_lists)
        scores = iter(model.predict(Rows.of([o.features for o in flat], self.vocab)))
        out = []
        for options in option_lists:
            mine = [next(scores) for _ in options]
            out.append(options[int(np.argmax(mine))] if options else None)
        return out

    def save(self, folder: Path) -> None:
        meta = dict(self.meta, classes=self.classes, event_threshold=self.event_threshold,
                    participant_threshold=self.participant_threshold)
        names = sorted(self.vocab, key=self.vocab.get)
        contents = {"meta.json": json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    "features.txt": "\n".join(names) + "\n",
                    **{f"{name}.lgb.txt": getattr(self, name).text for name in MODEL_NAMES}}
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in contents.items():
            (folder / name).write_text(text, encoding="utf-8")
        self.version = files_digest({name: text.encode("utf-8") for name, text in contents.items()})[:8]


def files_digest(raw: dict[str, bytes]) -> str:
    """A digest that changes with any byte of the model files. Its first eight digits are the models' version,
    part of the knowledge base's: records, stores and Spark runs tell which models made them."""
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode() + b"\0" + hashlib.sha256(raw[name]).digest())
    return digest.hexdigest()


def shipped_folder() -> Path:
    return Path(str(resources.files("marsad.learn") / "data"))


def load_models(folder: Path | None = None) -> Models | None:
    """The models in `folder` (default: the shipped ones; None where none were shipped). A folder the user
    names must hold models: a mistyped path must not silently fall back to the rules alone.

    Reading LightGBM's text takes a fifth of a second; the models read are cached beside the knowledge base
    (marsad.knowledge.cache) under the files' sizes and modification times, so a changed file is read anew
    without every command reading and hashing 18 MB (the version inside is the digest of their bytes)."""
    from marsad.knowledge import cache

    meta_path = (folder or shipped_folder()) / "meta.json"
    if not meta_path.exists():
        if folder is None:
            return None
        raise MarsadError(f"no models in {folder} (no meta.json): train some with `marsad train --out {folder}`, "
                          "or set MARSAD_MODELS=none for the rules alone")
    folder = meta_path.parent
    try:
        stats = [(name, (folder / name).stat()) for name in FILES]
        key = cache.cache_key([(str(folder / name), f"{st.st_size}:{st.st_mtime_ns}".encode()) for name, st in stats],
                              code=(sys.modules[__name__], trees))
        found = cache.read(key, "models")
        if isinstance(found, Models):
            return found
        raw = {name: (folder / name).read_bytes() for name in FILES}
    except OSError as exc:
        raise MarsadError(f"cannot read the models in {folder}: {exc}; retrain with `marsad train`") from exc
    digest = files_digest(raw)
    try:
        meta = json.loads(raw["meta.json"])
        names = raw["features.txt"].decode("utf-8").split("\n")[:-1]
        forests = [Forest(raw[f"{name}.lgb.txt"].decode("utf-8")) for name in MODEL_NAMES]
        models = Models(meta["classes"], *forests, meta=meta, vocab={n: i for i, n in enumerate(names)},
                        event_threshold=meta["event_threshold"], participant_threshold=meta["participant_threshold"],
                        version=digest[:8])
    except (ValueError, KeyError, MarsadError) as exc:
        raise MarsadError(f"cannot load the models in {folder}: {exc}; retrain with `marsad train`") from exc
    cache.write(key, models, "models")
    return models
