"""Sentence splitting for Arabic news: full stops, question marks, line breaks."""
from __future__ import annotations

import re

from marsad.records import Sentence

# A sentence ends at . ! ? ؟ or a line break; a dot after an initial of one or
# two letters (جون أو. برينان، U.S.) does not end one.
_BOUNDARY = re.compile(r"(?<=[.!?؟])\s+|\n+")
_INITIAL = re.compile(r"(?:^|\s)\w{1,2}\.$")


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
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))
