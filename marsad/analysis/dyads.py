"""The relation between two actors or polities over time: events per month by type, cooperation vs conflict.

A side is an actor (store id or knowledge-base id) or a polity code (RUS, LBY-E). An event belongs to the dyad
when the network counts a pair between the two sides in it (`network_pairs`: actor × recipient, or the actors of
a joint event), so a dyad's total is the weight of the network edge between them and of the dashboard's dyad.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from marsad.analysis.network import pair_conditions
from marsad.analysis.timelines import series_from_rows
from marsad.errors import InputError, NotFound
from marsad.knowledge.schema import POLITY_PATTERN
from marsad.store.query import COOPERATION, MAX_ID, Selection, actor_id_text, known_polities, list_events
from marsad.store.tables import actors, network_pairs

_POLITY = re.compile(POLITY_PATTERN)


@dataclass(frozen=True)
class Side:
    ref: str
    kind: str  # actor | polity
    actor_ids: frozenset[int] = frozenset()
    label: str = ""
    polity: str | None = None

    def nodes(self, level: str):
        """The network node ids of this side at `level`: a list, or a subquery for a polity's people."""
        if self.kind == "actor":
            return [str(i) for i in sorted(self.actor_ids)]
        if level == "polity":
            return [self.ref]
        return select(actor_id_text()).where(actors.c.polity == self.ref)

    def as_dict(self) -> dict:
        return {"ref": self.ref, "kind": self.kind, "label": self.label, "polity": self.polity,
                "actor_ids": sorted(self.actor_ids)}


def resolve_side(store, ref: str, kb=None) -> Side:
    """'RUS' → the polity; '12' → actor 12; 'khalifa-haftar' → the actor with that knowledge-base id."""
    ref = ref.strip()
    if _POLITY.match(ref):
        state = kb.states_by_code.get(ref) if kb is not None else None
        if ref not in known_polities(store, kb):
            raise NotFound(f"no polity {ref!r}: use a code such as RUS, LBY-E or UN (see /api/summary facets)")
        return Side(ref, "polity", label=state.name if state else ref, polity=ref)
    if ref.isdigit() and int(ref) > MAX_ID:
        rows = []
    else:
        cond = actors.c.id == int(ref) if ref.isdigit() else or_(actors.c.kb_id == ref, actors.c.actor_key == ref)
        with store.engine.connect() as conn:
            rows = conn.execute(select(actors.c.id, actors.c.name, actors.c.polity).where(cond)).all()
    if not rows:
        raise NotFound(f"no actor or polity {ref!r}: use an actor id from /api/actors, its kb id, "
                       "or a polity code such as RUS or LBY-E")
    return Side(ref, "actor", frozenset(r.id for r in rows), rows[0].name, rows[0].polity)


def dyad(store, a: str, b: str, sel: Selection = Selection(), kb=None, limit: int = 50) -> dict:
    side_a, side_b = resolve_side(store, a, kb), resolve_side(store, b, kb)
    if side_a.kind == side_b.kind and side_a.ref == side_b.ref:
        raise InputError("a dyad needs two different sides")
    level = "polity" if side_a.kind == side_b.kind == "polity" else "person"
    p = network_pairs.c
    nodes_a, nodes_b = side_a.nodes(level), side_b.nodes(level)
    with store.engine.connect() as conn:
        rows = conn.execute(select(p.event_id, p.event_type, p.date, p.one, p.other, p.forward).where(
            *pair_conditions(conn, network_pairs, sel, level),
            or_(and_(p.one.in_(nodes_a), p.other.in_(nodes_b)), and_(p.one.in_(nodes_b), p.other.in_(nodes_a))))
            .order_by(p.event_id)).all()
        a_ids = set(nodes_a) if isinstance(nodes_a, list) else set(conn.execute(nodes_a).scalars())
    per_event: dict[int, dict] = {}
    for r in rows:
        ev = per_event.setdefault(r.event_id, {"type": r.event_type, "date": r.date, "ways": set()})
        if r.forward == 0:
            ev["ways"].add("joint")
        else:
            acting = r.one if r.forward == 1 else r.other
            ev["ways"].add("a_to_b" if acting in a_ids else "b_to_a")
    months: Counter = Counter()
    by_type: Counter = Counter()
    direction = {"a_to_b": 0, "b_to_a": 0, "joint": 0}
    undated = 0
    for ev in per_event.values():
        by_type[ev["type"]] += 1
        if ev["date"] and len(ev["date"]) >= 7:
            months[(ev["date"][:7], ev["type"])] += 1
        else:
            undated += 1
        ways = ev["ways"]
        direction["joint" if len(ways) != 1 else next(iter(ways))] += 1
    trajectory = series_from_rows(sorted((m, t, n) for (m, t), n in months.items()), undated)
    coop = sum(n for t, n in by_type.items() if t in COOPERATION)
    total = sum(by_type.values())
    newest = sorted(per_event, key=lambda i: (per_event[i]["date"] or "", i), reverse=True)[:limit]
    latest = list_events(store, Selection(event_ids=tuple(newest)), limit=limit, sort="-date") if newest else []
    return {
        "a": side_a.as_dict(), "b": side_b.as_dict(), "total": total, "by_type": dict(by_type.most_common()),
        "cooperation": coop, "conflict": total - coop,
        "balance": round((2 * coop - total) / total, 3) if total else None,
        "direction": direction, "timeline": trajectory, "events": latest,
    }
