"""Gold records laid over a document's reading: which anchor states each gold event, which
polities take part and what its date is. This is what the models learn from."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from marsad.events.reading import Reading
from marsad.learn.candidates import Anchor


@dataclass(frozen=True)
class GoldEvent:
    record: dict
    event_type: str
    polities: frozenset[str]
    date: str | None
    span: tuple[int, int] | None  # normalized offsets of the evidence in the reading
    trigger: tuple[int, int] | None  # normalized offsets of the trigger words, when the record gives them


def polities_of(record: dict) -> frozenset[str]:
    return frozenset((e.get("polity") or "").upper() for side in ("actor", "recipient")
                     for e in record.get(side) or [] if isinstance(e, dict) and e.get("polity"))


def _find(text: str, needle: str, lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
    """An exact substring, else the same words with any whitespace between them."""
    hi = len(text) if hi is None else hi
    at = text.find(needle, lo, hi)
    if at >= 0:
        return at, at + len(needle)
    words = needle.split()
    if not words:
        return None
    found = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, lo, hi)
    return (found.start(), found.end()) if found else None


def _to_normalized(reading: Reading, span: tuple[int, int]) -> tuple[int, int]:
    offsets = reading.norm.offsets
    return bisect_left(offsets, span[0]), max(bisect_left(offsets, span[1]), bisect_left(offsets, span[0]) + 1)


def lay_gold(reading: Reading, records: list[dict]) -> list[GoldEvent]:
    original = reading.doc.text
    out = []
    for record in records:
        span = _find(original, record.get("evidence") or "")
        trigger = None
        if span is not None and record.get("trigger"):
            trigger = _find(original, record["trigger"], span[0], span[1]) or _find(original, record["trigger"])
        out.append(GoldEvent(record, record["event_type"], polities_of(record), record.get("date") or None,
                             _to_normalized(reading, span) if span else None,
                             _to_normalized(reading, trigger) if trigger else None))
    return out


def align(anchors: list[Anchor], gold: list[GoldEvent]) -> dict[int, list[GoldEvent]]:
    """anchor index -> the gold events it states. With trigger words given, the anchor over them;
    without, the anchor in the evidence that can be read as the gold type, nearest its start."""
    by_anchor: dict[int, list[GoldEvent]] = {}
    for g in gold:
        chosen = None
        if g.trigger is not None:
            lo, hi = g.trigger
            over = [a for a in anchors if a.match.start < hi and lo < a.match.end]
            chosen = over[0] if over else None
        if chosen is None and g.span is not None:
            lo, hi = g.span
            inside = [a for a in anchors if lo <= a.match.start < hi]
            typed = [a for a in inside if any(t.event_type == g.event_type for _, t in a.readings)]
            pool = typed or ([] if g.trigger is not None else inside)
            chosen = min(pool, key=lambda a: a.match.start, default=None)
        if chosen is not None:
            by_anchor.setdefault(chosen.index, []).append(g)
    return by_anchor


def date_matches(gold: str, option: str) -> bool:
    """The option names the gold date at least as precisely (the scorer's agreement, without the
    free pass a coarser date would get)."""
    return len(option) >= len(gold) and option[:len(gold)] == gold


def writer_of(doc: str) -> str:
    """The writer of a corpus document: its file name's prefix (w01, w02, …)."""
    return doc.split("_", 1)[0]


def rank_by_writers(writers: dict[str, set[str]], labels: dict[str, Counter], min_writers: int) -> list[str]:
    """Keys used by at least `min_writers` writers, the most writers first, then the most uses: what many
    writers did alike is a convention to learn or a gap to fill, what one writer did is a habit."""
    return sorted((k for k in writers if len(writers[k]) >= min_writers),
                  key=lambda k: (-len(writers[k]), -sum(labels[k].values())))
