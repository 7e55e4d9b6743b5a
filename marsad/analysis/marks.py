"""Marks over a document's original text: actors, places, dates, the stored events' sentences and their triggers.

Mentions are found again with the current knowledge base (the store keeps the
events, not every mention); offsets are in the original text, so the reader
can colour spans without touching the article itself.

A trigger is marked only where it made an event: inside a stored event's sentence, the word that signals that
event. The trigger lexicon alone would also mark every word that *could* signal one (نُشر في 'published in' is a
form of نشر 'deploy', نشرتنا 'our newsletter' another), which is no finding about the article.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from marsad.store.search import with_marks
from marsad.text.lexicon import longest_first
from marsad.text.normalize import normalize

log = logging.getLogger(__name__)
KINDS = ("event", "trigger", "actor", "place", "date")


def mention_marks(text: str, kb, published: date | None = None) -> tuple[list[dict], list[str]]:
    """Actor, place and date marks, and warnings: a stage that fails is reported, never hides the others."""
    norm = normalize(text)

    def original(start: int, end: int) -> tuple[int, int]:
        o_start, o_end = norm.to_original(start, end)
        return o_start, with_marks(text, o_end)

    marks: list[dict] = []
    warnings: list[str] = []
    year = published.year if published else None
    try:
        from marsad.mentions.actors import find_actor_mentions

        for m in find_actor_mentions(norm.text, kb, year):
            start, end = original(m.start, m.end)
            if m.entity is not None:
                label = gloss(m.entity, kb) if m.rule == "title+demonym" else m.entity.name
                marks.append({"kind": "actor", "start": start, "end": end, "label": label,
                              "polity": m.entity.polity, "actor_id": m.entity.actor_id, "rule": m.rule})
            elif m.place:
                marks.append({"kind": "place", "start": start, "end": end, "label": m.place,
                              "polity": m.place_polity, "rule": m.rule})
    except Exception as exc:  # the mention finder is under active development; the reader still shows the rest
        log.exception("actor mentions failed")
        warnings.append(f"actor mentions unavailable: {type(exc).__name__}: {exc}")
    try:
        from marsad.mentions.dates import DateContext, DateFinder

        finder = DateFinder(kb.month_numbers, kb.ordinary_month_words)
        for d in finder.find(norm.text, DateContext(published, published), finder.year_hints(norm.text)):
            start, end = original(d.start, d.end)
            marks.append({"kind": "date", "start": start, "end": end, "label": d.iso, "relative": d.relative})
    except Exception as exc:
        log.exception("date finding failed")
        warnings.append(f"dates unavailable: {type(exc).__name__}: {exc}")
    marks.sort(key=lambda m: (m["start"], -m["end"]))
    return marks, warnings


# Countries whose head of government is a chancellor (المستشار): anywhere else المستشار is an adviser
CHANCELLORS = frozenset({"DEU", "AUT"})
# English short forms the gloss uses ('US adviser', not 'United States Adviser')
SHORT_NAMES = {"United States": "US", "United Kingdom": "UK", "United Arab Emirates": "UAE", "European Union": "EU",
               "United Nations": "UN"}


def gloss(entity, kb) -> str:
    """The English for a title and a nationality with no name ('المستشار الأمريكي' → 'US adviser'): the extractor
    names such a person '<state> <title>' ('United States Chancellor'), and its titles know المستشار as Germany's."""
    states = sorted((s.name for s in kb.states if entity.name.startswith(s.name + " ")), key=len, reverse=True)
    if not states:
        return entity.name
    title = entity.name[len(states[0]) + 1:]
    if title == "Chancellor" and (entity.polity or "")[:3] not in CHANCELLORS:
        title = "adviser"
    return f"{SHORT_NAMES.get(states[0], states[0])} {title.lower()}"


def within(marks: list[dict], start: int, end: int) -> list[dict]:
    """Marks inside [start, end), shifted to be relative to `start` (for a report's sentence)."""
    return [{**m, "start": m["start"] - start, "end": m["end"] - start} for m in marks
            if m["start"] >= start and m["end"] <= end]


@dataclass(frozen=True)
class Report:
    """Where a stored event is told: its sentence's span in the document, and what the trigger is to signal."""

    event_id: int
    start: int
    end: int
    event_type: str
    mode: str | None = None
    trigger: str | None = None


def event_marks(text: str, kb, reports: list[Report]) -> list[dict]:
    """Each report's sentence (kind 'event') and the trigger inside it that signals the event (kind 'trigger'):
    the stored trigger word, or else (another report's wording) the first word of the lexicon for the event's type."""
    marks = []
    for rep in reports:
        label = rep.event_type + (f" / {rep.mode}" if rep.mode else "")
        marks.append({"kind": "event", "start": rep.start, "end": rep.end, "label": rep.event_type,
                      "event_id": rep.event_id})
        span = _stored_trigger(text, rep) or _lexicon_trigger(text, kb, rep)
        if span:
            marks.append({"kind": "trigger", "start": span[0], "end": span[1], "label": label,
                          "event_type": rep.event_type, "event_id": rep.event_id})
    return marks


def locate(text: str, needle: str | None, start: int, end: int) -> tuple[int, int] | None:
    """Where `needle` (a stored trigger) occurs inside text[start:end], in original offsets."""
    if not needle:
        return None
    found = text.find(needle, start, end)
    return (found, found + len(needle)) if found >= 0 else None


def _stored_trigger(text: str, rep: Report) -> tuple[int, int] | None:
    return locate(text, rep.trigger, rep.start, rep.end)


def _lexicon_trigger(text: str, kb, rep: Report) -> tuple[int, int] | None:
    sentence = normalize(text[rep.start:rep.end])
    for t in longest_first(kb.trigger_words.find(sentence.text)):
        _, trigger = t.payload
        if trigger.event_type == rep.event_type:
            start, end = sentence.to_original(t.start, t.end)
            return rep.start + start, with_marks(text, rep.start + end)
    return None
