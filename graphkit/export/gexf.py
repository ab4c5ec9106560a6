"""GEXF, Gephi's own format, through networkx (the node's `label` attribute becomes its GEXF label)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graphkit.export.network import plain
from graphkit.files import replacing


def write_gexf(graph: nx.DiGraph, path: str | Path) -> None:
    with replacing(path) as tmp:
        nx.write_gexf(plain(graph), tmp)


def read_gexf(path: str | Path) -> nx.DiGraph:
    return nx.read_gexf(path)
