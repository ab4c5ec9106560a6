"""The corpus-level named graph: the topic scheme, the extractors, and cross-document near matches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import Quad

from graphkit.graph.build import Iris, lit, n
from graphkit.graph.vocab import DCTERMS, GK, PROV, RDF, RDFS, SKOS, TOPIC
from graphkit.knowledge.topics import load_scheme


def corpus_quads(
    iris: Iris, extractors: Iterable[str], close_matches: Iterable[tuple[str, str, str]]
) -> Iterator[Quad]:
    """The corpus graph: the scheme, the extractors named, and (kind, key, other key) near matches."""
    g = iris.graph("graphkit")
    for s, p, o in _triples(iris, extractors, close_matches):
        yield Quad(s, p, o, g)


def _triples(iris: Iris, extractors: Iterable[str], close_matches: Iterable[tuple[str, str, str]]):
    scheme = iris.topic_scheme()
    yield scheme, n(RDF.type), n(SKOS.ConceptScheme)
    yield scheme, n(DCTERMS.title), lit("UK health and care policy topics")
    concepts = load_scheme()
    for concept in concepts.values():
        node = iris.entity("topic", concept.slug)
        yield node, n(RDF.type), n(SKOS.Concept)
        yield node, n(SKOS.inScheme), scheme
        yield node, n(SKOS.prefLabel), lit(concept.label)
        yield node, n(SKOS.exactMatch), TOPIC[concept.slug]
        for alt in concept.alt_labels:
            yield node, n(SKOS.altLabel), lit(alt)
        for broader in concept.broader:
            if broader in concepts:
                yield node, n(SKOS.broader), iris.entity("topic", broader)
        if concept.definition:
            yield node, n(SKOS.definition), lit(concept.definition)
    for name in sorted(set(extractors)):
        node = iris.extractor(name)
        yield node, n(RDF.type), n(PROV.SoftwareAgent)
        yield node, n(RDF.type), n(GK.Extractor)
        yield node, n(RDFS.label), lit(name)
    for kind, key, other in close_matches:
        yield iris.entity(kind, key), n(SKOS.closeMatch), iris.entity(kind, other)
