"""The dashboard in one call: counts, events by type per month, most active actors and dyads, latest events,
and the values each filter can take."""
from __future__ import annotations

import json

from sqlalchemy import select

from marsad.analysis.network import build_network, network_json
from marsad.analysis.profiles import list_actors
from marsad.analysis.query import AUX_VALUES, EVENT_TYPES, Selection, list_events
from marsad.analysis.timelines import timeline
from marsad.store.tables import actors, events


def facets(store, kb=None) -> dict:
    with store.engine.connect() as conn:
        modes = sorted(m for m in conn.execute(select(events.c.mode).distinct()).scalars() if m)
        contexts = set()
        for value in conn.execute(select(events.c.context).distinct()).scalars():
            items = value if isinstance(value, list) else json.loads(value or "[]")
            contexts.update(items)
        present = set(conn.execute(select(events.c.event_type).distinct()).scalars())
        codes = sorted(p for p in conn.execute(select(actors.c.polity).distinct()).scalars() if p)
    states = kb.states_by_code if kb is not None else {}
    return {"types": [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES)),
            "all_types": list(EVENT_TYPES), "modes": modes, "contexts": sorted(contexts), "aux": list(AUX_VALUES),
            "polities": [{"code": c, "name": states[c].name if c in states else c} for c in codes]}


def summary(store, kb=None, top: int = 10) -> dict:
    polity_net = network_json(build_network(store, Selection(), "polity", kb))
    labels = {n["id"]: n["label"] for n in polity_net["nodes"]}
    dyads = [{**e, "source_label": labels.get(e["source"]), "target_label": labels.get(e["target"])}
             for e in polity_net["edges"][:top]]
    return {"counts": store.counts(), "timeline": timeline(store), "top_actors": list_actors(store, kb, limit=top)["actors"],
            "top_dyads": dyads, "latest": list_events(store, Selection(), limit=top, sort="-date"),
            "facets": facets(store, kb)}
