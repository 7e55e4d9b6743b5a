"""The dashboard in one call: counts, events by type per month, most active actors and dyads, latest events,
and the values each filter can take. `marsad summary` prints the same figures."""
from __future__ import annotations

from sqlalchemy import select

from marsad.analysis.network import build_network, network_json
from marsad.analysis.profiles import list_actors
from marsad.analysis.timelines import timeline
from marsad.store.query import AUX_VALUES, EVENT_TYPES, Selection, counts, known_values, list_events
from marsad.store.tables import actors, events


def facets(store, kb=None) -> dict:
    with store.engine.connect() as conn:
        present = set(conn.execute(select(events.c.event_type).distinct()).scalars())
        codes = sorted(p for p in conn.execute(select(actors.c.polity).distinct()).scalars() if p)
    modes, contexts = known_values("mode", store), known_values("context", store)
    states = kb.states_by_code if kb is not None else {}
    return {"types": [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES)),
            "all_types": list(EVENT_TYPES), "modes": sorted(modes), "contexts": sorted(contexts), "aux": list(AUX_VALUES),
            "polities": [{"code": c, "name": states[c].name if c in states else c} for c in codes]}


def top_dyads(store, sel: Selection = Selection(), kb=None, top: int = 10) -> list[dict]:
    """The strongest polity pairs of the selected events: the edges of the polity network."""
    polity_net = network_json(build_network(store, sel, "polity", kb))
    labels = {n["id"]: n["label"] for n in polity_net["nodes"]}
    return [{**e, "source_label": labels.get(e["source"]), "target_label": labels.get(e["target"])}
            for e in polity_net["edges"][:top]]


def summary(store, kb=None, top: int = 10, sel: Selection = Selection(), with_facets: bool = True) -> dict:
    out = {"counts": counts(store, sel), "timeline": timeline(store, sel),
           "top_actors": list_actors(store, kb, limit=top, sel=sel)["actors"],
           "top_dyads": top_dyads(store, sel, kb, top), "latest": list_events(store, sel, limit=top, sort="-date")}
    if with_facets:
        out["facets"] = facets(store, kb)
    return out
