"""Names into entities: people, organisations and places get their keys here."""

from __future__ import annotations

from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import type_from_name
from graphkit.model import Entity
from graphkit.resolve.found import Found
from graphkit.resources import display_name, fold, slug, strip_honorific, without_the

_KIND_RANK = {"commenter": 0, "author": 1, "public_figure": 2, "other": 3}


def place_kind(name: str) -> str:
    """city, region, country … where the gazetteer knows the place; '' otherwise."""
    entry = gazetteer.load().place(name)
    return entry.kind if entry else ""


def add_org(out: Found, name: str, attrs: dict[str, str] | None = None) -> Entity:
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
        clean = without_the(name.strip())
        kind = attrs.get("type") or type_from_name(clean)
        entity = Entity("organisation", slug(clean), clean, kind)
    return out.add(entity)


def add_person(out: Found, name: str, kind: str) -> Entity:
    written = name.strip()
    name = display_name(strip_honorific(written))
    entity = out.add(Entity("person", slug(name) or "anonymous", name, kind))
    if written != name:
        entity.aliases.add(written)  # as written: with an honorific, or in lower case
    if _KIND_RANK.get(kind, 9) < _KIND_RANK.get(entity.type, 9):
        entity.type = kind
    return entity
