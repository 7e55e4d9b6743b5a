"""Actor profiles: names, roles over time, event counts by type, partners, timeline."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import and_, func, or_, select

from marsad.analysis.query import COOPERATION, Selection, involving, list_events
from marsad.analysis.timelines import timeline
from marsad.errors import NotFound
from marsad.store.tables import actors, event_actors, events
from marsad.text.normalize import normalize_key


def find_actor(store, ref: str):
    """The actor row for a store id, a knowledge-base id or an actor key."""
    ref = ref.strip()
    cond = actors.c.id == int(ref) if ref.isdigit() else or_(actors.c.kb_id == ref, actors.c.actor_key == ref)
    with store.engine.connect() as conn:
        row = conn.execute(select(actors).where(cond).order_by(actors.c.id)).mappings().first()
    if row is None:
        raise NotFound(f"no actor {ref!r}: use an id from /api/actors or a knowledge-base id such as khalifa-haftar")
    return row


@lru_cache(maxsize=4)
def _alias_index(kb) -> list[tuple[str, str]]:
    return [(a.id, normalize_key(name)) for a in kb.actors for name in (*a.aliases, *a.short, a.name)]


def kb_ids_matching(kb, q: str) -> list[str]:
    """Knowledge-base actors whose English or Arabic names contain `q` (normalized): 'حفتر' → khalifa-haftar, …"""
    key = normalize_key(q)
    return sorted({actor_id for actor_id, name in _alias_index(kb) if key and key in name}) if kb else []


def list_actors(store, kb=None, q: str | None = None, polity: str | None = None, kind: str | None = None,
                limit: int = 50, offset: int = 0) -> dict:
    n_events = func.count(func.distinct(event_actors.c.event_id)).label("events")
    where = []
    if polity:
        where.append(actors.c.polity == polity.upper())
    if kind:
        where.append(actors.c.kind == kind)
    if q:
        ids = kb_ids_matching(kb, q)
        where.append(or_(actors.c.name.ilike(f"%{q}%"), actors.c.kb_id.in_(ids)) if ids else
                     actors.c.name.ilike(f"%{q}%"))
    base = select(actors.c.id).where(and_(*where)) if where else select(actors.c.id)
    query = select(actors, n_events).join(event_actors, event_actors.c.actor_id == actors.c.id, isouter=True) \
        .where(actors.c.id.in_(base)).group_by(actors.c.id).order_by(n_events.desc(), actors.c.name, actors.c.id) \
        .limit(limit).offset(offset)
    with store.engine.connect() as conn:
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
    total = sum(sum(v.values()) for v in by_type.values())
    coop = sum(sum(v.values()) for t, v in by_type.items() if t in COOPERATION)
    profile.update(
        events=total, cooperation=coop, conflict=total - coop,
        by_type=dict(sorted(by_type.items(), key=lambda kv: -sum(kv[1].values()))),
        partners=[{"id": p.id, "name": p.name, "polity": p.polity, "actor_id": p.kb_id, "events": p.events}
                  for p in partner_rows],
        timeline=timeline(store, Selection(), (mine,)),
        recent=list_events(store, Selection(), limit=recent, sort="-date", extra=(mine,)),
    )
    return profile
