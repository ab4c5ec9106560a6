"""Phrase matchers built once per spaCy pipeline from the gazetteers and the topic scheme.

Tokenising the ~10,000 names takes the tokenizer and creates a lexeme for every new word, about
a second at every start; the tokens are always the same for the same data files and pipeline.
So the names' tokens, as the attribute each matcher compares (LOWER or ORTH), are kept in
graphkit's knowledge cache (graphkit.knowledge.cache) and the matchers are given their hashes.

A match key costs a lexeme in the pipeline's vocabulary (PhraseMatcher.add makes one for it, with
every lexical attribute computed: 0.1 s for the 4,842 place names at every start). So the places
matcher has one key, and a place match is named from its tokens (`place_matches`); an organisation
name listed for two bodies stays under two keys, as its matches come in the matcher's own order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id

from graphkit.extract import topics
from graphkit.knowledge import gazetteer
from graphkit.knowledge.cache import cached
from graphkit.knowledge.short_forms import short_forms

# The matchers and the attribute each compares.
_ATTRS = {"org_lower": "LOWER", "org_exact": "ORTH", "org_short": "LOWER", "places": "ORTH"}
_PLACE = "graphkit place"  # the places matcher's one key


@dataclass(frozen=True)
class Matchers:
    org_lower: PhraseMatcher  # multi-word names, any case
    org_exact: PhraseMatcher  # acronyms and one-word names, as written
    org_short: PhraseMatcher  # 'Royal Devon and Exeter': a listed body's name without its suffix
    org_entries: dict[str, gazetteer.OrgEntry]
    places: PhraseMatcher  # one key: a match is named by place_matches
    place_names: dict[tuple[int, ...], tuple[str, ...]]  # a place pattern's ORTH hashes -> its places, in data order
    topics: topics.TopicIndex
    topic_forms: frozenset[str]  # case-folded topic labels, which are not organisations


@cache
def build(nlp) -> Matchers:
    """All matchers for one pipeline; cached, so built once per process."""
    entries: dict[str, gazetteer.OrgEntry] = {}
    for _surface, entry, _case_sensitive in gazetteer.load().surfaces():
        entries[f"{entry.name}|{entry.ods_code}"] = entry
    rules = cached("phrase-matchers", lambda: _tokenised(nlp), lambda value: _made(nlp, value), nlp)
    index = topics.build_index(nlp)
    places, place_names = rules["places"]
    return Matchers(
        rules["org_lower"], rules["org_exact"], rules["org_short"], entries, places, place_names, index, index.forms
    )


def place_matches(matchers: Matchers, doc) -> list[tuple[str, int, int]]:
    """(place name, start, end) of every gazetteer place the Doc names, as the matcher finds them; a name
    listed for two places gives both."""
    names = matchers.place_names
    return [
        (name, start, end)
        for _key, start, end in matchers.places(doc)
        for name in names[tuple(t.orth for t in doc[start:end])]
    ]


def _made(nlp, tokenised: dict[str, list]) -> dict:
    """The organisation matchers, a key for each body, and the places matcher with its names."""
    made: dict = _matchers(nlp, tokenised, ("org_lower", "org_exact", "org_short"))
    made["places"] = _place_matcher(nlp, tokenised["places"])
    return made


def _names() -> dict[str, list[tuple[str, list[str]]]]:
    """For each matcher, its rules in order: (match key, the names it matches)."""
    groups: dict[tuple[str, bool], list[str]] = {}
    for surface, entry, case_sensitive in gazetteer.load().surfaces():
        groups.setdefault((f"{entry.name}|{entry.ods_code}", case_sensitive), []).append(surface)
    rules: dict[str, list[tuple[str, list[str]]]] = {name: [] for name in _ATTRS}
    for (key, case_sensitive), surfaces in groups.items():
        rules["org_exact" if case_sensitive else "org_lower"].append((key, surfaces))
    for form, entry in short_forms().values():
        rules["org_short"].append((f"{entry.name}|{entry.ods_code}", sorted(gazetteer.apostrophe_variants(form))))
    place_groups: dict[str, list[str]] = {}
    gaz = gazetteer.load()
    for surface, place in gaz.places.items():
        place_groups.setdefault(place.name, []).append(surface)
    for surface, name in gaz.demonyms.items():
        place_groups.setdefault(name, []).append(surface)
    rules["places"] = list(place_groups.items())
    return rules


def _tokenised(nlp) -> dict[str, list]:
    """The rules as JSON: each name as the list of its tokens' compared attribute (lower case for LOWER)."""
    out: dict[str, list] = {}
    for name, rules in _names().items():
        lower = _ATTRS[name] == "LOWER"
        out[name] = [
            [key, [[t.lower_ if lower else t.text for t in doc] for doc in nlp.tokenizer.pipe(surfaces)]]
            for key, surfaces in rules
        ]
    return out


def _matchers(nlp, tokenised: dict[str, list], names=tuple(_ATTRS)) -> dict[str, PhraseMatcher]:
    """The named matchers from their tokenised rules, a key for each rule: a pattern given as the hashes
    of its tokens' attribute is what PhraseMatcher makes of a Doc, without a lexeme for each word."""
    matchers = {}
    for name in names:
        matcher = PhraseMatcher(nlp.vocab, attr=_ATTRS[name])
        for key, patterns in tokenised[name]:
            matcher.add(key, [[get_string_id(token) for token in tokens] for tokens in patterns])
        matchers[name] = matcher
    return matchers


def _place_matcher(nlp, rules: list) -> tuple[PhraseMatcher, dict[tuple[int, ...], tuple[str, ...]]]:
    """The places matcher under one key, and the places each of its patterns names, in data order."""
    names: dict[tuple[int, ...], tuple[str, ...]] = {}
    for key, patterns in rules:
        for tokens in patterns:
            pattern = tuple(get_string_id(token) for token in tokens)
            if key not in names.get(pattern, ()):
                names[pattern] = (*names.get(pattern, ()), key)
    matcher = PhraseMatcher(nlp.vocab, attr=_ATTRS["places"])
    matcher.add(_PLACE, [list(pattern) for pattern in names])
    return matcher, names
