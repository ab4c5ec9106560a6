"""Organisations of a document: by name, by an acronym the text defines, by a definite description ('the Trust')."""

from __future__ import annotations

from collections import defaultdict

from graphkit.model import Entity, Mention, MentionLink, Resolved
from graphkit.resolve.found import Found
from graphkit.resolve.names import add_org


def definite_references(known: Resolved, references: list[Mention]) -> Found:
    """'the Trust' names the one organisation of the document whose name ends in 'Trust' (the publisher first)."""
    out = Found(known)
    orgs = [e for e in known.entities.values() if e.kind == "organisation"]
    heads: dict[str, list[Entity]] = defaultdict(list)
    for entity in orgs:
        words = entity.name.split()
        if len(words) > 1 and words[-1][0].isupper() and words[-1].isalpha():
            heads[words[-1]].append(entity)
    publisher = known.entities.get(("organisation", known.publisher or ""))
    for m in references:
        candidates = heads.get(m.name, [])
        if publisher in candidates:
            candidates = [publisher]
        if len(candidates) != 1:
            continue
        # Skip the full name itself ('The Health Foundation' already matched).
        post, start = m.span.post, m.span.start
        if any(
            link.post == post and link.mention.span.start <= start < link.mention.span.end for link in known.mentions
        ):
            continue
        entity = out.entities[("organisation", candidates[0].key)]
        entity.aliases.add(f"the {m.name}")
        mention = Mention("organisation", entity.name, m.span, m.extractor, m.confidence)
        out.mentions.append(MentionLink(post, "organisation", entity.key, mention))
    return out


def organisations(known: Resolved, mentions: list[Mention]) -> Found:
    """Each organisation mention to its entity (the gazetteer's name where known); acronyms the
    text defines ('Royal College of X (RCX)') resolve later mentions of the bare acronym."""
    out = Found(known)
    acronyms: dict[str, str] = {}
    for m in mentions:
        if m.attrs.get("acronym_only"):
            continue
        entity = add_org(out, m.attrs.get("canonical") or m.name, m.attrs)
        if m.span.text.strip() != entity.name:
            entity.aliases.add(m.span.text.strip())
        if m.attrs.get("acronym"):
            acronyms[m.attrs["acronym"]] = entity.key
            entity.aliases.add(m.attrs["acronym"])
        out.mentions.append(MentionLink(m.span.post, "organisation", entity.key, m))
    for m in mentions:
        key = acronyms.get(m.name) if m.attrs.get("acronym_only") else None
        if key:
            out.mentions.append(MentionLink(m.span.post, "organisation", key, m))
    return out
