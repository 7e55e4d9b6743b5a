"""LightGBM's tree ensembles read from the text files LightGBM writes, and evaluated with numpy.

Extraction never imports LightGBM, nor SciPy, which it pulls in: together they cost every command more than half a
second before its first event. LightGBM still trains the models (`marsad train`); this module reads what it wrote
and computes what `Booster.predict` computes, to rounding (tests/learn/test_trees.py puts the two side by side).

A document's rows are sparse (some 40 features set of 19,000) and most splits ask whether a feature is there, so
the trees are evaluated the QuickScorer way (Lucchese et al., SIGIR 2015): a split that sends a row right rules out
the leaves of its left subtree, and the leaf the row reaches is the leftmost leaf no split ruled out. Only a split
on a feature the row has can send it right, apart from the few that send a zero right (a negative threshold),
which are tested for every row. The work is in proportion to the features a document's rows have, not to the
number of trees times their depth. Where a row's values meet most of the splits anyway (a model over a few dense
features, like the polity set model's), the rows go down the trees a level at a time instead, whichever the
splits to test and the trees' depth make cheaper.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np

from marsad.errors import MarsadError

ZERO = float(np.float32(1e-35))  # LightGBM's kZeroThreshold, a float compared with double feature values
# the two bits of a split's decision_type past the categorical (1) and default-left (2) ones: which value is missing
MISSING_NONE, MISSING_ZERO, MISSING_NAN = 0, 1, 2
WORD = 64  # leaves per mask word
_LOW_BITS = np.array([(1 << k) - 1 for k in range(WORD + 1)], dtype=np.uint64)  # [k]: the k lowest bits set
_ALL = np.uint64(2 ** WORD - 1)
CELLS = 1 << 16  # rows times trees evaluated at once
_TREE_KEYS = ("num_leaves", "num_cat", "is_linear", "split_feature", "threshold", "decision_type", "left_child",
              "right_child", "leaf_value", "leaf_count")
# A row taken down a tree a level at a time costs about two thirds of a split tested for leaves to rule out (measured
# on the shipped models): walking wins where a row's values meet most of the splits (the polity set model's).
WALK = 1.5


@dataclass(frozen=True)
class Rows:
    """A batch of feature rows as the (row, column, value) of each feature set in them."""

    count: int
    row: np.ndarray
    column: np.ndarray
    value: np.ndarray

    @classmethod
    def of(cls, rows: list[dict], vocab: dict[str, int]) -> Rows:
        """Named features as LightGBM was given them in training: float32 values (a threshold between two values
        falls where it fell in training), zeros and names outside the vocabulary left out."""
        total = sum(map(len, rows))
        column = np.fromiter(map(vocab.get, chain.from_iterable(rows), repeat(-1)), dtype=np.int64, count=total)
        value = np.fromiter(chain.from_iterable(r.values() for r in rows), dtype=np.float32, count=total)
        row = np.repeat(np.arange(len(rows)), np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)))
        kept = (column >= 0) & (value != 0)
        return cls(len(rows), row[kept], column[kept], value[kept].astype(np.float64))

    def batches(self, size: int):
        """The rows `size` at a time, each batch numbered from 0."""
        for first in range(0, self.count, size):
            last = min(first + size, self.count)
            lo, hi = np.searchsorted(self.row, [first, last])
            yield Rows(last - first, self.row[lo:hi] - first, self.column[lo:hi], self.value[lo:hi])

    def take(self, chosen: np.ndarray) -> Rows:
        """The rows at the indices `chosen` (ascending), numbered from 0."""
        number = np.full(self.count, -1)
        number[chosen] = np.arange(len(chosen))
        new = number[self.row]
        kept = new >= 0
        return Rows(len(chosen), new[kept], self.column[kept], self.value[kept])


class Forest:
    """One LightGBM model: the splits of all its trees in flat arrays, each with the mask of the leaves it rules
    out when it sends a row right, and the leaves of each tree in left-to-right order."""

    def __init__(self, text: str):
        self.text = text  # as LightGBM wrote it (Models.save writes it back)
        header, fields = _read(text)
        self.classes = int(header["num_tree_per_iteration"])
        objective = header["objective"].split()
        if objective[0] == "binary" and self.classes == 1:
            self.sigmoid = float(dict(p.split(":") for p in objective[1:]).get("sigmoid", 1.0))
        elif objective[0] == "multiclass":
            self.sigmoid = None
        else:
            raise MarsadError(f"objective {header['objective']!r}: marsad reads binary and multiclass models")
        if "average_output" in header:
            raise MarsadError("a random-forest model (average_output): marsad reads gradient-boosted models")
        if any(n != "0" for n in fields["num_cat"]) or any(n == "1" for n in fields["is_linear"]):
            raise MarsadError("categorical splits and linear trees are not supported: train without them")
        leaves = np.array(fields["num_leaves"], dtype=np.int64)
        self.trees = len(leaves)
        if self.trees % self.classes:
            raise MarsadError(f"{self.trees} trees for {self.classes} classes")
        self.features = int(header["max_feature_idx"]) + 1  # columns it was trained on
        splits = leaves - 1
        feature, threshold, decision, left, right, leaf_value = (
            _numbers(fields[key], dtype) for key, dtype in (
                ("split_feature", np.int64), ("threshold", np.float64), ("decision_type", np.int64),
                ("left_child", np.int64), ("right_child", np.int64), ("leaf_value", np.float64)))
        if not len(feature) == len(threshold) == len(left) == len(right) == splits.sum() or \
                len(leaf_value) != leaves.sum():
            raise MarsadError("the trees' fields do not match their num_leaves")
        # uint16 where it holds them: numpy then sorts by tree with a radix sort
        self.split_tree = np.repeat(np.arange(self.trees, dtype=np.uint16 if self.trees <= 1 << 16 else np.int64),
                                    splits)
        self.threshold = threshold
        self.default_left = (decision & 2).astype(bool)
        self.missing = (decision >> 2) & 3
        self.leaf_start = np.concatenate([[0], np.cumsum(leaves)[:-1]])
        low, high, rank, leaf_depth = _leaf_order(splits, leaves, left, right)
        place = np.repeat(self.leaf_start, leaves) + rank  # of each leaf in leaf_value: by tree, left to right
        self.leaf_value = np.empty_like(leaf_value)
        self.leaf_value[place] = leaf_value
        # for walking: children (a leaf as ~its place), each tree's root, and the levels a row goes down on average
        first = np.concatenate([[0], np.cumsum(splits)[:-1]])
        tree = self.split_tree.astype(np.int64)
        self.left, self.right = (np.where(child >= 0, first[tree] + child, ~place[self.leaf_start[tree] + ~child])
                                 for child in (left, right))
        self.root = np.where(splits > 0, first, ~place[self.leaf_start])
        count = _numbers(fields["leaf_count"], np.float64) if len(fields["leaf_count"]) == self.trees else \
            np.ones(len(leaf_value))  # how many training rows each leaf had
        self.depth = float(np.mean(np.add.reduceat(count * leaf_depth, self.leaf_start) /
                                   np.maximum(np.add.reduceat(count, self.leaf_start), 1)))
        used, self.split_column = np.unique(feature, return_inverse=True)  # the features splits use, numbered
        self.used_column = np.full(self.features, -1)
        self.used_column[used] = np.arange(len(used))
        self.used = len(used)
        self.words = -(-int(leaves.max()) // WORD)
        self.mask = np.empty((self.words, len(feature)), dtype=np.uint64)  # word by word
        for w in range(self.words):  # the left subtree's leaves, cleared
            inside = _LOW_BITS[np.clip(high - w * WORD, 0, WORD)] & ~_LOW_BITS[np.clip(low - w * WORD, 0, WORD)]
            self.mask[w] = ~inside
        # splits that send a row right only on a feature it has, by feature; the others are tested for every row
        self.odd = self.missing != MISSING_NONE  # splits that take a value for missing
        zero_left = 0 <= threshold
        self._missing(zero_left, np.arange(len(feature)), np.zeros(len(feature)))
        sparse = np.flatnonzero(zero_left)
        self.by_feature = sparse[np.argsort(feature[sparse], kind="stable")]  # by feature, then by tree
        by_feature, by_tree = feature[self.by_feature], self.split_tree[self.by_feature]
        self.feature_start = _starts(by_feature, self.features)
        # a value above all its feature's thresholds goes right at each of them: their masks, combined by tree
        same = (by_feature[1:] == by_feature[:-1]) & (by_tree[1:] == by_tree[:-1])
        first = np.flatnonzero(np.concatenate([[True], ~same]))[:len(by_tree)]  # none where there is no split
        self.combined_tree = by_tree[first]
        self.combined_mask = np.bitwise_and.reduceat(self.mask[:, self.by_feature], first, axis=1) \
            if len(first) else np.empty((self.words, 0), dtype=np.uint64)
        self.combined_start = _starts(by_feature[first], self.features)
        self.highest = np.full(self.features, -np.inf)  # per feature, its splits' highest and lowest thresholds
        self.lowest = np.full(self.features, np.inf)
        np.maximum.at(self.highest, feature[sparse], threshold[sparse])
        np.minimum.at(self.lowest, feature[sparse], threshold[sparse])
        self.always = np.flatnonzero(~zero_left)
        always_features, self.always_column = np.unique(feature[self.always], return_inverse=True)
        self.dense_column = np.full(self.features, -1)
        self.dense_column[always_features] = np.arange(len(always_features))

    def predict(self, rows: Rows) -> np.ndarray:
        """What `Booster.predict` gives: per row the probability of the positive class (binary), or of each
        class (multiclass, a column each)."""
        raw = self.raw_scores(rows)
        if self.sigmoid is not None:
            return 1.0 / (1.0 + np.exp(-self.sigmoid * raw[:, 0]))
        e = np.exp(raw - raw.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def raw_scores(self, rows: Rows) -> np.ndarray:
        """Per row and class, the sum of the leaves its trees send it to. A few rows at a time: the arrays of a
        few hundred rows' splits (a million for the type model) outgrow the processor's caches."""
        return np.concatenate([self._raw_scores(batch) for batch in rows.batches(max(1, CELLS // self.trees))] or
                              [np.zeros((0, self.classes))])

    def _raw_scores(self, rows: Rows) -> np.ndarray:
        n, trees, words = rows.count, self.trees, self.words
        inside = rows.column < self.features
        row, column, value = rows.row[inside], rows.column[inside], rows.value[inside]
        missing = bool(self.odd.any()) or bool(np.isnan(value).any())
        tests = (self.feature_start[column + 1] - self.feature_start[column]).sum()  # splits on the rows' values
        if n * trees * self.depth < WALK * tests:
            return self._walk(n, row, column, value, missing)
        bits = np.full((words, n * trees), _ALL)
        if missing:  # each split decides
            tested = np.ones(len(value), dtype=bool)
        else:  # a value above all its feature's thresholds goes right at each, one at or below all goes left
            above = value > self.highest[column]
            count = np.where(above, self.combined_start[column + 1] - self.combined_start[column], 0)
            at = _within(self.combined_start, column, count)
            tree = self.combined_tree[at]
            self._clear(bits, np.repeat(row, count) * trees + tree, tree, self.combined_mask[:, at])
            tested = ~above & (value > self.lowest[column])
        count = self.feature_start[column[tested] + 1] - self.feature_start[column[tested]]
        self._test(bits, np.repeat(row[tested], count),
                   self.by_feature[_within(self.feature_start, column[tested], count)],
                   np.repeat(value[tested], count), missing)
        if len(self.always):
            dense = np.zeros((n, self.dense_column.max() + 1))
            at = self.dense_column[column]
            dense[row[at >= 0], at[at >= 0]] = value[at >= 0]
            self._test(bits, np.repeat(np.arange(n), len(self.always)), np.tile(self.always, n),
                       dense[:, self.always_column].ravel(), missing)
        word = np.argmax(bits != 0, axis=0) if words > 1 else np.zeros(n * trees, dtype=np.int64)
        first = bits[word, np.arange(n * trees)]
        lowest_bit = first & (~first + np.uint64(1))
        rank = word * WORD + np.frexp(lowest_bit.astype(np.float64))[1] - 1
        return self._sum(n, np.tile(self.leaf_start, n) + rank)

    def _walk(self, n: int, row: np.ndarray, column: np.ndarray, value: np.ndarray, missing: bool) -> np.ndarray:
        """Each row down each tree, a level at a time, all at once."""
        width = self.used
        at = self.used_column[column]
        dense = np.zeros(n * width)  # a feature a row does not have is 0, as LightGBM takes it
        dense[row[at >= 0] * width + at[at >= 0]] = value[at >= 0]
        node = np.tile(self.root, n)
        offset = np.repeat(np.arange(n) * width, self.trees)
        going = np.flatnonzero(node >= 0)
        while len(going):
            split = node[going]
            value = dense[offset[going] + self.split_column[split]]
            left = value <= self.threshold[split]
            if missing:
                self._missing(left, split, value)
            node[going] = step = np.where(left, self.left[split], self.right[split])
            going = going[step >= 0]
        return self._sum(n, ~node)

    def _sum(self, n: int, place: np.ndarray) -> np.ndarray:
        """Per row and class, the sum of the leaves at `place` (a row's trees one after another)."""
        return self.leaf_value[place].reshape(n, self.trees // self.classes, self.classes).sum(axis=1)

    def _test(self, bits: np.ndarray, row: np.ndarray, split: np.ndarray, value: np.ndarray, missing: bool) -> None:
        """Each split tested on its row's value: those that send it right rule out their left subtree's leaves."""
        left = value <= self.threshold[split]
        if missing:
            self._missing(left, split, value)
        right = np.flatnonzero(~left)
        split, tree = split[right], self.split_tree[split[right]]
        self._clear(bits, row[right] * self.trees + tree, tree, self.mask[:, split])

    @staticmethod
    def _clear(bits: np.ndarray, cell: np.ndarray, tree: np.ndarray, masks: np.ndarray) -> None:
        """AND each mask into the bits of its cell (row times trees plus tree). The cells' rows must be ascending:
        a stable sort by tree then groups each cell's masks, combined at once (numpy's bitwise_and.at, one at a
        time, is ten times slower)."""
        if not len(cell):
            return
        order = np.argsort(tree, kind="stable")
        cell = cell[order]
        starts = np.flatnonzero(np.concatenate([[True], cell[1:] != cell[:-1]]))
        for w in range(len(bits)):
            bits[w, cell[starts]] &= np.bitwise_and.reduceat(masks[w, order], starts)

    def _missing(self, left: np.ndarray, split: np.ndarray, value: np.ndarray) -> None:
        """Where a value is missing (NaN, or zero where the split takes zeros for missing), it goes the split's
        default way, as LightGBM's NumericalDecision decides; a NaN is a zero elsewhere."""
        odd = np.flatnonzero(np.isnan(value) | self.odd[split])
        split, value = split[odd], value[odd]
        missing = self.missing[split]
        nan = np.isnan(value)
        value = np.where(nan & (missing != MISSING_NAN), 0.0, value)
        is_missing = ((missing == MISSING_ZERO) & (np.abs(value) <= ZERO)) | ((missing == MISSING_NAN) & nan)
        left[odd] = np.where(is_missing, self.default_left[split], value <= self.threshold[split])


def _read(text: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The header's key=value lines, and each tree field's lines in tree order."""
    head, found, rest = text.partition("\nTree=")
    end = rest.find("\nend of trees")
    if not found or end < 0 or not head.startswith("tree"):
        raise MarsadError("not a LightGBM text model (no 'Tree=' … 'end of trees')")
    header = dict(line.split("=", 1) for line in head.splitlines() if "=" in line)
    missing = {"num_tree_per_iteration", "objective", "max_feature_idx"} - set(header)
    if missing:
        raise MarsadError(f"the model's header lacks {', '.join(sorted(missing))}")
    fields: dict[str, list[str]] = {key: [] for key in _TREE_KEYS}
    for line in rest[:end].split("\n"):
        key, _, value = line.partition("=")
        if key in fields:
            fields[key].append(value)
    return header, fields


def _starts(keys: np.ndarray, size: int) -> np.ndarray:
    """Where each key's run begins in `keys` (ascending, each below `size`), and the end: size + 1 positions."""
    return np.concatenate([[0], np.cumsum(np.bincount(keys, minlength=size))])


def _within(starts: np.ndarray, column: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The positions of the first `count` items of each column's run, one run after another."""
    ends = np.cumsum(count)
    return np.repeat(starts[column] - ends + count, count) + np.arange(ends[-1:].sum())


def _numbers(lines: list[str], dtype) -> np.ndarray:
    return np.array(" ".join(lines).split(), dtype=np.float64).astype(dtype)


def _leaf_order(splits: np.ndarray, leaves: np.ndarray, left: np.ndarray, right: np.ndarray):
    """Per split, the left-to-right ranks [low, high) of the leaves of its left subtree; per leaf, its rank in its
    tree and its depth. A child split comes after its parent in LightGBM's numbering, so one pass up the trees counts
    subtree leaves and one pass down places them, each over all trees at once."""
    first = np.concatenate([[0], np.cumsum(splits)[:-1]])
    leaf_first = np.concatenate([[0], np.cumsum(leaves)[:-1]])
    own = np.arange(splits.sum()) - np.repeat(first, splits)
    if ((left >= 0) & (left <= own)).any() or ((right >= 0) & (right <= own)).any():
        raise MarsadError("a tree's splits are not in LightGBM's order (children after parents)")
    size = np.zeros(splits.sum(), dtype=np.int64)  # leaves under each split

    def leaves_under(trees, child):
        return np.where(child < 0, 1, size[first[trees] + np.maximum(child, 0)])

    most = int(splits.max(initial=0))
    for i in range(most - 1, -1, -1):
        trees = np.flatnonzero(splits > i)
        at = first[trees] + i
        size[at] = leaves_under(trees, left[at]) + leaves_under(trees, right[at])
    low = np.zeros(splits.sum(), dtype=np.int64)
    high = np.zeros(splits.sum(), dtype=np.int64)
    depth = np.zeros(splits.sum(), dtype=np.int64)  # of each split; the root's is 0
    rank = np.zeros(leaves.sum(), dtype=np.int64)
    leaf_depth = np.zeros(leaves.sum(), dtype=np.int64)
    for i in range(most):
        trees = np.flatnonzero(splits > i)
        at = first[trees] + i
        high[at] = low[at] + leaves_under(trees, left[at])
        for child, start in ((left[at], low[at]), (right[at], high[at])):
            inner = child >= 0
            low[first[trees[inner]] + child[inner]] = start[inner]
            depth[first[trees[inner]] + child[inner]] = depth[at][inner] + 1
            rank[leaf_first[trees[~inner]] + ~child[~inner]] = start[~inner]
            leaf_depth[leaf_first[trees[~inner]] + ~child[~inner]] = depth[at][~inner] + 1
    return low, high, rank, leaf_depth
