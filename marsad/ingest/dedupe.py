"""Exact and near-duplicate detection: a content hash, and a MinHash of word 3-grams with LSH banding.

Wire copies of the same story differ by a headline or a sign-off; their sets of word 3-grams overlap almost
wholly (Jaccard similarity near 1), while different stories share few. A MinHash signature estimates that
similarity, and LSH banding cuts the signature into `BANDS` bands of `ROWS` values: two texts land in the same
bucket of some band when they are similar, so finding the candidates of a new article is `BANDS` index look-ups,
whatever the size of the store or the batch (the cost per article stays flat). LSH only finds candidates: each
is confirmed by the exact Jaccard similarity of the two texts' 3-gram sets at `NEAR_JACCARD` (`is_near_copy`), so
a short text whose estimate is lucky (a true 0.6 read as 0.7) is not taken for a copy.

The store (`marsad.store.db`), the bulk loader and the Spark job (`marsad.batch`) use these same functions, so an
article is a near-copy of the same original whichever way it came in.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from marsad.text.normalize import normalize_key

NUM_PERM = 128
BANDS, ROWS = 20, 6  # 120 of the 128 values: a pair with Jaccard 0.8 shares a bucket with probability > 0.99,
#                      one with 0.4 with probability < 0.09
NEAR_JACCARD = 0.7  # exact 3-gram Jaccard similarity at or over which a text is a near-copy of another
SEED = 1  # fixed: signatures made by any process, now or later, are comparable
SCHEME = "affine32"  # datasketch 2: 32-bit values, affine permutations
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations  # drawn once, not per article


@dataclass(frozen=True)
class Fingerprint:
    content_hash: str  # sha256 of the normalized text: exact copies
    minhash: bytes  # NUM_PERM little-endian uint32 values
    buckets: tuple[int, ...]  # one signed 64-bit key per band (SQL and Parquet store signed integers)


def shingles(key: str) -> list[bytes]:
    words = key.split()
    return list({" ".join(words[i:i + 3]).encode("utf-8") for i in range(max(len(words) - 2, 1))})


def content_hash(text: str) -> str:
    """sha256 of the normalized text: the key of exact copies."""
    return hashlib.sha256(normalize_key(text).encode("utf-8")).hexdigest()


def fingerprint(text: str) -> Fingerprint:
    """The content hash, MinHash signature and LSH buckets of an article (the text normalized once for all)."""
    key = normalize_key(text)
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS, scheme=SCHEME)
    sketch.update_batch(shingles(key))
    values = sketch.hashvalues.astype("<u4")
    return Fingerprint(hashlib.sha256(key.encode("utf-8")).hexdigest(), values.tobytes(), band_buckets(values))


def band_buckets(values: np.ndarray) -> tuple[int, ...]:
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(bytes([band]) + values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8)
        out.append(int.from_bytes(digest.digest(), "little", signed=True))
    return tuple(out)


def trigrams(text: str) -> frozenset[bytes]:
    """The word 3-grams of a text, normalized as for its fingerprint."""
    return frozenset(shingles(normalize_key(text)))


def jaccard(a: frozenset[bytes], b: frozenset[bytes]) -> float:
    """The exact Jaccard similarity of two 3-gram sets (never empty: `shingles` gives at least one)."""
    return len(a & b) / len(a | b)


def is_near_copy(a: str, b: str) -> bool:
    """Whether two texts (an LSH candidate pair) are near-copies: exact 3-gram Jaccard at or over NEAR_JACCARD.
    The store, the bulk loader and the Spark job all decide with this, so they agree."""
    return jaccard(trigrams(a), trigrams(b)) >= NEAR_JACCARD
