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
    if ent.label_ != "ORG" or not 2 <= len(ent) <= 3:
        return False
    if not all(t.is_title for t in ent) or org_word(ent.text) or gazetteer.load().org(ent.text):
        return False
    if fold(ent[0].text) in lexicon("given_names") and not gazetteer.load().place(ent[-1].text):
        return True
    before = doc[ent.start - 1].text if ent.start > 0 else ""
    return is_title_word(before) or fold(before.rstrip(".")) in lexicon("honorifics")


def title_before(doc: Doc, ent: SpacySpan) -> tuple[SpacySpan, SpacySpan | None] | None:
    """The longest title ending right before the name, and the organisation it is held at:
    'Health Secretary Matt Hancock'; 'its president Adrian Boyle'; "NHS England's chief executive Amanda Pritchard"."""
    known = offices()
    honorifics = lexicon("honorifics")
    # 'the board's chair, John Roe': a possessive title may stand before a comma and the name.
    # 'the trust's medical director, Dr Jane Roe': the title stands before the name's honorifics.
    name = name_start(doc, ent)
    comma = name > 0 and doc[name - 1].text == ","
    end = name - 1 if comma else name
    for n in range(min(6, end), 0, -1):
        span = doc[end - n : end]
        folded = fold(span.text)
        if all(fold(t.text) in honorifics for t in span):
            continue  # 'Professor', 'Dr': an honorific, not a role
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
        if not comma and span[0].text[0].isupper() and (before is None or before.text not in {"'s", "’s"}):
            return span, None
        if before is not None and (before.lower_ in terms("possessives") or before.text in {"'s", "’s"}):
            org = _owner_before(doc, before.i) if before.text in {"'s", "’s"} else None
            return span, org
    return None if comma else _descriptive_title(doc, end)


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
