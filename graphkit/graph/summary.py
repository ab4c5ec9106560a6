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

Two questions rank pairs rather than single things, and read W3C Data Cube observations (one per
pair, in a qb:DataSet of their own; their class, qb:Observation, is qb:dataSet's domain and is not
written) instead of joining every mention or topic score:

    <summary/co-mentioned-organisations/…>                     # a pair of organisations named in a post
        qb:dataSet <summary/co-mentioned-organisations> ;
        gk:organisation <org-a> ; gk:otherOrganisation <org-b> ; gk:postTotal 3 .  # a < b; posts naming both
    <summary/topics-by-organisation-type/…>                    # a topic of the posts of people of a type
        qb:dataSet <summary/topics-by-organisation-type> ;
        gk:memberType "nhs_trust" ; gk:postTopic <topic> ;
        gk:personTotal 2 ; gk:postTotal 5 ; gk:weightTotal 1.7 .

The figures are what COUNT(DISTINCT ?post), SUM(?w) and COUNT(DISTINCT ?topic) over the merged graph
give: a post belongs to one document, so per-document counts add up; weights are summed as decimals,
exactly; a person discusses topics in several documents, so their (person, topic) pairs are joined
as a set before they are counted. The pairs are counted per post (a post belongs to one document);
the (organisation type, topic) figures join what the documents say of each person's organisations
(org:memberOf, gk:orgType, from any document) with their posts' topic scores in the corpus step:
a post by two people of one type counts once among the posts and twice in the weight, as the
query's SUM over the join does. Each dimension has a property of its own, held by these observations
only, so that a query reads each whole in one short scan and needs no filter to put a pair in order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from pyoxigraph import Literal, NamedNode, Quad

from graphkit.graph.vocab import DCTERMS, DEFAULT_BASE, GK, ORG, QB, RDF, SCHEMA, XSD, n

_MENTIONS = n(SCHEMA.mentions)
_TYPE, _ORGANIZATION = n(RDF.type), n(ORG.Organization)
# What makes an organisation one the debate names (as the organisations query has it): a mention, a
# membership or an article's publisher. The ICB or region an NHS body reports to is in the graph too,
# as a fact of the register, and is not named.
_NAMING = frozenset({_MENTIONS, n(ORG.organization), n(SCHEMA.publisher)})
_TOPIC_SCORE, _TOPIC, _WEIGHT = n(GK.topicScore), n(GK.topic), n(GK.weight)
_DISCUSSES = n(GK.discusses)
_AUTHOR, _MEMBER_OF, _ORG_TYPE = n(SCHEMA.author), n(ORG.memberOf), n(GK.orgType)
CO_MENTIONS = "summary/co-mentioned-organisations"  # the data sets' paths under the base
TYPE_TOPICS = "summary/topics-by-organisation-type"
_TITLES = {
    CO_MENTIONS: "Pairs of organisations named in the same post, with the number of posts naming both",
    TYPE_TOPICS: "Per organisation type and topic, the people of that type who wrote posts on the topic, "
    "their posts and the posts' summed topic weight",
}
# the predicates a tally reads
_COUNTED = _NAMING | {_TYPE, _TOPIC_SCORE, _TOPIC, _WEIGHT, _DISCUSSES, _AUTHOR, _MEMBER_OF, _ORG_TYPE}
_INTEGER, _DECIMAL = n(XSD.integer), n(XSD.decimal)


@dataclass(frozen=True)
class Tally:
    """One document's counts, as plain values (it travels with the document's summary)."""

    mentions: tuple[tuple[str, int], ...] = ()  # (entity IRI, posts mentioning it)
    topics: tuple[tuple[str, str, int], ...] = ()  # (topic IRI, summed weight as decimal text, posts)
    organisations: tuple[str, ...] = ()  # IRIs of the organisations the document names (not register-only ones)
    discussed: tuple[tuple[str, str], ...] = ()  # (person IRI, topic IRI): gk:discusses in the document
    co_mentions: tuple[tuple[str, str, int], ...] = ()  # (organisation, a greater organisation IRI, posts naming both)
    authored: tuple[tuple[tuple[str, ...], str, int, str], ...] = ()  # (authors, topic, posts, summed weight)
    members: tuple[tuple[str, str], ...] = ()  # (person, organisation): org:memberOf
    org_types: tuple[tuple[str, str], ...] = ()  # (organisation, type): gk:orgType


def document_tally(quads: Iterable[Quad]) -> Tally:
    """The counts of one document's quads (posts of one document are that document's own)."""
    mentioned: defaultdict[str, set[str]] = defaultdict(set)
    scored: dict[str, str] = {}  # score -> post
    topic_of: dict[str, str] = {}
    weights: defaultdict[str, list[Decimal]] = defaultdict(list)
    organisations: set[str] = set()
    named: set[str] = set()
    discussed: set[tuple[str, str]] = set()
    authors: defaultdict[str, set[str]] = defaultdict(set)
    members: set[tuple[str, str]] = set()
    org_types: set[tuple[str, str]] = set()
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
        elif p == _AUTHOR and isinstance(quad.object, NamedNode):
            authors[quad.subject.value].add(quad.object.value)
        elif p == _MEMBER_OF:
            members.add((quad.subject.value, quad.object.value))
        elif p == _ORG_TYPE:
            org_types.add((quad.subject.value, quad.object.value))
    sums: defaultdict[str, Decimal] = defaultdict(Decimal)
    posts: defaultdict[str, set[str]] = defaultdict(set)
    post_topics: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)  # (post, topic) -> summed weight
    for score, post in scored.items():
        topic = topic_of.get(score)
        if topic is not None and weights.get(score):
            weight = sum(weights[score], Decimal())
            sums[topic] += weight
            posts[topic].add(post)
            if post in authors:
                post_topics[post, topic] += weight
    return Tally(
        mentions=tuple(sorted((entity, len(found)) for entity, found in mentioned.items())),
        topics=tuple(sorted((topic, str(sums[topic]), len(posts[topic])) for topic in posts)),
        organisations=tuple(sorted(organisations & named)),
        discussed=tuple(sorted(discussed)),
        co_mentions=_co_mentions(mentioned, organisations),
        authored=_authored(post_topics, authors),
        members=tuple(sorted(members)),
        org_types=tuple(sorted(org_types)),
    )


def _co_mentions(mentioned: dict[str, set[str]], organisations: set[str]) -> tuple[tuple[str, str, int], ...]:
    """(organisation, organisation, posts naming both) for every pair named together, the lesser IRI first."""
    named: defaultdict[str, list[str]] = defaultdict(list)  # post -> organisations it mentions
    for entity in sorted(organisations.intersection(mentioned)):
        for post in mentioned[entity]:
            named[post].append(entity)
    pairs = Counter(pair for orgs in named.values() for pair in combinations(orgs, 2))
    return tuple(sorted((a, b, count) for (a, b), count in pairs.items()))


def _authored(post_topics: dict[tuple[str, str], Decimal], authors: dict[str, set[str]]):
    """(authors, topic, posts, summed weight as decimal text): posts grouped by their authors and topic."""
    groups: defaultdict[tuple[tuple[str, ...], str], list] = defaultdict(lambda: [0, Decimal()])
    for (post, topic), weight in post_topics.items():
        group = groups[tuple(sorted(authors[post])), topic]
        group[0] += 1
        group[1] += weight
    return tuple(sorted((who, topic, count, str(weight)) for (who, topic), (count, weight) in groups.items()))


def summary_triples(
    tallies: Iterable[Tally], base: str = DEFAULT_BASE
) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    """The corpus's summary triples from its documents' tallies, in IRI order; the observations' IRIs under `base`."""
    mentions: defaultdict[str, int] = defaultdict(int)
    weights: defaultdict[str, Decimal] = defaultdict(Decimal)
    posts: defaultdict[str, int] = defaultdict(int)
    discussed: set[tuple[str, str]] = set()
    pairs: defaultdict[tuple[str, str], int] = defaultdict(int)
    authored: list[tuple[tuple[str, ...], str, int, str]] = []
    members: set[tuple[str, str]] = set()
    org_types: defaultdict[str, set[str]] = defaultdict(set)
    for tally in tallies:
        for a, b, count in tally.co_mentions:
            pairs[a, b] += count
        authored += tally.authored
        members.update(tally.members)
        for org, kind in tally.org_types:
            org_types[org].add(kind)
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
    yield from _observations(base, pairs, _type_topics(authored, members, org_types))


def _type_topics(authored, members, org_types) -> dict[tuple[str, str], tuple[set[str], int, Decimal]]:
    """(type, topic) -> (people, posts, summed weight), as topics-by-organisation-type's reference query counts."""
    types: defaultdict[str, set[str]] = defaultdict(set)  # person -> the types of the organisations they are members of
    for person, org in members:
        types[person] |= org_types.get(org, set())
    found: defaultdict[tuple[str, str], list] = defaultdict(lambda: [set(), 0, Decimal()])
    for who, topic, count, weight in authored:
        for kind, people in _by_type(who, types).items():
            row = found[kind, topic]
            row[0].update(people)
            row[1] += count  # a post has one group of authors: counted once per type
            row[2] += Decimal(weight) * len(people)  # the query's SUM runs over each (person, post) of the type
    return {key: (people, count, weight) for key, (people, count, weight) in found.items()}


def _by_type(who: tuple[str, ...], types: dict[str, set[str]]) -> dict[str, list[str]]:
    out: defaultdict[str, list[str]] = defaultdict(list)
    for person in who:
        for kind in types.get(person, ()):
            out[kind].append(person)
    return out


def _observations(base: str, pairs, type_topics) -> Iterator[tuple[NamedNode, NamedNode, NamedNode | Literal]]:
    """The two data sets and their observations (qb:Observation), each named by a digest of its dimensions."""
    from graphkit.graph.build import Iris

    iris = Iris(base)
    for path, title in _TITLES.items():
        dataset = NamedNode(iris.base + path)
        yield dataset, n(RDF.type), n(QB.DataSet)
        yield dataset, n(DCTERMS.title), Literal(title, language="en")
    dataset = NamedNode(iris.base + CO_MENTIONS)
    for a, b in sorted(pairs):
        node = iris.minted(CO_MENTIONS, a, b)
        yield from _observation(node, dataset)
        yield node, n(GK.organisation), NamedNode(a)
        yield node, n(GK.otherOrganisation), NamedNode(b)
        yield node, n(GK.postTotal), Literal(str(pairs[a, b]), datatype=_INTEGER)
    dataset = NamedNode(iris.base + TYPE_TOPICS)
    for kind, topic in sorted(type_topics):
        people, posts, weight = type_topics[kind, topic]
        node = iris.minted(TYPE_TOPICS, kind, topic)
        yield from _observation(node, dataset)
        yield node, n(GK.memberType), Literal(kind)
        yield node, n(GK.postTopic), NamedNode(topic)
        yield node, n(GK.personTotal), Literal(str(len(people)), datatype=_INTEGER)
        yield node, n(GK.postTotal), Literal(str(posts), datatype=_INTEGER)
        yield node, n(GK.weightTotal), Literal(_decimal(weight), datatype=_DECIMAL)


def _observation(node: NamedNode, dataset: NamedNode) -> Iterator[tuple[NamedNode, NamedNode, NamedNode]]:
    # Its class, qb:Observation, is the domain of qb:dataSet and is not written: a quad less per observation.
    yield node, n(QB.dataSet), dataset


def _decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text if "." in text else text + ".0"
