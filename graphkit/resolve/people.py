"""People of a document: commenters and their bylines, names in the text, first names and surnames, offices."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from graphkit.model import Document, Entity, Located, Membership, Mention, MentionLink, Resolved, Span
from graphkit.resolve.found import Found
from graphkit.resolve.names import add_org, add_person, place_kind
from graphkit.resources import display_name, fold, lexicon, slug, strip_honorific


def given_agents(known: Resolved, bylines: dict[str, list[Mention]]) -> Found:
    """The publisher and author the input names, the author's byline, and the commenters with theirs."""
    out = Found(known)
    doc = known.doc
    if doc.publisher:
        out.publisher = add_org(out, doc.publisher).key
    if doc.author:
        author = add_person(out, doc.author, "author")
        out.author = author.key
        if doc.author_byline:
            out.bylines[""] = doc.author_byline
            affiliations(out, author, bylines.get("", []))
    commenters(out, doc, bylines)
    return out


def commenters(out: Found, doc: Document, bylines: dict[str, list[Mention]]) -> None:
    for comment in doc.comments:
        if fold(comment.author) in lexicon("anonymous_names") or not fold(comment.author):
            # 'Anonymous' is a different person under every comment, not one prolific commenter.
            key = slug(f"anonymous {doc.id} {comment.id}")
            person = out.add(Entity("person", key, comment.author.strip() or "Anonymous", "commenter"))
        else:
            person = add_person(out, comment.author, "commenter")
        out.authors[comment.id] = person.key
        if comment.byline:
            out.bylines[comment.id] = comment.byline
        affiliations(out, person, bylines.get(comment.id, []), comment.role, comment.organisation)


def affiliations(
    out: Found, person: Entity, byline: list[Mention], role: str | None = None, organisation: str | None = None
) -> None:
    """Titles, organisation and place from the byline mentions of a post's author (or a given role and organisation)."""
    titles: list[tuple[str, Span | None]] = [(m.name, m.span) for m in byline if m.kind == "job-title"]
    if role:
        titles += [(t.strip(), None) for t in re.split(r";|\s/\s", role) if t.strip()]
    employer = next((m for m in byline if m.kind == "employer"), None)
    workplace = next((m for m in byline if m.kind == "workplace"), None)
    org_key, org_span = None, None
    if organisation:
        org_key = add_org(out, organisation).key
    elif employer:
        org_key = add_org(out, employer.name).key
        org_span = employer.span
    if workplace:
        place = out.add(Entity("place", slug(workplace.name), workplace.name, place_kind(workplace.name)))
        out.locations.append(Located(person.key, place.key, workplace.span))
    for title, span in titles:
        out.memberships.append(Membership(person.key, title, org_key, span, "byline", 0.9, org_span))
    if org_key and not titles:
        out.memberships.append(Membership(person.key, None, org_key, org_span, "byline", 0.9, org_span))


def people(
    known: Resolved, persons: list[Mention], roles: list[Mention], offices: list[Mention], surnames: list[Mention]
) -> Found:
    """People named in the text, their roles, surnames alone and offices."""
    out = Found(known)
    # Full names first, so that first names and surnames have someone to resolve to.
    cue: Counter[str] = Counter()
    full = [m for m in persons if len(strip_honorific(m.name).split()) > 1]
    short = [m for m in persons if m not in full]
    for m in full:
        existing = find_person(out, m.name)
        entity = existing or add_person(out, m.name, "other")
        if m.attrs.get("cue"):
            cue[entity.key] += 1
        out.mentions.append(MentionLink(m.span.post, "person", entity.key, m))
    for m in short:
        entity = find_person(out, m.name)
        if entity is None:
            continue  # a lone first name nobody in the document carries
        entity.aliases.add(m.span.text)
        if m.attrs.get("cue"):
            cue[entity.key] += 1
        out.mentions.append(MentionLink(m.span.post, "person", entity.key, m))
    for m in roles:
        person = find_person(out, m.attrs.get("person", ""))
        if person is None:
            continue
        org_key = None
        if m.attrs.get("our"):
            org_key = known.publisher if m.span.post == "" else _commenter_org(out, m.span.post)
        elif m.attrs.get("organisation"):
            org_key = add_org(out, m.attrs["organisation"]).key
        role = None if m.kind == "affiliation" else m.name  # 'X from the BMA' says where, not what
        out.memberships.append(Membership(person.key, role, org_key, m.span, m.extractor, m.confidence))
        if person.type == "other":
            person.type = "public_figure"
    for key, _ in cue.items():
        person = out.entities[("person", key)]
        if person.type == "other":
            person.type = "public_figure"
    _surnames(out, surnames)
    _attach_offices(out, offices, cue)
    return out


def _surnames(out: Found, surnames: list[Mention]) -> None:
    """'Hancock said …' after 'Matt Hancock': a surname alone names the one person of the document who has it."""
    people = [e for e in out.values() if e.kind == "person" and len(e.name.split()) > 1]
    by_surname: dict[str, list[Entity]] = defaultdict(list)
    for person in people:
        by_surname[person.name.split()[-1]].append(person)
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for link in out.all_mentions():
        if link.mention.span.field == "content":
            covered[link.post].append((link.mention.span.start, link.mention.span.end))
    for m in surnames:
        candidates = by_surname.get(m.name, [])
        post, start = m.span.post, m.span.start
        if len(candidates) != 1 or any(s <= start < e for s, e in covered[post]):
            continue
        covered[post].append((start, m.span.end))
        out.entities[("person", candidates[0].key)].aliases.add(m.name)
        mention = Mention("person", m.name, m.span, m.extractor, m.confidence)
        out.mentions.append(MentionLink(post, "person", candidates[0].key, mention))


def find_person(out: Found, name: str) -> Entity | None:
    """The one person of the document a name fits: in full, or by first name or surname alone."""
    name = display_name(strip_honorific(name))
    if ("person", slug(name)) in out.entities:
        return out.entities[("person", slug(name))]
    if len(name.split()) != 1:
        return None
    key = fold(name)
    fits = [
        e.key for e in out.values() if e.kind == "person" and key in {fold(e.name.split()[0]), fold(e.name.split()[-1])}
    ]
    return out.entities[("person", fits[0])] if len(fits) == 1 else None


def _commenter_org(out: Found, comment_id: str) -> str | None:
    person = out.author_of(comment_id)
    return next((m.organisation for m in out.all_memberships() if m.person == person and m.organisation), None)


def _attach_offices(out: Found, offices: list[Mention], cue: Counter[str]) -> None:
    """'the Secretary of State' is the one public figure the document presents with public cues."""
    if not offices:
        return
    holders = {m.person for m in out.all_memberships()}
    candidates = [
        (n, k) for k, n in cue.most_common() if k not in holders and out.entities[("person", k)].type == "public_figure"
    ]
    if not candidates or (len(candidates) > 1 and candidates[0][0] == candidates[1][0]):
        return
    person = out.entities[("person", candidates[0][1])]
    titles = {fold(m.name): m for m in offices}
    for m in titles.values():
        out.memberships.append(Membership(person.key, m.name, None, m.span, "office-reference", 0.6))
    for m in offices:
        person.aliases.add(f"the {m.name}")
        out.mentions.append(MentionLink(m.span.post, "person", person.key, m))
