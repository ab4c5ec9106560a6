"""Resolve: Mentions in, Entities with stable keys out, within one document.

Names become keys (slugs) deterministically, so the same name of the same kind is the same
entity across documents; cross-document near matches are recorded by resolve.matching."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graphkit.extract.replies import Reply
from graphkit.extract.topics import TopicIndex
from graphkit.model import Document, Mention, Span
from graphkit.resolve.entities import Entity, MentionLink, Resolved
from graphkit.resolve.names import add_org, add_person, display_name, place_kind
from graphkit.resolve.organisations import definite_references, organisations
from graphkit.resolve.people import affiliations, commenters, people
from graphkit.resolve.tags import handles, tags
from graphkit.resolve.topics import topics
from graphkit.resources import slug

__all__ = ["TITLE", "display_name", "resolve_document"]

TITLE = "#title"  # the post key under which an article's title is parsed (no comment id starts with '#')


def _from_title(m: Mention) -> Mention:
    s = m.span
    return Mention(m.kind, m.name, Span("", s.start, s.end, s.text, "title"), m.extractor, m.confidence, m.attrs)


def resolve_document(
    doc: Document,
    replies: list[Reply],
    mentions: Iterable[Mention],
    index: TopicIndex,
    keyphrases: Iterable[tuple[str, float]] = (),
) -> Resolved:
    """Entities, memberships, mentions, replies and topic weights of one document."""
    out = Resolved(doc=doc, replies=replies)
    if doc.publisher:
        out.publisher = add_org(out, doc.publisher).key
    if doc.author:
        author = add_person(out, doc.author, "author")
        out.author = author.key
        if doc.author_byline:
            out.bylines[""] = doc.author_byline
            affiliations(out, author, "", doc.author_byline)
    commenters(out, doc)
    # The title's mentions belong to the article, with offsets into the title.
    mentions = [_from_title(m) if m.span.post == TITLE else m for m in mentions]
    by_kind: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_kind[m.kind].append(m)

    organisations(out, by_kind["organisation"])
    handles(out, by_kind["handle"])  # may tell who the publisher is
    definite_references(out)
    people(out, by_kind["person"], by_kind["role"] + by_kind["affiliation"], by_kind["office"])
    for m in by_kind["place"]:
        entity = out.add(Entity("place", slug(m.name), m.name, type=place_kind(m.name)))
        out.mentions.append(MentionLink(m.span.post, "place", entity.key, m))
    tags(out, by_kind["hashtag"])
    for m in by_kind["link"]:
        out.add(Entity("link", m.name, m.span.text))
        out.mentions.append(MentionLink(m.span.post, "link", m.name, m))
    topics(out, by_kind["topic"], index, keyphrases)
    # A role found without its organisation adds nothing when the same role is known with one.
    placed = {(m.person, m.role) for m in out.memberships if m.organisation and m.role}
    out.memberships = [m for m in out.memberships if m.organisation or (m.person, m.role) not in placed]
    return out
