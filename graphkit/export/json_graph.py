"""JSON graph formats through networkx.readwrite.json_graph: Cytoscape.js elements and D3 node-link."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from graphkit.export.network import plain
from graphkit.files import replacing

EDGES_KEY = "links"  # node-link's edge list key, as D3 expects; passed explicitly both ways


def write_cytoscape(graph: nx.DiGraph, path: str | Path) -> None:
    """Cytoscape.js JSON (`cy.json(...)`, Cytoscape desktop .cyjs): data.id is the entity IRI, data.name its label."""
    _write_json(nx.cytoscape_data(plain(graph), name="label"), path)


def read_cytoscape(path: str | Path) -> nx.DiGraph:
    return nx.cytoscape_graph(_read_json(path), name="label")


def write_node_link(graph: nx.DiGraph, path: str | Path) -> None:
    """Node-link JSON (D3 force layouts): {"nodes": [{"id": IRI, ...}], "links": [{"source", "target", ...}]}."""
    _write_json(nx.node_link_data(plain(graph), edges=EDGES_KEY), path)


def read_node_link(path: str | Path) -> nx.DiGraph:
    return nx.node_link_graph(_read_json(path), edges=EDGES_KEY)


def _write_json(data: dict, path: str | Path) -> None:
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _read_json(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
