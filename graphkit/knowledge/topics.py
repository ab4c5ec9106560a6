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
    information: dict[str, float] = field(default_factory=dict)  # slug -> how specific the concept is, 0..1
    vocabulary: frozenset[str] = frozenset()  # the words of the scheme's labels and definitions (`vocabulary`)
    plain_labels: frozenset[str] = frozenset()  # every label folded, plural 's' dropped (`plain`)
    pairs: frozenset[tuple[str, str]] = frozenset()  # two lemmas in a row in some label ('urgent', 'care')


def vocabulary(concepts: dict[str, Concept], function_words: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words the scheme uses to say what UK health and care policy is about: every word of its
    labels, alternative labels and definitions, lower case, a plural 's' dropped (`word_key`)."""
    import re

    words: set[str] = set()
    for c in concepts.values():
        for text in (c.label, *c.alt_labels, c.definition):
            words.update(word_key(w) for w in re.findall(r"[^\W\d_]+", text.lower()))
    return frozenset(words - {word_key(w) for w in function_words})


def plain(folded: str) -> str:
    """A folded label or phrase with each word's plural 's' dropped: 'waiting times' -> 'waiting time'."""
    return " ".join(word_key(w) for w in folded.split())


def word_key(word: str) -> str:
    """A word compared without its plural 's': 'placements' and 'placement' are one."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def information_content(concepts: dict[str, Concept]) -> dict[str, float]:
    """How specific each concept is within the scheme, 0..1: 1 for a concept with nothing narrower,
    less the more concepts it covers (intrinsic information content, Seco et al. 2004:
    1 - log(1 + narrower concepts, all levels) / log(concepts in the scheme))."""
    import math

    narrower: dict[str, set[str]] = {slug: set() for slug in concepts}
    for slug, concept in concepts.items():
        for b in concept.broader:
            if b in narrower:
                narrower[b].add(slug)

    def below(slug: str, seen: frozenset[str] = frozenset()) -> set[str]:
        out: set[str] = set()
        for child in narrower[slug] - seen:
            out |= {child} | below(child, seen | {slug})
        return out

    total = math.log(max(2, len(concepts)))
    return {slug: round(1 - math.log(1 + len(below(slug))) / total, 4) for slug in concepts}


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
