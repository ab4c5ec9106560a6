"""Where a role is held, for the role rules of extract.roles.

- 'Its director of operations, Jane Roe': the organisation 'its' refers to;
- 'chief executive of Barking, Havering and Redbridge University Hospitals': the whole name the gazetteer knows,
  past the stop words that end an apposition, or the name less a lower-case tail ('… in the');
- "chair of the BMA's consultants committee": an internal body of an organisation is held at the organisation;
- ', who chairs the patient group at Elmwood Surgery,': a role told by a verb (data/lexicons/role_verbs.csv);
- 'the Liberal Democrat health spokesperson': a body named among the words that qualify a title;
- "Anytown Council's cabinet member", 'the Gazette's health correspondent': a possessive opening an
  apposition; 'Emeritus Professor of Health Economics, University of York': a field, then the body;
- 'the trust's medical director, Dr Jane Roe': where a name starts with its honorifics.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import org_word
from graphkit.knowledge.short_forms import short_form
from graphkit.resources import fold, lexicon, read_rows, terms

REFERRING = {"its", "their"}  # possessive pronouns that stand for an organisation named before
POSSESSIVE = {"'s", "’s"}
_LONGEST_NAME = 14  # tokens: 'Cheshire and Merseyside Acute and Specialist Trust Provider Collaborative'
_JOINS = {"of", "and", "&", "for", "the", "upon", "on", "in"}


def known_org(text: str) -> bool:
    """Whether the gazetteer knows a name, or it is a short form of a listed body's name."""
    return bool(gazetteer.load().org(text) or short_form(text))


def referent_org(doc: Doc, i: int, orgs: list[tuple[int, int]]) -> SpacySpan | None:
    """The organisation 'its' at token i stands for: the last one named before it in its sentence
    ('The RCN said its general secretary …'), else the first one named in the sentence before
    ('East Midlands Ambulance Service said … Its director of operations, …')."""
    sent = doc[i].sent
    here = [(s, e) for s, e in orgs if sent.start_char <= s and e <= doc[i].idx]
    if here:
        s, e = max(here)
        return doc.char_span(s, e, alignment_mode="expand")
    if sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    there = [(s, e) for s, e in orgs if before.start_char <= s and e <= before.end_char]
    if not there:
        return None
    s, e = min(there)
    return doc.char_span(s, e, alignment_mode="expand")


def org_from(doc: Doc, start: int, end: int) -> SpacySpan:
    """The organisation named from token `start` of an apposition that ends at `end`: the longest name
    the gazetteer knows from there (it may run past the apposition's end), else spaCy's ORG entity
    that starts there, else the words to `end` less a lower-case tail ('Royal College of Nursing in the')."""
    line_end = next((t.i for t in doc[start : start + _LONGEST_NAME] if t.is_space or "\n" in t.whitespace_), None)
    limit = min(start + _LONGEST_NAME, len(doc), line_end + 1 if line_end is not None else len(doc))
    for stop in range(limit, start, -1):
        span = doc[start:stop]
        if not span[-1].is_punct and not span[-1].is_space and known_org(span.text):
            return span
    for ent in doc.ents:
        if ent.start == start and ent.label_ == "ORG" and ent.end <= limit and not any(t.text == "," for t in ent):
            return ent
    cut = start + 1
    while cut < end and (doc[cut].text[:1].isupper() or doc[cut].lower_ in _JOINS):
        cut += 1
    while cut > start + 1 and doc[cut - 1].lower_ in _JOINS:
        cut -= 1  # 'Royal College of Nursing in the' -> 'Royal College of Nursing'
    return doc[start:cut]


@cache
def _internal_heads() -> frozenset[str]:
    """Last words of data/lexicons/internal_bodies.csv: 'committee', 'board', 'team' …"""
    return frozenset(term.split()[-1] for term in lexicon("internal_bodies"))


def owner_of_internal(span: SpacySpan) -> SpacySpan | None:
    """ "BMA's consultants committee" -> BMA: a body inside an organisation, held at the organisation."""
    mark = next((t.i for t in span if t.text in POSSESSIVE), None)
    if mark is None or mark == span.start or mark + 1 >= span.end:
        return None
    if fold(span.doc[span.end - 1].text) not in _internal_heads():
        return None
    return span.doc[span.start : mark]


@cache
def role_verbs() -> dict[str, str]:
    """Folded verb -> the role it tells ('chairs' -> 'chair'), from data/lexicons/role_verbs.csv."""
    return {fold(row["term"]): row["role"] for row in read_rows("lexicons/role_verbs.csv")}


def relative_role(doc: Doc, i: int) -> tuple[str, SpacySpan, SpacySpan | None] | None:
    """', who chairs the patient group at Elmwood Surgery,' at token i (the 'who'): (role, the verb,
    the organisation) — the body after the last 'at'/'of', or the object itself when it names one."""
    if i + 1 >= len(doc) or doc[i].lower_ != "who":
        return None
    verb = doc[i + 1]
    role = role_verbs().get(fold(verb.text))
    if role is None:
        return None
    stops = terms("apposition_stops")
    j = i + 2
    while j < len(doc) and j - i < 14 and doc[j].lower_ not in stops and not doc[j].is_space:
        j += 1
    phrase = doc[i + 2 : j]
    if not len(phrase):
        return None
    at = next((t.i for t in reversed(phrase) if t.lower_ in {"at", "of", "for"}), None)
    start = at + 1 if at is not None else phrase.start
    start += start < j and doc[start].lower_ == "the"
    if start >= j or not doc[start].text[:1].isupper():
        return role, doc[i + 1 : i + 2], None
    org = org_from(doc, start, j)
    if not (known_org(org.text) or org_word(org.text) or any(t.ent_type_ == "ORG" for t in org)):
        return role, doc[i + 1 : i + 2], None
    return role, doc[i + 1 : i + 2], org


def qualifier_org(span: SpacySpan) -> tuple[SpacySpan, SpacySpan] | None:
    """'Liberal Democrat health spokesperson' -> (Liberal Democrat, health spokesperson): the longest
    known body among the words before a title, and the title after it."""
    gaz = gazetteer.load()
    for n in range(len(span) - 1, 0, -1):
        for i in range(0, len(span) - n):
            words = span[i : i + n]
            if words[0].text[:1].isupper() and (gaz.org(words.text) or gaz.org(words.text + "s")):
                rest = span.doc[words.end : span.end]
                return (words, rest) if len(rest) else None
    return None


def name_start(doc: Doc, ent: SpacySpan) -> int:
    """The token where a name starts with its honorifics: 'Dr' in 'the trust's medical director, Dr Jane Roe'."""
    i = ent.start
    honorifics = lexicon("honorifics")
    while i > 0 and fold(doc[i - 1].text.rstrip(".")) in honorifics:
        i -= 1
    return i


def our_colleague(doc: Doc, ent: SpacySpan) -> bool:
    """'Our colleague Dr Jane Roe': someone of the publisher's."""
    i = name_start(doc, ent)
    return i >= 2 and doc[i - 1].lower_ in {"colleague", "colleagues"} and doc[i - 2].lower_ == "our"


def ends_in_title(span: SpacySpan) -> bool:
    """Whether words end in a job title, or hold one before 'of'/'for': 'director of operations'."""
    titles = lexicon("job_titles")
    if fold(span[-1].text) in titles or fold(span.text) in titles:  # 'nurse in charge'
        return True
    of = next((t.i for t in span if t.lower_ in {"of", "for"}), None)
    return of is not None and of > span.start and fold(span.doc[of - 1].text) in titles


def preposition_of(token) -> bool:
    """'of', 'for', or 'on' before a name: 'health spokesperson on Anytown County Council'."""
    if token.lower_ in {"of", "for"}:
        return True
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.lower_ == "on" and nxt is not None and nxt.text[:1].isupper()


def strong(name: str) -> bool:
    """Whether a name plainly is an organisation: known, a short form of a known one, or by its words."""
    return known_org(name) or bool(org_word(name))


def possessor(doc: Doc, start: int, end: int, det: str) -> SpacySpan | None:
    """The organisation that opens an apposition with a possessive: "Anytown Council's cabinet
    member", "the Gazette's health correspondent" (a definite description: 'the Gazette')."""
    mark = next((t.i for t in doc[start:end] if t.text in POSSESSIVE), None)
    if mark is None or mark == start or mark + 1 >= end or not doc[start].text[:1].isupper():
        return None
    owner = doc[start:mark]
    if det == "the" and len(owner) == 1 and not known_org(owner.text):
        return doc[start - 1 : mark]  # 'the Gazette': for the resolver to find among the bodies named
    if strong(owner.text):
        return owner
    return owner if any(t.ent_type_ == "ORG" for t in owner) else None


def next_organisation(doc: Doc, j: int) -> SpacySpan | None:
    """The organisation that makes up the next comma-separated part, if it plainly is one."""
    j += j < len(doc) and doc[j].lower_ == "the"
    if j >= len(doc) or not doc[j].text[:1].isupper():
        return None
    stops = terms("apposition_stops")
    k = j
    while k < len(doc) and k - j < 12 and doc[k].lower_ not in stops and not doc[k].is_space:
        k += 1
    span = org_from(doc, j, k)
    return span if len(span) and strong(span.text) else None


def bracketed_party(doc: Doc, i: int) -> tuple[SpacySpan, str] | None:
    """'Jo Bird (Lib Dem)', 'Tom Roe (Conservative)': (the words, the party's name) of a party in brackets."""
    if i + 2 >= len(doc) or doc[i].text != "(":
        return None
    close = next((t.i for t in doc[i + 1 : i + 6] if t.text == ")"), None)
    if close is None or close == i + 1:
        return None
    words = doc[i + 1 : close]
    gaz = gazetteer.load()
    entry = gaz.org(words.text) or gaz.org(words.text + "s")
    return (words, entry.name) if entry is not None and entry.type == "political_party" else None


def names_organisation(span: SpacySpan) -> bool:
    """Whether the words after 'of'/'at' name an organisation rather than a field ('of Policy')."""
    text = span.text
    if not text[:1].isupper():
        return False
    if gazetteer.load().org(text) or org_word(text):
        return True
    # spaCy's ORG on one capitalised word is a field more often than a body: 'Director of Finance'.
    if len(span) == 1 and not text.isupper():
        return False
    return any(t.ent_type_ == "ORG" for t in span)


def later_reference(doc: Doc, ent: SpacySpan) -> SpacySpan | None:
    """'the trust' in 'Medical Director, Jane Roe, told the BBC that the trust had …': the one definite
    body (data/lexicons/definite_heads.csv) the sentence names after a person with a bare title, else the
    next sentence of the paragraph when it opens with the person's pronoun ('… told the BBC. He said the
    Trust had lost 12 consultants.'), for the resolver to find among the bodies named before."""
    sent = ent.sent
    found = _definite(doc, ent.end, sent.end)
    if not found and sent.end < len(doc) and not any("\n" in t.whitespace_ or t.is_space for t in sent):
        nxt = doc[sent.end].sent
        if doc[sent.end].lower_ in {"he", "she", "they"}:
            found = _definite(doc, nxt.start, nxt.end)
    return found[0] if len(found) == 1 else None


def paragraph_org(doc: Doc, ent: SpacySpan, title: SpacySpan, orgs: list[tuple[int, int]]) -> SpacySpan | None:
    """The one trust or hospital the paragraph of a person with a bare job title, or the paragraph before,
    names ('Chief nurse Jane Roe said …' after a paragraph on the trust): a listed body of those types,
    else one definite 'the trust' there, for the resolver to find among the bodies named before. A lay,
    media or outside title ('Patient Jane Roe', 'campaigner Jane Roe': data/lexicons/lay_roles.csv,
    media_roles.csv, unplaced_titles.csv) is nobody's staff."""
    last = fold(title.text).split()[-1:]
    outside = lexicon("lay_roles") | lexicon("media_roles") | lexicon("unplaced_titles")
    if not last or last[0] in outside:
        return None
    text = doc.text
    here = text.rfind("\n\n", 0, ent.start_char)
    before = text.rfind("\n\n", 0, here) if here > 0 else -1
    end = text.find("\n\n", ent.end_char)
    start, end = before + 1 if here > 0 else 0, len(text) if end < 0 else end
    gaz = gazetteer.load()
    named: dict[str, SpacySpan] = {}
    nhs = set()  # every NHS body named there: a board or a second trust leaves the title unplaced
    for s, e in orgs:
        entry = gaz.org(text[s:e]) if start <= s and e <= end else None
        if entry is not None and entry.type in {"nhs_trust", "health_board"}:
            nhs.add(entry.name)
            if entry.type == "nhs_trust":
                named.setdefault(entry.name, doc.char_span(s, e, alignment_mode="expand"))
    if len(nhs) > 1 or (nhs and not named):
        return None
    if named:
        return next(iter(named.values()))
    first = doc.char_span(start, end, alignment_mode="expand")
    found = _definite(doc, first.start, first.end) if first is not None else []
    return found[0] if found and len({fold(f.text) for f in found}) == 1 else None


def _definite(doc: Doc, start: int, end: int) -> list[SpacySpan]:
    """'the trust', 'the Trust' (not 'the Trust Board') between tokens start and end."""
    found = []
    for t in doc[start:end]:
        if t.i == 0 or doc[t.i - 1].lower_ != "the" or fold(t.text) not in lexicon("definite_heads"):
            continue
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if t.is_lower or (t.is_title and (nxt is None or not nxt.is_title)):
            found.append(doc[t.i - 1 : t.i + 1])
    return found
