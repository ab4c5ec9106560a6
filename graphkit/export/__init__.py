"""Export: one registry of output formats, one module per format family.

RDF formats are written from the store itself; network formats from the same networkx projection
the visualisations draw (graphkit.projection.project), so a node's id is its entity IRI in
every format. Every write is atomic (a temporary file renamed into place).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphFileError
from graphkit.export.gexf import read_gexf, write_gexf
from graphkit.export.graphml import read_graphml, write_graphml
from graphkit.export.json_graph import read_cytoscape, read_node_link, write_cytoscape, write_node_link
from graphkit.export.neo4j import read_neo4j_csv, write_neo4j_csv
from graphkit.export.rdf import read_rdf, write_rdf

if TYPE_CHECKING:
    import pyoxigraph as ox


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str  # the usual file suffix; "" when the export is a folder
    kind: str  # "rdf": written from the store; "network": written from the projection
    write: Callable[[Any, Path], None]  # (store or networkx.DiGraph, path)
    read: Callable[[Path], Any] | None  # an export read back (rdflib Dataset / networkx DiGraph), for round trips
    description: str


def _rdf(name: str, suffix: str, description: str) -> Exporter:
    return Exporter(name, suffix, "rdf", partial(write_rdf, format=name), partial(read_rdf, format=name), description)


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in [
        _rdf("turtle", ".ttl", "Turtle, the union of the named graphs"),
        _rdf("trig", ".trig", "TriG, one named graph per document"),
        _rdf("ntriples", ".nt", "N-Triples, the union of the named graphs"),
        _rdf("nquads", ".nq", "N-Quads, one named graph per document"),
        _rdf("jsonld", ".jsonld", "JSON-LD (expanded), one named graph per document"),
        _rdf("rdfxml", ".rdf", "RDF/XML, the union of the named graphs"),
        Exporter("graphml", ".graphml", "network", write_graphml, read_graphml, "GraphML (yEd, Gephi, igraph)"),
        Exporter("gexf", ".gexf", "network", write_gexf, read_gexf, "GEXF (Gephi)"),
        Exporter("cytoscape", ".cyjs", "network", write_cytoscape, read_cytoscape, "Cytoscape.js JSON"),
        Exporter("node-link", ".json", "network", write_node_link, read_node_link, "node-link JSON (D3)"),
        Exporter(
            "neo4j",
            "",
            "network",
            write_neo4j_csv,
            read_neo4j_csv,
            "a folder of nodes.csv + relationships.csv for neo4j-admin database import",
        ),
    ]
}


def exporter(name: str) -> Exporter:
    """The registered exporter called `name` (case-insensitive); GraphFileError naming the known ones if none."""
    found = EXPORTERS.get(name.lower())
    if found is None:
        raise GraphFileError(f"unknown export format '{name}' (known: {', '.join(EXPORTERS)})")
    return found


def export(store: ox.Store, format: str, path: str | Path, *, include_posts: bool = False) -> Path:
    """Write the graph in `store` to `path` in a registered format; network formats use the projection.

    `include_posts` adds articles and comments as nodes in the network formats (RDF formats hold everything).
    """
    chosen = exporter(format)
    if chosen.kind == "rdf":
        chosen.write(store, Path(path))
    else:
        from graphkit.projection import project

        chosen.write(project(store, include_posts=include_posts), Path(path))
    return Path(path)
