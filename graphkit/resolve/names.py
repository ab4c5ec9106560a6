"""Names into entities: people, organisations and places get their keys here."""

from __future__ import annotations

from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import type_from_name
from graphkit.knowledge.short_forms import short_form
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
    entry = gazetteer.load().org(name) or short_form(name)  # 'Royal Devon and Exeter' in a byline
    if entry:
        entity = Entity("organisation", slug(entry.name), entry.name, entry.type, entry.ods_code, entry.parent_code)
        parent = gazetteer.load().by_code.get(entry.parent_code) if entry.parent_code else None
        if parent:
            entity.parent = out.add(
                Entity("organisation", slug(parent.name), parent.name, parent.type, parent.ods_code)
            ).key
        if fold(name) != fold(entry.name):
            entity.aliases.add(name)
        _successors(out, entity)
    else:
        clean = without_the(name.strip())
        kind = attrs.get("type") or type_from_name(clean)
        entity = Entity("organisation", slug(clean), clean, kind)
        if attrs.get("part_of"):  # 'Oxford University Centre for …' is part of the University of Oxford
            entity.parent = add_org(out, attrs["part_of"]).key
    return out.add(entity)


def _successors(out: Found, entity: Entity) -> None:
    """An NHS body that closed into another: its successor joins the document (not as a mention),
    with the succession, so a 2015 name links to today's organisation without being renamed."""
    book = gazetteer.load()
    for code, date, event in gazetteer.successions().get(entity.ods_code, ()):
        successor = book.by_code.get(code)
        if successor is None:
            continue
        later = out.add(
            Entity("organisation", slug(successor.name), successor.name, successor.type, successor.ods_code)
        )
        record = (later.key, entity.key, date, event)
        if record not in out.successions and record not in out.known.successions:
            out.successions.append(record)


def add_person(out: Found, name: str, kind: str) -> Entity:
    written = name.strip()
    name = display_name(strip_honorific(written))
    entity = out.add(Entity("person", slug(name) or "anonymous", name, kind))
    if written != name:
        entity.aliases.add(written)  # as written: with an honorific, or in lower case
    if _KIND_RANK.get(kind, 9) < _KIND_RANK.get(entity.type, 9):
        entity.type = kind
    return entity
