"""Graph: a resolved document in, RDF quads out, in the document's own named graph.

graph knows RDF and nothing upstream: it reads graphkit.model records only. Every IRI is minted
here (class Iris) from checked parts, so no input text can make an invalid IRI; each quad of a
document is emitted once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import quote

from pyoxigraph import NamedNode, Quad

from graphkit.errors import GraphkitError
from graphkit.graph import evidence
from graphkit.graph.vocab import DCTERMS, FOAF, GK, ODS_ADDRESS, ORG, RDF, SCHEMA, SIOC, SKOS, TOPIC, XSD, lit, n
from graphkit.model import Entity, Resolved

_PATHS = {
    "person": "person",
    "account": "account",
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
_DECIMAL = XSD.decimal
_INTEGER = XSD.integer
_DATE = XSD.date
# What an IRI may hold (RFC 3987): ASCII letters, digits and marks other than <>"{}|\\^`, and the
# 'ucschar' ranges of other letters; anything else, and a '%' that starts no escape, is percent-encoded.
_UCS = (
    "\\xa0-\\ud7ff\\uf900-\\ufdcf\\ufdf0-\\uffef"
    + "".join(  # planes 1-14, less each plane's last two
        f"\\U{p << 16:08x}-\\U{p << 16 | 0xFFFD:08x}" for p in range(1, 14)
    )
    + "\\U000e1000-\\U000efffd"
)
_NOT_IRI = re.compile(rf"[^!#-;=?-\\[\\]_a-z~{_UCS}]|%(?![0-9A-Fa-f]{2})")
_NOT_SEGMENT = re.compile(rf"[^!$-.0-;=@-Z_a-z~{_UCS}]|%(?![0-9A-Fa-f]{2})")


def _escape(match: re.Match[str]) -> str:
    return quote(match.group(0), safe="", errors="surrogatepass")


def web_iri(text: str) -> NamedNode:
    """An IRI for a web address as written in a post, percent-encoding what an IRI may not hold.

    'http://example.org/report|2019' -> <http://example.org/report%7C2019>. An address whose
    authority still cannot be an IRI (a port that is not a number, brackets around a name) gets its
    authority percent-encoded too; whatever the text, the result is a valid IRI.
    """
    fixed = _NOT_IRI.sub(_escape, text)
    try:
        return NamedNode(fixed)
    except ValueError:
        pass
    scheme, sep, rest = fixed.partition("://")
    if sep and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        authority, slash, path = rest.partition("/")
        try:
            return NamedNode(f"{scheme}://{quote(authority, safe='')}{slash}{_NOT_SEGMENT.sub(_escape, path)}")
        except ValueError:
            pass
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return NamedNode(f"urn:graphkit:unreadable-link:{digest}")


def segment(text: str) -> str:
    """One path segment of a minted IRI (a document or comment id), percent-encoding what it may not hold."""
    return _NOT_SEGMENT.sub(_escape, text) or "_"


def check_base(base: str) -> None:
    """A base IRI must be absolute ('https://example.org/kg/', 'urn:kg:'), with nothing IRIs forbid."""
    ok = re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", base)
    try:
        ok = ok and NamedNode(base + "x")
    except ValueError:
        ok = None
    if not ok:
        raise GraphkitError(f"--base '{base}' is not an absolute IRI such as https://example.org/graphkit/")


class Iris:
    """Mints every IRI of the graph from one base, deterministically."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, kind: str, key: str) -> NamedNode:
        return _entity_iri(self.base, kind, key)

    def post(self, doc_id: str, comment_id: str = "") -> NamedNode:
        return _post_iri(self.base, doc_id, comment_id)

    def graph(self, doc_id: str) -> NamedNode:
        return NamedNode(f"{self.base}graph/{segment(doc_id)}")

    def minted(self, kind: str, *parts: object) -> NamedNode:
        """A node named by a digest of its parts (memberships, annotations, statements)."""
        text = "\x1f".join(p.value if isinstance(p, NamedNode) else str(p) for p in parts)
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return NamedNode(f"{self.base}{kind}/{digest}")

    def corpus_scheme(self) -> NamedNode:
        """The local scheme of the topics that emerge from the corpus (noun phrases)."""
        return NamedNode(f"{self.base}topic/corpus-scheme")

    def topic_scheme(self) -> NamedNode:
        return NamedNode(f"{self.base}topic/")

    def extractor(self, name: str) -> NamedNode:
        return _extractor_iri(self.base, name)


@lru_cache(maxsize=65536)
def _entity_iri(base: str, kind: str, key: str) -> NamedNode:
    if kind == "link":
        return web_iri(key)
    return NamedNode(f"{base}{_PATHS[kind]}/{segment(key)}")


@lru_cache(maxsize=4096)  # a document's posts are named again for every annotation of their text
def _post_iri(base: str, doc_id: str, comment_id: str) -> NamedNode:
    if comment_id:
        return NamedNode(f"{base}post/{segment(doc_id)}/comment/{segment(comment_id)}")
    return NamedNode(f"{base}post/{segment(doc_id)}")


@lru_cache(maxsize=256)
def _extractor_iri(base: str, name: str) -> NamedNode:
    return NamedNode(f"{base}extractor/{segment(name)}")


def document_quads(res: Resolved, iris: Iris) -> Iterator[Quad]:
    """Every quad drawn from one document, all in its named graph."""
    g = iris.graph(res.doc.id)
    for s, p, o in _triples(res, iris):
        yield Quad(s, p, o, g)


def _triples(res: Resolved, iris: Iris):
    doc = res.doc
    done: set[NamedNode] = set()  # annotations and statements drawn so far
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
        yield article, n(SCHEMA.url), web_iri(doc.url) if _is_iri(doc.url) else lit(doc.url)
    if doc.source:  # the file's name, not the builder's path, so that a rebuild elsewhere is the same graph
        yield article, n(DCTERMS.source), lit(PurePath(doc.source).name)
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
        author = _agent(res, iris, res.authors[comment.id])
        yield post, n(RDF.type), n(SIOC.Post)
        yield post, n(RDF.type), n(SCHEMA.Comment)
        yield post, n(DCTERMS.identifier), lit(comment.id)
        # a person wrote it (schema:author), or an account that names nobody did (sioc:has_creator)
        yield post, n(SIOC.has_creator if author.value.startswith(f"{iris.base}account/") else SCHEMA.author), author
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
            yield from evidence.statement(statement, post, n(SIOC.reply_of), target, done)
            yield from evidence.annotation(
                iris, doc.id, statement, reply.evidence, reply.extractor, reply.confidence, done
            )

    # Each statement once: a person may hold one role at one organisation by several pieces of evidence.
    member_of = sorted({(m.person, m.organisation) for m in res.memberships if m.organisation})
    for person_key, org_key in member_of:
        yield iris.entity("person", person_key), n(ORG.memberOf), iris.entity("organisation", org_key)
    for person_key, role_name in sorted({(m.person, m.role) for m in res.memberships if m.role}):
        yield iris.entity("person", person_key), n(SCHEMA.jobTitle), lit(role_name)
    roles: dict[NamedNode, str] = {}
    for m in {(m.person, m.role or "", m.organisation): None for m in res.memberships if m.organisation}:
        person_key, role_name, org_key = m
        node = iris.minted("membership", person_key, role_name, org_key)
        yield node, n(RDF.type), n(ORG.Membership)
        yield node, n(ORG.member), iris.entity("person", person_key)
        yield node, n(ORG.organization), iris.entity("organisation", org_key)
        if role_name:
            role = iris.minted("role", role_name.casefold())
            yield node, n(ORG.role), role
            roles.setdefault(role, role_name)
    for role, role_name in roles.items():
        yield role, n(RDF.type), n(ORG.Role)
        yield role, n(SKOS.prefLabel), lit(role_name)
    for m in res.memberships:
        person = iris.entity("person", m.person)
        node = iris.minted("membership", m.person, m.role or "", m.organisation or "")
        if m.evidence is not None:
            body = node if m.organisation else iris.minted("statement", person.value, SCHEMA.jobTitle, m.role)
            if not m.organisation:
                yield from evidence.statement(body, person, n(SCHEMA.jobTitle), lit(m.role), done)
            yield from evidence.annotation(iris, doc.id, body, m.evidence, m.extractor, m.confidence, done)
        if m.organisation and m.org_evidence is not None:  # the organisation as its own words name it
            org = iris.entity("organisation", m.organisation)
            yield from evidence.annotation(iris, doc.id, org, m.org_evidence, m.extractor, m.confidence, done)

    for loc in res.locations:
        person, place = iris.entity("person", loc.person), iris.entity("place", loc.place)
        yield person, n(SCHEMA.workLocation), place
        if loc.evidence:
            body = iris.minted("statement", person.value, SCHEMA.workLocation, place.value)
            yield from evidence.statement(body, person, n(SCHEMA.workLocation), place, done)
            yield from evidence.annotation(iris, doc.id, body, loc.evidence, "byline", 0.8, done)

    named: dict[tuple[str, str, str], None] = {}  # (post, kind, key) in the order first named
    for link in res.mentions:
        named.setdefault((link.post, link.kind, link.key), None)
    for post_key, kind, key in named:
        if kind != "topic":
            relation = SIOC.links_to if kind == "link" else SCHEMA.mentions
            yield iris.post(doc.id, post_key), relation, iris.entity(kind, key)
    for link in res.mentions:
        target = iris.entity(link.kind, link.key)
        m = link.mention
        yield from evidence.annotation(iris, doc.id, target, m.span, m.extractor, m.confidence, done)

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
            if post_key and res.entities[("person", res.authors[post_key])].type != "account":
                person_topics = people_topics.setdefault(res.authors[post_key], {})
                person_topics[key] = person_topics.get(key, 0.0) + weight
    for later, earlier, date, event in res.successions:
        successor, predecessor = iris.entity("organisation", later), iris.entity("organisation", earlier)
        yield successor, n(DCTERMS.replaces), predecessor
        node = iris.minted("succession", successor.value, predecessor.value)
        yield node, n(RDF.type), n(GK.Succession)
        yield node, n(GK.successor), successor
        yield node, n(GK.predecessor), predecessor
        if event:
            yield node, n(GK.event), lit(event)
        if date:
            yield node, n(DCTERMS.date), _date(date)
    for person_key, weights in people_topics.items():
        for key in weights:
            yield iris.entity("person", person_key), n(GK.discusses), iris.entity("topic", key)


def _account(e: Entity, iris: Iris):
    """A commenter's account that names nobody ('Anonymous', 'A GP'): a sioc:UserAccount, not a person."""
    node = iris.entity("account", e.key)
    yield node, n(RDF.type), n(SIOC.UserAccount)
    yield node, n(RDF.type), n(FOAF.OnlineAccount)
    yield node, n(FOAF.accountName), lit(e.name)
    yield node, n(SCHEMA.name), lit(e.name)


def _agent(res: Resolved, iris: Iris, key: str) -> NamedNode:
    """The IRI of a post's author: a person, or an account."""
    entity = res.entities.get(("person", key))
    return iris.entity("account" if entity is not None and entity.type == "account" else "person", key)


def _entity(e: Entity, iris: Iris):
    if e.kind == "link":
        return
    if e.kind == "person" and e.type == "account":
        yield from _account(e, iris)
        return
    node = iris.entity(e.kind, e.key)
    for cls in _CLASSES[e.kind]:
        yield node, n(RDF.type), n(cls)
    if e.kind == "person" and e.type == "account":
        return  # drawn by _account
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
        if e.reports_to:  # an NHS body's ICB or region: linked, not part of it (a trust is no unit of its ICB)
            yield node, n(ORG.linkedTo), iris.entity("organisation", e.reports_to)
        if e.country:
            yield node, n(SCHEMA.areaServed), lit(e.country)
    elif e.kind in {"place", "handle"}:
        yield node, n(SCHEMA.name), lit(e.name)
    elif e.kind == "hashtag":
        yield node, n(SKOS.prefLabel), lit(e.name)
    elif e.kind == "topic":
        yield node, n(SKOS.prefLabel), lit(e.name)
        if e.scheme:
            yield node, n(SKOS.inScheme), iris.topic_scheme()
            yield node, n(SKOS.exactMatch), TOPIC[e.key]
        else:
            yield node, n(RDF.type), n(GK.Keyphrase)
            yield node, n(SKOS.inScheme), iris.corpus_scheme()
            if e.broader:
                yield node, n(SKOS.broader), iris.entity("topic", e.broader)
    for alias in sorted(e.aliases):
        if alias != e.name:
            yield node, n(SKOS.altLabel), lit(alias)
    if e.owner:
        owner = iris.entity(*e.owner)
        yield owner, n(GK.handle), node
        yield owner, n(FOAF.account), node  # the standard term: an account the agent holds


def _byline(post: NamedNode, text: str):
    """The byline as a resource of its own, so that evidence offsets can index it."""
    byline = NamedNode(f"{post.value}/byline")
    yield post, n(GK.byline), byline
    yield byline, n(RDF.type), n(GK.Byline)
    yield byline, n(SIOC.content), lit(text)
    yield byline, n(DCTERMS.isPartOf), post


def _date(value: str):
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return lit(value, _DATE)
    return lit(value)


def _is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://"))
