"""The relation between two actors or polities over time: events per month by type, cooperation vs conflict.

A side is an actor (store id or knowledge-base id) or a polity code (RUS,
LBY-E). An event belongs to the dyad when one participant matches each side
and they are different participants, in whichever direction.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import or_, select

from marsad.analysis.query import COOPERATION, Selection, involving, list_events, participants
from marsad.analysis.timelines import series_from_rows
from marsad.errors import InputError, NotFound
from marsad.knowledge.schema import POLITY_PATTERN
from marsad.store.tables import actors

_POLITY = re.compile(POLITY_PATTERN)


@dataclass(frozen=True)
class Side:
    ref: str
    kind: str  # actor | polity
    actor_ids: frozenset[int] = frozenset()
    label: str = ""
    polity: str | None = None

    def condition(self):
        return actors.c.polity == self.ref if self.kind == "polity" else actors.c.id.in_(self.actor_ids)

    def matches(self, actor_id: int, polity: str | None) -> bool:
        return polity == self.ref if self.kind == "polity" else actor_id in self.actor_ids

    def as_dict(self) -> dict:
        return {"ref": self.ref, "kind": self.kind, "label": self.label, "polity": self.polity,
                "actor_ids": sorted(self.actor_ids)}


def resolve_side(store, ref: str, kb=None) -> Side:
    """'RUS' → the polity; '12' → actor 12; 'khalifa-haftar' → the actor with that knowledge-base id."""
    ref = ref.strip()
    if _POLITY.match(ref):
        state = kb.states_by_code.get(ref) if kb is not None else None
        return Side(ref, "polity", label=state.name if state else ref, polity=ref)
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
    extra = (involving(side_a.condition()), involving(side_b.condition()))
    per_event: dict[int, dict] = {}
    for row in participants(store, sel, extra):
        ev = per_event.setdefault(row.event_id, {"type": row.event_type, "date": row.date, "a": set(), "b": set(),
                                                  "roles": {}})
        if side_a.matches(row.actor, row.polity):
            ev["a"].add(row.actor)
            ev["roles"].setdefault("a", set()).add(row.role)
        if side_b.matches(row.actor, row.polity):
            ev["b"].add(row.actor)
            ev["roles"].setdefault("b", set()).add(row.role)
    ids = [i for i, ev in per_event.items() if ev["a"] and ev["b"] and (ev["a"] | ev["b"]) != (ev["a"] & ev["b"])]
    rows: Counter = Counter()
    by_type: Counter = Counter()
    direction: dict[str, int] = defaultdict(int)
    undated = 0
    for i in ids:
        ev = per_event[i]
        by_type[ev["type"]] += 1
        if ev["date"] and len(ev["date"]) >= 7:
            rows[(ev["date"][:7], ev["type"])] += 1
        else:
            undated += 1
        if "actor" in ev["roles"].get("a", ()) and "recipient" in ev["roles"].get("b", ()):
            direction["a_to_b"] += 1
        elif "actor" in ev["roles"].get("b", ()) and "recipient" in ev["roles"].get("a", ()):
            direction["b_to_a"] += 1
        else:
            direction["joint"] += 1
    trajectory = series_from_rows(sorted((m, t, n) for (m, t), n in rows.items()), undated)
    coop = sum(n for t, n in by_type.items() if t in COOPERATION)
    total = sum(by_type.values())
    newest = sorted(ids, key=lambda i: (per_event[i]["date"] or "", i), reverse=True)[:limit]
    latest = list_events(store, Selection(event_ids=tuple(newest)), limit=limit, sort="-date") if newest else []
    return {
        "a": side_a.as_dict(), "b": side_b.as_dict(), "total": total, "by_type": dict(by_type.most_common()),
        "cooperation": coop, "conflict": total - coop,
        "balance": round((2 * coop - total) / total, 3) if total else None,
        "direction": {"a_to_b": direction["a_to_b"], "b_to_a": direction["b_to_a"], "joint": direction["joint"]},
        "timeline": trajectory, "events": latest,
    }
