"""Phrase matchers built once per spaCy pipeline from the gazetteers and the topic scheme."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher

from graphkit.extract import topics
from graphkit.knowledge import gazetteer
from graphkit.resources import fold, terms


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


@cache
def short_forms() -> dict[str, tuple[str, gazetteer.OrgEntry]]:
    """'Royal Devon and Exeter' for Royal Devon and Exeter NHS Foundation Trust: a listed body's name
    (or earlier name) less a suffix of data/lexicons/org_short_suffixes.csv, where what is left joins
    two or more names with 'and' ('X and Y'). A short form that two bodies share, that is a place
    ('Birmingham and Solihull') or that is a listed name of its own is left out."""
    gaz = gazetteer.load()
    suffixes = sorted(terms("org_short_suffixes"), key=len, reverse=True)
    found: dict[str, tuple[str, gazetteer.OrgEntry]] = {}  # folded form -> (form, body)
    shared: set[str] = set()
    for entry in {id(e): e for e in gaz.orgs.values()}.values():
        if entry.parent_code:
            continue  # a hospital of a trust: its short form is the trust's
        for form in (entry.name, *entry.aliases):
            for short in _shortened(form, suffixes):
                if " and " not in short and " & " not in short:
                    continue
                if gaz.place(short) or gaz.org(short):
                    continue
                key = fold(short)
                if key in found and found[key][1].name != entry.name:
                    shared.add(key)
                found.setdefault(key, (short, entry))
    return {key: value for key, value in found.items() if key not in shared}


def _shortened(name: str, suffixes: list[str]) -> list[str]:
    """The name less one suffix, then less another, while three or more words are left."""
    out = []
    while True:
        cut = next((name[: -len(s)].rstrip(" ,") for s in suffixes if name.endswith(" " + s)), None)
        if cut is None or len(cut.split()) < 3:
            return out
        out.append(cut)
        name = cut
