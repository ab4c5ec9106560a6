"""Hashtags (one concept per case-folded tag) and handles (with the agent they belong to)."""

from __future__ import annotations

from collections import Counter, defaultdict

from graphkit.knowledge import gazetteer
from graphkit.model import Entity, Mention, MentionLink, Resolved
from graphkit.resolve.found import Found
from graphkit.resolve.names import add_org
from graphkit.resolve.people import find_person
from graphkit.resources import name_parts, slug, squash, without_the


def tags(known: Resolved, mentions: list[Mention]) -> Found:
    out = Found(known)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        forms[m.name.casefold()][m.name] += 1
    for key, counter in forms.items():
        # The camel-case form reads best: '#WinterCrisis' over '#wintercrisis'.
        name = max(counter, key=lambda f: (sum(c.isupper() for c in f), counter[f]))
        out.add(Entity("hashtag", slug(key), name, aliases=set(counter) - {name}))
    for m in mentions:
        out.mentions.append(MentionLink(m.span.post, "hashtag", slug(m.name.casefold()), m))
    return out


def handles(known: Resolved, mentions: list[Mention]) -> Found:
    """Handles and the agents they belong to; '@Priya' in a comment addresses a commenter instead."""
    out = Found(known)
    addressed = _commenter_names(known)
    for m in mentions:
        if m.span.post and m.name.casefold() in addressed:
            person = addressed[m.name.casefold()]
            out.mentions.append(MentionLink(m.span.post, "person", person, m))
            continue
        handle = out.add(Entity("handle", slug(m.name.casefold()), m.name))
        out.mentions.append(MentionLink(m.span.post, "handle", handle.key, m))
        if handle.owner:
            continue
        owner = _handle_owner(out, m.name) or _gazetteer_owner(m.name)
        if owner is None:
            continue
        if owner.kind == "organisation":
            owner = add_org(out, owner.name)
        handle.owner = (owner.kind, owner.key)
    return out


def handle_owners(known: Resolved, mentions: list[Mention]) -> Found:
    """A handle nobody owns yet belongs to the person the text names beside it ('Jane Doe (@JaneDoeMD)',
    attrs['person'] from extract), else to the one person of the document whose first name and surname
    it spells ('@DrJaneDoe', '@JaneDoeMD' quoted where Jane Doe is named)."""
    out = Found(known)
    for m in mentions:
        key = ("handle", slug(m.name.casefold()))
        if key not in known.entities or known.entities[key].owner:
            continue
        person = find_person(out, m.attrs["person"]) if m.attrs.get("person") else _spelt_person(out, m.name)
        if person is not None and person.type != "account":
            out.entities[key].owner = ("person", person.key)
    return out


def _spelt_person(out: Found, handle: str) -> Entity | None:
    letters = squash(handle)
    fits = []
    for entity in out.values():
        parts = name_parts(entity.name) if entity.kind == "person" and entity.type != "account" else []
        if len(parts) > 1 and len(squash(parts[0] + parts[-1])) >= 6 and squash(parts[0] + parts[-1]) in letters:
            fits.append(entity)
    return fits[0] if len(fits) == 1 else None


def publisher_from_handles(known: Resolved, mentions: list[Mention]) -> Found:
    """'Subscribe to our newsletters and follow @X': X (an organisation) is the article's publisher.

    Only for an article whose input names no publisher; the first such handle of the article wins.
    """
    out = Found(known)
    if known.publisher is not None:
        return out
    for m in mentions:
        if m.span.post == "" and m.attrs.get("first_person"):
            handle = known.entities.get(("handle", slug(m.name.casefold())))
            if handle is not None and handle.owner and handle.owner[0] == "organisation":
                out.publisher = handle.owner[1]
                return out
    return out


def _commenter_names(out: Resolved) -> dict[str, str]:
    """First names (and run-together full names) of the document's commenters, where only one has it."""
    found: dict[str, set[str]] = {}
    for key in set(out.authors.values()):
        parts = name_parts(out.entities[("person", key)].name)
        for form in {parts[0], "".join(parts)} if parts else ():
            found.setdefault(form.casefold(), set()).add(key)
    return {form: next(iter(keys)) for form, keys in found.items() if len(keys) == 1}


def _handle_owner(out: Found, handle: str) -> Entity | None:
    key = squash(handle)
    for entity in out.values():
        if entity.kind in {"organisation", "person"}:
            names = {entity.name, *entity.aliases}
            if any(squash(n) == key or squash(without_the(n)) == key for n in names):
                return entity
    return None


def _gazetteer_owner(handle: str) -> Entity | None:
    entry = gazetteer.by_handle().get(squash(handle))
    return Entity("organisation", slug(entry.name), entry.name, entry.type, entry.ods_code) if entry else None
