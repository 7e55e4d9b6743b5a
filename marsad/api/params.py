"""Query parameters shared by the event list, the summary, the network, dyads and exports: one Selection."""
from __future__ import annotations

from typing import Optional

from fastapi import Query, Request

from marsad.store.query import AUX_VALUES, EVENT_TYPES, MAX_ID, Selection


def selection(
    request: Request,
    actor: Optional[str] = Query(None, description="store id, knowledge-base id (khalifa-haftar), or part of an "
                                                   "English or Arabic name or alias (Haftar, حفتر)"),
    polity: Optional[str] = Query(None, description="polity code(s), comma-separated, any of them: RUS,LBY-E"),
    type: Optional[str] = Query(None, description="PLOVER event type(s), comma-separated: " + ", ".join(EVENT_TYPES)),
    mode: Optional[str] = Query(None, description="PLOVER mode, e.g. visit"),
    context: Optional[str] = Query(None, description="PLOVER context, e.g. military"),
    aux: Optional[str] = Query(None, description="auxiliary: " + " | ".join(AUX_VALUES)),
    date_from: Optional[str] = Query(None, description="earliest event date, YYYY[-MM[-DD]]"),
    date_to: Optional[str] = Query(None, description="latest event date, YYYY[-MM[-DD]] (inclusive)"),
    location: Optional[str] = Query(None, description="place name (part of it)"),
    q: Optional[str] = Query(None, description="words in the Arabic evidence; diacritics, hamza/alef and ة/ه ignored"),
    document: Optional[int] = Query(None, ge=1, le=MAX_ID, description="only events reported by this document id"),
    min_confidence: Optional[float] = Query(None, ge=0, le=1, description="only events at or above this confidence"),
) -> Selection:
    wb = request.app.state.workbench
    # The store only to check a polity, mode or context against what it holds: Selection.parse reads the distinct
    # modes and contexts of every event when given one, which took 11 ms of each request at 12,000 events.
    checked = wb.store if polity or mode or context else None
    return Selection.parse(actor=actor, polity=polity, type=type, mode=mode, context=context, aux=aux,
                           date_from=date_from, date_to=date_to, location=location, q=q, document_id=document,
                           min_confidence=min_confidence, kb=wb.kb, store=checked)
