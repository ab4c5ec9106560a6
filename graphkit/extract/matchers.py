"""Phrase matchers built once per spaCy pipeline from the gazetteers and the topic scheme."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher

from graphkit.extract import topics
from graphkit.knowledge import gazetteer
from graphkit.knowledge.short_forms import short_forms


@dataclass(frozen=True)
class Matchers:
    org_lower: PhraseMatcher  # multi-word names, any case
    org_exact: PhraseMatcher  # acronyms and one-word names, as written
    org_short: PhraseMatcher  # 'Royal Devon and Exeter': a listed body's name without its suffix
    org_entries: dict[str, gazetteer.OrgEntry]
    places: PhraseMatcher
    topics: topics.TopicIndex
    topic_forms: frozenset[str]  # case-folded topic labels, which are not organisations


@cache
def build(nlp) -> Matchers:
    """All matchers for one pipeline; cached, so built once per process."""
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    entries: dict[str, gazetteer.OrgEntry] = {}
    groups: dict[tuple[str, bool], list[str]] = {}
    for surface, entry, case_sensitive in gazetteer.load().surfaces():
        key = f"{entry.name}|{entry.ods_code}"
        entries[key] = entry
        groups.setdefault((key, case_sensitive), []).append(surface)
    for (key, case_sensitive), surfaces in groups.items():
        target = exact if case_sensitive else lower
        target.add(key, list(nlp.tokenizer.pipe(surfaces)))
    short = PhraseMatcher(nlp.vocab, attr="LOWER")
    for form, entry in short_forms().values():
        short.add(f"{entry.name}|{entry.ods_code}", list(nlp.tokenizer.pipe(gazetteer.apostrophe_variants(form))))

    places = PhraseMatcher(nlp.vocab, attr="ORTH")
    place_groups: dict[str, list[str]] = {}
    gaz = gazetteer.load()
    for surface, place in gaz.places.items():
        place_groups.setdefault(place.name, []).append(surface)
    for surface, name in gaz.demonyms.items():
        place_groups.setdefault(name, []).append(surface)
    for name, surfaces in place_groups.items():
        places.add(name, list(nlp.tokenizer.pipe(surfaces)))

    index = topics.build_index(nlp)
    return Matchers(lower, exact, short, entries, places, index, index.forms)
