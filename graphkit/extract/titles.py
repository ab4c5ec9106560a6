"""Titles before a name, and what makes a word a title, for the role rules (extract.roles).

- 'Health Secretary Matt Hancock', "NHS England's chief executive Amanda Pritchard": the longest title
  ending right before a name, and the organisation it is held at;
- 'the chair of Cwm Taf Morgannwg, John Roe,': a title and the body after its 'of';
- 'Welsh Conservative health spokesman Tom Example': a title with the words that qualify it;
- a job title (data/lexicons/job_titles.csv) or an office (data/lexicons/offices.csv).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from graphkit.extract.holders import (
    POSSESSIVE,
    ends_in_title,
    name_start,
    names_organisation,
    org_from,
    qualifier_org,
)
from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import org_word
from graphkit.resources import fold, lexicon, read_rows, terms


@cache
def offices() -> dict[str, str]:
    """Folded office title -> kind (political, executive, official)."""
    return {fold(row["term"]): row["kind"] for row in read_rows("lexicons/offices.csv")}


def is_title_word(word: str) -> bool:
    return fold(word) in lexicon("job_titles") or fold(word) in offices()


def titled_name(doc: Doc, ent: SpacySpan) -> bool:
    """An entity the model calls ORG that reads as a person: two or three capitalised words with no
    organisation word in them, right after a job title or an honorific ('chief executive Amanda
    Pritchard', 'Dr Helena Marsh'), or opening with a given name ('Helena Marsh, Director of …')."""
    honoured = fold(ent[0].text.rstrip(".")) in lexicon("honorifics") and len(ent) > 2  # 'Dr Jane Roe'
    if ent.label_ != "ORG" or not 2 <= len(ent) - honoured <= 3:
        return False
    if not all(t.is_title for t in ent) or org_word(ent.text) or gazetteer.load().org(ent.text):
        return False
    if honoured:
        return True
    if fold(ent[0].text) in lexicon("given_names") and not gazetteer.load().place(ent[-1].text):
        return True
    before = doc[ent.start - 1].text if ent.start > 0 else ""
    return is_title_word(before) or fold(before.rstrip(".")) in lexicon("honorifics")


def titled_inside(doc: Doc, ent: SpacySpan) -> SpacySpan | None:
    """The person an ORG entity ends in after a title: 'Anytown MP Jane Roe' -> 'Jane Roe' (two or three
    capitalised words, the first a given name, after an office or a job title inside the entity)."""
    if ent.label_ != "ORG" or len(ent) < 3:
        return None
    for k in range(ent.start + 1, ent.end - 1):
        name = doc[k + 1 : ent.end]
        titled = (doc[k].text.isupper() and fold(doc[k].text) in offices()) or is_title_word(doc[k].text)
        if titled and 2 <= len(name) <= 3 and all(t.is_title for t in name) and not org_word(name.text):
            return name if fold(name[0].text) in lexicon("given_names") else None
    return None


def title_before(
    doc: Doc, ent: SpacySpan, orgs: list[tuple[int, int]] = ()
) -> tuple[SpacySpan, SpacySpan | None] | None:
    """The longest title ending right before the name, and the organisation it is held at:
    'Health Secretary Matt Hancock'; 'its president Adrian Boyle'; "NHS England's chief executive Amanda
    Pritchard"; 'Anytown NHS Trust chief executive Jane Roe' (`orgs`: the organisations the post names)."""
    known = offices()
    honorifics = lexicon("honorifics")
    # 'the board's chair, John Roe': a possessive title may stand before a comma and the name.
    # 'the trust's medical director, Dr Jane Roe': the title stands before the name's honorifics.
    name = name_start(doc, ent)
    comma = name > 0 and doc[name - 1].text == ","
    held = None if comma else org_then_title(doc, name, orgs)
    if held is not None:
        return held
    end = name - 1 if comma else name
    for n in range(min(8, end), 0, -1):  # 'Cabinet Secretary for Health and Social Care'
        span = doc[end - n : end]
        folded = fold(span.text)
        if all(fold(t.text) in honorifics for t in span) or any(t.is_punct and not hyphen(t) for t in span):
            continue  # 'Professor', 'Dr': an honorific, not a role; '• Co-Chair': no title runs over a mark
        if span[0].lower_ in terms("determiners") or span[0].lower_ in terms("possessives"):
            continue  # 'Our Member of Parliament Sir John Roe': the title is 'Member of Parliament'
        if comma and any(t.is_punct or t.lower_ in terms("determiners") or t.text in POSSESSIVE for t in span):
            continue  # a title does not run back over punctuation, a determiner or a possessive
        capitalised = all(t.is_title or t.lower_ in {"of", "for", "and"} for t in span) and span[0].is_title
        titled = ends_in_title(span)
        if folded not in known and not (n > 1 and capitalised and titled) and not (comma and titled):
            continue
        before = doc[span.start - 1] if span.start > 0 else None
        if comma and folded in known and before is not None and before.lower_ == "the":
            return span, None  # 'The Health Secretary, Wes Streeting,': an office in apposition
        if comma and titled and before is not None and before.lower_ == "the":
            # 'the Cabinet Secretary, Jane Roe,'; 'the chair of Cwm Taf Morgannwg, John Roe,'; not 'the
            # patient, John Smith,': a title in capitals, held at a body, or qualified by one
            title, org = _title_of(doc, span)
            if org is not None or span[0].is_title or qualifier_org(span) is not None:
                return title, org
        opens = _opens_sentence(span) or _after_quote(span)
        if comma and (folded in known or titled) and opens and _then_says(doc, ent):
            return span, None  # 'Medical Director, Dr Jane Roe, told the BBC'; 'Nurse in charge, Jane Roe said'
        if not comma and span[0].text[0].isupper() and (before is None or before.text not in {"'s", "’s"}):
            return span, None
        if before is not None and (before.lower_ in terms("possessives") or before.text in {"'s", "’s"}):
            org = _owner_before(doc, before.i) if before.text in {"'s", "’s"} else None
            return span, org
    return None if comma else _descriptive_title(doc, end)


_LONGEST_TITLE = 7  # tokens: 'director of clinical policy and strategy'
_TITLE_JOINS = {"of", "for", "and", "in", "&"}
_TITLE_POS = {"NOUN", "ADJ", "PROPN", "ADV", "X"}


def org_then_title(doc: Doc, name: int, orgs: list[tuple[int, int]]) -> tuple[SpacySpan, SpacySpan] | None:
    """'Anytown NHS Trust chief executive Jane Roe', "King's Fund chief executive Jane Roe", 'former RCGP
    chair Professor John Roe', 'UNISON head of health Jane Roe', 'Unison South East regional organiser
    Jo Roe', 'Anytown trust non-executive director Dr Jane Roe': an organisation the post names, then
    (past a place or a lower-case 'trust') a title that ends right before the name, with no comma:
    (the title, the organisation)."""
    for s, e in orgs:
        org = doc.char_span(s, e, alignment_mode="expand")
        if org is None or not 0 < name - org.end <= _LONGEST_TITLE + 3:
            continue
        start = _past_qualifiers(doc, org.end, name)
        title = doc[start:name]
        if len(title) and _title_words(title) and ends_in_title(title):
            return title, org
    return None


def _past_qualifiers(doc: Doc, i: int, end: int) -> int:
    """Where a title starts after an organisation's name: past "'s", a place ('South East'), or a
    lower-case word for the body ('trust', 'board')."""
    if i < end and doc[i].text in POSSESSIVE:
        i += 1
    if i < end and doc[i].is_lower and fold(doc[i].text) in lexicon("definite_heads"):
        return i + 1
    for n in range(min(3, end - i - 1), 0, -1):
        if all(t.is_title for t in doc[i : i + n]) and gazetteer.load().place(doc[i : i + n].text):
            return i + n
    return i


def hyphen(token) -> bool:
    """A hyphen inside a word: 'non-executive', 'editor-in-chief'."""
    return token.text == "-" and token.i > 0 and not token.doc[token.i - 1].whitespace_ and not token.whitespace_


def _title_words(span: SpacySpan) -> bool:
    """Whether words may make up a title: nouns, adjectives and title words, joined by 'of', 'and' or a
    hyphen ('non-executive', 'editor-in-chief'); no verb, name, number or other punctuation."""
    if len(span) > _LONGEST_TITLE or span[0].lower_ in _TITLE_JOINS:
        return False
    for t in span:
        if hyphen(t):
            continue
        if t.lower_ in _TITLE_JOINS:
            continue
        if t.ent_type_ == "PERSON" or (t.pos_ not in _TITLE_POS and not is_title_word(t.text)):
            return False
    return True


def _opens_sentence(span: SpacySpan) -> bool:
    """Whether words open their sentence (or their line)."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    return span[0].is_sent_start or before is None or before.is_space or "\n" in before.whitespace_


def _after_quote(span: SpacySpan) -> bool:
    """Whether words follow the closing quote of a quotation: '“… not sustainable,” Medical Director, …'."""
    i = span.start
    if i < 2 or span.doc[i - 1].text not in {"”", '"', "’", "'"} or not span.doc[i - 1].is_quote:
        return False
    return span.doc[i - 2].text in {",", ".", "?", "!"}


def _then_says(doc: Doc, ent: SpacySpan) -> bool:
    """Whether a name is followed by a comma or a verb: 'Medical Director, Jane Roe, told …'."""
    after = doc[ent.end] if ent.end < len(doc) else None
    return after is not None and (after.text == "," or after.pos_ == "VERB")


def _title_of(doc: Doc, span: SpacySpan) -> tuple[SpacySpan, SpacySpan | None]:
    """'chair of Cwm Taf Morgannwg' -> (chair, Cwm Taf Morgannwg): a title and the body after its 'of'."""
    of = next((t.i for t in span if t.lower_ in {"of", "at"}), None)
    if of is None or of + 1 >= span.end or not is_title_word(doc[of - 1].text):
        return span, None
    org = org_from(doc, of + 1, span.end)
    return (doc[span.start : of], org) if names_organisation(org) else (span, None)


def _descriptive_title(doc: Doc, end: int) -> tuple[SpacySpan, SpacySpan | None] | None:
    """'Welsh Conservative health spokesman Tom Example', 'the Plaid Cymru spokesperson Jane Roe':
    a title word right before the name with the words that qualify it, and a body named among them."""
    if end == 0 or not is_title_word(doc[end - 1].text):
        return None
    start = end - 1
    while start > 0 and end - start < 6:
        t = doc[start - 1]
        if hyphen(t):
            start -= 1  # 'non-executive director'
            continue
        if t.pos_ not in {"PROPN", "ADJ", "NOUN"} or t.ent_type_ == "PERSON" or t.is_punct:
            break
        start -= 1
    if start == end - 1:
        return None
    span = doc[start:end]
    gaz = gazetteer.load()
    for n in range(len(span) - 1, 0, -1):  # the longest known body among the words before the title
        for i in range(0, len(span) - n):
            words = span[i : i + n]
            entry = gaz.org(words.text) or gaz.org(words.text + "s")  # 'Conservative' -> Conservatives
            if entry:
                return doc[words.end : end], words
    return span, None


def _owner_before(doc: Doc, i: int) -> SpacySpan | None:
    """The organisation before a possessive "'s" at token i: "NHS England's"."""
    # 'the trust's chair', "the ICB's chief executive": a body named before in the text, for the resolver to find
    if i >= 2 and doc[i - 2].lower_ == "the" and fold(doc[i - 1].text) in lexicon("definite_heads"):
        return doc[i - 2 : i]
    for ent in doc.ents:
        if ent.end == i and ent.label_ in {"ORG", "GPE", "NORP"}:
            return ent
    for n in range(min(6, i), 0, -1):
        span = doc[i - n : i]
        if gazetteer.load().org(span.text):
            return span
    # 'the trust's chair': a body named before in the text, for the resolver to find
    if i >= 2 and doc[i - 2].lower_ == "the" and fold(doc[i - 1].text) in lexicon("definite_heads"):
        return doc[i - 2 : i]
    return None
