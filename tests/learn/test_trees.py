"""marsad's reading of LightGBM's model files gives LightGBM's own probabilities: on the shipped models over the
feature rows the extractor builds from the sample corpus, and on small models trained here to use what the shipped
ones may not (NaN and zero as missing values, negative thresholds, more than 64 leaves, trees of one leaf)."""
from __future__ import annotations

import re

import numpy as np
import pytest

from marsad.errors import MarsadError
from marsad.extract import extract
from marsad.ingest.readers import InputProblem, expand, read_path
from marsad.learn.models import MODEL_NAMES, lgb, shipped_folder
from marsad.learn import trees
from marsad.learn.trees import Forest, Rows
from tests.conftest import SAMPLES

TOLERANCE = 1e-6


@pytest.fixture(params=["rule out leaves", "walk down"])
def way(request, monkeypatch):
    """Both ways of evaluating the trees, whichever a batch of rows would take."""
    monkeypatch.setattr(trees, "WALK", 0.0 if request.param == "rule out leaves" else 1e300)
    return request.param


def lightgbm_predict(booster, rows: Rows) -> np.ndarray:
    from scipy.sparse import csr_matrix

    matrix = csr_matrix((rows.value, (rows.row, rows.column)), shape=(rows.count, booster.num_feature()))
    return booster.predict(matrix, num_threads=1)


def assert_same(forest: Forest, booster, rows: Rows) -> None:
    ours, theirs = forest.predict(rows), lightgbm_predict(booster, rows)
    assert ours.shape == theirs.shape
    assert np.abs(ours - theirs).max(initial=0) < TOLERANCE


def at_thresholds(text: str, most: int = 2000) -> Rows:
    """A row per split (at most `most`): its feature set exactly to its threshold, which goes left."""
    features = [int(f) for line in re.findall(r"^split_feature=(.+)$", text, re.M) for f in line.split()][:most]
    thresholds = [float(t) for line in re.findall(r"^threshold=(.+)$", text, re.M) for t in line.split()][:most]
    kept = [i for i, t in enumerate(thresholds) if t != 0]  # a zero is no stored value
    return Rows(len(kept), np.arange(len(kept)), np.array(features)[kept], np.array(thresholds)[kept])


def with_some_absent(rows: Rows, rng) -> Rows:
    """The same rows with about half of their features left out."""
    kept = rng.random(len(rows.row)) < 0.5
    return Rows(rows.count, rows.row[kept], rows.column[kept], rows.value[kept])


@pytest.fixture(scope="module")
def corpus_rows(kb):
    """Every batch of rows the models were asked about while extracting from the sample corpus."""
    if kb.models is None:
        pytest.skip("no shipped models in this checkout (marsad/learn/data); `marsad train` writes them")
    seen: list[Rows] = []
    predict = Forest.predict
    docs = [d for path in expand([str(SAMPLES / "corpus")])[:8] for d in read_path(path)
            if not isinstance(d, InputProblem)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Forest, "predict", lambda forest, rows: seen.append(rows) or predict(forest, rows))
        for doc in docs:
            extract(doc, kb)
    assert sum(r.count for r in seen) >= 300
    return seen


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_the_shipped_models_give_lightgbms_probabilities(kb, corpus_rows, name, way):
    booster = lgb.Booster(model_file=str(shipped_folder() / f"{name}.lgb.txt"))
    forest = getattr(kb.models, name)
    rng = np.random.default_rng(0)
    for rows in corpus_rows:  # every model on every row: each is a valid input, whichever model it was built for
        assert_same(forest, booster, rows)
        assert_same(forest, booster, with_some_absent(rows, rng))
    assert_same(forest, booster, Rows.of([{}, {"no such feature": 1.0}, {"rule=none": 0.0}], kb.models.vocab))
    assert_same(forest, booster, at_thresholds(forest.text))


def test_rows_keep_what_lightgbm_was_given():
    vocab = {"a": 0, "b": 1, "c": 2}
    rows = Rows.of([{"a": 1.0, "zzz": 2.0}, {}, {"b": 0.0, "c": 0.1}], vocab)
    assert rows.count == 3 and rows.row.tolist() == [0, 2] and rows.column.tolist() == [0, 2]
    assert rows.value[1] == float(np.float32(0.1)) and rows.value[1] != 0.1  # rounded as the training matrix was
    assert rows.take(np.array([2])).row.tolist() == [0]


def sparse_rows(matrix: np.ndarray) -> Rows:
    """A dense matrix (NaN included) as Rows: its zeros left out, as vectorize leaves them out."""
    row, column = np.nonzero(matrix != 0)
    return Rows(len(matrix), row, column, matrix[row, column].astype(np.float32).astype(np.float64))


def train(features: np.ndarray, labels: np.ndarray, rounds: int = 12, **params):
    from scipy.sparse import csr_matrix

    data = lgb.Dataset(csr_matrix(features.astype(np.float32)), labels)
    params = {"verbose": -1, "num_threads": 1, "min_data_in_leaf": 3, "deterministic": True, "seed": 1, **params}
    return lgb.train(params, data, num_boost_round=rounds)


@pytest.fixture(scope="module")
def data():
    """Rows of six features: sparse indicators, counts, NaN, negative values, near-zeros, as in no real document."""
    rng = np.random.default_rng(7)
    n = 1500
    x = np.zeros((n, 6))
    x[:, 0] = rng.random(n) < 0.3
    x[:, 1] = rng.integers(0, 5, n) * (rng.random(n) < 0.5)
    x[:, 2] = np.where(rng.random(n) < 0.2, np.nan, rng.normal(size=n))
    x[:, 3] = -rng.random(n) * (rng.random(n) < 0.6)  # negative or zero: thresholds below zero
    x[:, 4] = rng.normal(size=n)
    x[:, 5] = rng.random(n) < 0.5
    x[::40, 1] = 1e-36  # not zero, yet within LightGBM's zero threshold: missing where zeros are
    score = 2 * x[:, 0] + x[:, 1] - 3 * x[:, 3] + np.nan_to_num(x[:, 2]) + 0.5 * x[:, 4] + rng.normal(size=n) * 0.3
    return x, score


@pytest.mark.parametrize("params", [
    {"objective": "binary"},
    {"objective": "binary", "zero_as_missing": True},  # zeros go the split's default way
    {"objective": "binary", "num_leaves": 150, "min_data_in_leaf": 1},  # more leaves than one mask word holds
    {"objective": "multiclass", "num_class": 3},
    {"objective": "multiclass", "num_class": 3, "zero_as_missing": True, "num_leaves": 90, "min_data_in_leaf": 2},
    {"objective": "binary", "min_data_in_leaf": 5000},  # trees of one leaf
], ids=["binary", "zero-missing", "150-leaves", "multiclass", "multiclass-zero-missing-90-leaves", "one-leaf"])
def test_small_models_give_lightgbms_probabilities(data, params, way):
    x, score = data
    labels = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3])) if params["objective"] == "multiclass" \
        else (score > np.median(score)).astype(int)
    booster = train(x[:1000], labels[:1000], **params)
    text = booster.model_to_string()
    forest = Forest(text)
    assert forest.predict(sparse_rows(x[:1])).shape == booster.predict(x[:1]).shape
    assert_same(forest, booster, sparse_rows(x[1000:]))
    assert_same(forest, booster, at_thresholds(text))
    if params.get("min_data_in_leaf") == 5000:
        assert "num_leaves=1\n" in text
    if params.get("num_leaves", 31) > 64:
        assert forest.words > 1


def test_what_it_cannot_read_is_named(data):
    x, score = data
    categorical = lgb.train({"objective": "binary", "verbose": -1, "min_data_in_leaf": 3},
                            lgb.Dataset(np.column_stack([np.floor(x[:, 4] * 2 + 4).clip(0, 8), x[:, 0]]),
                                        (score > 0).astype(int), categorical_feature=[0]), num_boost_round=3)
    with pytest.raises(MarsadError, match="categorical"):
        Forest(categorical.model_to_string())
    regression = train(x[:500], score[:500], rounds=2, objective="regression")
    with pytest.raises(MarsadError, match="reads binary and multiclass"):
        Forest(regression.model_to_string())
    with pytest.raises(MarsadError, match="not a LightGBM text model"):
        Forest("this is not a model\n")
