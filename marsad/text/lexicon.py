"""Clitic-aware multi-phrase matching over normalized text (Aho-Corasick).

A lexicon phrase matches where it stands as a whole word, allowing the
proclitics Arabic glues on (و ف + ب ك ل + ال, لل = ل+ال, س before verbs) and,
where the entry says so, attached pronouns or inflection endings after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

import ahocorasick

from marsad.text.normalize import is_letter, normalize_key

NAME_PREFIXES = re.compile(r"^[وف]?(?:[بكل]|لل)?$")
NOUN_PREFIXES = re.compile(r"^[وف]?(?:[بكل]?(?:ال)?|لل)$")
VERB_PREFIXES = re.compile(r"^[وف]?(?:س|ل)?$")
PRONOUNS = ("ه", "ها", "هم", "هما", "هن", "ي", "نا", "كم", "كما")


@dataclass(frozen=True)
class LexMatch:
    start: int  # normalized offsets of the phrase itself, clitics excluded
    end: int
    word_start: int  # including proclitics
    word_end: int  # including suffixes
    prefix: str
    payload: Any
    key: str


@dataclass(frozen=True)
class _Pattern:
    key: str
    payload: Any
    prefixes: re.Pattern
    suffixes: frozenset[str]
    lam_merged: bool  # the key was written with لل for ل+ال: only و/ف may precede


class Lexicon:
    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        self._patterns: dict[str, list[_Pattern]] = {}
        self._built = False

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, phrase: str, payload: Any, *, prefixes: re.Pattern = NAME_PREFIXES,
            suffixes: Iterable[str] = ("",)) -> None:
        key = normalize_key(phrase)
        if len(key) < 2:
            return
        suffix_set = frozenset(suffixes)
        variants = {key, key.replace("-", " ")}
        if " " in key:
            variants.add(key.replace(" ", "-"))
        for variant in variants:
            self._put(variant, _Pattern(key, payload, prefixes, suffix_set, False))
            if variant.startswith("ال") and len(variant) > 3:
                self._put("لل" + variant[2:], _Pattern(key, payload, prefixes, suffix_set, True))

    def _put(self, text: str, pattern: _Pattern) -> None:
        self._patterns.setdefault(text, []).append(pattern)
        self._built = False

    def _build(self) -> None:
        # The automaton keeps only each key's length (its own values would be pickled again beside `_patterns`,
        # and unpickled slowly): a match's surface text is the key that finds its patterns.
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for text in self._patterns:
            self._automaton.add_word(text)
        if self._patterns:
            self._automaton.make_automaton()
        self._built = True

    def find(self, text: str, taa: frozenset[int] = frozenset(), transparent: str = "") -> list[LexMatch]:
        """Every clitic-valid occurrence of every phrase, overlaps included.

        `taa` holds the normalized positions that were ة in the original: there a
        final ه is part of the word (وزارة), not an attached pronoun (زاره).
        Characters in `transparent` are looked through: with '"' a phrase matches
        across quotation marks (حركة "الشباب"), and offsets still point into `text`."""
        if transparent and any(c in text for c in transparent):
            kept = [i for i, c in enumerate(text) if c not in transparent]
            squeezed = "".join(text[i] for i in kept)
            kept.append(len(text))
            taa_squeezed = frozenset(j for j, i in enumerate(kept[:-1]) if i in taa)

            def back(j: int, end: bool = False) -> int:
                return kept[j - 1] + 1 if end and j > 0 else kept[j]
            return [LexMatch(back(m.start), back(m.end, True), back(m.word_start), back(m.word_end, True), m.prefix,
                             m.payload, m.key) for m in self.find(squeezed, taa_squeezed)]
        if not self._built:
            self._build()
        if not self._patterns:
            return []
        found: list[LexMatch] = []
        before, after = _Words(text), _Words(text)  # one each: a match's first and last word may differ
        for end_index, length in self._automaton.iter(text):
            start = end_index - length + 1
            end = end_index + 1
            patterns = self._patterns[text[start:end]]
            word_start = before.around(start - 1)[0] if start > 0 and is_letter(text[start - 1]) else start
            word_end = after.around(end)[1] if end < len(text) and is_letter(text[end]) else end
            prefix, suffix = text[word_start:start], text[end:word_end]
            for pattern in patterns:
                if pattern.lam_merged:
                    if prefix not in ("", "و", "ف"):
                        continue
                elif not pattern.prefixes.match(prefix):
                    continue
                if suffix not in pattern.suffixes:
                    continue
                if suffix and (word_end - 1) in taa:
                    continue
                found.append(LexMatch(start, end, word_start, word_end, prefix, pattern.payload, pattern.key))
        return found


def longest_first(matches: list[LexMatch], priority=None) -> list[LexMatch]:
    """Keep the longest matches that do not overlap, in text order; `priority(payload)`
    (lower wins) breaks ties between entries matching the same span."""
    if not matches:
        return []
    rank = priority or (lambda payload: 0)
    taken = bytearray(max(m.end for m in matches) + 1)  # one flag per character: linear in the text
    chosen: list[LexMatch] = []
    for match in sorted(matches, key=lambda m: (-(m.end - m.start), m.start, rank(m.payload))):
        if any(taken[match.start:match.end]):
            continue
        chosen.append(match)
        taken[match.start:match.end] = b"\x01" * (match.end - match.start)
    return sorted(chosen, key=lambda m: m.start)


class _Words:
    """The run of letters around a position, remembered: every match inside one long run of letters (a page
    of random letters with no space) finds its word without walking it again."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start, self.end = 0, 0

    def around(self, at: int) -> tuple[int, int]:
        """[start, end) of the letters around `at`, itself a letter."""
        if not self.start <= at < self.end:
            text, start, end = self.text, at, at + 1
            while start > 0 and is_letter(text[start - 1]):
                start -= 1
            while end < len(text) and is_letter(text[end]):
                end += 1
            self.start, self.end = start, end
        return self.start, self.end
