"""Marks over a document's original text: actors, places, dates, event triggers and the stored events' sentences.

Mentions are found again with the current knowledge base (the store keeps the
events, not every mention); offsets are in the original text, so the reader
can colour spans without touching the article itself.
"""
from __future__ import annotations

import logging
from datetime import date

from marsad.store.search import with_marks
from marsad.text.lexicon import longest_first
from marsad.text.normalize import normalize

log = logging.getLogger(__name__)
KINDS = ("event", "trigger", "actor", "place", "date")


def mention_marks(text: str, kb, published: date | None = None) -> tuple[list[dict], list[str]]:
    """(marks, warnings): a stage that fails is reported, never hides the others."""
    norm = normalize(text)

    def original(start: int, end: int) -> tuple[int, int]:
        o_start, o_end = norm.to_original(start, end)
        return o_start, with_marks(text, o_end)

    marks: list[dict] = []
    warnings: list[str] = []
    year = published.year if published else None
    spans = []
    try:
        from marsad.mentions.actors import find_actor_mentions

        for m in find_actor_mentions(norm.text, kb, year):
            start, end = original(m.start, m.end)
            spans.append((m.start, m.end))
            if m.entity is not None:
                marks.append({"kind": "actor", "start": start, "end": end, "label": m.entity.name,
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
    try:
        for t in longest_first(kb.trigger_words.find(norm.text)):
            if any(t.start < e and s < t.end for s, e in spans):
                continue
            pos, trigger = t.payload
            start, end = original(t.start, t.end)
            marks.append({"kind": "trigger", "start": start, "end": end,
                          "label": f"{trigger.event_type}{' / ' + trigger.mode if trigger.mode else ''}",
                          "event_type": trigger.event_type, "trigger_id": trigger.id, "pos": pos})
    except Exception as exc:
        log.exception("trigger finding failed")
        warnings.append(f"triggers unavailable: {type(exc).__name__}: {exc}")
    marks.sort(key=lambda m: (m["start"], -m["end"]))
    return marks, warnings


def within(marks: list[dict], start: int, end: int) -> list[dict]:
    """Marks inside [start, end), shifted to be relative to `start` (for a report's sentence)."""
    return [{**m, "start": m["start"] - start, "end": m["end"] - start} for m in marks
            if m["start"] >= start and m["end"] <= end]


def locate(text: str, needle: str | None, start: int, end: int) -> tuple[int, int] | None:
    """Where `needle` (a stored trigger) occurs inside text[start:end], in original offsets."""
    if not needle:
        return None
    found = text.find(needle, start, end)
    return (found, found + len(needle)) if found >= 0 else None
