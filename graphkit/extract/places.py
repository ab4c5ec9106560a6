"""Places: spaCy's GPE/LOC entities and gazetteer place names (and regional demonyms such as 'North American')."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from graphkit.extract.matchers import Matchers, place_matches
from graphkit.extract.spans import trim, without_the
from graphkit.extract.tokens import post_text
from graphkit.extract.words import zipf
from graphkit.knowledge import gazetteer
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon

COMMON_WORD = 4.0  # wordfreq Zipf frequency from which a capitalised word reads as an ordinary word
_PLACE_WORDS = {"in", "at", "from", "near", "across", "around", "outside", "throughout", "to", "of"}


def _says_place(doc: Doc, span, label: str | None) -> bool:
    """Context that makes an ambiguous name a place: spaCy takes it for one (and not for a person),
    or a preposition of place stands before it ('in Reading', 'from Chelsea')."""
    if any(t.ent_type_ == "PERSON" for t in span):
        return False
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    head = span[-1].head
    # 'Leeds hospitals', 'Bath residents': a proper name qualifying a plural noun
    qualifies = span[-1].dep_ == "compound" and head.i == span.end and head.tag_ == "NNS"
    return label in {"GPE", "LOC"} or before in _PLACE_WORDS or qualifies


def _surname(doc: Doc, span) -> bool:
    """'Ann Ashby': a place name right after a given name or an honorific is a surname."""
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    word = fold(before.text.rstrip("."))
    return before.is_title and (word in lexicon("given_names") or word in lexicon("honorifics"))


def place_name(words: list[str]) -> bool:
    """'Great Grimsby', 'Upper Norwood': a common English word (wordfreq) that is not a given name, then a
    place the gazetteer knows; 'Westminster Hall': a building's name. A place, not a person."""
    first = fold(words[0])
    if first in lexicon("given_names") or first in lexicon("honorifics"):
        return False
    if len(words) > 1 and fold(words[-1]) in lexicon("venue_heads"):
        return True  # 'Westminster Hall', 'Portcullis House': a building (data/lexicons/venue_heads.csv)
    return len(words) == 2 and zipf(first) >= COMMON_WORD and gazetteer.load().place(words[-1]) is not None


def _in_hyphenated(doc: Doc, span) -> bool:
    """'Sandford' in 'Sandford-on-Sea': a name that is part of a longer hyphenated one."""
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    joined_after = after is not None and after.text == "-" and not span[-1].whitespace_
    return joined_after or (before is not None and before.text == "-" and not before.whitespace_)


def _hyphenated(doc: Doc, span):
    """A name with the hyphenated words that continue it: 'Sandford' -> 'Sandford-on-Sea'."""
    end = span.end
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        end += 2
    return doc[span.start : end] if end > span.end and doc[end - 1].is_title else span  # not 'UK-based'


def _not_a_name(name: str) -> bool:
    """'No10', 'via Teams', 'AI': a word with a digit, or one common English word (wordfreq), is no place
    the gazetteer does not know."""
    return any(c.isdigit() for c in name) or (" " not in name and zipf(name.lower()) >= COMMON_WORD)


def _name_like(name: str, source: str, taken: list[tuple[int, int]]) -> bool:
    """An unknown one-word 'place' that is initials, a given name or a word of a person's name in the post."""
    if " " in name:
        return False
    if name.isupper() and len(name) <= 4:
        return True
    if fold(name) in lexicon("given_names"):
        return True
    return any(name in source[s:e].split() for s, e in taken)


def places(doc: Doc, post: str, matchers: Matchers, taken: list[tuple[int, int]]) -> Iterator[Mention]:
    """Places named in one post, outside the spans already taken by organisations."""
    gaz = gazetteer.load()
    source = post_text(doc)
    ner = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
    seen: list[tuple[int, int]] = list(taken)

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in seen)

    # The longest name first where names overlap: 'Market Harborough', not 'Market'.
    for name, start, end in sorted(place_matches(matchers, doc), key=lambda m: (m[1], m[1] - m[2])):
        span = doc[start:end]
        label = ner.get((span.start_char, span.end_char))
        # A gazetteer hit must read as a name: a proper noun or an entity, not 'reading'.
        if not (label in {"GPE", "LOC", "NORP"} or all(t.pos_ == "PROPN" for t in span)):
            continue
        if not free(span.start_char, span.end_char) or _surname(doc, span) or _in_hyphenated(doc, span):
            continue
        entry = gaz.place(name)
        if entry and entry.ambiguity and not _says_place(doc, span, label):
            continue  # 'Reading the report', 'Chelsea said': a word or a first name here
        seen.append((span.start_char, span.end_char))
        yield Mention("place", name, Span.of(source, span.start_char, span.end_char, post), "gazetteer", 0.9)
    for ent in doc.ents:
        if ent.label_ not in {"GPE", "LOC"} or "\n" in ent.text:
            continue
        ent = _hyphenated(doc, ent)  # 'Sandford-on-Sea', not 'Sandford'
        if not free(ent.start_char, ent.end_char):
            continue
        text, start, end = trim(ent.text, ent.start_char)
        name = without_the(text)
        if not name or not name[0].isupper() or gaz.org(name):
            continue
        known = gaz.place(name)
        if not known and (_name_like(name, source, taken) or _not_a_name(name)):
            continue  # 'JH reported', 'Maria said', a surname of the post's people: not a place the gazetteer knows
        seen.append((start, end))
        yield Mention("place", known.name if known else name, Span.of(source, start, end, post), "ner", 0.7)
