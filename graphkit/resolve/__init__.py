"""Resolve: Mentions in, Entities with stable keys out, within one document.

resolve reads Mentions and the document's structure (authors, given roles and publishers), never
its raw text, and never calls an extractor. Names become keys (slugs) deterministically, so the
same name of the same kind is the same entity across documents; cross-document near matches are
recorded by resolve.matching.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from graphkit.knowledge.topics import TopicIndex
from graphkit.model import Document, Entity, Extracted, Membership, Mention, MentionLink, Resolved
from graphkit.resolve.found import Found, absorb
from graphkit.resolve.names import place_kind
from graphkit.resolve.organisations import definite_references, organisations
from graphkit.resolve.people import given_agents, people, signatures
from graphkit.resolve.tags import handle_owners, handles, publisher_from_handles, tags
from graphkit.resolve.topics import topics
from graphkit.resources import display_name, slug

__all__ = ["display_name", "resolve_document"]


def resolve_document(doc: Document, extracted: Extracted, index: TopicIndex) -> Resolved:
    """Entities, memberships, mentions, replies and topic weights of one document.

    Each step reads the document resolved so far and returns what it found (a Found); the steps run
    in this order, and each one's findings are absorbed before the next reads them.
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
    steps = [
        # 1. The publisher and author the input names, the commenters, and their bylines.
        lambda known: given_agents(known, bylines),
        # ... and who signed a letter or a response at its end.
        lambda known: signatures(known, signed),
        # 2. Organisations by name, then handles and the agents they belong to.
        lambda known: organisations(known, _outside(by_kind["organisation"], signed, "job-title")),
        lambda known: handles(known, by_kind["handle"]),
        # 3. Publisher inference: an article that names none may say whose it is ('follow us at @X').
        lambda known: publisher_from_handles(known, by_kind["handle"]),
        # 4. 'the Trust' (the publisher first); people, their roles, surnames and offices.
        lambda known: definite_references(known, by_kind["reference"]),
        lambda known: people(
            known,
            by_kind["person"],
            _outside(by_kind["role"] + by_kind["affiliation"], signed),
            by_kind["office"],
            by_kind["surname"],
        ),
        # ... and the people whose handles the text gives ('Jane Doe (@JaneDoeMD)').
        lambda known: handle_owners(known, by_kind["handle"]),
        # 5. Places, tags, links and topics.
        lambda known: places(known, by_kind["place"]),
        lambda known: tags(known, by_kind["hashtag"]),
        lambda known: links(known, by_kind["link"]),
        lambda known: topics(known, by_kind["topic"], index, extracted.keyphrases, by_kind["phrase"]),
    ]
    state = Resolved(doc=doc, replies=list(extracted.replies))
    for step in steps:
        state = absorb(state, step(state))
    return replace(state, memberships=placed_roles(state.memberships))


def _outside(roles: list[Mention], signed: dict[str, list[Mention]], kind: str = "") -> list[Mention]:
    """A signature line is read as a byline (who the signer is); the text's own role rules read on the
    same line ('Kate Roe, Director of Corporate Services and Company Secretary' as an apposition) add
    nothing, nor does an organisation spaCy finds inside a job title there ('Corporate Services and
    Company'): mentions outside the signature lines (of one `kind` of line only, when given)."""
    lines = [m.span for found in signed.values() for m in found if m.kind != "signature" and kind in ("", m.kind)]

    def inside(m: Mention) -> bool:
        e = m.span
        return any(e.post == s.post and e.field == s.field and e.start < s.end and s.start < e.end for s in lines)

    return [m for m in roles if not inside(m)]


def places(known: Resolved, mentions: list[Mention]) -> Found:
    out = Found(known)
    for m in mentions:
        entity = out.add(Entity("place", slug(m.name), m.name, type=place_kind(m.name)))
        out.mentions.append(MentionLink(m.span.post, "place", entity.key, m))
    return out


def links(known: Resolved, mentions: list[Mention]) -> Found:
    out = Found(known)
    for m in mentions:
        out.add(Entity("link", m.name, m.span.text))
        out.mentions.append(MentionLink(m.span.post, "link", m.name, m))
    return out


def placed_roles(memberships: list[Membership]) -> list[Membership]:
    """A role found without its organisation adds nothing when the same role is known with one, and a
    membership found twice (a byline and the text that repeats it) is kept once, as first found."""
    placed = {(m.person, m.role.casefold()) for m in memberships if m.organisation and m.role}
    seen: set[tuple[str, str | None, str | None]] = set()
    out = []
    for m in memberships:
        key = (m.person, m.role.casefold() if m.role else None, m.organisation)
        if key in seen or not (m.organisation or (m.person, key[1]) not in placed):
            continue
        seen.add(key)
        out.append(m)
    return out
