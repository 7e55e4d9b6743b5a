"""The alliance network: who deals with whom, weighted by the number of events.

An edge joins each actor of an event to each of its recipients (or, with no
recipient, the actors of a joint event to each other). At `polity` level the
nodes are polity codes (RUS, LBY-E, …) and an event inside one polity adds no
edge. Each node also gets a `camp` for Libya's two camps: east (LBY-E) or west
(LBY-W) for Libyans, and for everyone else the camp(s) they cooperate with.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from marsad.analysis.query import COOPERATION, Selection, participants

LEVELS = ("person", "polity")
CAMPS = {"LBY-E": "east", "LBY-W": "west"}


def build_network(store, sel: Selection = Selection(), level: str = "person", kb=None) -> nx.Graph:
    """A weighted undirected graph of the selected events; node and edge attributes are plain values."""
    if level not in LEVELS:
        from marsad.errors import InputError
        raise InputError(f"level {level!r}: choose person or polity")
    by_event: dict[int, dict] = {}
    info: dict[str, dict] = {}
    for row in participants(store, sel):
        if level == "person":
            node = str(row.actor)
            info.setdefault(node, {"label": row.name, "polity": row.polity, "kind": row.kind, "kb_id": row.kb_id})
        else:
            if not row.polity:
                continue
            node = row.polity
            state = kb.states_by_code.get(node) if kb is not None else None
            info.setdefault(node, {"label": state.name if state else node, "polity": node, "kind": "polity",
                                   "kb_id": None})
        ev = by_event.setdefault(row.event_id, {"type": row.event_type, "date": row.date, "actor": [], "recipient": []})
        if node not in ev[row.role]:
            ev[row.role].append(node)
    graph = nx.Graph(level=level)
    node_events: Counter = Counter()
    edges: dict[tuple[str, str], dict] = {}
    for event_id, ev in by_event.items():
        members = set(ev["actor"]) | set(ev["recipient"])
        for node in members:
            node_events[node] += 1
        if ev["recipient"]:
            pairs = {tuple(sorted((a, r))) for a in ev["actor"] for r in ev["recipient"] if a != r}
        else:
            pairs = {tuple(sorted(p)) for p in combinations(sorted(set(ev["actor"])), 2)}
        for pair in pairs:
            edge = edges.setdefault(pair, {"weight": 0, "by_type": Counter(), "first": None, "last": None})
            edge["weight"] += 1
            edge["by_type"][ev["type"]] += 1
            if ev["date"]:
                edge["first"] = min(edge["first"] or ev["date"], ev["date"])
                edge["last"] = max(edge["last"] or ev["date"], ev["date"])
    for node, n in node_events.items():
        graph.add_node(node, events=n, **info[node])
    for (a, b), edge in edges.items():
        coop = sum(n for t, n in edge["by_type"].items() if t in COOPERATION)
        graph.add_edge(a, b, weight=edge["weight"], cooperation=coop, conflict=edge["weight"] - coop,
                       by_type=dict(edge["by_type"]), first=edge["first"], last=edge["last"])
    _assign_camps(graph)
    return graph


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
    nodes = sorted(graph.nodes, key=lambda n: (-strength.get(n, 0), -graph.nodes[n]["events"], n))
    kept = set(nodes[:max_nodes] if max_nodes else nodes)
    edges = []
    for a, b, data in graph.edges(data=True):
        if a in kept and b in kept and data["weight"] >= min_weight:
            source, target = sorted((a, b))
            edges.append({"id": f"{source}|{target}", "source": source, "target": target, **data})
    edges.sort(key=lambda e: (-e["weight"], e["id"]))
    return {
        "level": graph.graph.get("level"),
        "nodes": [{"id": n, "strength": strength.get(n, 0), **graph.nodes[n]} for n in nodes if n in kept],
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
