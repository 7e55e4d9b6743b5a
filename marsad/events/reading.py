"""What every later stage reads off an article once: normalized text, sentences, dates, actor
and place mentions, aux cues and the trigger words with all their readings.

Both the rules and the learned decisions work from one `Reading`, so nothing is found twice.
"""
from __future__ import annotations

import time
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from marsad.errors import TooSlow
from marsad.knowledge.base import KnowledgeBase
from marsad.mentions.actors import ActorMention, find_actor_mentions
from marsad.mentions.dates import DateContext, DateFinder, infer_reference
from marsad.records import DateValue, Document, Sentence
from marsad.text.lexicon import LexMatch, longest_first
from marsad.text.normalize import Normalized, normalize
from marsad.text.sentences import split_sentences


class ByStart:
    """Items sorted by `.start`, sliced by position in O(log n): long articles stay linear."""

    def __init__(self, items):
        self.items = sorted(items, key=lambda x: x.start)
        self.starts = [x.start for x in self.items]

    def within(self, lo: int, hi: int) -> list:
        return self.items[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]


@dataclass(frozen=True)
class Reading:
    doc: Document
    norm: Normalized
    reference: date | None  # the publication date, or the date the article's own dates point to
    year: int | None
    sentences: list[Sentence]
    dates: ByStart  # of DateValue
    mentions: ByStart  # of ActorMention
    triggers: ByStart  # of LexMatch: the longest trigger words, no two overlapping, none inside a name
    readings: dict[tuple[int, int], list]  # (start, end) -> every (pos, Trigger) the words can be read as
    cues: ByStart  # of aux cue LexMatch
    unidentified: ByStart  # of ActorMention: unidentified perpetrators (مجهولون، انتحاري), left out of events
    named: bytearray  # 1 for each character inside an actor or place mention or the name of an office
    crowded: tuple[int, ...] = ()  # where sentences with more trigger words than are read start (original offsets)

    @property
    def text(self) -> str:
        return self.norm.text


@lru_cache(maxsize=8)
def date_finder(kb: KnowledgeBase) -> DateFinder:
    return DateFinder(kb.month_numbers, kb.ordinary_month_words)


def read_document(doc: Document, kb: KnowledgeBase, *, deadline: float | None = None) -> Reading:
    """Find everything the later stages need, once. `deadline` (a `time.monotonic()` value) is checked
    between the passes over the text; past it, `TooSlow` is raised."""

    def in_time() -> None:
        if deadline is not None and time.monotonic() > deadline:
            raise TooSlow(0, len(doc.text))

    norm = normalize(doc.text)
    text = norm.text
    in_time()
    finder = date_finder(kb)
    hints = finder.year_hints(text)
    first_pass = finder.find(text, DateContext(doc.published, doc.published), hints)
    reference = doc.published or infer_reference(first_pass)
    dates: list[DateValue] = finder.find(text, DateContext(doc.published, reference), hints) \
        if reference != doc.published else first_pass
    if doc.published is None and reference is not None:
        pinned = infer_reference(dates)  # 'الثلاثاء، 3 مارس' pinned to a year by its weekday can be later still
        if pinned is not None and pinned > reference:
            reference = pinned
            dates = finder.find(text, DateContext(None, reference), hints)
    year = reference.year if reference else None
    in_time()
    found_mentions = find_actor_mentions(text, kb, year)
    in_time()
    mentions: list[ActorMention] = [m for m in found_mentions if m.rule != "unidentified"]
    named = bytearray(len(text) + 1)
    for m in list(mentions) + kb.name_phrases.find(text):  # and names of offices: 'وزارة الخارجية والتعاون الدولي'
        named[m.start:m.end] = b"\x01" * (m.end - m.start)
    found: list[LexMatch] = [t for t in kb.trigger_words.find(text, norm.taa_positions(doc.text))
                             if not any(named[t.start:t.end]) and not _governed_backing(text, t)]
    in_time()
    readings: dict[tuple[int, int], list] = {}
    for t in found:
        readings.setdefault((t.start, t.end), []).append(t.payload)
    sentences = split_sentences(text)
    triggers, crowded = _bounded(longest_first(found), sentences)
    return Reading(doc=doc, norm=norm, reference=reference, year=year, sentences=sentences,
                   dates=ByStart(dates), mentions=ByStart(mentions), triggers=ByStart(triggers),
                   readings=readings, cues=ByStart(kb.aux_cues.find(text)), named=named,
                   unidentified=ByStart([m for m in found_mentions if m.rule == "unidentified"]),
                   crowded=tuple(norm.to_original(start, start)[0] for start in crowded))


MAX_TRIGGERS_PER_SENTENCE = 40  # news sentences hold up to about 16; more is a list or runaway text


def _bounded(triggers: list[LexMatch], sentences: list[Sentence]) -> tuple[list[LexMatch], list[int]]:
    """At most MAX_TRIGGERS_PER_SENTENCE trigger words per sentence, the first ones: each trigger is weighed
    against the others of its sentence, so a sentence of a thousand verbs must not cost a million steps.
    Also where the crowded sentences start."""
    kept, crowded = [], []
    by_start = ByStart(triggers)
    for sentence in sentences:
        inside = by_start.within(sentence.start, sentence.end)
        if len(inside) > MAX_TRIGGERS_PER_SENTENCE:
            crowded.append(sentence.start)
            inside = inside[:MAX_TRIGGERS_PER_SENTENCE]
        kept += inside
    return kept, crowded


def _governed_backing(text: str, trig) -> bool:
    """'بدعم X' is 'backed by X' set off after a clause ('، بدعم حفتر، فتح'); after a word that governs
    its ب ('يتهم قوات حفتر بدعم الدعم السريع'، 'متمسك بدعم') it is 'of supporting', left to support-back."""
    return trig.payload[1].id == "aid-backed-by" and text[trig.start:trig.end] == "بدعم" \
        and not text[max(0, trig.word_start - 3):trig.word_start].rstrip().endswith(("،", ","))


def past_deadline(deadline: float | None, reading: Reading, at: int) -> None:
    """Raise TooSlow if `deadline` (a time.monotonic() value) has passed; `at` is where in the normalized
    text the work stands."""
    if deadline is not None and time.monotonic() > deadline:
        raise TooSlow(reading.norm.to_original(min(at, len(reading.text)), min(at, len(reading.text)))[0],
                      len(reading.doc.text))
