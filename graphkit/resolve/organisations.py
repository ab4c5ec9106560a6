"""Organisations of a document: by name, by an acronym the text defines, by a definite description ('the Trust')."""

from __future__ import annotations

from collections import defaultdict

from graphkit.knowledge import gazetteer
from graphkit.model import Entity, Mention, MentionLink, Resolved
from graphkit.resolve.found import Found
from graphkit.resolve.names import add_org
from graphkit.resources import fold, terms, without_the


def definite_references(known: Resolved, references: list[Mention]) -> Found:
    """'the Trust' names the one organisation of the document whose name ends in 'Trust' (the publisher first)."""
    out = Found(known)
    # The bodies the text names (not those the register adds, such as a trust's ICB or region), and the publisher.
    named = {link.key for link in known.mentions if link.kind == "organisation"} | {known.publisher}
    orgs = [e for e in known.entities.values() if e.kind == "organisation" and e.key in named]
    heads: dict[str, list[Entity]] = defaultdict(list)
    for entity in orgs:
        words = entity.name.split()
        if len(words) > 1 and words[-1][0].isupper() and words[-1].isalpha():
            heads[words[-1]].append(entity)
    publisher = known.entities.get(("organisation", known.publisher or ""))
    for m in references:
        if gazetteer.load().place(m.name):
            continue  # 'the Midlands' is a place, whatever body has it as its last word
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
    fuller = _fuller_names(mentions)
    # Names ending in an acronym last ('Leeds LMC'), once the bodies they may shorten are known.
    named = sorted((m for m in mentions if not m.attrs.get("acronym_only")), key=_ends_in_acronym)
    for m in named:
        full = fuller.get(id(m))
        entity = add_org(out, full.attrs.get("canonical") or full.name, full.attrs) if full else None
        if entity is None and _ends_in_acronym(m) and not m.attrs.get("canonical"):
            entity = shortened(out, m.name)  # 'Leeds LMC' after 'Leeds Local Medical Committee'
        entity = entity or add_org(out, m.attrs.get("canonical") or m.name, m.attrs)
        if m.span.text.strip() != entity.name:
            entity.aliases.add(m.span.text.strip())
        if m.attrs.get("acronym"):
            acronyms[m.attrs["acronym"]] = entity.key
            entity.aliases.add(m.attrs["acronym"])
        out.mentions.append(MentionLink(m.span.post, "organisation", entity.key, m))
    for m in mentions:
        if not m.attrs.get("acronym_only"):
            continue
        key = acronyms.get(m.name) or getattr(shortened(out, m.name), "key", None)  # 'the LMC'
        if key:
            out.mentions.append(MentionLink(m.span.post, "organisation", key, m))
    return out


def _fuller_names(mentions: list[Mention]) -> dict[int, Mention]:
    """'the Northern General' after 'Northern General Hospital': a name the text gives less a provider word of
    data/lexicons/org_short_suffixes.csv ('Hospital', 'Trust' …) is that body, not one of its own."""
    by_name = {fold(m.attrs.get("canonical") or m.name): m for m in mentions if not m.attrs.get("acronym_only")}
    suffixes = terms("org_short_suffixes")
    out = {}
    for m in mentions:
        if m.attrs.get("canonical") or m.attrs.get("acronym_only"):
            continue
        full = next((by_name[k] for s in suffixes if (k := fold(f"{m.name} {s}")) in by_name), None)
        if full is not None:
            out[id(m)] = full
    return out


def _ends_in_acronym(m: Mention) -> bool:
    last = m.name.split()[-1] if m.name.split() else ""
    return len(last) >= 2 and last.isupper() and last.isalpha()


def shortened(out: Found, name: str) -> Entity | None:
    """The one organisation of the document a shortened name stands for: an acronym of the last words of
    its name ('LMC', 'the LMC' for Leeds Local Medical Committee), or the first words and such an
    acronym ('Leeds LMC')."""
    words = without_the(name.strip()).split()
    if not words or not (len(words[-1]) >= 2 and words[-1].isupper() and words[-1].isalpha()):
        return None
    lead, acronym = [fold(w) for w in words[:-1]], words[-1]
    fits = set()
    for entity in out.values():
        if entity.kind != "organisation":
            continue
        full = [w for w in entity.name.split() if w[:1].isupper() or w in {"and", "of", "for"}]
        starts = [len(lead)] if lead else range(len(full) - 1)
        for k in starts:
            if lead and [fold(w) for w in full[:k]] != lead:
                continue
            rest = [w for w in full[k:] if w[:1].isupper()]
            spelt = {  # 'LUHFT', 'GHNHSFT': NHS by its initial, left out or written whole
                "".join(w[0] for w in rest),
                "".join(w[0] for w in rest if w != "NHS"),
                "".join(w if w == "NHS" else w[0] for w in rest),
            }
            if len(rest) >= 2 and acronym in spelt:
                fits.add(entity.key)
    if entity_key := (next(iter(fits)) if len(fits) == 1 else None):
        return out.entities[("organisation", entity_key)]
    return None
