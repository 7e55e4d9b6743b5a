"""Actor profiles: names, roles over time, event counts by type, partners, timeline."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import case, distinct, func, or_, select, true

from marsad.analysis.timelines import timeline
from marsad.errors import InputError, NotFound
from marsad.store.names import actors_named_by
from marsad.store.query import (COOPERATION, MAX_ID, Selection, actor_condition, actor_id_text, involving,
                                known_polities, list_events, match_actors, selected_ids)
from marsad.store.tables import actors, event_actors, events, network_pairs
from marsad.text.normalize import normalize_key


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
        row.update(describe(kb, row))
    return {"total": total, "limit": limit, "offset": offset, "actors": rows}


def describe(kb, row) -> dict:
    """English and Arabic names and the kind of a stored actor, from the knowledge base: its actor entry, or for a
    state stored without one ('Türkiye', found as تركيا or الحكومة التركية) the state's entry: a state is a 'state'."""
    entry = kb.actors_by_id.get(row["kb_id"]) if kb is not None and row["kb_id"] else None
    if entry is not None:
        return {"name_en": entry.name, "name_ar": entry.aliases[0] if entry.aliases else None, "kind": entry.kind}
    state = kb.states_by_code.get(row["polity"]) if kb is not None and row["polity"] else None
    if state is not None and state.name == row["name"]:
        return {"name_en": state.name, "name_ar": state.names_ar[0], "kind": "state"}
    return {"name_en": None, "name_ar": None, "kind": row["kind"]}


@lru_cache(maxsize=4)
def own_bodies(kb) -> frozenset[frozenset[str]]:
    """Pairs of a person and a body they lead or serve (knowledge-base ids), which are one side, never partners:
    a role's `org` names the body (Haftar, commander of the Libyan National Army), or the body's Arabic name
    contains the person's (قوات خليفة حفتر)."""
    bodies = {a.id for a in kb.actors if a.kind != "person"}
    by_name = {normalize_key(n): a.id for a in kb.actors if a.id in bodies for n in (a.id, a.name)}
    pairs = set()
    for person in (a for a in kb.actors if a.kind == "person"):
        for role in person.roles:
            body = by_name.get(normalize_key(role.org or ""))
            if body:
                pairs.add(frozenset((person.id, body)))
        pairs.update(frozenset((person.id, owner)) for owner in actors_named_by(kb, person.aliases) if owner in bodies)
    return frozenset(pairs)


def actor_profile(store, ref: str, kb=None, partners: int = 15, recent: int = 20) -> dict:
    row = find_actor(store, ref)
    actor_id = row["id"]
    profile = dict(row)
    entry = kb.actors_by_id.get(row["kb_id"]) if kb is not None and row["kb_id"] else None
    titles = {t.key: t for t in kb.titles} if kb is not None else {}
    states = kb.states_by_code if kb is not None else {}

    def polity_name(code):
        return states[code].name if code in states else None

    names = describe(kb, row)
    state = states.get(row["polity"]) if names["kind"] == "state" and not entry else None
    profile.update(
        kind=names["kind"],
        name_en=names["name_en"],
        names_ar=list(entry.aliases) if entry else list(state.names_ar) if state else [],
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
        partner_rows = _partners(conn, actor_id)
    mine_kb = row["kb_id"]
    bodies = own_bodies(kb) if kb is not None and mine_kb else frozenset()
    partner_rows = [p for p in partner_rows if not (p.kb_id and frozenset((mine_kb, p.kb_id)) in bodies)][:partners]
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


def _partners(conn, actor_id: int) -> list:
    """The actor's neighbours in the person-level network, strongest first: the other side of its events (or the
    other actors of a joint event), each with the number of events of the pair, which is the dyad's total."""
    p = network_pairs.c
    me = str(actor_id)
    other = case((p.one == me, p.other), else_=p.one)
    n = func.count(distinct(p.event_id)).label("events")
    pairs = select(other.label("node"), n).where(p.level == "person", or_(p.one == me, p.other == me)) \
        .group_by(other).subquery()
    return conn.execute(select(actors.c.id, actors.c.name, actors.c.polity, actors.c.kb_id, pairs.c.events)
                        .join(pairs, pairs.c.node == actor_id_text())
                        .order_by(pairs.c.events.desc(), actors.c.name, actors.c.id)).all()
