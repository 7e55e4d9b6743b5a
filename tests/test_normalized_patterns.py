"""Patterns and word lists in code are matched against normalized text (أإآ→ا، ى→ي، ة→ه، ؤ→و، ئ→ي): one
spelled with a letter normalization removes can never match, and fails silently. This guards the lot."""
from __future__ import annotations

import importlib
import re

import pytest

from marsad.mentions.dates import DateFinder

MODULES = ["marsad.events.rules", "marsad.events.reading", "marsad.events.roles", "marsad.events.aux", "marsad.events.merge",
           "marsad.mentions.actors", "marsad.mentions.dates", "marsad.text.lexicon"]
REMOVED_BY_NORMALIZATION = "ىةأإآؤئ"


def _bad(text: str) -> list[str]:
    text = text.replace("[ىي]", "").replace("[يى]", "")  # a class that also holds the normalized letter is fine
    return [c for c in REMOVED_BY_NORMALIZATION if c in text]


def _literals(value):
    if isinstance(value, re.Pattern):
        yield value.pattern
    elif isinstance(value, (tuple, list, set, frozenset)) and all(isinstance(x, str) for x in value):
        yield from value


@pytest.mark.parametrize("name", MODULES)
def test_module_patterns_are_spelled_as_normalized_text(name):
    module = importlib.import_module(name)
    offending = {key: _bad(text) for key, value in vars(module).items() if key.isupper() or key.startswith("_")
                 for text in _literals(value) if _bad(text)}
    assert not offending, offending


def test_date_patterns_are_spelled_as_normalized_text(kb):
    finder = DateFinder(kb.month_numbers)
    offending = {key: _bad(value.pattern) for key, value in vars(finder).items()
                 if isinstance(value, re.Pattern) and _bad(value.pattern)}
    assert not offending, offending
