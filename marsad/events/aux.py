"""Aux: whether an event is planned, denied, conditional, alleged or long past."""
from __future__ import annotations

from marsad.text.lexicon import LexMatch

_ORDER = ("negation", "future", "hypothetical", "alleged", "historical")
_NEAR = {"negation": 18, "future": 45, "hypothetical": 80, "alleged": 120, "historical": 60}


def find_aux(cues: list[LexMatch], clause_start: int, clause_end: int, trigger_start: int, trigger_end: int,
             trigger_prefix: str, inherent: str | None, event_year: int | None, reference_year: int | None) -> str | None:
    """The strongest aux cue that governs the trigger, else historical by date, else None."""
    found = set()
    if inherent:
        found.add(inherent)
    if "س" in trigger_prefix:
        found.add("future")
    for cue in cues:
        kind = cue.payload
        if cue.start < clause_start or cue.end > clause_end:
            continue
        before = trigger_start - cue.end
        after = cue.start - trigger_end
        if 0 <= before <= _NEAR[kind] or (kind == "future" and 0 <= after <= 25):
            found.add(kind)
    if event_year is not None and reference_year is not None and event_year <= reference_year - 2:
        found.add("historical")
    for kind in _ORDER:
        if kind in found:
            return kind
    return None
