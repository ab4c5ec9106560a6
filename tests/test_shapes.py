"""The SHACL shapes of the data model (data/shapes.ttl) and `graphkit validate`."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graphkit.cli import main
from graphkit.graph.io import load_store
from graphkit.graph.validate import validate
from graphkit.resources import data_dir

SH = "http://www.w3.org/ns/shacl#"


def _shapes() -> ox.Store:
    store = ox.Store()
    store.load(path=str(data_dir() / "shapes.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def test_every_class_and_property_the_graph_uses_has_a_shape(corpus_store):
    shapes = _shapes()
    targets = {q.object.value for q in shapes.quads_for_pattern(None, ox.NamedNode(SH + "targetClass"), None)}
    paths = {q.object.value for q in shapes.quads_for_pattern(None, ox.NamedNode(SH + "path"), None)}
    used = corpus_store.query("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")
    classes = corpus_store.query("SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s a ?c } }")
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert {r["p"].value for r in used} - {rdf_type} <= paths
    assert {r["c"].value for r in classes} <= targets


def _broken(sample_graph, tmp_path, update: str):
    store = ox.Store()
    store.bulk_load(path=str(sample_graph), format=ox.RdfFormat.TRIG)
    store.update(update)
    out = tmp_path / "broken.nq"
    ox.serialize(store, str(out), ox.RdfFormat.N_QUADS)
    return out


PREFIXES = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/> PREFIX sioc: <http://rdfs.org/sioc/ns#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""


@pytest.mark.parametrize(
    ("update", "says"),
    [
        # A membership with two organisations.
        (
            "INSERT { GRAPH ?g { ?m org:organization <https://example.org/other> } } "
            "WHERE { GRAPH ?g { ?m a org:Membership } } ",
            "organization",
        ),
        # A comment without its author.
        (
            "DELETE { GRAPH ?g { ?c schema:author ?a } } WHERE { GRAPH ?g { ?c a schema:Comment ; schema:author ?a } }",
            "author",
        ),
        # A quote moved off its offsets.
        (
            'DELETE { GRAPH ?g { ?q oa:exact ?e } } INSERT { GRAPH ?g { ?q oa:exact "nothing like it" } } '
            "WHERE { GRAPH ?g { ?q a oa:TextQuoteSelector ; oa:exact ?e } }",
            "quote",
        ),
        # An annotation with no target.
        ("DELETE { GRAPH ?g { ?a oa:hasTarget ?t } } WHERE { GRAPH ?g { ?a oa:hasTarget ?t } }", "hasTarget"),
    ],
)
def test_a_broken_graph_fails_validation(sample_graph, tmp_path, capsys, update, says):
    broken = _broken(sample_graph, tmp_path, PREFIXES + update)
    violations = validate(load_store(broken))
    assert violations and any(says in str(v) for v in violations)
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(violations) and all(":" in line for line in out)


def test_the_sample_conforms(sample_graph, capsys):
    assert main(["validate", str(sample_graph)]) == 0
    assert capsys.readouterr().out == ""
