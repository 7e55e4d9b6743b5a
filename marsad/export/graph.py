"""The actor network as GraphML or GEXF (Gephi, Cytoscape desktop, yEd, networkx, igraph)."""
from __future__ import annotations

import io

import networkx as nx

from marsad.analysis.network import Network, to_graph

GRAPH_FORMATS = ("graphml", "gexf")
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


def graph_bytes(network: Network | nx.Graph, fmt: str = "graphml") -> bytes:
    """Serialize a network from `marsad.analysis.network.build_network` (or a networkx graph)."""
    flat = to_graph(network) if isinstance(network, Network) else network
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buf, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(flat, buf, encoding="utf-8")
    else:
        from marsad.errors import InputError
        raise InputError(f"graph format {fmt!r}: choose {' or '.join(GRAPH_FORMATS)}")
    return buf.getvalue()


def write_graph(network: Network | nx.Graph, path: str, fmt: str | None = None) -> None:
    fmt = fmt or ("gexf" if str(path).endswith(".gexf") else "graphml")
    with open(path, "wb") as fh:
        fh.write(graph_bytes(network, fmt))
