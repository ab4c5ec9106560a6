"""The topic scheme of data/topics.ttl, and the lemma index extract.topics matches posts against."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from graphkit.resources import data_dir

SCHEME_FILE = "topics.ttl"


@dataclass(frozen=True, slots=True)
class Concept:
    slug: str
    label: str
    alt_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    definition: str = ""


@dataclass
class TopicIndex:
    concepts: dict[str, Concept]
    # first lemma -> [(lemmas, slug, specificity)], longest first
    patterns: dict[str, list[tuple[tuple[str, ...], str, float]]] = field(default_factory=dict)
    by_lemmas: dict[tuple[str, ...], str] = field(default_factory=dict)
    forms: frozenset[str] = frozenset()
    label_slugs: dict[str, str] = field(default_factory=dict)  # folded label -> slug


@cache
def load_scheme() -> dict[str, Concept]:
    """The concepts of data/topics.ttl, keyed by slug (the local name of the concept IRI)."""
    import pyoxigraph as ox

    skos = "http://www.w3.org/2004/02/skos/core#"
    store = ox.Store()
    store.load(path=str(data_dir() / SCHEME_FILE), format=ox.RdfFormat.TURTLE)

    def objects(subject, name: str) -> list[str]:
        return sorted(q.object.value for q in store.quads_for_pattern(subject, ox.NamedNode(skos + name), None))

    concepts = {}
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for quad in store.quads_for_pattern(None, rdf_type, ox.NamedNode(skos + "Concept")):
        iri = quad.subject
        slug = iri.value.rstrip("/").rsplit("/", 1)[-1]
        label = next(iter(objects(iri, "prefLabel")), slug)
        alts = tuple(objects(iri, "altLabel"))
        broader = tuple(sorted(b.rsplit("/", 1)[-1] for b in objects(iri, "broader")))
        definition = next(iter(objects(iri, "definition")), "")
        concepts[slug] = Concept(slug, label, alts, broader, definition)
    return dict(sorted(concepts.items()))
