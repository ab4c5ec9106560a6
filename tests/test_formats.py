"""The one RDF format table: each row writes by its suffix, reads back in rdflib, is offered by media type."""

from __future__ import annotations

import warnings

import pyoxigraph as ox
import pytest
import rdflib

from graphkit.formats import BY_SUFFIX, RDF_FORMATS, media_types
from graphkit.graph.io import format_for, write_quads
from graphkit.serve.negotiate import choose

G = ox.NamedNode("https://example.org/g")
QUADS = [
    ox.Quad(
        ox.NamedNode("https://example.org/a"), ox.NamedNode("http://xmlns.com/foaf/0.1/name"), ox.Literal("Ann"), G
    ),
    ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://schema.org/knows"), ox.NamedNode("urn:b"), G),
]


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_each_format_writes_by_suffix_and_reads_back_in_rdflib(fmt, tmp_path):
    for suffix in fmt.suffixes:
        path = tmp_path / f"g{suffix}"
        assert format_for(path) == fmt.oxigraph
        write_quads(iter(QUADS), path, {"foaf": "http://xmlns.com/foaf/0.1/"})
        graph = rdflib.Dataset(default_union=True) if fmt.datasets else rdflib.Graph()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(path, format=fmt.rdflib)
        assert rdflib.Literal("Ann") in set(graph.objects(None, rdflib.URIRef("http://xmlns.com/foaf/0.1/name")))
        assert (fmt.prefixes and fmt.oxigraph != ox.RdfFormat.RDF_XML) <= ("foaf" in path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_each_format_is_answered_by_its_media_type(fmt):
    assert choose(fmt.media_types[0], "CONSTRUCT") == (fmt.media_types[0], fmt.name)
    assert choose("*/*", "CONSTRUCT") == media_types()[0]


def test_suffixes_are_unique_and_known():
    assert len(BY_SUFFIX) == sum(len(f.suffixes) for f in RDF_FORMATS)
    assert {".trig", ".nq", ".ttl", ".nt", ".jsonld", ".rdf"} <= set(BY_SUFFIX)
