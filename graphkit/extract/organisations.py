"""Organisations: gazetteer phrase matches first, then spaCy's ORG entities, cleaned and typed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc

from graphkit.extract.matchers import Matchers
from graphkit.extract.places import place_name
from graphkit.extract.shared_heads import listed_sites
from graphkit.extract.spans import BULLETS, trim, without_the
from graphkit.extract.titles import titled_inside, titled_name
from graphkit.extract.tokens import post_text
from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import (
    committee_owner,
    company_cue,
    led_by_org_word,
    org_head,
    org_word,
    type_from_name,
    university_unit,
)
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon, terms

_SPLIT = re.compile(r"\s+(?:and|&|or)\s+")
_COMMA = re.compile(r",\s+")
_PLACES_SPLIT = re.compile(r",\s*|\s+(?:and|&)\s+")
_JOINS = {"and", "&", "of", "the", ","}
_WHEN = {"DATE", "TIME"}
_APOSTROPHES = {"'s", "’s", "'", "’"}  # "Guy's and St Thomas'"
_ACRONYM_AFTER = re.compile(r"^\s*\(([A-Z][A-Za-z&]{1,9})\)")


def organisations(doc: Doc, post: str, matchers: Matchers) -> Iterator[Mention]:
    """Every organisation named in one post, as Mentions with type (and ODS code where known)."""
    taken: list[tuple[int, int]] = []
    topic_forms = matchers.topic_forms
    text = post_text(doc)
    found = list(_gazetteer_matches(doc, post, matchers))
    longer = _longer_names(doc, found)  # gazetteer match -> the longer name that holds it
    for mention in found:
        if id(mention) in longer:
            continue
        named = _site_with_place(doc, text, post, mention, topic_forms)  # 'Queen Elizabeth Hospital Birmingham'
        mention = named or mention
        taken.append((mention.span.start, mention.span.end))
        yield mention
    for mention in _named_with_head(doc, post, taken):  # 'the Anytown and Northfield trust'
        taken.append((mention.span.start, mention.span.end))
        yield mention
    for mention in listed_sites(text, post, taken):  # 'Anytown, Beeton and Ceeford hospitals'
        taken.append((mention.span.start, mention.span.end))
        yield mention
    for ent in doc.ents:
        if "\n" in ent.text or not _org_entity(doc, ent) or any(b in trim(ent.text, 0)[0] for b in BULLETS):
            continue
        ent = _of_a_place(doc, ent)  # 'East Riding of [Yorkshire Council]'
        held = [m for m in found if id(m) in longer and longer[id(m)] == (ent.start_char, ent.end_char)]
        if held:
            mention = _from_ner(text, post, *_ent_text(ent), topic_forms)
            if mention is None:
                mention = held[0]  # the longer name did not hold up: the known body it names stands
            elif held[0].attrs.get("type") == "university" and mention.attrs.get("type") == "university":
                mention.attrs["part_of"] = held[0].attrs.get("canonical", held[0].name)
            taken.append((mention.span.start, mention.span.end))
            yield mention
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        for part, start, end in _split(ent.text, ent.start_char):
            mention = _from_ner(text, post, part, start, end, topic_forms)
            if mention:
                taken.append((mention.span.start, mention.span.end))
                yield mention
    for start, end in _head_first_names(doc):  # 'University of York' that spaCy did not tag
        if not any(s < end and start < e for s, e in taken):
            mention = _from_ner(text, post, text[start:end], start, end, topic_forms)
            if mention:
                yield mention


def _named_with_head(doc: Doc, post: str, taken: list[tuple[int, int]]) -> Iterator[Mention]:
    """'the Maidstone and Tunbridge Wells trust', 'Anytown University Hospitals trust': capitalised words
    and a lower-case word for the body (data/lexicons/definite_heads.csv) that name one listed body with
    a suffix of data/lexicons/org_short_suffixes.csv in its place: that body, though the words alone
    may be places."""
    gaz = gazetteer.load()
    text = post_text(doc)
    for head in doc:
        if not head.is_lower or fold(head.text) not in lexicon("definite_heads") or head.i == 0:
            continue
        start = head.i
        while start > 0 and (doc[start - 1].is_title or doc[start - 1].lower_ in {"and", "&"}):
            start -= 1
        while start < head.i and doc[start].lower_ in {"and", "&"}:
            start += 1
        if start == head.i or any(s < head.idx and doc[start].idx < e for s, e in taken):
            continue
        run = doc[start : head.i].text
        fits = {e.name: e for s in terms("org_short_suffixes") if (e := gaz.org(f"{run} {s}")) is not None}
        if len(fits) != 1:
            continue
        entry = next(iter(fits.values()))
        attrs = {"type": entry.type, "canonical": entry.name}
        if entry.ods_code:
            attrs["ods_code"] = entry.ods_code
        span = Span.of(text, doc[start].idx, head.idx + len(head.text), post)
        yield Mention("organisation", entry.name, span, "gazetteer", 0.85, attrs)


def _of_a_place(doc: Doc, ent):
    """An ORG entity that spaCy began inside a place's name ('East Riding of [Yorkshire Council]'), or
    after a place and 'and' ('Anytown and [District NHS Trust]'): the whole name, where the words before it
    and its own words less the last make a place the gazetteer knows, or the words before 'and' are a
    place spaCy or the gazetteer knows and the entity, no known body itself, has an organisation word."""
    if ent.label_ != "ORG" or ent.start < 2 or len(ent) < 2:
        return ent
    if (
        doc[ent.start - 1].lower_ == "and"
        and ent[0].is_title
        and org_word(ent.text)
        and not gazetteer.load().org(ent.text)
    ):
        start = ent.start - 2
        while start > 0 and doc[start].ent_iob_ == "I" and doc[start].ent_type_ in {"GPE", "LOC"}:
            start -= 1  # 'North Tyneside and [District NHS Trust]'
        place = doc[start].ent_type_ in {"GPE", "LOC"}
        if place or (not doc[start].ent_type_ and gazetteer.load().place(doc[start : ent.start - 1].text)):
            return doc[start : ent.end]
    if ent.start < 3 or doc[ent.start - 1].lower_ != "of":
        return ent
    start = ent.start - 1
    while start > 0 and doc[start - 1].is_title and ent.start - start < 5:
        start -= 1
    for s in range(start, ent.start - 1):
        if gazetteer.load().place(doc[s : ent.end - 1].text):
            return doc[s : ent.end]
    return ent


def _head_first_names(doc: Doc) -> Iterator[tuple[int, int]]:
    """(start, end) of runs of capitalised words that open with an organisation word ('University of
    York', 'Healthwatch Kent', 'Ysbyty Glan Clwyd'), within a line."""
    i = 0
    while i < len(doc):
        lead = doc[i].is_title or (doc[i].is_upper and len(doc[i]) > 1)  # 'APPG on Patient Safety'
        if not lead or (i > 0 and doc[i - 1].is_title):
            i += 1
            continue
        j = i + 1
        joined = j + 1 < len(doc) and doc[j].lower_ in {"on", "for"} and doc[j + 1].is_title
        if joined and doc[j + 1].ent_type_ not in _WHEN:
            j += 1  # 'APPG on Patient Safety', 'Centre for Mental Health': one join after the lead
        while j < len(doc) and (doc[j].is_title or doc[j].lower_ in {"of", "and"}):
            j += 1
        while j > i + 1 and doc[j - 1].lower_ in {"of", "and"}:
            j -= 1
        span = doc[i:j]
        if j - i >= 2 and led_by_org_word(span.text):
            yield span.start_char, span.end_char
        i = j


def _org_entity(doc: Doc, ent) -> bool:
    """spaCy's ORG entities (not a constituency and its MP: 'Anytown MP Jane Roe'), and a body it takes for
    a person or a place: 'Healthwatch Norfolk', 'the Kent Messenger'."""
    if ent.label_ == "ORG":
        return not titled_name(doc, ent) and titled_inside(doc, ent) is None
    name = trim(ent.text, 0)[0]
    return ent.label_ in {"PERSON", "GPE", "FAC", "LOC"} and (led_by_org_word(name) or org_head(name))


def _site_with_place(doc: Doc, text: str, post: str, match: Mention, topic_forms: frozenset[str]) -> Mention | None:
    """A listed hospital's name followed by a proper noun ("Queen Elizabeth Hospital Birmingham",
    "Leicester General Hospital Site") is another hospital, named by the longer name: not the listed one."""
    if not match.attrs.get("parent_code") or match.span.end >= len(text) or text[match.span.end] != " ":
        return None
    following = doc.char_span(match.span.end + 1, len(text), alignment_mode="expand")
    after = following[0] if following is not None and len(following) else None
    if after is None or after.pos_ != "PROPN" or not after.is_title:
        return None
    return _from_ner(
        text,
        post,
        text[match.span.start : after.idx + len(after.text)],
        match.span.start,
        after.idx + len(after.text),
        topic_forms,
    )


def _gazetteer_matches(doc: Doc, post: str, matchers: Matchers) -> Iterator[Mention]:
    entries = matchers.org_entries
    matches = [(m, "lower") for m in matchers.org_lower(doc)] + [(m, "exact") for m in matchers.org_exact(doc)]
    matches += [(m, "short") for m in matchers.org_short(doc)]
    text_ = post_text(doc)  # Doc.text is rebuilt from the tokens on every access
    spans = []
    for (key, start, end), how in matches:
        span = doc[start:end]
        if how == "exact" and len(span) == 1 and not span.text.isupper() and not _lone_name(doc, span[0]):
            continue
        written = all(t.is_title or t.is_upper or t.lower_ in _JOINS or t.text in _APOSTROPHES for t in span)
        if how == "short" and not written:
            continue  # a short form is a name as written: 'Royal Devon and Exeter'
        spans.append((span.start_char, span.end_char, doc.vocab.strings[key]))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    last_end = -1
    for start, end, key in spans:
        if start < last_end:
            continue
        last_end = end
        entry = entries[key]
        _, s, e = trim(text_[start:end], start)
        # 'the Trust'-style text before the match is left to the resolver; the match is the name.
        attrs = {"type": entry.type, "canonical": entry.name}
        if entry.ods_code:
            attrs["ods_code"] = entry.ods_code
        if entry.parent_code:
            attrs["parent_code"] = entry.parent_code
        acronym = _ACRONYM_AFTER.match(text_[e : e + 14])
        if acronym:
            attrs["acronym"] = acronym.group(1)
        yield Mention("organisation", entry.name, Span.of(text_, s, e, post), "gazetteer", 0.95, attrs)


def _longer_names(doc: Doc, found: list[Mention]) -> dict[int, tuple[int, int]]:
    """Gazetteer matches inside a longer ORG entity that is an organisation of its own (see _holds)."""
    longer = {}
    for ent in doc.ents:
        if ent.label_ != "ORG" or "\n" in ent.text:
            continue
        for m in found:
            inside = ent.start_char <= m.span.start and m.span.end <= ent.end_char
            name = _ent_text(ent)[0]
            if inside and m.span.end - m.span.start < len(name) and _holds(without_the(name), m):
                longer[id(m)] = (ent.start_char, ent.end_char)
    return longer


def _holds(name: str, match: Mention) -> bool:
    """Whether a longer name is an organisation of its own around a gazetteer match: a university's
    centre or institute ('Oxford University Centre for Health Economics'), or a trust whose name holds
    a shorter body ('Sandford Healthcare NHS Trust' holds 'NHS')."""
    if match.attrs.get("type") == "university":
        return university_unit(name) and not gazetteer.load().org(name)
    kind = type_from_name(name)
    if kind in {"nhs_trust", "health_board"} and len(match.span.text.split()) == 1:
        return True
    # 'NHS Property Services' holds 'NHS': an acronym opening a longer capitalised name (not a place's: 'NHS Wales')
    first, _, rest = name.partition(" ")
    return (
        match.span.text == first
        and first.isupper()
        and bool(rest)
        and all(w[:1].isupper() for w in rest.split())
        and not gazetteer.load().place(rest)
        and not gazetteer.load().org(name)
    )


def _ent_text(ent) -> tuple[str, int, int]:
    """An entity's text trimmed (extract.spans.trim) and without trailing lower-case words ('X or')."""
    text, start, _ = trim(ent.text, ent.start_char)
    words = text.split()
    while len(words) > 1 and words[-1].islower():
        words.pop()
    cut = text.rfind(words[-1]) + len(words[-1]) if words else 0
    return text[:cut], start, start + cut


def _lone_name(doc: Doc, token) -> bool:
    """A one-word name ('Monitor', 'Mind') reads as a name: a proper noun, not inside a longer capitalised
    name, or before the region of one of its branches ('Unison South East', a place of kind 'region')."""
    if token.pos_ != "PROPN":
        return False
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if after is not None and after.is_title:  # not 'Healthwatch Derbyshire', a body of its own
        places = (gazetteer.load().place(doc[after.i : after.i + n].text) for n in (3, 2) if after.i + n <= len(doc))
        return any(place is not None and place.kind == "region" for place in places)
    before = doc[token.i - 1] if token.i > 0 else None
    # 'Chief Economist' is not 'The Economist'
    return not (token.is_sent_start or (before is not None and before.is_title and before.lower_ != "the"))


def _split(text: str, start: int) -> Iterator[tuple[str, int, int]]:
    """'The Nuffield Trust and Public Health Wales' is two organisations when both halves look like one."""
    parts = _SPLIT.split(text)
    if len(parts) > 1 and all(_looks_like_org(p) for p in parts):
        pos = 0
        for part in parts:
            at = text.index(part, pos)
            pos = at + len(part)
            yield trim(part, start + at)
        return
    # 'Nursing, University of Nottingham': a field before a comma, then the body
    parts = _COMMA.split(text)
    if len(parts) > 1 and _looks_like_org(parts[-1]) and not any(_looks_like_org(p) for p in parts[:-1]):
        at = text.rindex(parts[-1])
        yield trim(parts[-1], start + at)
        return
    yield trim(text, start)


def _looks_like_org(text: str) -> bool:
    text = without_the(text.strip())
    return bool(gazetteer.load().org(text) or org_word(text))


def _from_ner(doc_text: str, post: str, text: str, start: int, end: int, topic_forms: frozenset[str]) -> Mention | None:
    name = without_the(text)
    words = name.split()
    if not words or not name[0].isupper() or any(c.isdigit() for c in name):
        return None
    if fold(words[0]) in lexicon("greetings") or fold(words[0].rstrip(".")) in lexicon("honorifics"):
        return None  # 'Dear Dr Ellis' is someone addressed, 'Cllr Roe' someone named: not organisations
    gaz = gazetteer.load()
    if (
        gaz.place(name)
        or name.casefold() in topic_forms
        or (not org_word(name) and not gaz.org(name) and place_name(words))
    ):
        return None  # 'Great Grimsby', 'Westminster Hall': a place or a building, not a body
    if len(_PLACES_SPLIT.split(name)) > 1 and all(gaz.place(p) for p in _PLACES_SPLIT.split(name)):
        return None  # 'Carmarthenshire, Pembrokeshire and Ceredigion': places, not a body
    # Part of a title or office, not a body: 'Secretary of [State for Health]', 'Director of [Finance]'.
    before = doc_text[max(0, start - 40) : start].split()
    if len(before) >= 2 and before[-1].lower() in {"of", "for"} and not org_word(name):
        head = fold(before[-2])
        if head in lexicon("job_titles") or head in {"secretary", "minister", "state"}:
            return None
    # An internal body of an organisation, not one in its own right: 'the Senior Management Team'.
    if fold(name) in lexicon("internal_bodies") or fold(words[-1]) in {"team", "teams"}:
        return None
    # 'the NHS Long Term Plan', 'Five Year Forward View': documents and events, not organisations.
    if fold(words[-1]) in lexicon("not_organisation_heads") and not org_word(name):
        return None
    # 'Leadership & Culture' are topics, not an organisation.
    if all(fold(part) in topic_forms for part in _SPLIT.split(name)):
        return None
    owner = committee_owner(name)  # a council's scrutiny committee: the council
    if owner is not None:
        start, end, name = start, start + text.index(owner) + len(owner), owner
    party = gaz.org(name + "s")
    entry = gaz.org(name) or (party if party is not None and party.type == "political_party" else None)
    if entry:  # 'Welsh Conservative' (health spokesman): the party
        attrs = {"type": entry.type, "canonical": entry.name}
        if entry.ods_code:
            attrs["ods_code"] = entry.ods_code
        return Mention("organisation", entry.name, Span.of(doc_text, start, end, post), "gazetteer", 0.9, attrs)
    # Lower-case words other than short function words mean a phrase, not a name.
    if any(w[0].islower() and w not in {"of", "and", "for", "the", "in", "on", "&", "de", "upon"} for w in words):
        return None
    if len(words) == 1:
        if not (name.isupper() and len(name) >= 2) or fold(name) in lexicon("post_nominals"):
            return None  # 'CBE' after a name: letters, not a body
        # An unknown acronym: kept only if the resolver can expand it from the text.
        acronym = {"acronym_only": "1"}
        return Mention("organisation", name, Span.of(doc_text, start, end, post), "ner", 0.4, acronym)
    kind = type_from_name(name)
    if kind == "other" and company_cue(doc_text[max(0, start - 40) : start]):
        kind = "company"  # 'private provider X', 'chairman of X': a company unless its name says more
    attrs = {"type": kind}
    acronym = _ACRONYM_AFTER.match(doc_text[end : end + 14])
    if acronym:
        attrs["acronym"] = acronym.group(1)
    return Mention("organisation", name, Span.of(doc_text, start, end, post), "ner", 0.7, attrs)
