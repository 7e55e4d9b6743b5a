"""One event per happening: reports of the same event inside a document are merged."""
from __future__ import annotations

from dataclasses import replace

from marsad.records import Event


# Promises: two with different wording (an invitation, a pledge) or different speakers are two promises.
_STATEMENTS = {"AGREE"}
# Aid of different kinds (forces stationed, arms supplied, backing in a war) is told apart by its words.
_KINDS_BY_WORDING = {"AID"}
# Deeds no other wording re-tells: an alliance formed is not the embassy reopened in the same story.
_DISTINCT_DEEDS = {"support-alliance", "support-reopen-verb", "support-reopen-mission"}


def _dates_compatible(a: Event, b: Event) -> bool:
    """A date taken from context (no date_text) fits any date the other report states, and so does any date
    of a report of the same sentence: one sentence tells one happening of a type between the same sides
    (he arrived yesterday, for the fourth time since August, and met the commander), whichever of its dates
    a report took."""
    if a.date_text is None or b.date_text is None or (a.start, a.end) == (b.start, b.end):
        return True
    return _prefix_equal(a.date, b.date)


def _prefix_equal(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _richness(event: Event) -> tuple:
    return (event.date_text is not None, len(event.date or ""), len(event.actor) + len(event.recipient),
            event.location is not None, event.confidence)


def _people(event: Event) -> set[str]:
    return {e.actor_id or e.name for e in event.actor + event.recipient if e.kind == "person"}


def _same_happening(a: Event, b: Event) -> bool:
    """Same type, polities and compatible dates, and not each with a person the other lacks:
    Saddam Haftar meeting the army chief and then the defence minister are two meetings."""
    if a.event_type != b.event_type or a.polities != b.polities or a.aux != b.aux:
        return False
    if not _dates_compatible(a, b):
        return False
    if a.event_type in _STATEMENTS and (_spoken_by_other(a, b) or a.trigger_id != b.trigger_id):
        return False  # Lukashenko's promise to Haftar and Haftar's to Belarus; an invitation and a pledge
    if a.trigger_id != b.trigger_id and (a.event_type in _KINDS_BY_WORDING or
                                         {a.trigger_id, b.trigger_id} & _DISTINCT_DEEDS):
        return False
    people_a, people_b = _people(a), _people(b)
    return not (people_a - people_b and people_b - people_a)


def _spoken_by_other(a: Event, b: Event) -> bool:
    """Each event's actor is a person, and they belong to different sides."""
    speakers_a = {e.polity for e in a.actor if e.kind == "person"}
    speakers_b = {e.polity for e in b.actor if e.kind == "person"}
    return bool(speakers_a and speakers_b) and not speakers_a & speakers_b


def merge_reports(events: list[Event]) -> list[Event]:
    """Events with the same type, the same polities and compatible dates are one happening.

    The richest report (own date, most participants) becomes the event; the
    others are kept as its reports, in text order.
    """
    merged: list[Event] = []
    reports: list[set] = []
    by_key: dict[tuple, list[int]] = {}  # (type, polities, aux) -> indexes into merged
    for event in events:
        key = (event.event_type, event.polities, event.aux)
        for index in by_key.get(key, []):
            kept = merged[index]
            if _same_happening(kept, event):
                best = event if _richness(event) > _richness(kept) else kept
                reports[index] |= set(event.reports)
                merged[index] = replace(best, confidence=round(min(1.0, max(kept.confidence, event.confidence) + 0.05), 2))
                break
        else:
            by_key.setdefault(key, []).append(len(merged))
            merged.append(event)
            reports.append(set(event.reports))
    return [replace(e, reports=tuple(sorted(r))) for e, r in zip(merged, reports)]
