"""Organisations of a document: by name, by an acronym the text defines, by a definite description ('the Trust')."""

from __future__ import annotations

from collections import defaultdict

from graphkit.model import Entity, Mention, MentionLink, Resolved
from graphkit.resolve.names import add_org


def definite_references(out: Resolved, references: list[Mention]) -> None:
    """'the Trust' names the one organisation of the document whose name ends in 'Trust' (the publisher first)."""
    orgs = [e for e in out.entities.values() if e.kind == "organisation"]
    heads: dict[str, list[Entity]] = defaultdict(list)
    for entity in orgs:
        words = entity.name.split()
        if len(words) > 1 and words[-1][0].isupper() and words[-1].isalpha():
            heads[words[-1]].append(entity)
    publisher = out.entities.get(("organisation", out.publisher or ""))
    for m in references:
        candidates = heads.get(m.name, [])
        if publisher in candidates:
            candidates = [publisher]
        if len(candidates) != 1:
            continue
        # Skip the full name itself ('The Health Foundation' already matched).
        post, start = m.span.post, m.span.start
        if any(link.post == post and link.mention.span.start <= start < link.mention.span.end for link in out.mentions):
            continue
        entity = candidates[0]
        entity.aliases.add(f"the {m.name}")
        mention = Mention("organisation", entity.name, m.span, m.extractor, m.confidence)
        out.mentions.append(MentionLink(post, "organisation", entity.key, mention))


def organisations(out: Resolved, mentions: list[Mention]) -> None:
    """Each organisation mention to its entity (the gazetteer's name where known); acronyms the
    text defines ('Royal College of X (RCX)') resolve later mentions of the bare acronym."""
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
