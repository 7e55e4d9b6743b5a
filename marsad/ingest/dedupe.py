"""Exact and near-duplicate detection: a content hash and a 64-bit SimHash of word 3-grams.

Wire copies of the same story differ by a headline or a sign-off; SimHash
keeps such pairs within a few bits while different stories land far apart.
"""
from __future__ import annotations

import hashlib

from marsad.text.normalize import normalize_key

NEAR_BITS = 6  # Hamming distance at or under which two articles count as one


def simhash(text: str) -> int:
    words = normalize_key(text).split()
    counts = [0] * 64
    shingles = [" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 1))]
    for shingle in shingles:
        h = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            counts[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if counts[bit] > 0)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def to_signed(value: int) -> int:
    """SQLite and PostgreSQL store signed 64-bit integers."""
    return value - (1 << 64) if value >= 1 << 63 else value


def from_signed(value: int) -> int:
    return value + (1 << 64) if value < 0 else value
