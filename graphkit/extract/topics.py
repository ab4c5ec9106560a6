"""Topics: concepts of the SKOS scheme in data/topics.ttl matched on lemmas, plus keyphrases.

Labels and text are compared as sequences of lower-case lemmas with punctuation dropped,
so 'seven-day services', 'seven day service' and 'Seven-Day Services' are one form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc

from graphkit.model import Mention, Span
from graphkit.resources import data_dir, fold

SCHEME_FILE = "topics.ttl"
_MAX_PATTERN = 6


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
    patterns: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)  # first lemma -> [(lemmas, slug)]
    by_lemmas: dict[tuple[str, ...], str] = field(default_factory=dict)
    forms: frozenset[str] = frozenset()
    label_slugs: dict[str, str] = field(default_factory=dict)  # folded label -> slug


@cache
def load_scheme() -> dict[str, Concept]:
    """The concepts of data/topics.ttl, keyed by slug (the local name of the concept IRI)."""
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    graph = Graph()
    graph.parse(data_dir() / SCHEME_FILE, format="turtle")
    concepts = {}
    for iri in graph.subjects(RDF.type, SKOS.Concept):
        slug = str(iri).rstrip("/").rsplit("/", 1)[-1]
        label = str(next(graph.objects(iri, SKOS.prefLabel), slug))
        alts = tuple(sorted(str(a) for a in graph.objects(iri, SKOS.altLabel)))
        broader = tuple(sorted(str(b).rsplit("/", 1)[-1] for b in graph.objects(iri, SKOS.broader)))
        definition = str(next(graph.objects(iri, SKOS.definition), ""))
        concepts[slug] = Concept(slug, label, alts, broader, definition)
    return concepts


def lemma_key(tokens: Iterable) -> tuple[str, ...]:
    """The comparison form of a token sequence: lower-case lemmas, punctuation and spaces dropped."""
    return tuple(t.lemma_.lower() or t.lower_ for t in tokens if not (t.is_punct or t.is_space))


def build_index(nlp) -> TopicIndex:
    concepts = load_scheme()
    index = TopicIndex(concepts)
    labels = [(label, slug) for slug, c in concepts.items() for label in (c.label, *c.alt_labels)]
    with nlp.select_pipes(enable=[p for p in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer") if p in nlp.pipe_names]):
        docs = nlp.pipe(label for label, _ in labels)
        for (label, slug), doc in zip(labels, docs, strict=True):
            key = lemma_key(doc)
            if not key or len(key) > _MAX_PATTERN:
                continue
            index.by_lemmas.setdefault(key, slug)
            index.patterns.setdefault(key[0], []).append((key, slug))
    for options in index.patterns.values():
        options.sort(key=lambda o: -len(o[0]))
    index.forms = frozenset(fold(label) for label, _ in labels)
    index.label_slugs = {fold(label): slug for label, slug in labels}
    return index


def topics(doc: Doc, post: str, index: TopicIndex) -> Iterator[Mention]:
    """Scheme concepts named in one post; the longest match wins where labels overlap."""
    words = [t for t in doc if not (t.is_punct or t.is_space)]
    lemmas = [t.lemma_.lower() or t.lower_ for t in words]
    i = 0
    while i < len(words):
        for key, slug in index.patterns.get(lemmas[i], ()):
            if tuple(lemmas[i : i + len(key)]) == key:
                first, last = words[i], words[i + len(key) - 1]
                start, end = first.idx, last.idx + len(last.text)
                span = Span(post, start, end, doc.text[start:end])
                yield Mention("topic", index.concepts[slug].label, span, "topic-scheme", 0.9, {"concept": slug})
                i += len(key) - 1
                break
        i += 1


def keyphrases(text: str, top: int = 8) -> list[tuple[str, float]]:
    """Keyphrases of a text by YAKE (statistical, nothing downloaded), best first, with a 0..1 weight."""
    import yake

    if len(text.split()) < 20:
        return []
    extractor = yake.KeywordExtractor(lan="en", n=3, top=top, dedupLim=0.7)
    found = extractor.extract_keywords(text)
    # YAKE scores are lower-is-better and unbounded; turn them into a gentle 0..1 weight.
    return [(phrase, 1.0 / (1.0 + score * 10)) for phrase, score in found]
