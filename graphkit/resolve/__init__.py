"""Resolve: Mentions in, Entities with stable keys out, within one document.

Names become keys (slugs) deterministically, so the same name of the same kind is the same
entity across documents; cross-document near matches are recorded by resolve.matching.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from graphkit.extract import gazetteer
from graphkit.extract.bylines import Byline, parse_byline
from graphkit.extract.orgtypes import type_from_name
from graphkit.extract.replies import Reply
from graphkit.extract.topics import TopicIndex
from graphkit.model import Comment, Document, Mention, Span
from graphkit.resolve.entities import Entity, Located, Membership, MentionLink, Resolved
from graphkit.resources import fold, slug, squash, strip_honorific

TITLE = "#title"  # the post key under which an article's title is parsed (no comment id starts with '#')
_TITLE_WEIGHT = 2.0  # a topic in the title counts twice
_ANONYMOUS = {"", "anonymous", "anon", "guest", "unknown", "a reader", "reader", "name withheld", "anonymous user"}
_PARTICLES = {"van", "von", "de", "da", "di", "le", "la", "du", "der", "den", "bin", "al", "el", "of"}
_KIND_RANK = {"commenter": 0, "author": 1, "public_figure": 2, "other": 3}


def _from_title(m: Mention) -> Mention:
    s = m.span
    return Mention(m.kind, m.name, Span("", s.start, s.end, s.text, "title"), m.extractor, m.confidence, m.attrs)


def display_name(name: str) -> str:
    """A person's name as a reader would write it: 'mary okafor' -> 'Mary Okafor'."""
    parts = []
    for part in name.split():
        if part.isalpha() and part.islower() and part not in _PARTICLES:
            part = part[0].upper() + part[1:]
        parts.append(part)
    return " ".join(parts)


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
        out.publisher = _org(out, doc.publisher).key
    if doc.author:
        out.author = _person(out, doc.author, "author").key
    _commenters(out, doc)
    # The title's mentions belong to the article, with offsets into the title.
    mentions = [_from_title(m) if m.span.post == TITLE else m for m in mentions]
    by_kind: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_kind[m.kind].append(m)

    acronyms: dict[str, str] = {}
    for m in by_kind["organisation"]:
        if m.attrs.get("acronym_only"):
            continue
        entity = _org(out, m.attrs.get("canonical") or m.name, m.attrs)
        if m.span.text.strip() != entity.name:
            entity.aliases.add(m.span.text.strip())
        if m.attrs.get("acronym"):
            acronyms[m.attrs["acronym"]] = entity.key
            entity.aliases.add(m.attrs["acronym"])
        out.mentions.append(MentionLink(m.span.post, "organisation", entity.key, m))
    for m in by_kind["organisation"]:
        key = acronyms.get(m.name) if m.attrs.get("acronym_only") else None
        if key:
            out.mentions.append(MentionLink(m.span.post, "organisation", key, m))
    _handles(out, by_kind["handle"])  # may tell who the publisher is
    _definite_references(out)
    _people(out, by_kind["person"], by_kind["role"], by_kind["office"])
    for m in by_kind["place"]:
        entity = out.add(Entity("place", slug(m.name), m.name, type=_place_kind(m.name)))
        out.mentions.append(MentionLink(m.span.post, "place", entity.key, m))
    _tags(out, by_kind["hashtag"])
    for m in by_kind["link"]:
        out.add(Entity("link", m.name, m.span.text))
        out.mentions.append(MentionLink(m.span.post, "link", m.name, m))
    _topics(out, by_kind["topic"], index, keyphrases)
    return out


def _place_kind(name: str) -> str:
    """city, region, country … where the gazetteer knows the place; '' otherwise."""
    entry = gazetteer.load().place(name)
    return entry.kind if entry else ""


def _org(out: Resolved, name: str, attrs: dict[str, str] | None = None) -> Entity:
    attrs = attrs or {}
    entry = gazetteer.load().org(name)
    if entry:
        entity = Entity("organisation", slug(entry.name), entry.name, entry.type, entry.ods_code, entry.parent_code)
        parent = gazetteer.load().by_code.get(entry.parent_code) if entry.parent_code else None
        if parent:
            entity.parent = out.add(
                Entity("organisation", slug(parent.name), parent.name, parent.type, parent.ods_code)
            ).key
        if fold(name) != fold(entry.name):
            entity.aliases.add(name)
    else:
        clean = re.sub(r"^[Tt]he\s+", "", name.strip())
        kind = attrs.get("type") or type_from_name(clean)
        entity = Entity("organisation", slug(clean), clean, kind)
    return out.add(entity)


def _person(out: Resolved, name: str, kind: str) -> Entity:
    written = name.strip()
    name = display_name(strip_honorific(written))
    entity = out.add(Entity("person", slug(name) or "anonymous", name, kind))
    if written != name:
        entity.aliases.add(written)  # as written: with an honorific, or in lower case
    if _KIND_RANK.get(kind, 9) < _KIND_RANK.get(entity.type, 9):
        entity.type = kind
    return entity


def _commenters(out: Resolved, doc: Document) -> None:
    for comment in doc.comments:
        if fold(comment.author) in _ANONYMOUS:
            # 'Anonymous' is a different person under every comment, not one prolific commenter.
            key = slug(f"anonymous {doc.id} {comment.id}")
            person = out.add(Entity("person", key, comment.author.strip() or "Anonymous", "commenter"))
        else:
            person = _person(out, comment.author, "commenter")
        out.authors[comment.id] = person.key
        if comment.byline:
            out.bylines[comment.id] = comment.byline
        _affiliations(out, person, comment)


def _affiliations(out: Resolved, person: Entity, comment: Comment) -> None:
    """Titles, organisation and place from a comment's byline (or its given role and organisation)."""
    parsed = parse_byline(comment.byline) if comment.byline else Byline()
    titles: list[tuple[str, Span | None]] = [
        (p.text, Span(comment.id, p.start, p.end, p.text, "byline")) for p in parsed.titles
    ]
    if comment.role:
        titles += [(t.strip(), None) for t in re.split(r";|\s/\s", comment.role) if t.strip()]
    org_key, org_span = None, None
    if comment.organisation:
        org_key = _org(out, comment.organisation).key
    elif parsed.organisation:
        p = parsed.organisation
        org_key = _org(out, p.text).key
        org_span = Span(comment.id, p.start, p.end, p.text, "byline")
    if parsed.place:
        p = parsed.place
        place = out.add(Entity("place", slug(p.text), p.text, _place_kind(p.text)))
        out.locations.append(Located(person.key, place.key, Span(comment.id, p.start, p.end, p.text, "byline")))
    for title, span in titles:
        out.memberships.append(Membership(person.key, title, org_key, span, "byline", 0.9))
    if org_key and not titles:
        out.memberships.append(Membership(person.key, None, org_key, org_span, "byline", 0.9))


def _definite_references(out: Resolved) -> None:
    """'the Trust' names the one organisation of the document whose name ends in 'Trust' (the publisher first)."""
    orgs = [e for e in out.entities.values() if e.kind == "organisation"]
    heads: dict[str, list[Entity]] = defaultdict(list)
    for entity in orgs:
        words = entity.name.split()
        if len(words) > 1 and words[-1][0].isupper() and words[-1].isalpha():
            heads[words[-1]].append(entity)
    publisher = out.entities.get(("organisation", out.publisher or ""))
    for post, text in _posts(out.doc):
        for m in re.finditer(r"\b[Tt]he ([A-Z][a-z]+)(?:['’]s)?\b(?!\s+[A-Z])", text):
            candidates = heads.get(m.group(1), [])
            if publisher in candidates:
                candidates = [publisher]
            if len(candidates) != 1:
                continue
            entity = candidates[0]
            # Skip the full name itself ('The Health Foundation' already matched).
            if any(
                link.post == post and link.mention.span.start <= m.start() < link.mention.span.end
                for link in out.mentions
            ):
                continue
            surface = f"the {m.group(1)}"
            span = Span(post, m.start(), m.start() + len(m.group(0).split("'")[0].split("’")[0]), m.group(0))
            mention = Mention("organisation", entity.name, span, "definite-reference", 0.7)
            entity.aliases.add(surface)
            out.mentions.append(MentionLink(post, "organisation", entity.key, mention))


def _posts(doc: Document) -> list[tuple[str, str]]:
    return [("", doc.body)] + [(c.id, c.body) for c in doc.comments]


def _people(out: Resolved, persons: list[Mention], roles: list[Mention], offices: list[Mention]) -> None:
    # Full names first, so that first names and surnames have someone to resolve to.
    cue: Counter[str] = Counter()
    full = [m for m in persons if len(strip_honorific(m.name).split()) > 1]
    short = [m for m in persons if m not in full]
    for m in full:
        existing = _find_person(out, m.name)
        entity = existing or _person(out, m.name, "other")
        if m.attrs.get("cue"):
            cue[entity.key] += 1
        out.mentions.append(MentionLink(m.span.post, "person", entity.key, m))
    for m in short:
        entity = _find_person(out, m.name)
        if entity is None:
            continue  # a lone first name nobody in the document carries
        entity.aliases.add(m.span.text)
        if m.attrs.get("cue"):
            cue[entity.key] += 1
        out.mentions.append(MentionLink(m.span.post, "person", entity.key, m))
    for m in roles:
        person = _find_person(out, m.attrs.get("person", ""))
        if person is None:
            continue
        org_key = None
        if m.attrs.get("our"):
            org_key = out.publisher if m.span.post == "" else _commenter_org(out, m.span.post)
        elif m.attrs.get("organisation"):
            org_key = _org(out, m.attrs["organisation"]).key
        out.memberships.append(Membership(person.key, m.name, org_key, m.span, m.extractor, m.confidence))
        if person.type == "other":
            person.type = "public_figure"
    for key, _ in cue.items():
        person = out.entities[("person", key)]
        if person.type == "other":
            person.type = "public_figure"
    _surnames(out)
    _attach_offices(out, offices, cue)


def _surnames(out: Resolved) -> None:
    """'Hancock said …' after 'Matt Hancock': a surname alone names the one person of the document who has it."""
    people = [e for e in out.entities.values() if e.kind == "person" and len(e.name.split()) > 1]
    by_surname: dict[str, list[Entity]] = defaultdict(list)
    for person in people:
        by_surname[person.name.split()[-1]].append(person)
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for link in out.mentions:
        covered[link.post].append((link.mention.span.start, link.mention.span.end))
    for post, text in _posts(out.doc):
        for surname, candidates in by_surname.items():
            if len(candidates) != 1 or not surname[:1].isupper() or len(surname) < 3:
                continue
            for m in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", text):
                if any(s <= m.start() < e for s, e in covered[post]):
                    continue
                covered[post].append(m.span())
                mention = Mention("person", surname, Span(post, m.start(), m.end(), surname), "surname", 0.7)
                candidates[0].aliases.add(surname)
                out.mentions.append(MentionLink(post, "person", candidates[0].key, mention))


def _find_person(out: Resolved, name: str) -> Entity | None:
    """The one person of the document a name fits: in full, or by first name or surname alone."""
    name = display_name(strip_honorific(name))
    exact = out.entities.get(("person", slug(name)))
    if exact:
        return exact
    if len(name.split()) != 1:
        return None
    key = fold(name)
    fits = [
        e
        for e in out.entities.values()
        if e.kind == "person" and key in {fold(e.name.split()[0]), fold(e.name.split()[-1])}
    ]
    return fits[0] if len(fits) == 1 else None


def _commenter_org(out: Resolved, comment_id: str) -> str | None:
    person = out.authors.get(comment_id)
    return next((m.organisation for m in out.memberships if m.person == person and m.organisation), None)


def _attach_offices(out: Resolved, offices: list[Mention], cue: Counter[str]) -> None:
    """'the Secretary of State' is the one public figure the document presents with public cues."""
    if not offices:
        return
    holders = {m.person for m in out.memberships}
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


def _tags(out: Resolved, mentions: list[Mention]) -> None:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        forms[m.name.casefold()][m.name] += 1
    for key, counter in forms.items():
        # The camel-case form reads best: '#WinterCrisis' over '#wintercrisis'.
        name = max(counter, key=lambda f: (sum(c.isupper() for c in f), counter[f]))
        out.add(Entity("hashtag", slug(key), name, aliases=set(counter) - {name}))
    for m in mentions:
        out.mentions.append(MentionLink(m.span.post, "hashtag", slug(m.name.casefold()), m))


def _handles(out: Resolved, mentions: list[Mention]) -> None:
    gaz = gazetteer.load()
    for m in mentions:
        handle = out.add(Entity("handle", slug(m.name.casefold()), m.name))
        out.mentions.append(MentionLink(m.span.post, "handle", handle.key, m))
        if handle.owner:
            continue
        owner = _handle_owner(out, m.name) or _gazetteer_owner(gaz, m.name)
        if owner is None:
            continue
        if owner.kind == "organisation":
            owner = _org(out, owner.name)
        handle.owner = (owner.kind, owner.key)
        # 'Subscribe to our newsletters and follow @X': X is the article's publisher.
        if (
            m.span.post == ""
            and out.publisher is None
            and owner.kind == "organisation"
            and re.search(r"\b(?:our|us|we)\b", _sentence(out.doc.body, m.span.start), re.IGNORECASE)
        ):
            out.publisher = owner.key


def _handle_owner(out: Resolved, handle: str) -> Entity | None:
    key = squash(handle)
    for entity in out.entities.values():
        if entity.kind in {"organisation", "person"}:
            names = {entity.name, *entity.aliases}
            if any(squash(n) == key or squash(re.sub(r"^[Tt]he\s+", "", n)) == key for n in names):
                return entity
    return None


def _gazetteer_owner(gaz: gazetteer.Gazetteer, handle: str) -> Entity | None:
    key = squash(handle)
    for form, entry in gaz.orgs.items():
        if squash(form) == key or squash(re.sub(r"^the\s+", "", form)) == key:
            return Entity("organisation", slug(entry.name), entry.name, entry.type, entry.ods_code)
    return None


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, at) for c in ".!?\n") if i != -1]
    return text[start : min(ends) if ends else len(text)]


def _topics(out: Resolved, mentions: list[Mention], index: TopicIndex, keyphrases: Iterable[tuple[str, float]]) -> None:
    # A post's weight for a topic grows with the evidence and is capped by how much its most
    # specific label says: (1 - 0.5^(sum of specificities)) * (highest specificity).
    evidence: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for m in mentions:
        concept = index.concepts[m.attrs["concept"]]
        out.add(Entity("topic", concept.slug, concept.label, scheme=True))
        weight = float(m.attrs.get("specificity", 1.0))
        evidence[m.span.post][concept.slug].append(weight * (_TITLE_WEIGHT if m.span.field == "title" else 1.0))
        out.mentions.append(MentionLink(m.span.post, "topic", concept.slug, m))
    for post, found in evidence.items():
        out.post_topics[post] = {key: round((1 - 0.5 ** sum(s)) * min(1.0, max(s)), 4) for key, s in found.items()}
    names = {fold(e.name) for e in out.entities.values() if e.kind != "topic"}
    article = out.post_topics.setdefault("", {})
    for phrase, weight in keyphrases:
        folded = fold(phrase)
        padded = f" {folded} "
        # Not a topic: a name of the document ('rebecca thomas nhs'), a number, a fragment.
        if any(f" {name} " in padded for name in names) or len(folded) < 4 or any(c.isdigit() for c in folded):
            continue
        slug_ = index.label_slugs.get(folded) or index.label_slugs.get(folded.rstrip("s"))
        if slug_:
            concept = index.concepts[slug_]
            out.add(Entity("topic", concept.slug, concept.label, scheme=True))
        else:
            slug_ = slug(phrase)
            out.add(Entity("topic", slug_, phrase.lower(), scheme=False))
        article[slug_] = max(article.get(slug_, 0.0), round(weight * 0.3, 4))
