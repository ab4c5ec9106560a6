"""What every network format shares: a copy of the projection fit for writers that take scalars only."""

from __future__ import annotations

import networkx as nx


def plain(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy with unset (None) attributes left out, since GraphML, GEXF and CSV have no null."""
    copy = nx.DiGraph()
    copy.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, str | int | float | bool)})
    copy.add_nodes_from((n, _set(data)) for n, data in graph.nodes(data=True))
    copy.add_edges_from((u, v, _set(data)) for u, v, data in graph.edges(data=True))
    return copy


def _set(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}
