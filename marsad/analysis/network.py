"""The alliance network: who deals with whom, weighted by the number of events.

An edge joins each actor of an event to each of its recipients (or, with no
recipient, the actors of a joint event to each other). At `polity` level the
nodes are polity codes (RUS, LBY-E, …) and an event inside one polity adds no
edge. Each node also gets a `camp` for Libya's two camps: east (LBY-E) or west
(LBY-W) for Libyans, and for everyone else the camp(s) they cooperate with.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import networkx as nx
from sqlalchemy import and_, func, select, true

from marsad.analysis.pairs import ensure_pairs, network_nodes, network_pairs
from marsad.analysis.query import COOPERATION, Selection, conditions
from marsad.errors import InputError
from marsad.store.tables import actors, events

LEVELS = ("person", "polity")
CAMPS = {"LBY-E": "east", "LBY-W": "west"}


def build_network(store, sel: Selection = Selection(), level: str = "person", kb=None) -> nx.Graph:
    """A weighted undirected graph of the selected events; node and edge attributes are plain values.

    Pairs come from the derived `network_pairs` table (marsad.analysis.pairs), so the network of a store of many
    thousands of events is one GROUP BY.
    """
    if level not in LEVELS:
        raise InputError(f"level {level!r}: choose person or polity")
    ensure_pairs(store)
    p = network_pairs.c
    with store.engine.connect() as conn:
        pair_rows = conn.execute(select(p.one, p.other, p.event_type, func.count(), func.min(p.date), func.max(p.date))
                                 .where(*_where(network_pairs, store, sel, level))
                                 .group_by(p.one, p.other, p.event_type)).all()
        node_rows = conn.execute(select(network_nodes.c.node, func.count())
                                 .where(*_where(network_nodes, store, sel, level))
                                 .group_by(network_nodes.c.node)).all()
        people = {}
        if level == "person" and node_rows:
            ids = [int(n) for n, _ in node_rows]
            for chunk in range(0, len(ids), 900):
                people.update((str(r.id), r) for r in conn.execute(
                    select(actors.c.id, actors.c.name, actors.c.polity, actors.c.kind, actors.c.kb_id)
                    .where(actors.c.id.in_(ids[chunk:chunk + 900]))))
    graph = nx.Graph(level=level)
    for node, n in node_rows:
        if level == "person":
            who = people.get(node)
            graph.add_node(node, events=n, label=who.name if who else node, polity=who.polity if who else None,
                           kind=who.kind if who else None, kb_id=who.kb_id if who else None)
        else:
            state = kb.states_by_code.get(node) if kb is not None else None
            graph.add_node(node, events=n, label=state.name if state else node, polity=node, kind="polity",
                           kb_id=None)
    edges: dict[tuple[str, str], dict] = {}
    for one, other, event_type, n, first, last in pair_rows:
        edge = edges.setdefault((one, other), {"weight": 0, "by_type": {}, "first": first, "last": last})
        edge["by_type"][event_type] = n
        edge["weight"] += n
        if first and (edge["first"] is None or first < edge["first"]):
            edge["first"] = first
        if last and (edge["last"] is None or last > edge["last"]):
            edge["last"] = last
    for (a, b), edge in edges.items():
        coop = sum(n for t, n in edge["by_type"].items() if t in COOPERATION)
        graph.add_edge(a, b, weight=edge["weight"], cooperation=coop, conflict=edge["weight"] - coop,
                       by_type=edge["by_type"], first=edge["first"], last=edge["last"])
    _assign_camps(graph)
    return graph


def _where(table, store, sel: Selection, level: str) -> list:
    """The selection on a derived table: dates and types directly, any other filter through the events table."""
    c = table.c
    where = [c.level == level]
    if sel.date_from:
        where.append(c.date >= sel.date_from)
    if sel.date_to:
        where.append(c.date <= sel.date_to + "~")
    if sel.types:
        where.append(c.event_type.in_(sel.types))
    rest = replace(sel, date_from=None, date_to=None, types=())
    if rest != Selection():
        where.append(c.event_id.in_(select(events.c.id).where(and_(true(), *conditions(store, rest)))))
    return where


def _assign_camps(graph: nx.Graph) -> None:
    for node, data in graph.nodes(data=True):
        if data.get("polity") in CAMPS:
            data["camp"] = CAMPS[data["polity"]]
            continue
        ties = defaultdict(int)
        for other in graph.neighbors(node):
            camp = CAMPS.get(graph.nodes[other].get("polity"))
            if camp:
                ties[camp] += graph.edges[node, other]["cooperation"]
        data["camp"] = "both" if len([c for c, n in ties.items() if n]) == 2 else \
            next((c for c, n in ties.items() if n), "none")


def network_json(graph: nx.Graph, max_nodes: int | None = None, min_weight: int = 1) -> dict:
    """Nodes and edges for the web UI and the API, the strongest `max_nodes` kept."""
    strength = dict(graph.degree(weight="weight"))
    data = dict(graph.nodes(data=True))
    nodes = sorted(data, key=lambda n: (-strength.get(n, 0), -data[n]["events"], n))
    kept = set(nodes[:max_nodes] if max_nodes else nodes)
    edges = []
    for a, b, attrs in graph.edges(data=True):
        if attrs["weight"] >= min_weight and a in kept and b in kept:
            source, target = (a, b) if a <= b else (b, a)
            edges.append({"id": f"{source}|{target}", "source": source, "target": target, **attrs})
    edges.sort(key=lambda e: (-e["weight"], e["id"]))
    return {
        "level": graph.graph.get("level"),
        "nodes": [{"id": n, "strength": strength.get(n, 0), **data[n]} for n in nodes if n in kept],
        "edges": edges,
        "total_nodes": graph.number_of_nodes(),
        "total_edges": graph.number_of_edges(),
        "truncated": len(kept) < graph.number_of_nodes(),
    }


def export_graph(graph: nx.Graph) -> nx.Graph:
    """A copy with only scalar attributes (per-type counts as `n_TYPE`), as GraphML and GEXF require."""
    out = nx.Graph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: v for k, v in data.items() if v is not None})
    for a, b, data in graph.edges(data=True):
        attrs = {k: v for k, v in data.items() if k != "by_type" and v is not None}
        attrs.update({f"n_{t}": n for t, n in data.get("by_type", {}).items()})
        out.add_edge(a, b, **attrs)
    return out
