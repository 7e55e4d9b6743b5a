"""Sentence splitting for Arabic news: full stops, question marks, line breaks.

Runaway text (a page with no punctuation, a word repeated thousands of times) is
cut into pieces of at most `MAX_SENTENCE_CHARS`, at a comma or a space where it
can, so the work on one sentence stays bounded whatever the input.
"""
from __future__ import annotations

import re

from marsad.records import Sentence

# A sentence ends at . ! ? ؟ or a line break; a dot after an initial of one or
# two letters (جون أو. برينان، U.S.) does not end one.
_BOUNDARY = re.compile(r"(?<=[.!?؟])\s+|\n+")
_INITIAL = re.compile(r"(?:^|\s)\w{1,2}\.$")
MAX_SENTENCE_CHARS = 1_000  # the longest sentence of our corpora has 580 characters
_CLAUSE_MARKS = "،,؛;:"


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if "\n" not in match.group() and _INITIAL.search(text, max(0, match.start() - 4), match.start()):
            continue
        _append(sentences, text, start, match.start())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while True:
        while start < end and text[start].isspace():
            start += 1
        if end - start <= MAX_SENTENCE_CHARS:
            break
        cut = _cut(text, start, start + MAX_SENTENCE_CHARS)
        _add(sentences, text, start, cut)
        start = cut
    _add(sentences, text, start, end)


def _cut(text: str, start: int, limit: int) -> int:
    """Where a piece of runaway text ends: after the last comma or semicolon in its second half, else
    at its last space, else at the limit."""
    half = start + (limit - start) // 2
    mark = max(text.rfind(c, half, limit) for c in _CLAUSE_MARKS)
    if mark >= 0:
        return mark + 1
    space = text.rfind(" ", half, limit)
    return space if space > start else limit


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))
