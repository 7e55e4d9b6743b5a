"""Who-with-whom per event, kept as derived tables so the network of many thousands of events is one GROUP BY.

`network_pairs` holds one row per event and unordered pair of participants (actor × recipient, or the actors
of a joint event with no recipient), at person level (store actor ids) and polity level (polity codes);
`network_nodes` one row per event and participant. Both are filled from the store's tables by `ensure_pairs`,
which adds the events with a higher id than the last it saw (events are immutable once stored), the same way
the search index follows new documents. `rebuild_pairs` starts over.
"""
from __future__ import annotations

import threading
from itertools import combinations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, delete, func, insert, select
from sqlalchemy.exc import OperationalError

from marsad.store.tables import actors, event_actors, events

derived = MetaData()
network_pairs = Table(
    "network_pairs", derived,
    Column("level", String(8), primary_key=True),
    Column("event_id", Integer, primary_key=True),
    Column("one", String(64), primary_key=True),
    Column("other", String(64), primary_key=True),
    Column("event_type", String(16), nullable=False),
    Column("date", String(10)),
    Index("ix_network_pairs_level_date", "level", "date"),
    Index("ix_network_pairs_cover", "level", "one", "other", "event_type", "date"),  # GROUP BY without a sort
)
network_nodes = Table(
    "network_nodes", derived,
    Column("level", String(8), primary_key=True),
    Column("event_id", Integer, primary_key=True),
    Column("node", String(64), primary_key=True),
    Column("event_type", String(16), nullable=False),
    Column("date", String(10)),
    Index("ix_network_nodes_level_date", "level", "date"),
    Index("ix_network_nodes_cover", "level", "node", "date", "event_type"),
)
network_meta = Table("network_meta", derived, Column("key", String(32), primary_key=True),
                     Column("value", Integer, nullable=False))

BATCH = 5000
_lock = threading.Lock()
_created: set[str] = set()


def _pairs_of(actor_side: list, recipient_side: list) -> set[tuple[str, str]]:
    if recipient_side:
        return {(a, r) if a < r else (r, a) for a in actor_side for r in recipient_side if a != r}
    return set(combinations(sorted(set(actor_side)), 2))


def _create(engine) -> None:
    derived.create_all(engine)
    for table in derived.tables.values():  # indexes added in a later version, on tables that already exist
        for index in table.indexes:
            index.create(engine, checkfirst=True)


def ensure_pairs(store) -> int:
    """Bring the derived tables up to date with the store; returns how many events were added."""
    engine = store.engine
    with _lock:
        if str(engine.url) not in _created:
            try:
                _create(engine)
            except OperationalError:  # another server process created them a moment ago
                _create(engine)
            _created.add(str(engine.url))
        with engine.connect() as conn:
            last = conn.scalar(select(network_meta.c.value).where(network_meta.c.key == "events")) or 0
            newest = conn.scalar(select(func.max(events.c.id))) or 0
        if newest <= last:
            return 0
        added = 0
        while last < newest:
            upper = min(newest, last + BATCH)
            with engine.begin() as conn:
                rows = conn.execute(
                    select(events.c.id, events.c.event_type, events.c.date, event_actors.c.role, actors.c.id.label("actor"),
                           actors.c.polity)
                    .select_from(events.join(event_actors, event_actors.c.event_id == events.c.id)
                                 .join(actors, actors.c.id == event_actors.c.actor_id))
                    .where(events.c.id > last, events.c.id <= upper).order_by(events.c.id)).all()
                by_event: dict[int, dict] = {}
                for r in rows:
                    ev = by_event.setdefault(r.id, {"type": r.event_type, "date": r.date,
                                                    "person": ([], []), "polity": ([], [])})
                    side = 0 if r.role == "actor" else 1
                    ev["person"][side].append(str(r.actor))
                    if r.polity:
                        ev["polity"][side].append(r.polity)
                pair_rows, node_rows = [], []
                for event_id, ev in by_event.items():
                    for level in ("person", "polity"):
                        actor_side, recipient_side = ev[level]
                        for one, other in _pairs_of(actor_side, recipient_side):
                            pair_rows.append({"level": level, "event_id": event_id, "one": one, "other": other,
                                              "event_type": ev["type"], "date": ev["date"]})
                        for node in set(actor_side) | set(recipient_side):
                            node_rows.append({"level": level, "event_id": event_id, "node": node,
                                              "event_type": ev["type"], "date": ev["date"]})
                conn.execute(delete(network_pairs).where(network_pairs.c.event_id > last,
                                                         network_pairs.c.event_id <= upper))
                conn.execute(delete(network_nodes).where(network_nodes.c.event_id > last,
                                                         network_nodes.c.event_id <= upper))
                if pair_rows:
                    conn.execute(insert(network_pairs), pair_rows)
                if node_rows:
                    conn.execute(insert(network_nodes), node_rows)
                conn.execute(delete(network_meta).where(network_meta.c.key == "events"))
                conn.execute(insert(network_meta).values(key="events", value=upper))
            added += len(by_event)
            last = upper
        return added


def rebuild_pairs(store) -> int:
    """Empty the derived tables and fill them again (after events were edited or deleted by hand)."""
    _create(store.engine)
    with store.engine.begin() as conn:
        for table in (network_pairs, network_nodes, network_meta):
            conn.execute(delete(table))
    return ensure_pairs(store)
