"""Sentence splitting for Arabic news: full stops, question marks, line breaks.

Runaway text (a page with no punctuation, a word repeated thousands of times) is
cut into pieces of at most `MAX_SENTENCE_CHARS`, at a comma or a space where it
can, so the work on one sentence stays bounded whatever the input. An event's
evidence is a window of its sentence around the trigger (`evidence_window`), so
what is stored and shown per event stays bounded too.
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


EVIDENCE_CHARS = 300  # the extractor reads at most 90 characters before a trigger and 110 after it
_BEFORE = 120  # of the window, before the trigger


def evidence_window(text: str, start: int, end: int, trigger: str | None = None,
                    width: int = EVIDENCE_CHARS) -> tuple[int, int]:
    """The evidence of an event told in the sentence text[start:end]: the whole sentence when it has at most
    `width` characters, else a clause-sized window of at most `width` around the trigger (its first occurrence
    in the sentence, else the sentence's start), cut at spaces so no word is split."""
    if end - start <= width:
        return start, end
    at = text.find(trigger, start, end) if trigger else -1
    t_start, t_end = (at, at + len(trigger)) if at >= 0 else (start, start)
    lo = max(start, t_start - _BEFORE)
    hi = min(end, lo + width)
    lo = max(start, hi - width)
    if lo > start and not text[lo - 1].isspace():
        space = text.find(" ", lo, max(lo, t_start))
        lo = space + 1 if space >= 0 else lo
    if hi < end and not text[hi].isspace():
        space = text.rfind(" ", min(hi, t_end), hi)
        hi = space if space >= 0 else hi
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi
