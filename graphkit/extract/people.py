"""People named in the text, with the roles and organisations the text gives them.

- spaCy PERSON entities, cleaned (possessives stripped) and checked against the gazetteers;
- known names of the document (its commenters) and their first names, as written;
- a title right before a name ('Health Secretary Matt Hancock');
- an apposition after it ('X, our Director of Policy,'; 'X, chief executive of Y,');
- a definite office with no name ('the Secretary of State'), left for the resolver to attach.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from spacy.attrs import LOWER
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from graphkit.extract.spans import trim
from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import org_word
from graphkit.model import Mention, Span
from graphkit.resources import display_name, fold, lexicon, read_rows, strip_honorific

_STOP = {",", ".", ";", ":", "(", ")", "!", "?", "who", "which", "that", "said", "says", "and"}
_DETERMINERS = {"our", "the", "its", "their", "his", "her", "a", "an", "my"}
_POSSESSIVES = {"our", "its", "their", "his", "her", "my", "your"}


@cache
def offices() -> dict[str, str]:
    """Folded office title -> kind (political, executive, official)."""
    return {fold(row["term"]): row["kind"] for row in read_rows("lexicons/offices.csv")}


def _is_title_word(word: str) -> bool:
    return fold(word) in lexicon("job_titles") or fold(word) in offices()


def people(doc: Doc, post: str, known: Iterable[str], taken: list[tuple[int, int]]) -> Iterator[Mention]:
    """Person, role and office mentions in one post."""
    gaz = gazetteer.load()
    source = doc.text
    covered: list[tuple[int, int]] = list(taken)
    persons = [ent for ent in doc.ents if ent.label_ == "PERSON" or titled_name(doc, ent)]
    cue_sentences = _cue_sentences(doc) if persons else []
    for ent in persons:
        text, start, end = trim(ent.text, ent.start_char)
        words = text.split()
        if "\n" in text or not words or not text[0].isupper() or len(words) > 4:
            continue
        if any(s < end and start < e for s, e in covered) or gaz.org(text) or gaz.place(text):
            continue
        if all(_is_title_word(w) for w in words) or not all(w[0].isupper() for w in words):
            continue
        covered.append((start, end))
        cue = any(s <= ent.start < e for s, e in cue_sentences)
        attrs = {"cue": "1"} if cue else {}
        yield Mention("person", text, Span.of(source, start, end, post), "ner", 0.8, attrs)
        yield from _roles(doc, source, ent, text, post)
    yield from _known_names(doc, post, known, covered)
    yield from _offices(doc, source, post, covered)


def titled_name(doc: Doc, ent: SpacySpan) -> bool:
    """An entity the model calls ORG that reads as a person: two or three capitalised words right
    after a job title ('chief executive Amanda Pritchard'), with no organisation word in them."""
    if ent.label_ != "ORG" or not 2 <= len(ent) <= 3 or ent.start == 0:
        return False
    if not all(t.is_title for t in ent) or org_word(ent.text) or gazetteer.load().org(ent.text):
        return False
    return _is_title_word(doc[ent.start - 1].text)


def _cue_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences with a public-figure cue ('speech', 'said', 'book', …)."""
    cues = lexicon("public_cues")
    return [(s.start, s.end) for s in doc.sents if any(t.lemma_.lower() in cues for t in s)]


def _known_names(doc: Doc, post: str, known: Iterable[str], covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """Commenters' full and first names, matched as written ('Sam' in 'Sam it's great …')."""
    forms = set()
    for name in map(strip_honorific, known):
        parts = name.split()
        forms.add(name)
        if len(parts) > 1 and len(parts[0]) > 2:
            forms.add(parts[0])
    if not forms:
        return
    text = doc.text
    for form in sorted(forms, key=len, reverse=True):
        if form not in text:
            continue
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(form)}(?![\w'’-]|['’]s\b\s+[A-Z])", text):
            start, end = m.span()
            if any(s < end and start < e for s, e in covered):
                continue
            token = doc.char_span(start, end, alignment_mode="expand")
            if token is None or (token[0].pos_ not in {"PROPN", "NOUN"} and not token[0].is_sent_start):
                continue
            covered.append((start, end))
            yield Mention("person", form, Span.of(text, start, end, post), "name-match", 0.75)


def _roles(doc: Doc, source: str, ent: SpacySpan, person: str, post: str) -> Iterator[Mention]:
    before = _title_before(doc, ent)
    if before:
        title, owner = before
        attrs = {"person": person}
        if owner is not None:
            attrs["organisation"] = owner.text
        span = Span.of(source, title.start_char, title.end_char, post)
        yield Mention("role", title.text, span, "title-before-name", 0.85, attrs)
    after = _apposition(doc, ent)
    if after:
        role, org, det = after
        attrs = {"person": person}
        if org is not None:
            attrs["organisation"] = org.text
        if det == "our":
            attrs["our"] = "1"
        yield Mention(
            "role", role.text, Span.of(source, role.start_char, role.end_char, post), "apposition", 0.8, attrs
        )
    elif not before:
        org = _from_organisation(doc, ent)
        if org is not None:
            attrs = {"person": person, "organisation": org.text}
            span = Span.of(source, org.start_char, org.end_char, post)
            yield Mention("affiliation", org.text, span, "from-organisation", 0.7, attrs)


def _from_organisation(doc: Doc, ent: SpacySpan) -> SpacySpan | None:
    """'Jane Smith from the BMA said …', 'Jane Smith at NHS Providers …': the organisation after the name."""
    i = ent.end
    if i + 1 >= len(doc) or doc[i].lower_ not in {"from", "at", "of"}:
        return None
    start = i + 1 + (doc[i + 1].lower_ == "the")
    for other in doc.ents:
        if other.start == start and other.label_ == "ORG" and not titled_name(doc, other):
            return other
    for n in range(min(8, len(doc) - start), 0, -1):
        span = doc[start : start + n]
        if gazetteer.load().org(span.text):
            return span
    return None


def _title_before(doc: Doc, ent: SpacySpan) -> tuple[SpacySpan, SpacySpan | None] | None:
    """The longest title ending right before the name, and the organisation it is held at:
    'Health Secretary Matt Hancock'; 'its president Adrian Boyle'; "NHS England's chief executive Amanda Pritchard"."""
    known = offices()
    for n in range(min(6, ent.start), 0, -1):
        span = doc[ent.start - n : ent.start]
        folded = fold(span.text)
        capitalised = all(t.is_title or t.lower_ in {"of", "for", "and"} for t in span) and span[0].is_title
        if folded not in known and not (n > 1 and capitalised and fold(span[-1].text) in lexicon("job_titles")):
            continue
        before = doc[span.start - 1] if span.start > 0 else None
        if span[0].text[0].isupper() and (before is None or before.text not in {"'s", "’s"}):
            return span, None
        if before is not None and (before.lower_ in _POSSESSIVES or before.text in {"'s", "’s"}):
            org = _owner_before(doc, before.i) if before.text in {"'s", "’s"} else None
            return span, org
    return None


def _owner_before(doc: Doc, i: int) -> SpacySpan | None:
    """The organisation before a possessive "'s" at token i: "NHS England's"."""
    for ent in doc.ents:
        if ent.end == i and ent.label_ in {"ORG", "GPE", "NORP"}:
            return ent
    for n in range(min(6, i), 0, -1):
        span = doc[i - n : i]
        if gazetteer.load().org(span.text):
            return span
    return None


def _apposition(doc: Doc, ent: SpacySpan) -> tuple[SpacySpan, SpacySpan | None, str] | None:
    """', our Chief Economist,' or ', chief executive of the Nuffield Trust,' after a name."""
    i = ent.end
    while i < len(doc) and doc[i].text in {"'s", "’s"}:
        i += 1
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    det = ""
    if i < len(doc) and doc[i].lower_ in _DETERMINERS:
        det = doc[i].lower_
        i += 1
    start = i
    while i < len(doc) and i - start < 10 and doc[i].lower_ not in _STOP and not doc[i].is_space:
        i += 1
    phrase = doc[start:i]
    if not len(phrase):
        return None
    of = next((t.i for t in phrase if t.lower_ in {"of", "at", "for"}), None)
    role = doc[start:of] if of else phrase
    if not len(role) or not _is_title_word(role[-1].text):
        return None
    org = None
    if of is not None and of + 1 < i:
        org_span = doc[of + 1 : i]
        if org_span[0].lower_ == "the" and len(org_span) > 1:
            org_span = org_span[1:]
        if _names_organisation(org_span):
            org = org_span
        else:
            role = phrase  # 'Director of Policy', 'Director of Infection Prevention': all of it is the title
    return role, org, det


def _names_organisation(span: SpacySpan) -> bool:
    """Whether the words after 'of'/'at' name an organisation rather than a field ('of Policy')."""
    text = span.text
    if not text[:1].isupper():
        return False
    if gazetteer.load().org(text) or org_word(text):
        return True
    return any(t.ent_type_ == "ORG" for t in span)


def _offices(doc: Doc, source: str, post: str, covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """'the Secretary of State' with no name beside it: an office for the resolver to attach."""
    known = offices()
    longest = max((len(k.split()) for k in known), default=1)
    the = doc.vocab.strings["the"]
    lowers = doc.to_array([LOWER])
    i = 0
    while i < len(doc):
        if lowers[i] != the or i + 1 >= len(doc):
            i += 1
            continue
        for n in range(min(longest, len(doc) - i - 1), 0, -1):
            span = doc[i + 1 : i + 1 + n]
            if fold(span.text) in known and span[0].text[0].isupper() and known[fold(span.text)] == "political":
                nxt = doc[span.end] if span.end < len(doc) else None
                if nxt is not None and nxt.ent_type_ == "PERSON":
                    break
                if not any(s < span.end_char and span.start_char < e for s, e in covered):
                    text = span.text
                    yield Mention("office", text, Span.of(source, span.start_char, span.end_char, post), "office", 0.6)
                i += n
                break
        i += 1


def surnames(text: str, post: str, names: Iterable[str], covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """'Hancock said …': the surname of a full name the document uses, standing alone.

    Outside the spans in `covered` (names already found). Which person a surname names is resolve's
    decision; a surname shared by two people of the document names neither.
    """
    found = set()
    for name in names:
        parts = display_name(strip_honorific(name)).split()
        if len(parts) > 1 and parts[-1][:1].isupper() and len(parts[-1]) >= 3:
            found.add(parts[-1])
    covered = list(covered)
    for surname in sorted(found):
        if surname not in text:
            continue
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", text):
            if any(s <= m.start() < e for s, e in covered):
                continue
            covered.append(m.span())
            yield Mention("surname", surname, Span.of(text, m.start(), m.end(), post), "surname", 0.7)
