"""Names into entities: people, organisations and places get their keys here."""

from __future__ import annotations

import re

from graphkit.extract import gazetteer
from graphkit.extract.orgtypes import type_from_name
from graphkit.model import Document
from graphkit.resolve.entities import Entity, Resolved
from graphkit.resources import fold, slug, strip_honorific

_PARTICLES = {"van", "von", "de", "da", "di", "le", "la", "du", "der", "den", "bin", "al", "el", "of"}
_KIND_RANK = {"commenter": 0, "author": 1, "public_figure": 2, "other": 3}


def display_name(name: str) -> str:
    """A person's name as a reader would write it: 'mary okafor' -> 'Mary Okafor'."""
    parts = []
    for part in name.split():
        if part.isalpha() and part.islower() and part not in _PARTICLES:
            part = part[0].upper() + part[1:]
        parts.append(part)
    return " ".join(parts)


def place_kind(name: str) -> str:
    """city, region, country … where the gazetteer knows the place; '' otherwise."""
    entry = gazetteer.load().place(name)
    return entry.kind if entry else ""


def add_org(out: Resolved, name: str, attrs: dict[str, str] | None = None) -> Entity:
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


def add_person(out: Resolved, name: str, kind: str) -> Entity:
    written = name.strip()
    name = display_name(strip_honorific(written))
    entity = out.add(Entity("person", slug(name) or "anonymous", name, kind))
    if written != name:
        entity.aliases.add(written)  # as written: with an honorific, or in lower case
    if _KIND_RANK.get(kind, 9) < _KIND_RANK.get(entity.type, 9):
        entity.type = kind
    return entity


def posts(doc: Document) -> list[tuple[str, str]]:
    return [("", doc.body)] + [(c.id, c.body) for c in doc.comments]
