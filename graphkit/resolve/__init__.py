"""Resolve: Mentions in, Entities with stable keys out, within one document.

resolve reads Mentions and the document's structure (authors, given roles and publishers), never
its raw text, and never calls an extractor. Names become keys (slugs) deterministically, so the
same name of the same kind is the same entity across documents; cross-document near matches are
recorded by resolve.matching.
"""

from __future__ import annotations

from collections import defaultdict

from graphkit.knowledge.topics import TopicIndex
from graphkit.model import Document, Entity, Extracted, Mention, MentionLink, Resolved
from graphkit.resolve.names import add_org, add_person, place_kind
from graphkit.resolve.organisations import definite_references, organisations
from graphkit.resolve.people import affiliations, commenters, people, signatures
from graphkit.resolve.tags import handles, publisher_from_handles, tags
from graphkit.resolve.topics import topics
from graphkit.resources import display_name, slug

__all__ = ["display_name", "resolve_document"]


def resolve_document(doc: Document, extracted: Extracted, index: TopicIndex) -> Resolved:
    """Entities, memberships, mentions, replies and topic weights of one document.

    The steps run in this order, each reading what the earlier ones found.
    """
    by_kind: dict[str, list[Mention]] = defaultdict(list)
    bylines: dict[str, list[Mention]] = defaultdict(list)
    signed: dict[str, list[Mention]] = defaultdict(list)
    for m in extracted.mentions:
        if m.span.field == "byline":
            bylines[m.span.post].append(m)
        elif m.extractor == "signature":
            signed[m.span.post].append(m)
        else:
            by_kind[m.kind].append(m)

    out = Resolved(doc=doc, replies=list(extracted.replies))
    # 1. The article's publisher and author as the input gives them, and the commenters.
    if doc.publisher:
        out.publisher = add_org(out, doc.publisher).key
    if doc.author:
        author = add_person(out, doc.author, "author")
        out.author = author.key
        if doc.author_byline:
            out.bylines[""] = doc.author_byline
            found = bylines.get("", [])
            # An author's title with no organisation beside it is held at the publisher ('Health Correspondent').
            if out.publisher and not any(m.kind == "employer" for m in found):
                publisher = out.entities[("organisation", out.publisher)]
                affiliations(out, author, found, organisation=publisher.name)
            else:
                affiliations(out, author, found)
    commenters(out, doc, bylines)
    signatures(out, doc, signed)
    # 2. Organisations by name, then handles and the agents they belong to.
    organisations(out, by_kind["organisation"])
    handles(out, by_kind["handle"])
    # 3. Publisher inference: an article that names none may say whose it is ('follow us at @X').
    out.publisher = publisher_from_handles(out, by_kind["handle"])
    # 4. 'the Trust' (the publisher first), then people, their roles, surnames and offices.
    definite_references(out, by_kind["reference"])
    people(out, by_kind["person"], by_kind["role"] + by_kind["affiliation"], by_kind["office"], by_kind["surname"])
    # 5. Places, tags, links and topics.
    for m in by_kind["place"]:
        entity = out.add(Entity("place", slug(m.name), m.name, type=place_kind(m.name)))
        out.mentions.append(MentionLink(m.span.post, "place", entity.key, m))
    tags(out, by_kind["hashtag"])
    for m in by_kind["link"]:
        out.add(Entity("link", m.name, m.span.text))
        out.mentions.append(MentionLink(m.span.post, "link", m.name, m))
    topics(out, by_kind["topic"], index, extracted.keyphrases, by_kind["phrase"])
    # 6. A role found without its organisation adds nothing when the same role is known with one.
    placed = {(m.person, m.role) for m in out.memberships if m.organisation and m.role}
    out.memberships = [m for m in out.memberships if m.organisation or (m.person, m.role) not in placed]
    return out
