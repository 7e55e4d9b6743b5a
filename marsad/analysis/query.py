"""Selecting events: the one set of filters behind the event list, the network, dyads, timelines and exports.

Rows come back in the shape of `Store.events` (event columns, document key and
title, `actor` / `recipient` lists, `reports` count), so `plover_from_row`
exports them unchanged.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select, true

from marsad.errors import InputError
from marsad.store import search
from marsad.store.tables import actors, documents, event_actors, events, reports

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
               "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# PLOVER's grouping: the first seven are cooperation, the rest (REQUEST … ASSAULT) conflict.
COOPERATION = frozenset(("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"))
AUX_VALUES = ("future", "negation", "hypothetical", "historical", "alleged", "none")
# "-date" walks the date index backwards (undated events come last by themselves); "date" puts them last explicitly
SORTS = {"date": (events.c.date.is_(None), events.c.date, events.c.id),
         "-date": (events.c.date.desc(), events.c.id.desc()),
         "type": (events.c.event_type, events.c.id), "-type": (events.c.event_type.desc(), events.c.id),
         "confidence": (events.c.confidence.desc(), events.c.id), "-confidence": (events.c.confidence, events.c.id),
         "id": (events.c.id,), "-id": (events.c.id.desc(),)}


def camp_of(event_type: str) -> str:
    return "cooperation" if event_type in COOPERATION else "conflict"


@dataclass(frozen=True)
class Selection:
    """Which events: every field optional, all given ones must hold."""

    actor: str | None = None  # actor id, knowledge-base id, or part of a name
    polity: str | None = None  # polity code(s), comma-separated: any of them
    types: tuple[str, ...] = ()
    mode: str | None = None
    context: str | None = None
    aux: str | None = None
    date_from: str | None = None  # YYYY[-MM[-DD]]
    date_to: str | None = None
    location: str | None = None
    q: str | None = None  # words in the evidence (normalized search)
    document_id: int | None = None
    event_ids: tuple[int, ...] = field(default=(), repr=False)

    @classmethod
    def parse(cls, *, actor=None, polity=None, type=None, mode=None, context=None, aux=None, date_from=None,
              date_to=None, location=None, q=None, document_id=None) -> "Selection":
        """Build from request/CLI strings, rejecting unknown types and malformed dates with a fix."""
        types = tuple(t.strip().upper() for t in (type or "").split(",") if t.strip())
        unknown = [t for t in types if t not in EVENT_TYPES]
        if unknown:
            raise InputError(f"type {', '.join(unknown)}: unknown PLOVER event type; choose from {', '.join(EVENT_TYPES)}")
        if aux and aux not in AUX_VALUES:
            raise InputError(f"aux {aux!r}: choose one of {', '.join(AUX_VALUES)}")
        for name, value in (("date_from", date_from), ("date_to", date_to)):
            if value and not _is_partial_date(value):
                raise InputError(f"{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        return cls(actor=actor or None, polity=polity or None, types=types, mode=mode or None,
                   context=context or None, aux=aux or None, date_from=date_from or None, date_to=date_to or None,
                   location=location or None, q=q or None, document_id=document_id)

    def key(self) -> tuple:
        return tuple(getattr(self, f) for f in self.__dataclass_fields__)


def _is_partial_date(value: str) -> bool:
    parts = value.split("-")
    return 1 <= len(parts) <= 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts) and \
        all(len(p) == 2 for p in parts[1:])


def actor_condition(ref: str):
    """Actors matching a reference: a numeric store id, a knowledge-base id or actor key, else a name part."""
    ref = ref.strip()
    if ref.isdigit():
        return actors.c.id == int(ref)
    return or_(actors.c.kb_id == ref, actors.c.actor_key == ref, actors.c.name.ilike(f"%{ref}%"))


def conditions(store, sel: Selection) -> list:
    """SQLAlchemy WHERE clauses on `events` for a selection."""
    where = []
    if sel.types:
        where.append(events.c.event_type.in_(sel.types))
    if sel.mode:
        where.append(events.c.mode == sel.mode)
    if sel.aux:
        where.append(events.c.aux.is_(None) if sel.aux == "none" else events.c.aux == sel.aux)
    if sel.date_from:
        where.append(events.c.date >= sel.date_from)
    if sel.date_to:
        where.append(events.c.date <= sel.date_to + "~")  # "2025" keeps "2025-12-31"
    if sel.location:
        where.append(events.c.location.ilike(f"%{sel.location}%"))
    if sel.context:
        where.append(func.cast(events.c.context, events.c.evidence.type).contains(f'"{sel.context}"'))
    if sel.document_id:
        where.append(or_(events.c.document_id == sel.document_id,
                         events.c.id.in_(select(reports.c.event_id).where(reports.c.document_id == sel.document_id))))
    if sel.polity:
        codes = [p.strip().upper() for p in sel.polity.split(",") if p.strip()]
        where.append(or_(*[events.c.polities.contains(code) for code in codes]))
    if sel.actor:
        with store.engine.connect() as conn:  # a few actor ids first, so the event_actors index does the rest
            ids = conn.execute(select(actors.c.id).where(actor_condition(sel.actor))).scalars().all()
        where.append(events.c.id.in_(select(event_actors.c.event_id).where(event_actors.c.actor_id.in_(ids))))
    if sel.q:
        where.append(events.c.id.in_(search.matching_event_ids(store, sel.q)))
    if sel.event_ids:
        where.append(events.c.id.in_(sel.event_ids))
    return where


def count_events(store, sel: Selection, extra: tuple = ()) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(events)
                           .where(and_(true(), *conditions(store, sel), *extra)))


def list_events(store, sel: Selection, limit: int = 50, offset: int = 0, sort: str = "-date",
                extra: tuple = ()) -> list[dict]:
    if sort not in SORTS:
        raise InputError(f"sort {sort!r}: choose one of {', '.join(SORTS)}")
    query = select(events, documents.c.doc_key, documents.c.published, documents.c.title.label("doc_title")) \
        .join(documents, documents.c.id == events.c.document_id) \
        .where(and_(true(), *conditions(store, sel), *extra)) \
        .order_by(*SORTS[sort]).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
        return with_participants(conn, rows)


def iter_events(store, sel: Selection, sort: str = "date", batch: int = 1000):
    """Every selected event, in batches, for exports of any size."""
    offset = 0
    while True:
        rows = list_events(store, sel, batch, offset, sort)
        yield from rows
        if len(rows) < batch:
            return
        offset += batch


def with_participants(conn, rows) -> list[dict]:
    ids = [r["id"] for r in rows]
    parts: dict[int, dict[str, list]] = {i: {"actor": [], "recipient": []} for i in ids}
    n_reports: dict[int, int] = {}
    if ids:
        for r in conn.execute(select(event_actors.c.event_id, event_actors.c.role, actors.c.id, actors.c.name,
                                     actors.c.polity, actors.c.kb_id, actors.c.kind)
                              .join(actors, actors.c.id == event_actors.c.actor_id)
                              .where(event_actors.c.event_id.in_(ids)).order_by(actors.c.id)):
            parts[r.event_id].setdefault(r.role, []).append(
                {"id": r.id, "name": r.name, "polity": r.polity, "actor_id": r.kb_id, "kind": r.kind})
        n_reports = dict(conn.execute(select(reports.c.event_id, func.count()).where(reports.c.event_id.in_(ids))
                                      .group_by(reports.c.event_id)).all())
    out = []
    for r in rows:
        item = dict(r)
        ctx = item.get("context")
        item["context"] = ctx if isinstance(ctx, list) else json.loads(ctx or "[]")
        if item.get("published") is not None and not isinstance(item["published"], str):
            item["published"] = item["published"].isoformat()
        item["actor"] = parts[r["id"]]["actor"]
        item["recipient"] = parts[r["id"]]["recipient"]
        item["reports"] = n_reports.get(r["id"], 1)
        out.append(item)
    return out


def involving(condition):
    """A WHERE clause: the event has a participant matching `condition` (on the actors table)."""
    return events.c.id.in_(select(event_actors.c.event_id).join(actors, actors.c.id == event_actors.c.actor_id)
                           .where(condition))


def participants(store, sel: Selection, extra: tuple = ()) -> list:
    """(event_id, event_type, date, role, actor id, name, polity, kind, kb_id) for every selected event's actors."""
    query = select(events.c.id.label("event_id"), events.c.event_type, events.c.date, event_actors.c.role,
                   actors.c.id.label("actor"), actors.c.name, actors.c.polity, actors.c.kind, actors.c.kb_id) \
        .join(event_actors, event_actors.c.event_id == events.c.id) \
        .join(actors, actors.c.id == event_actors.c.actor_id) \
        .where(and_(true(), *conditions(store, sel), *extra)).order_by(events.c.id)
    with store.engine.connect() as conn:
        return conn.execute(query).all()

