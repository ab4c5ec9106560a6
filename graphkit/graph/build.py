"""Graph: a resolved document in, RDF quads out, in the document's own named graph."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from graphkit.graph.vocab import DCTERMS, FOAF, GK, OA, ODS_ADDRESS, ORG, PROV, RDF, SCHEMA, SIOC, SKOS, TOPIC, XSD
from graphkit.model import Span
from graphkit.resolve.entities import Entity, Resolved

_PATHS = {
    "person": "person",
    "organisation": "organisation",
    "place": "place",
    "hashtag": "tag",
    "handle": "handle",
    "topic": "topic",
}
_CLASSES = {
    "person": (FOAF.Person, SCHEMA.Person),
    "organisation": (ORG.Organization, SCHEMA.Organization),
    "place": (SCHEMA.Place,),
    "hashtag": (GK.Hashtag, SKOS.Concept),
    "handle": (GK.Handle,),
    "topic": (SKOS.Concept,),
}
_DECIMAL = NamedNode(str(XSD.decimal))
_INTEGER = NamedNode(str(XSD.integer))
_DATE = NamedNode(str(XSD.date))


class Iris:
    """Mints every IRI of the graph from one base, deterministically."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, kind: str, key: str) -> NamedNode:
        if kind == "link":
            return NamedNode(key)
        return NamedNode(f"{self.base}{_PATHS[kind]}/{key}")

    def post(self, doc_id: str, comment_id: str = "") -> NamedNode:
        if comment_id:
            return NamedNode(f"{self.base}post/{doc_id}/comment/{comment_id}")
        return NamedNode(f"{self.base}post/{doc_id}")

    def graph(self, doc_id: str) -> NamedNode:
        return NamedNode(f"{self.base}graph/{doc_id}")

    def minted(self, kind: str, *parts: object) -> NamedNode:
        digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]
        return NamedNode(f"{self.base}{kind}/{digest}")

    def topic_scheme(self) -> NamedNode:
        return NamedNode(f"{self.base}topic/")

    def extractor(self, name: str) -> NamedNode:
        return NamedNode(f"{self.base}extractor/{name}")


def n(term) -> NamedNode:
    return NamedNode(str(term))


def lit(value: object, datatype: NamedNode | None = None) -> Literal:
    return Literal(str(value), datatype=datatype) if datatype else Literal(str(value))


def document_quads(res: Resolved, iris: Iris) -> Iterator[Quad]:
    """Every quad drawn from one document, all in its named graph."""
    g = iris.graph(res.doc.id)
    for s, p, o in _triples(res, iris):
        yield Quad(s, p, o, g)


def _triples(res: Resolved, iris: Iris):
    doc = res.doc
    article = iris.post(doc.id)
    yield article, n(RDF.type), n(SIOC.Post)
    yield article, n(RDF.type), n(SCHEMA.BlogPosting)
    yield article, n(DCTERMS.identifier), lit(doc.id)
    if doc.title:
        yield article, n(DCTERMS.title), lit(doc.title)
        # The title as a resource of its own, so that evidence offsets can index it.
        title = NamedNode(f"{article.value}/title")
        yield title, n(SIOC.content), lit(doc.title)
        yield title, n(DCTERMS.isPartOf), article
    if doc.published:
        yield article, n(DCTERMS.created), _date(doc.published)
    if doc.url:
        yield article, n(SCHEMA.url), NamedNode(doc.url) if _is_iri(doc.url) else lit(doc.url)
    if doc.source:  # the file's name, not the builder's path, so that a rebuild elsewhere is the same graph
        yield article, n(DCTERMS.source), lit(Path(doc.source).name)
    yield article, n(SIOC.content), lit(doc.body)
    if res.publisher:
        yield article, n(SCHEMA.publisher), iris.entity("organisation", res.publisher)
    if res.author:
        yield article, n(SCHEMA.author), iris.entity("person", res.author)
    if doc.author_byline:
        yield from _byline(article, doc.author_byline)

    for entity in res.entities.values():
        yield from _entity(entity, iris)

    replies = {r.comment: r for r in res.replies}
    for comment in doc.comments:
        post = iris.post(doc.id, comment.id)
        author = iris.entity("person", res.authors[comment.id])
        yield post, n(RDF.type), n(SIOC.Post)
        yield post, n(RDF.type), n(SCHEMA.Comment)
        yield post, n(DCTERMS.identifier), lit(comment.id)
        yield post, n(SCHEMA.author), author
        yield post, n(DCTERMS.isPartOf), article
        yield post, n(GK.position), lit(comment.position, _INTEGER)
        yield post, n(SIOC.content), lit(comment.body)
        if comment.posted:
            yield post, n(DCTERMS.created), _date(comment.posted)
        if comment.byline:
            yield from _byline(post, comment.byline)
        reply = replies.get(comment.id)
        target = iris.post(doc.id, reply.target) if reply and reply.target else article
        yield post, n(SIOC.reply_of), target
        if reply and reply.extractor != "reply-default":
            statement = iris.minted("statement", post.value, SIOC.reply_of, target.value)
            yield from _statement(statement, post, n(SIOC.reply_of), target)
            yield from _evidence(
                iris, doc.id, statement, reply.evidence, reply.extractor, reply.confidence, f"reply {comment.id}"
            )

    org_seen: set = set()
    for m in res.memberships:
        person = iris.entity("person", m.person)
        node = iris.minted("membership", m.person, m.role or "", m.organisation or "")
        if m.organisation:
            org = iris.entity("organisation", m.organisation)
            yield person, n(ORG.memberOf), org
            yield node, n(RDF.type), n(ORG.Membership)
            yield node, n(ORG.member), person
            yield node, n(ORG.organization), org
        if m.role:
            yield person, n(SCHEMA.jobTitle), lit(m.role)
            if m.organisation:
                role = iris.minted("role", m.role.casefold())
                yield node, n(ORG.role), role
                yield role, n(RDF.type), n(ORG.Role)
                yield role, n(SKOS.prefLabel), lit(m.role)
        if m.evidence is not None:
            body = node if m.organisation else iris.minted("statement", person.value, SCHEMA.jobTitle, m.role)
            if not m.organisation:
                yield from _statement(body, person, n(SCHEMA.jobTitle), lit(m.role))
            yield from _evidence(iris, doc.id, body, m.evidence, m.extractor, m.confidence, "affiliation")
        if m.organisation and m.org_evidence is not None and (m.organisation, m.org_evidence) not in org_seen:
            org_seen.add((m.organisation, m.org_evidence))  # the organisation as its own words name it
            org = iris.entity("organisation", m.organisation)
            yield from _evidence(iris, doc.id, org, m.org_evidence, m.extractor, m.confidence, "organisation")

    for loc in res.locations:
        person, place = iris.entity("person", loc.person), iris.entity("place", loc.place)
        yield person, n(SCHEMA.workLocation), place
        if loc.evidence:
            body = iris.minted("statement", person.value, SCHEMA.workLocation, place.value)
            yield from _statement(body, person, n(SCHEMA.workLocation), place)
            yield from _evidence(iris, doc.id, body, loc.evidence, "byline", 0.8, "place")

    seen = set()
    for link in res.mentions:
        post = iris.post(doc.id, link.post)
        target = iris.entity(link.kind, link.key)
        if link.kind == "link":
            yield post, n(SIOC.links_to), target
        elif link.kind != "topic":
            yield post, n(SCHEMA.mentions), target
        m = link.mention
        ident = (link.post, m.span.start, m.span.end, link.kind, link.key)
        if ident not in seen:
            seen.add(ident)
            yield from _evidence(iris, doc.id, target, m.span, m.extractor, m.confidence, link.kind)

    people_topics: dict[str, dict[str, float]] = {}
    for post_key, weights in res.post_topics.items():
        post = iris.post(doc.id, post_key)
        for key, weight in sorted(weights.items()):
            topic = iris.entity("topic", key)
            yield post, n(DCTERMS.subject), topic
            score = iris.minted("topicscore", post.value, key)
            yield post, n(GK.topicScore), score
            yield score, n(RDF.type), n(GK.TopicScore)
            yield score, n(GK.topic), topic
            yield score, n(GK.weight), lit(f"{weight:.4f}", _DECIMAL)
            if post_key:
                person_topics = people_topics.setdefault(res.authors[post_key], {})
                person_topics[key] = person_topics.get(key, 0.0) + weight
    for person_key, weights in people_topics.items():
        for key in weights:
            yield iris.entity("person", person_key), n(GK.discusses), iris.entity("topic", key)


def _entity(e: Entity, iris: Iris):
    if e.kind == "link":
        return
    node = iris.entity(e.kind, e.key)
    for cls in _CLASSES[e.kind]:
        yield node, n(RDF.type), n(cls)
    if e.kind == "person":
        yield node, n(FOAF.name), lit(e.name)
        yield node, n(SCHEMA.name), lit(e.name)
        yield node, n(GK.personKind), lit(e.type or "other")
    elif e.kind == "organisation":
        yield node, n(SCHEMA.name), lit(e.name)
        yield node, n(SKOS.prefLabel), lit(e.name)
        yield node, n(GK.orgType), lit(e.type or "other")
        if e.ods_code:
            yield node, n(GK.odsCode), lit(e.ods_code)
            ods = NamedNode(ODS_ADDRESS.format(e.ods_code))
            yield node, n(SCHEMA.sameAs), ods
        if e.parent_code:
            yield node, n(SCHEMA.additionalType), n(SCHEMA.Hospital)
        if e.parent:
            yield node, n(ORG.subOrganizationOf), iris.entity("organisation", e.parent)
    elif e.kind in {"place", "handle"}:
        yield node, n(SCHEMA.name), lit(e.name)
    elif e.kind == "hashtag":
        yield node, n(SKOS.prefLabel), lit(e.name)
    elif e.kind == "topic":
        yield node, n(SKOS.prefLabel), lit(e.name)
        if e.scheme:
            yield node, n(SKOS.inScheme), iris.topic_scheme()
            yield node, n(SKOS.exactMatch), NamedNode(f"{TOPIC}{e.key}")
        else:
            yield node, n(RDF.type), n(GK.Keyphrase)
    for alias in sorted(e.aliases):
        if alias != e.name:
            yield node, n(SKOS.altLabel), lit(alias)
    if e.owner:
        yield iris.entity(*e.owner), n(GK.handle), node


def _byline(post: NamedNode, text: str):
    """The byline as a resource of its own, so that evidence offsets can index it."""
    byline = NamedNode(f"{post.value}/byline")
    yield post, n(GK.byline), byline
    yield byline, n(RDF.type), n(GK.Byline)
    yield byline, n(SIOC.content), lit(text)
    yield byline, n(DCTERMS.isPartOf), post


def _statement(node: NamedNode, s, p, o):
    yield node, n(RDF.type), n(RDF.Statement)
    yield node, n(RDF.subject), s
    yield node, n(RDF.predicate), p
    yield node, n(RDF.object), o


def _evidence(iris: Iris, doc_id: str, body, span: Span | None, extractor: str, confidence: float, what: str):
    """A Web Annotation: this body, because of this exact text at these offsets of this post."""
    if span is None:
        return
    post = iris.post(doc_id, span.post)
    source = NamedNode(f"{post.value}/{span.field}") if span.field in {"byline", "title"} else post
    ann = iris.minted("annotation", doc_id, span.post, span.field, span.start, span.end, body.value)
    target = NamedNode(f"{ann.value}/target")
    yield ann, n(RDF.type), n(OA.Annotation)
    yield ann, n(OA.motivatedBy), n(OA.identifying)
    yield ann, n(OA.hasBody), body
    yield ann, n(OA.hasTarget), target
    yield ann, n(PROV.wasAttributedTo), iris.extractor(extractor)
    yield ann, n(GK.confidence), lit(f"{confidence:.2f}", _DECIMAL)
    yield target, n(RDF.type), n(OA.SpecificResource)
    yield target, n(OA.hasSource), source
    quote, position = NamedNode(f"{ann.value}/quote"), NamedNode(f"{ann.value}/position")
    yield target, n(OA.hasSelector), quote
    yield target, n(OA.hasSelector), position
    yield quote, n(RDF.type), n(OA.TextQuoteSelector)
    yield quote, n(OA.exact), lit(span.text)
    yield position, n(RDF.type), n(OA.TextPositionSelector)
    yield position, n(OA.start), lit(span.start, _INTEGER)
    yield position, n(OA.end), lit(span.end, _INTEGER)


def _date(value: str):
    import re

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return lit(value, _DATE)
    return lit(value)


def _is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://")) and not any(c in value for c in ' <>"{}|\\^`')
