"""Export: one round-trip test per registered format, generated from the registry.

A format is only done when it can be read back: RDF formats are parsed by rdflib and compared with
the store (isomorphic per named graph, or as the union for formats without named graphs); network
formats are read back (networkx, or csv for Neo4j) and compared with the projection.
"""

from __future__ import annotations

import csv
from collections import defaultdict

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graphkit.cli import main
from graphkit.errors import GraphFileError
from graphkit.export import EXPORTERS, export, exporter
from graphkit.export.rdf import FORMATS
from graphkit.files import replacing
from graphkit.projection import project

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _term(term):
    """A pyoxigraph term as rdflib's, converted directly (the reference must not go through a file)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


@pytest.fixture(scope="module")
def source(sample_store) -> dict[str | None, Graph]:
    """The store as rdflib graphs: one per named graph, and None -> the union of them all."""
    graphs: dict[str | None, Graph] = defaultdict(Graph)
    for quad in sample_store:
        triple = (_term(quad.subject), _term(quad.predicate), _term(quad.object))
        graphs[None].add(triple)
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs[quad.graph_name.value].add(triple)
    return dict(graphs)


@pytest.fixture(scope="module")
def projection(sample_store) -> nx.DiGraph:
    return project(sample_store)


def same_rdf(name: str, back: Dataset, source: dict[str | None, Graph], projection: nx.DiGraph) -> None:
    if FORMATS[name].supports_datasets:
        graphs = {str(g.identifier): g for g in back.graphs() if len(g)}
        named = {k: g for k, g in source.items() if k is not None}
        assert set(graphs) == set(named), f"{name}: named graphs differ"
        for iri, graph in named.items():
            assert isomorphic(graphs[iri], graph), f"{name}: graph {iri} differs"
    else:
        union = Graph()
        for s, p, o, _ in back.quads((None, None, None, None)):
            union.add((s, p, o))
        assert isomorphic(union, source[None]), f"{name}: the union of the graphs differs"


def same_network(name: str, back: nx.DiGraph, source: dict[str | None, Graph], projection: nx.DiGraph) -> None:
    assert back.number_of_nodes() == projection.number_of_nodes()
    assert back.number_of_edges() == projection.number_of_edges()
    assert set(back.nodes) == set(projection.nodes), f"{name}: node ids differ"
    assert set(back.edges) == set(projection.edges), f"{name}: edges differ"
    for node, data in projection.nodes(data=True):
        assert back.nodes[node]["type"] == data["type"]
        assert back.nodes[node]["label"] in {data["label"], " ".join(data["label"].splitlines())}  # CSV: one line
    for u, v, data in projection.edges(data=True):
        assert back.edges[u, v]["relation"] == data["relation"]
        assert back.edges[u, v]["weight"] == data["weight"]


ROUND_TRIPS = {"rdf": same_rdf, "network": same_network}


def test_every_format_has_a_round_trip_check():
    missing = [e.name for e in EXPORTERS.values() if e.read is None or e.kind not in ROUND_TRIPS]
    assert not missing, f"formats without a round-trip check (give them a reader and a kind in ROUND_TRIPS): {missing}"


@pytest.mark.parametrize("name", list(EXPORTERS))
def test_round_trip(name, sample_store, source, projection, tmp_path):
    chosen = EXPORTERS[name]
    if chosen.read is None or chosen.kind not in ROUND_TRIPS:
        pytest.fail(f"{name} has no round-trip check")
    path = export(sample_store, name, tmp_path / f"graph{chosen.suffix}")
    ROUND_TRIPS[chosen.kind](name, chosen.read(path), source, projection)
    assert not list(tmp_path.glob(".*.part")), "a temporary file was left behind"


def test_neo4j_files_follow_neo4j_admin_import_headers(sample_store, projection, tmp_path):
    folder = export(sample_store, "neo4j", tmp_path / "neo4j")
    with (folder / "nodes.csv").open(newline="", encoding="utf-8") as handle:
        nodes = list(csv.reader(handle))
    with (folder / "relationships.csv").open(newline="", encoding="utf-8") as handle:
        edges = list(csv.reader(handle))
    assert nodes[0][:3] == ["id:ID", ":LABEL", "name"]
    assert "degree:int" in nodes[0]
    assert edges[0][:4] == [":START_ID", ":END_ID", ":TYPE", "weight:int"]
    assert len(nodes) - 1 == projection.number_of_nodes()
    assert len(edges) - 1 == projection.number_of_edges()
    assert {row[0] for row in nodes[1:]} == set(projection.nodes)
    assert {(row[0], row[1]) for row in edges[1:]} == set(projection.edges)
    assert {row[1] for row in nodes[1:]} <= {
        t.title() for t in ("person", "organisation", "topic", "place", "hashtag", "handle", "post")
    }


def test_network_formats_can_include_posts(sample_store, tmp_path):
    with_posts = project(sample_store, include_posts=True)
    back = nx.read_graphml(export(sample_store, "graphml", tmp_path / "g.graphml", include_posts=True))
    assert set(back.nodes) == set(with_posts.nodes)
    assert any(data["type"] == "post" for _, data in back.nodes(data=True))


def test_node_ids_are_the_entity_iris_of_the_rdf(sample_store, projection, tmp_path):
    back = EXPORTERS["turtle"].read(export(sample_store, "turtle", tmp_path / "g.ttl"))
    typed = {s for s, _, _, _ in back.quads((None, RDF_TYPE, None, None))}
    assert projection.number_of_nodes() > 0
    assert {URIRef(node) for node in projection.nodes} <= typed


def test_unknown_format_names_the_known_ones():
    with pytest.raises(GraphFileError) as caught:
        exporter("pajek")
    message = str(caught.value)
    assert "pajek" in message and "\n" not in message
    assert all(name in message for name in EXPORTERS)


def test_cli_export(sample_graph, tmp_path, capsys):
    out = tmp_path / "graph.nt"
    assert main(["export", str(sample_graph), "--format", "ntriples", "-o", str(out)]) == 0
    assert len(Graph().parse(out, format="nt")) > 0


def test_cli_unknown_format_is_one_line_and_exit_2(sample_graph, tmp_path, capsys):
    assert main(["export", str(sample_graph), "--format", "pajek", "-o", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "known:" in err and "graphml" in err
    assert not (tmp_path / "x").exists()


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half a graph", encoding="utf-8")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_neo4j_export_refuses_a_file_as_its_folder(sample_store, tmp_path):
    (tmp_path / "taken").write_text("", encoding="utf-8")
    with pytest.raises(GraphFileError):
        export(sample_store, "neo4j", tmp_path / "taken")
