"""Summary triples in the corpus graph: how many posts mention each entity, each topic's summed weight and posts.

Questions that rank every entity, topic or person (organisations, places, hashtags, public figures,
most mentioned, topics, topics by person) would otherwise group all mentions, topic scores or
topics discussed at every call: tens of thousands of joins at a million quads, hundreds of
milliseconds each time. A document's tally is taken where its quads are made (in the worker), kept
with its summary (so an unchanged document in a store keeps it), and the tallies are summed in the
corpus step:

    <entity> gk:mentionCount 12 .                      # posts that mention it (schema:mentions)
    <topic>  gk:topicWeight 7.3120 ; gk:postCount 9 .  # summed gk:weight of its scores, posts scored
    <person> gk:topicCount 4 .                         # topics they discuss (gk:discusses)

The figures are what COUNT(DISTINCT ?post), SUM(?w) and COUNT(DISTINCT ?topic) over the merged graph
give: a post belongs to one document, so per-document counts add up; weights are summed as decimals,
exactly; a person discusses topics in several documents, so their (person, topic) pairs are joined
as a set before they are counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from graphkit.graph.vocab import GK, ORG, RDF, SCHEMA, XSD, n

_MENTIONS = n(SCHEMA.mentions)
_TYPE, _ORGANIZATION = n(RDF.type), n(ORG.Organization)
# What makes an organisation one the debate names (as the organisations query has it): a mention, a
# membership or an article's publisher. The ICB or region an NHS body reports to is in the graph too,
# as a fact of the register, and is not named.
_NAMING = frozenset({_MENTIONS, n(ORG.organization), n(SCHEMA.publisher)})
_TOPIC_SCORE, _TOPIC, _WEIGHT = n(GK.topicScore), n(GK.topic), n(GK.weight)
_DISCUSSES = n(GK.discusses)
_COUNTED = _NAMING | {_TYPE, _TOPIC_SCORE, _TOPIC, _WEIGHT, _DISCUSSES}  # the predicates a tally reads
_INTEGER, _DECIMAL = n(XSD.integer), n(XSD.decimal)


@dataclass(frozen=True)
class Tally:
    """One document's counts, as plain values (it travels with the document's summary)."""

    mentions: tuple[tuple[str, int], ...] = ()  # (entity IRI, posts mentioning it)
    topics: tuple[tuple[str, str, int], ...] = ()  # (topic IRI, summed weight as decimal text, posts)
    organisations: tuple[str, ...] = ()  # IRIs of the organisations the document names (not register-only ones)
    discussed: tuple[tuple[str, str], ...] = ()  # (person IRI, topic IRI): gk:discusses in the document


def document_tally(quads: Iterable[Quad]) -> Tally:
    """The counts of one document's quads (posts of one document are that document's own)."""
    mentioned: defaultdict[str, set[str]] = defaultdict(set)
    scored: dict[str, str] = {}  # score -> post
    topic_of: dict[str, str] = {}
    weights: defaultdict[str, list[Decimal]] = defaultdict(list)
    organisations: set[str] = set()
    named: set[str] = set()
    discussed: set[tuple[str, str]] = set()
    for quad in quads:
        p = quad.predicate
        if p not in _COUNTED:
            continue  # most quads (annotations, labels): one set lookup instead of a comparison per predicate
        if p in _NAMING and isinstance(quad.object, NamedNode):
            named.add(quad.object.value)
        elif p == _TYPE and quad.object == _ORGANIZATION:
            organisations.add(quad.subject.value)
        if p == _MENTIONS and isinstance(quad.object, NamedNode):
            mentioned[quad.object.value].add(quad.subject.value)
        elif p == _TOPIC_SCORE:
            scored[quad.object.value] = quad.subject.value
        elif p == _TOPIC:
            topic_of[quad.subject.value] = quad.object.value
        elif p == _WEIGHT and isinstance(quad.object, Literal):
            weights[quad.subject.value].append(Decimal(quad.object.value))
        elif p == _DISCUSSES:
            discussed.add((quad.subject.value, quad.object.value))
    sums: defaultdict[str, Decimal] = defaultdict(Decimal)
    posts: defaultdict[str, set[str]] = defaultdict(set)
    for score, post in scored.items():
        topic = topic_of.get(score)
        if topic is not None and weights.get(score):
            sums[topic] += sum(weights[score], Decimal())
            posts[topic].add(post)
    return Tally(
        mentions=tuple(sorted((entity, len(found)) for entity, found in mentioned.items())),
        topics=tuple(sorted((topic, str(sums[topic]), len(posts[topic])) for topic in posts)),
        organisations=tuple(sorted(organisations & named)),
        discussed=tuple(sorted(discussed)),
    )


def summary_triples(tallies: Iterable[Tally]) -> Iterator[tuple[NamedNode, NamedNode, Literal]]:
    """The corpus's summary triples from its documents' tallies, in IRI order."""
    mentions: defaultdict[str, int] = defaultdict(int)
    weights: defaultdict[str, Decimal] = defaultdict(Decimal)
    posts: defaultdict[str, int] = defaultdict(int)
    discussed: set[tuple[str, str]] = set()
    for tally in tallies:
        for entity, count in tally.mentions:
            mentions[entity] += count
        for topic, weight, count in tally.topics:
            weights[topic] += Decimal(weight)
            posts[topic] += count
        discussed.update(tally.discussed)
    topics_of: defaultdict[str, int] = defaultdict(int)
    for person, _topic in discussed:
        topics_of[person] += 1
    for entity in sorted(mentions):
        yield NamedNode(entity), n(GK.mentionCount), Literal(str(mentions[entity]), datatype=_INTEGER)
    for topic in sorted(weights):
        yield NamedNode(topic), n(GK.topicWeight), Literal(_decimal(weights[topic]), datatype=_DECIMAL)
        yield NamedNode(topic), n(GK.postCount), Literal(str(posts[topic]), datatype=_INTEGER)
    for person in sorted(topics_of):
        yield NamedNode(person), n(GK.topicCount), Literal(str(topics_of[person]), datatype=_INTEGER)


def _decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text if "." in text else text + ".0"
