"""The alliance network: who deals with whom, weighted by the number of events.

An edge joins each actor of an event to each of its recipients (or, with no
recipient, the actors of a joint event to each other). At `polity` level the
nodes are polity codes (RUS, LBY-E, …) and an event inside one polity adds no
edge. Each node also gets a `camp` for Libya's two camps: east (LBY-E) or west
(LBY-W) for Libyans, and for everyone else the camp(s) they cooperate with.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import networkx as nx
from sqlalchemy import func, select

from marsad.errors import InputError
from marsad.store.query import COOPERATION, Selection, selected_ids, until
from marsad.store.tables import actors, network_nodes, network_pairs

LEVELS = ("person", "polity")
CAMPS = {"LBY-E": "east", "LBY-W": "west"}


@dataclass
class Network:
    """Nodes and weighted edges as plain dicts (fast to serve); `to_graph` gives the networkx graph."""

    level: str
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[tuple[str, str], dict] = field(default_factory=dict)  # (one, other) with one < other


def build_network(store, sel: Selection = Selection(), level: str = "person", kb=None) -> Network:
    """The network of the selected events.

    Pairs come from the `network_pairs` table, written with each event, so the network of a store of many
    thousands of events is one GROUP BY, and the dyads and the dashboard count the same pairs.
    """
    if level not in LEVELS:
        raise InputError(f"level {level!r}: choose person or polity")
    p = network_pairs.c
    with store.engine.connect() as conn:
        pair_rows = conn.execute(select(p.one, p.other, p.event_type, func.count(), func.min(p.date), func.max(p.date))
                                 .where(*pair_conditions(conn, network_pairs, sel, level))
                                 .group_by(p.one, p.other, p.event_type)).all()
        node_rows = conn.execute(select(network_nodes.c.node, func.count())
                                 .where(*pair_conditions(conn, network_nodes, sel, level))
                                 .group_by(network_nodes.c.node)).all()
        people = {}
        if level == "person" and node_rows:
            ids = [int(n) for n, _ in node_rows]
            for chunk in range(0, len(ids), 900):
                people.update((str(r.id), r) for r in conn.execute(
                    select(actors.c.id, actors.c.name, actors.c.polity, actors.c.kind, actors.c.kb_id)
                    .where(actors.c.id.in_(ids[chunk:chunk + 900]))))
    net = Network(level)
    for node, n in node_rows:
        if level == "person":
            who = people.get(node)
            net.nodes[node] = {"events": n, "label": who.name if who else node, "polity": who.polity if who else None,
                               "kind": who.kind if who else None, "kb_id": who.kb_id if who else None}
        else:
            state = kb.states_by_code.get(node) if kb is not None else None
            net.nodes[node] = {"events": n, "label": state.name if state else node, "polity": node,
                               "kind": "polity", "kb_id": None}
    for one, other, event_type, n, first, last in pair_rows:
        edge = net.edges.get((one, other))
        if edge is None:
            edge = net.edges[(one, other)] = {"weight": 0, "cooperation": 0, "conflict": 0, "by_type": {},
                                              "first": first, "last": last}
        edge["by_type"][event_type] = n
        edge["weight"] += n
        edge["cooperation" if event_type in COOPERATION else "conflict"] += n
        if first and (edge["first"] is None or first < edge["first"]):
            edge["first"] = first
        if last and (edge["last"] is None or last > edge["last"]):
            edge["last"] = last
    _assign_camps(net)
    return net


def pair_conditions(conn, table, sel: Selection, level: str) -> list:
    """The selection on a network table: dates and types directly, any other filter through the events table."""
    c = table.c
    where = [c.level == level]
    if sel.date_from:
        where.append(c.date >= sel.date_from)
    if sel.date_to:
        where += until(c.date, sel.date_to)
    if sel.types:
        where.append(c.event_type.in_(sel.types))
    rest = selected_ids(conn, replace(sel, date_from=None, date_to=None, types=()))
    if rest is not None:
        where.append(c.event_id.in_(rest))
    return where


def _assign_camps(net: Network) -> None:
    ties: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (a, b), edge in net.edges.items():
        for me, other in ((a, b), (b, a)):
            camp = CAMPS.get(net.nodes.get(other, {}).get("polity"))
            if camp and edge["cooperation"]:
                ties[me][camp] += edge["cooperation"]
    for node, data in net.nodes.items():
        if data.get("polity") in CAMPS:
            data["camp"] = CAMPS[data["polity"]]
        else:
            mine = ties.get(node, {})
            data["camp"] = "both" if len(mine) == 2 else next(iter(mine), "none")


def network_json(net: Network, max_nodes: int | None = None, min_weight: int = 1,
                 max_edges: int | None = None) -> dict:
    """Nodes and edges for the web UI and the API: the strongest `max_nodes` nodes and `max_edges` edges."""
    strength: dict[str, int] = defaultdict(int)
    for (a, b), edge in net.edges.items():
        strength[a] += edge["weight"]
        strength[b] += edge["weight"]
    nodes = sorted(net.nodes, key=lambda n: (-strength.get(n, 0), -net.nodes[n]["events"], n))
    kept = set(nodes[:max_nodes] if max_nodes else nodes)
    edges = [{"id": f"{a}|{b}", "source": a, "target": b, **edge} for (a, b), edge in net.edges.items()
             if edge["weight"] >= min_weight and a in kept and b in kept]
    edges.sort(key=lambda e: (-e["weight"], e["id"]))
    shown = edges[:max_edges] if max_edges else edges
    return {
        "level": net.level,
        "nodes": [{"id": n, "strength": strength.get(n, 0), **net.nodes[n]} for n in nodes if n in kept],
        "edges": shown,
        "total_nodes": len(net.nodes),
        "total_edges": len(net.edges),
        "truncated": len(kept) < len(net.nodes) or len(shown) < len(edges),
    }


def to_graph(net: Network) -> nx.Graph:
    """The networkx graph, with only scalar attributes (per-type counts as `n_TYPE`) as GraphML and GEXF require."""
    graph = nx.Graph(level=net.level)
    for node, data in net.nodes.items():
        graph.add_node(node, **{k: v for k, v in data.items() if v is not None})
    for (a, b), edge in net.edges.items():
        attrs = {k: v for k, v in edge.items() if k != "by_type" and v is not None}
        attrs.update({f"n_{t}": n for t, n in edge["by_type"].items()})
        graph.add_edge(a, b, **attrs)
    return graph
