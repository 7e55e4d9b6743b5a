"""Actor profiles: names, roles over time, event counts by type, partners, timeline."""
from __future__ import annotations

from sqlalchemy import and_, distinct, func, or_, select, true

from marsad.analysis.timelines import timeline
from marsad.errors import InputError, NotFound
from marsad.store.query import (COOPERATION, MAX_ID, Selection, actor_condition, involving, known_polities, list_events,
                                match_actors, selected_ids)
from marsad.store.tables import actors, event_actors, events


def find_actor(store, ref: str):
    """The actor row for a store id, a knowledge-base id or an actor key."""
    ref = ref.strip()
    if ref.isdigit() and int(ref) > MAX_ID:
        raise NotFound(f"no actor {ref!r}: store ids are positive numbers up to {MAX_ID}")
    cond = actors.c.id == int(ref) if ref.isdigit() else or_(actors.c.kb_id == ref, actors.c.actor_key == ref)
    with store.engine.connect() as conn:
        row = conn.execute(select(actors).where(cond).order_by(actors.c.id)).mappings().first()
    if row is None:
        raise NotFound(f"no actor {ref!r}: use an id from /api/actors or a knowledge-base id such as khalifa-haftar")
    return row


def list_actors(store, kb=None, q: str | None = None, polity: str | None = None, kind: str | None = None,
                limit: int = 50, offset: int = 0, sel: Selection = Selection()) -> dict:
    """Actors taking part in the selected events, most active first; `events` counts the selected events."""
    n_events = func.count(distinct(event_actors.c.event_id)).label("events")
    where = []
    if polity:
        polity = polity.strip().upper()
        known = known_polities(store, kb)
        if polity not in known:
            raise InputError(f"polity {polity!r}: unknown code; choose from {', '.join(sorted(known))}")
        where.append(actors.c.polity == polity)
    if kind:
        with store.engine.connect() as conn:
            kinds = sorted({k for k in conn.execute(select(actors.c.kind).distinct()).scalars() if k})
        if kind not in kinds:
            raise InputError(f"kind {kind!r}: choose one of {', '.join(kinds)}")
        where.append(actors.c.kind == kind)
    if q:
        where.append(actor_condition(match_actors(kb, q.strip()), q.strip()))
    with store.engine.connect() as conn:
        chosen = selected_ids(conn, sel)
        involved = event_actors.c.event_id.in_(chosen) if chosen is not None else true()
        base = select(event_actors.c.actor_id.label("id")).join(actors, actors.c.id == event_actors.c.actor_id) \
            .where(involved, *where).distinct()
        query = select(actors, n_events).join(event_actors, event_actors.c.actor_id == actors.c.id) \
            .where(actors.c.id.in_(base), involved).group_by(*actors.c) \
            .order_by(n_events.desc(), actors.c.name, actors.c.id).limit(limit).offset(offset)
        total = conn.scalar(select(func.count()).select_from(base.subquery()))
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        row.update(_kb_names(kb, row.get("kb_id")))
    return {"total": total, "limit": limit, "offset": offset, "actors": rows}


def _kb_names(kb, kb_id: str | None) -> dict:
    entry = kb.actors_by_id.get(kb_id) if kb is not None and kb_id else None
    return {"name_en": entry.name if entry else None, "name_ar": entry.aliases[0] if entry else None}


def actor_profile(store, ref: str, kb=None, partners: int = 15, recent: int = 20) -> dict:
    row = find_actor(store, ref)
    actor_id = row["id"]
    profile = dict(row)
    entry = kb.actors_by_id.get(row["kb_id"]) if kb is not None and row["kb_id"] else None
    titles = {t.key: t for t in kb.titles} if kb is not None else {}
    states = kb.states_by_code if kb is not None else {}

    def polity_name(code):
        return states[code].name if code in states else None

    profile.update(
        name_en=entry.name if entry else None,
        names_ar=list(entry.aliases) if entry else [],
        short_ar=list(entry.short) if entry else [],
        polity_name=polity_name(row["polity"]),
        uncertain=entry.uncertain if entry else None,
        note=entry.note if entry else None,
        roles=[{"title": r.title, "title_en": titles[r.title].en if r.title in titles else r.title,
                "title_ar": titles[r.title].ar[0] if r.title in titles else None, "polity": r.polity,
                "polity_name": polity_name(r.polity), "start": r.start, "end": r.end, "org": r.org}
               for r in sorted(entry.roles, key=lambda r: (r.start or 0))] if entry else [],
    )
    mine = involving(actors.c.id == actor_id)
    with store.engine.connect() as conn:
        counts = conn.execute(select(events.c.event_type, event_actors.c.role, func.count())
                              .join(event_actors, event_actors.c.event_id == events.c.id)
                              .where(event_actors.c.actor_id == actor_id)
                              .group_by(events.c.event_type, event_actors.c.role)).all()
        per_type = dict(conn.execute(select(events.c.event_type, func.count(distinct(events.c.id)))
                                     .join(event_actors, event_actors.c.event_id == events.c.id)
                                     .where(event_actors.c.actor_id == actor_id)
                                     .group_by(events.c.event_type)).all())
        other = event_actors.alias("other")
        partner_rows = conn.execute(
            select(actors.c.id, actors.c.name, actors.c.polity, actors.c.kb_id,
                   func.count(func.distinct(other.c.event_id)).label("events"))
            .select_from(event_actors.join(other, and_(other.c.event_id == event_actors.c.event_id,
                                                       other.c.actor_id != actor_id))
                         .join(actors, actors.c.id == other.c.actor_id))
            .where(event_actors.c.actor_id == actor_id)
            .group_by(actors.c.id, actors.c.name, actors.c.polity, actors.c.kb_id)
            .order_by(func.count(func.distinct(other.c.event_id)).desc(), actors.c.name).limit(partners)).all()
    by_type: dict[str, dict[str, int]] = {}
    for event_type, role, n in counts:
        by_type.setdefault(event_type, {"actor": 0, "recipient": 0})[role] = n
    total = sum(per_type.values())  # events, each once even where the actor is on both sides
    coop = sum(n for t, n in per_type.items() if t in COOPERATION)
    profile.update(
        events=total, cooperation=coop, conflict=total - coop,
        by_type=dict(sorted(by_type.items(), key=lambda kv: -sum(kv[1].values()))),
        partners=[{"id": p.id, "name": p.name, "polity": p.polity, "actor_id": p.kb_id, "events": p.events}
                  for p in partner_rows],
        timeline=timeline(store, Selection(), (mine,)),
        recent=list_events(store, Selection(), limit=recent, sort="-date", extra=(mine,)),
    )
    return profile
