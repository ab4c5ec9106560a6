"""Hashtags (one concept per case-folded tag) and handles (with the agent they belong to)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from graphkit.extract import gazetteer
from graphkit.model import Mention
from graphkit.resolve.entities import Entity, MentionLink, Resolved
from graphkit.resolve.names import add_org
from graphkit.resources import slug, squash


def tags(out: Resolved, mentions: list[Mention]) -> None:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        forms[m.name.casefold()][m.name] += 1
    for key, counter in forms.items():
        # The camel-case form reads best: '#WinterCrisis' over '#wintercrisis'.
        name = max(counter, key=lambda f: (sum(c.isupper() for c in f), counter[f]))
        out.add(Entity("hashtag", slug(key), name, aliases=set(counter) - {name}))
    for m in mentions:
        out.mentions.append(MentionLink(m.span.post, "hashtag", slug(m.name.casefold()), m))


def handles(out: Resolved, mentions: list[Mention]) -> None:
    """Handles and the agents they belong to; '@Priya' in a comment addresses a commenter instead."""
    addressed = _commenter_names(out)
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
        # 'Subscribe to our newsletters and follow @X': X is the article's publisher.
        if (
            m.span.post == ""
            and out.publisher is None
            and owner.kind == "organisation"
            and re.search(r"\b(?:our|us|we)\b", _sentence(out.doc.body, m.span.start), re.IGNORECASE)
        ):
            out.publisher = owner.key


def _commenter_names(out: Resolved) -> dict[str, str]:
    """First names (and run-together full names) of the document's commenters, where only one has it."""
    found: dict[str, set[str]] = {}
    for key in set(out.authors.values()):
        parts = out.entities[("person", key)].name.split()
        for form in {parts[0], "".join(parts)} if parts else ():
            found.setdefault(form.casefold(), set()).add(key)
    return {form: next(iter(keys)) for form, keys in found.items() if len(keys) == 1}


def _handle_owner(out: Resolved, handle: str) -> Entity | None:
    key = squash(handle)
    for entity in out.entities.values():
        if entity.kind in {"organisation", "person"}:
            names = {entity.name, *entity.aliases}
            if any(squash(n) == key or squash(re.sub(r"^[Tt]he\s+", "", n)) == key for n in names):
                return entity
    return None


def _gazetteer_owner(handle: str) -> Entity | None:
    entry = gazetteer.by_handle().get(squash(handle))
    return Entity("organisation", slug(entry.name), entry.name, entry.type, entry.ods_code) if entry else None


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, at) for c in ".!?\n") if i != -1]
    return text[start : min(ends) if ends else len(text)]
