"""One event per happening: reports of the same event inside a document are merged."""
from __future__ import annotations

from dataclasses import replace

from marsad.records import Event


def _dates_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _richness(event: Event) -> tuple:
    return (event.date_text is not None, len(event.date or ""), len(event.actor) + len(event.recipient),
            event.location is not None, event.confidence)


def merge_reports(events: list[Event]) -> list[Event]:
    """Events with the same type, the same polities and compatible dates are one happening.

    The richest report (own date, most participants) becomes the event; the
    others are kept as its reports, in text order.
    """
    merged: list[Event] = []
    for event in events:
        for index, kept in enumerate(merged):
            if kept.event_type == event.event_type and kept.polities == event.polities and \
                    _dates_compatible(kept.date, event.date) and kept.aux == event.aux:
                best, other = (event, kept) if _richness(event) > _richness(kept) else (kept, event)
                reports = tuple(sorted(set(kept.reports) | set(event.reports)))
                merged[index] = replace(best, reports=reports, confidence=min(1.0, best.confidence + 0.05))
                del other
                break
        else:
            merged.append(event)
    return merged
