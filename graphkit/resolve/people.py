"""People of a document: commenters and their bylines, names in the text, first names and surnames, offices."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from graphkit.knowledge import gazetteer
from graphkit.model import Document, Entity, Located, Membership, Mention, MentionLink, Resolved, Span
from graphkit.resolve.found import Found
from graphkit.resolve.names import add_org, add_person, place_kind
from graphkit.resolve.organisations import shortened
from graphkit.resolve.placeholders import placeholder
from graphkit.resources import display_name, fold, lexicon, name_parts, slug, strip_honorific


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
            found = bylines.get("", [])
            # An author's title with no organisation beside it is held at the publisher ('Health Correspondent').
            if out.publisher and not any(m.kind == "employer" for m in found):
                publisher = out.entities[("organisation", out.publisher)]
                if publisher.type == "other" and any(m.kind == "job-title" and _media(m.name) for m in found):
                    publisher.type = "company"  # a correspondent's or an editor's publisher: a news title
                affiliations(out, author, found, organisation=publisher.name)
            else:
                affiliations(out, author, found)
    commenters(out, doc, bylines)
    return out


def commenters(out: Found, doc: Document, bylines: dict[str, list[Mention]]) -> None:
    for comment in doc.comments:
        name = comment.author.strip()
        if placeholder(name):
            # An account, not a person: 'Anonymous' is someone else under every comment, and a
            # placeholder or pseudonym is one account of the thread.
            scope = comment.id if fold(name) in lexicon("anonymous_names") or not fold(name) else ""
            key = slug(f"{name or 'anonymous'} {doc.id} {scope}")
            person = out.add(Entity("person", key, name or "Anonymous", "account"))
        else:
            given, handle = _name_and_handle(comment.author)
            person = add_person(out, given, "commenter")
            if handle:  # 'Jane Doe (@JaneDoeMD)': the commenter's own account
                account = out.add(Entity("handle", slug(handle.casefold()), handle))
                account.owner = account.owner or ("person", person.key)
        out.authors[comment.id] = person.key
        if comment.byline:
            out.bylines[comment.id] = comment.byline
        if person.type != "account":  # 'Anonymous, Consultant': an account holds no membership (org:member is a person)
            affiliations(out, person, bylines.get(comment.id, []), comment.role, comment.organisation)


_AUTHOR_HANDLE = re.compile(r"(?P<name>.+?)\s*[(\[]?\s*@(?P<handle>[A-Za-z0-9_]{1,30})\s*[)\]]?")


def _name_and_handle(author: str) -> tuple[str, str]:
    """'Jane Doe (@JaneDoeMD)' -> ('Jane Doe', 'JaneDoeMD'); a name with no handle after it is kept whole."""
    m = _AUTHOR_HANDLE.fullmatch(author.strip())
    if m is None or placeholder(m["name"]) or not any(c.isalpha() for c in m["name"]):
        return author, ""
    return m["name"], m["handle"]


def signatures(known: Resolved, signed: dict[str, list[Mention]], title_orgs: list[Mention] = ()) -> Found:
    """A signature block names who wrote the post: the commenter (or the article's author) when the
    names agree, the article's author when the article has none (a letter), else someone it names;
    the lines under the name are that person's byline. A post may hold several blocks (a letters
    page, a response with two authors): each names its signer. Someone listed in the article with a
    title and no organisation ('• Jane Roe, Co-Chair') holds it at the one organisation the title names
    ('APPG on Patient Safety: note of the meeting')."""
    out = Found(known)
    named = {m.attrs.get("canonical") or m.name for m in title_orgs}
    host = next(iter(named)) if len(named) == 1 else None
    for post, found in signed.items():
        blocks: dict[str, list[Mention]] = defaultdict(list)
        for m in found:
            blocks[m.attrs.get("block", "")].append(m)
        for block in blocks.values():
            signer = next((m for m in block if m.kind == "signature"), None)
            if signer is None:
                continue
            byline = [m for m in block if m is not signer]
            listed = not post and signer.attrs.get("listed") and not any(m.kind == "employer" for m in byline)
            _signed(out, known, post, signer, byline, host if listed else None)
    return out


def _signed(
    out: Found, known: Resolved, post: str, signer: Mention, byline: list[Mention], host: str | None = None
) -> None:
    key = out.author_of(post) if post else (out.author or known.author)
    person = out.entities[("person", key)] if key and ("person", key) in out.entities else None
    if person is not None and fold(strip_honorific(person.name)) != fold(signer.name):
        person = find_person(out, signer.name)
    if person is None and signer.attrs.get("listed"):
        # Listed with a role ('Present:'): named in public with it, not the post's writer
        person = add_person(out, signer.name, "public_figure")
    if person is None:
        # The signers of an article no one is named the author of (a letters page) are its authors.
        kind = "author" if not post and not known.doc.author else "other"
        person = add_person(out, signer.name, kind)
        if kind == "author" and not out.author:
            out.author = person.key
    if signer.span.text != person.name:
        person.aliases.add(signer.span.text)
    out.mentions.append(MentionLink(post, "person", person.key, signer))
    affiliations(out, person, byline, organisation=host)


def affiliations(
    out: Found, person: Entity, byline: list[Mention], role: str | None = None, organisation: str | None = None
) -> None:
    """Titles, organisation and place from the byline mentions of a post's author (or a given role and organisation)."""
    titles: list[tuple[str, Span | None]] = [(m.name, m.span) for m in byline if m.kind == "job-title"]
    if role:
        titles += [(t.strip(), None) for t in re.split(r";|\s/\s", role) if t.strip()]
    employer = next((m for m in byline if m.kind == "employer" and not m.attrs.get("also")), None)
    for m in byline:
        if m.kind == "employer" and m.attrs.get("also"):  # a second body the byline names: a hospital's board
            org = add_org(out, m.name).key
            out.memberships.append(Membership(person.key, None, org, m.span, "byline", 0.85, m.span))
    workplace = next((m for m in byline if m.kind == "workplace" and not m.attrs.get("also")), None)
    for m in byline:
        if m.kind == "workplace" and m.attrs.get("also"):  # 'Kent' of 'Sandford, Kent': a place the text names
            place = out.add(Entity("place", slug(m.name), m.name, place_kind(m.name)))
            out.mentions.append(MentionLink(m.span.post, "place", place.key, m))
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
        out.memberships.append(Membership(person.key, clean_role(title), org_key, span, "byline", 0.9, org_span))
    if org_key and not titles:
        out.memberships.append(Membership(person.key, None, org_key, org_span, "byline", 0.9, org_span))


def people(
    known: Resolved, persons: list[Mention], roles: list[Mention], offices: list[Mention], surnames: list[Mention]
) -> Found:
    """People named in the text, their roles, surnames alone and offices."""
    out = Found(known)
    # Full names first, so that first names and surnames have someone to resolve to.
    cue: Counter[str] = Counter()
    media: set[str] = set()  # journalists and columnists: the text's roles and cues do not make them public
    full = [m for m in persons if len(name_parts(m.name)) > 1]
    short = [m for m in persons if m not in full]
    for m in full:
        existing = find_person(out, m.name) or near_spelling(out, m.name)
        entity = existing or add_person(out, m.name, "other")
        if existing is not None and fold(strip_honorific(m.name)) != fold(existing.name):
            existing.aliases.add(m.span.text)  # 'Jane Smyth' for Jane Smith: one person, a variant spelling
        if m.attrs.get("cue"):
            cue[entity.key] += 1
        if m.attrs.get("media"):
            media.add(entity.key)
        out.mentions.append(MentionLink(m.span.post, "person", entity.key, m))
        org = _contact_org(out, m) if m.attrs.get("contact") else None
        if org is not None:  # a press release's media contact: someone of the body that issues it
            out.memberships.append(Membership(entity.key, None, org, m.span, m.extractor, 0.6))
    for m in short:
        entity = find_person(out, m.name)
        if entity is None and m.attrs.get("addressed"):
            entity = add_person(out, m.name, "other")  # 'Dear Mr Roe,': the addressee, named by surname only
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
        elif m.attrs.get("organisation", "").lower().startswith("the "):
            org_key = _named_before(out, m)  # 'the trust's chair': the trust the post named before
        elif m.attrs.get("organisation"):
            name, kind = m.attrs["organisation"], m.attrs.get("organisation_type")
            short = None if gazetteer.load().org(name) else _as_named(out, m) or shortened(out, name)  # 'the LMC'
            org_key = short.key if short else add_org(out, name, {"type": kind} if kind else None).key
        role = None if m.kind == "affiliation" else m.name  # 'X from the BMA' says where, not what
        out.memberships.append(Membership(person.key, clean_role(role), org_key, m.span, m.extractor, m.confidence))
        if person.type == "other" and person.key not in media and not _media(role):
            person.type = "public_figure"
    for key, _ in cue.items():
        person = out.entities[("person", key)]
        if person.type == "other" and key not in media:
            person.type = "public_figure"
    _surnames(out, surnames)
    _attach_offices(out, offices, cue)
    return out


def _contact_org(out: Found, m: Mention) -> str | None:
    """The organisation of a press release's contact: the one its email domain abbreviates ('rcm.org.uk'
    for the Royal College of Midwives) or names, else the one the release's title names, else the first
    its 'Notes to editors' name, else the one the post names most often."""
    label = m.attrs.get("domain", "").split(".")[0]
    if label.isalpha():
        hit = shortened(out, label.upper())
        named = [e.key for e in out.values() if e.kind == "organisation" and fold(e.name).replace(" ", "") == label]
        if hit is not None or len(named) == 1:
            return hit.key if hit is not None else named[0]
    post = m.span.post
    links = [link for link in out.all_mentions() if link.kind == "organisation" and link.mention.span.post == post]
    # the body the release's title names, else the first its 'Notes to editors' name: the issuer
    titled = {link.key for link in links if link.mention.span.field == "title"}
    if len(titled) == 1:
        return titled.pop()
    issuer = fold(m.attrs.get("issuer", ""))
    noted = [link.key for link in links if issuer and fold(link.mention.span.text) == issuer]
    if noted:
        return noted[0]
    counts = Counter(link.key for link in links if link.mention.span.field == "content")
    ranked = counts.most_common(2)
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None


def _as_named(out: Found, m: Mention) -> Entity | None:
    """The organisation a role's organisation is, where the post names it in those words: 'the Anytown and
    Northfield trust', 'EMAS' (resolved as organisation mentions before the roles)."""
    name = fold(m.attrs["organisation"])
    for link in out.all_mentions():
        span = link.mention.span
        if link.kind == "organisation" and span.post == m.span.post and fold(span.text) == name:
            return out.entities[("organisation", link.key)]
    return None


def clean_role(role: str | None) -> str | None:
    """A role as a label: one line, no stray punctuation at its ends ('Prime Minister.\n' -> 'Prime Minister')."""
    return " ".join(role.split()).strip(" .,;:!?\u2013\u2014-") or None if role else role


def _media(role: str | None) -> bool:
    """'health editor', 'columnist', 'art director': a role of data/lexicons/media_roles.csv, whole or by
    its last word."""
    words = fold(role or "").split()
    return bool(words) and (words[-1] in lexicon("media_roles") or " ".join(words) in lexicon("media_roles"))


def _named_before(out: Found, m: Mention) -> str | None:
    """The organisation a definite 'the trust' refers to: the last one named before it in the post
    (or in the article) whose name has that word."""
    head = fold(m.attrs["organisation"].split()[-1])
    # The body named most often before it, the last so named on a tie: an article about one trust
    # calls it 'the trust' after naming others ('… then chief executive of Dorset County Hospital NHS
    # Foundation Trust. The trust's chair, …' is the article's own trust).
    counts: Counter[str] = Counter()
    last: dict[str, int] = {}
    for link in out.all_mentions():
        span = link.mention.span
        if link.kind != "organisation" or span.field != "content" or span.post not in {m.span.post, ""}:
            continue
        if (span.post != m.span.post or span.start < m.span.start) and _has_head(link.mention.name, head):
            counts[link.key] += 1
            order = span.start if span.post == m.span.post else -1
            last[link.key] = max(last.get(link.key, -2), order)
    best = max(counts, key=lambda k: (counts[k], last[k]), default=None)
    publisher = out.known.publisher
    if best is None and publisher and _has_head(out.entities[("organisation", publisher)].name, head):
        return publisher  # 'the Gazette's health correspondent': the paper the article is in
    return best


def _has_head(name: str, head: str) -> bool:
    """Whether a body's name has a word, or words whose initials spell it: 'icb' in 'Integrated Care Board'."""
    words = fold(name).split()
    if head in words:
        return True
    initials = "".join(w[0] for w in words if w not in {"and", "of", "the", "for"})
    return len(head) > 1 and head.isalpha() and head in initials


def _surnames(out: Found, surnames: list[Mention]) -> None:
    """'Hancock said …' after 'Matt Hancock': a surname alone names the one person of the document who has it."""
    people = [e for e in out.values() if e.kind == "person" and len(e.name.split()) > 1]
    by_surname: dict[str, list[Entity]] = defaultdict(list)
    for person in people:
        by_surname[name_parts(person.name)[-1]].append(person)
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


def near_spelling(out: Found, name: str) -> Entity | None:
    """The one person of the document whose name differs from this one by a slip of spelling in the
    surname ('Jane Smyth' / 'Jane Smith'): same first name, same number of words, surnames alike."""
    from rapidfuzz import fuzz

    words = display_name(strip_honorific(name)).split()
    if len(words) < 2 or len(words[-1]) < 4:
        return None
    fits = []
    for e in out.values():
        other = e.name.split()
        if e.kind != "person" or e.type == "account" or len(other) != len(words) or other == words:
            continue
        if fold(other[0]) == fold(words[0]) and fuzz.ratio(fold(other[-1]), fold(words[-1])) >= 80:
            fits.append(e)
    return out.entities[("person", fits[0].key)] if len(fits) == 1 else None


def find_person(out: Found, name: str) -> Entity | None:
    """The one person of the document a name fits: in full, or by first name or surname alone."""
    name = display_name(strip_honorific(name))
    if ("person", slug(name)) in out.entities:
        return out.entities[("person", slug(name))]
    if len(name.split()) != 1:
        return None
    key = fold(name)
    fits = [
        e.key
        for e in out.values()
        if e.kind == "person" and key in {fold(name_parts(e.name)[0]), fold(name_parts(e.name)[-1])}
    ]
    return out.entities[("person", fits[0])] if len(fits) == 1 else None


def _commenter_org(out: Found, comment_id: str) -> str | None:
    person = out.author_of(comment_id)
    return next((m.organisation for m in out.all_memberships() if m.person == person and m.organisation), None)


def _attach_offices(out: Found, offices: list[Mention], cue: Counter[str]) -> None:
    """'the Secretary of State' is the one public figure the post that names the office presents with
    public cues ('I would ask the Secretary of State' in a comment is nobody the article names)."""
    if not offices:
        return
    holders = {m.person for m in out.all_memberships()}
    posts: dict[str, set[str]] = defaultdict(set)  # person -> the posts that name them
    for link in out.all_mentions():
        if link.kind == "person":
            posts[link.key].add(link.post)
    by_post: dict[str, list[Mention]] = defaultdict(list)
    for m in offices:
        by_post[m.span.post].append(m)
    for post, named in by_post.items():
        candidates = [
            (n, k)
            for k, n in cue.most_common()
            if k not in holders and out.entities[("person", k)].type == "public_figure" and post in posts[k]
        ]
        if not candidates or (len(candidates) > 1 and candidates[0][0] == candidates[1][0]):
            continue
        person = out.entities[("person", candidates[0][1])]
        titles = {fold(m.name): m for m in named}
        for m in titles.values():
            out.memberships.append(Membership(person.key, clean_role(m.name), None, m.span, "office-reference", 0.6))
        for m in named:
            person.aliases.add(f"the {m.name}")
            out.mentions.append(MentionLink(m.span.post, "person", person.key, m))
