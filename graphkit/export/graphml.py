"""GraphML (yEd, Gephi, Cytoscape desktop, igraph) through networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graphkit.export.network import plain
from graphkit.files import replacing


def write_graphml(graph: nx.DiGraph, path: str | Path) -> None:
    with replacing(path) as tmp:
        nx.write_graphml(plain(graph), tmp, named_key_ids=True)


def read_graphml(path: str | Path) -> nx.DiGraph:
    return nx.read_graphml(path)
