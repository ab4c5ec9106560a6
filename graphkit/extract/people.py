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

from graphkit.extract.holders import (
    POSSESSIVE,
    REFERRING,
    bracketed_party,
    ends_in_title,
    name_start,
    next_organisation,
    org_from,
    our_colleague,
    owner_of_internal,
    possessor,
    preposition_of,
    qualifier_org,
    referent_org,
    relative_role,
    strong,
)
from graphkit.extract.pronouns import pronoun_roles
from graphkit.extract.spans import trim
from graphkit.extract.tokens import offsets, post_text
from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import company_cue, led_by_org_word, org_word, type_from_name
from graphkit.model import Mention, Span
from graphkit.resources import display_name, fold, honorifics, lexicon, name_parts, read_rows, terms

_APPOSITION_MARKS = {",", "–", "—", "-", ":", "("}  # between a name and its title


@cache
def offices() -> dict[str, str]:
    """Folded office title -> kind (political, executive, official)."""
    return {fold(row["term"]): row["kind"] for row in read_rows("lexicons/offices.csv")}


def _is_title_word(word: str) -> bool:
    return fold(word) in lexicon("job_titles") or fold(word) in offices()


def people(doc: Doc, post: str, known: Iterable[str], taken: list[tuple[int, int]]) -> Iterator[Mention]:
    """Person, role and office mentions in one post."""
    gaz = gazetteer.load()
    source = post_text(doc)
    covered: list[tuple[int, int]] = list(taken)
    orgs = list(taken)  # the organisations of the post, for 'its chief executive'
    persons = [ent for ent in doc.ents if ent.label_ == "PERSON" or titled_name(doc, ent)]
    cue_sentences = _cue_sentences(doc) if persons else []
    named: list[tuple[SpacySpan, str]] = []
    for ent in persons:
        ent = _with_peerage(doc, ent)  # 'Lord Warner', not 'Warner'
        text, start, end = trim(ent.text, ent.start_char)
        if len(text.split()) > 2 and fold(text.split()[-1]) in lexicon("post_nominals"):
            text = text[: text.rindex(" ")]  # 'Jane Roe MS', 'John Doe MP': the name without its letters
            end = start + len(text)
        words = text.split()
        if "\n" in text or not words or not text[0].isupper() or len(words) > 4:
            continue
        if any(s < end and start < e for s, e in covered) or gaz.org(text) or gaz.place(text):
            continue
        if gaz.org(text + "s") and gaz.org(text + "s").type == "political_party":
            continue  # 'Jo Bird (Lib Dem)': a party's member, not a person named 'Lib Dem'
        if all(_is_title_word(w) for w in words) or not all(w[0].isupper() for w in words):
            continue
        if _abbreviated_title(words):
            continue  # 'Asst Dir Nursing', 'Dir Ops': a title written short, not a name
        if _org_head(text) or led_by_org_word(text):
            continue  # 'Elmwood Surgery', 'Healthwatch Kent': a name ending or opening in an organisation word
        if _fragment(doc, ent, words):
            continue  # 'a Random Smith fact': an ordinary word, a surname and a noun, not a name
        covered.append((start, end))
        cue = any(s <= ent.start < e for s, e in cue_sentences)
        attrs = {"cue": "1"} if cue else {}
        if _media_role(doc, ent):
            attrs["media"] = "1"  # a journalist or columnist: not a public figure for what they write
        yield Mention("person", text, Span.of(source, start, end, post), "ner", 0.8, attrs)
        named.append((ent, text))
        yield from _roles(doc, source, ent, text, post, orgs)
    yield from _list_roles(doc, source, post, named)
    spans = [(ent.start_char, ent.end_char, text) for ent, text in named]
    for m in _known_names(doc, post, known, covered):
        yield m
        spans.append((m.span.start, m.span.end, m.name))
        ent = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if ent is not None:  # 'Jane is a senior fellow in the policy team'
            yield from _after_name(doc, source, ent, m.name, post, orgs)
    yield from pronoun_roles(
        doc, post, sorted(spans), orgs, lambda span, person: _after_name(doc, source, span, person, post, orgs)
    )
    yield from _reply_to(source, post, covered)
    yield from _offices(doc, source, post, covered)


def _with_peerage(doc: Doc, ent: SpacySpan) -> SpacySpan:
    """A one-word name after a peer's title is named with it: 'Lord Warner', 'Baroness Harding'; a verb
    that opens a sentence is no part of a name: 'Follow Jane on X'."""
    if len(ent) == 1 and ent.start > 0 and fold(doc[ent.start - 1].text) in lexicon("peerage_titles"):
        return doc[ent.start - 1 : ent.end]
    verb = len(ent) > 1 and ent[0].pos_ == "VERB" and ent[0].is_sent_start
    if verb and fold(ent[0].text) not in lexicon("given_names"):
        return ent[1:]
    return ent


def _org_head(text: str) -> bool:
    """Whether a name ends in a word that names organisations (data/lexicons/org_words.csv) and does not
    start with a given name: 'Elmwood Surgery', not 'Mary Press'."""
    hit = org_word(text)
    if hit is None or hit[1] == 0 or fold(text[hit[1] :]) not in lexicon("org_words"):
        return False
    return fold(text.split()[0]) not in lexicon("given_names")  # 'Mary Press' is a name


_COMMON_WORD = 4.0  # wordfreq Zipf frequency from which a capitalised word reads as an ordinary word


def _fragment(doc: Doc, ent: SpacySpan, words: list[str]) -> bool:
    """A name used as a modifier ('a Random Smith fact') whose first word is a common English word
    (wordfreq) and not a given name (data/lexicons/given_names.csv): 'the Jane Smith case' and
    'the Boris Johnson era' stay names."""
    from graphkit.extract.words import zipf  # wordfreq's zipf_frequency(word, "en"), without loading wordfreq

    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is None or nxt.pos_ != "NOUN" or not nxt.text.islower() or len(words) < 2:
        return False
    first = fold(words[0])
    if first in lexicon("given_names") or first in lexicon("honorifics") or _is_title_word(words[0]):
        return False  # 'Will Smith', 'Dr Smith', 'President Smith': a name
    return zipf(first) >= _COMMON_WORD


def _media_role(doc: Doc, ent: SpacySpan) -> bool:
    """'the columnist Peter Grant', 'journalist Emma Stokes', 'Peter Grant, a health columnist at X':
    a word of data/lexicons/media_roles.csv right before the name, or heading the phrase after its
    comma; or the name writing in or for a title ('Peter Grant, writing in the Times,')."""
    media = lexicon("media_roles")
    i = ent.start - 1
    if i >= 0 and fold(doc[i].text) in media:
        return True
    j = ent.end
    # 'Peter Grant, writing in the Times,', 'Peter Grant wrote for the Herald'
    k = j + (j < len(doc) and doc[j].text == ",")
    if k + 1 < len(doc) and doc[k].lemma_.lower() == "write" and doc[k + 1].lower_ in {"in", "for"}:
        return True
    if j < len(doc) and doc[j].text in {",", "–", "—"}:
        j += 1
        while j < len(doc) and j - ent.end < 6 and not (doc[j].is_punct or doc[j].is_space):
            if doc[j].lower_ in {"at", "of", "for", "on", "with"}:
                break
            j += 1
        return j - 1 > ent.end and fold(doc[j - 1].text) in media
    return False


@cache
def _reply_line() -> re.Pattern[str]:
    """'Reply to Dr Karen Holt', 'Re: Jane Example' as a post's first line."""
    return re.compile(
        r"\A\s*(?:Re:\s*|(?:In\s+)?(?:[Rr]eply|[Rr]esponse)\s+to\s+|Replying\s+to\s+)"
        rf"(?:(?:{honorifics()})\.?\s+)*"
        r"(?P<name>[A-Z][\w'\u2019.-]+(?:[ \t]+[A-Z][\w'\u2019-]+){1,3})[ \t]*(?:\n|\Z)"
    )


def _reply_to(text: str, post: str, covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """The person a response answers, named on its first line ('Reply to Dr Karen Holt')."""
    m = _reply_line().match(text)
    if m is None:
        return
    name, start, end = m["name"], m.start("name"), m.end("name")
    gaz = gazetteer.load()
    if any(s < end and start < e for s, e in covered) or gaz.org(name) or gaz.place(name) or _org_head(name):
        return
    covered.append((start, end))
    yield Mention("person", name, Span.of(text, start, end, post), "reply-to", 0.8)


def _abbreviated_title(words: list[str]) -> bool:
    """A name that starts with a title abbreviation or is made only of abbreviations and title words."""
    short = lexicon("title_abbreviations")
    if fold(words[0]) in short:
        return True
    return all(fold(w) in short or _is_title_word(w) or fold(w) in lexicon("honorifics") for w in words)


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
    return _is_title_word(before) or fold(before.rstrip(".")) in lexicon("honorifics")


def _cue_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences with a public-figure cue ('speech', 'said', 'book', …)."""
    cues = lexicon("public_cues")
    return [(s.start, s.end) for s in doc.sents if any(t.lemma_.lower() in cues for t in s)]


def _known_names(doc: Doc, post: str, known: Iterable[str], covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """Commenters' full and first names, matched as written ('Sam' in 'Sam it's great …')."""
    forms = set()
    for name in known:
        parts = name_parts(name)
        forms.add(" ".join(parts))
        if len(parts) > 1 and len(parts[0]) > 2:
            forms.add(parts[0])
    if not forms:
        return
    text = post_text(doc)
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


def _roles(
    doc: Doc, source: str, ent: SpacySpan, person: str, post: str, orgs: list[tuple[int, int]]
) -> Iterator[Mention]:
    ours = our_colleague(doc, ent)  # 'our colleague Dr Jane Roe, a senior analyst': the publisher's
    before = _title_before(doc, ent)
    if before:
        title, owner = before
        pronoun = doc[title.start - 1].lower_ if title.start > 0 else ""
        comma = title.end < len(doc) and doc[title.end].text == ","
        if owner is None and pronoun in REFERRING and comma:
            # 'Its chief executive, Jane Roe, said'. (Without the comma, 'its president Jane Roe' is
            # left unplaced: tests/test_extract.py pins that form to no organisation.)
            owner = referent_org(doc, title.start - 1, orgs)
        attrs = {"person": person}
        party = qualifier_org(title) if owner is None and len(title) > 1 else None
        if party is not None:  # 'the Welsh Conservative health spokesman, Tom Roe,'
            owner, title = party
        if owner is not None:
            gaz = gazetteer.load()
            entry = None if owner.text.lower().startswith("the ") else gaz.org(owner.text) or gaz.org(owner.text + "s")
            attrs["organisation"] = entry.name if entry else owner.text
        elif ours or pronoun == "our":
            attrs["our"] = "1"
        span = Span.of(source, title.start_char, title.end_char, post)
        yield Mention("role", title.text, span, "title-before-name", 0.85, attrs)
    found = list(_after_name(doc, source, ent, person, post, orgs, ours))
    yield from found
    if not before and not found:
        org = _from_organisation(doc, ent)
        if org is not None:
            attrs = {"person": person, "organisation": org.text}
            span = Span.of(source, org.start_char, org.end_char, post)
            yield Mention("affiliation", org.text, span, "from-organisation", 0.7, attrs)


def _after_name(
    doc: Doc, source: str, ent: SpacySpan, person: str, post: str, orgs: list[tuple[int, int]], ours: bool = False
) -> Iterator[Mention]:
    """The role (and organisation) in apposition after a name or a pronoun that stands for one."""
    party = bracketed_party(doc, ent.end)  # 'Jo Bird (Lib Dem)'
    if party is not None:
        span = Span.of(source, party[0].start_char, party[0].end_char, post)
        yield Mention("affiliation", party[1], span, "apposition", 0.75, {"person": person, "organisation": party[1]})
        return
    after = _apposition(doc, ent, orgs)
    if after:
        role, told, org, det = after
        attrs = {"person": person}
        party = qualifier_org(role) if told is None and len(role) > 1 else None
        if party is not None:  # 'the Liberal Democrat health spokesperson on X Council'
            if org is None:
                org, role = party
            else:
                role = party[1]
                span = Span.of(source, party[0].start_char, party[0].end_char, post)
                entry = gazetteer.load().org(party[0].text) or gazetteer.load().org(party[0].text + "s")
                held = {**attrs, "organisation": entry.name if entry else party[0].text}
                yield Mention("affiliation", party[0].text, span, "apposition", 0.75, held)
        if org is not None:
            attrs["organisation"] = org.text
            before = source[role.start_char : org.start_char]
            if type_from_name(org.text) == "other" and not gazetteer.load().org(org.text) and company_cue(before):
                attrs["organisation_type"] = "company"
        elif det == "our" or ours:
            attrs["our"] = "1"
        text = told or role.text
        yield Mention("role", text, Span.of(source, role.start_char, role.end_char, post), "apposition", 0.8, attrs)


@cache
def _group_roles() -> dict[str, str]:
    """Folded group noun -> the role of each member ('panel' -> 'panel member')."""
    return {fold(row["term"]): row["role"] for row in read_rows("lexicons/group_roles.csv")}


def _list_roles(doc: Doc, source: str, post: str, named: list[tuple[SpacySpan, str]]) -> Iterator[Mention]:
    """'the three advisers – A, B and C', 'the panel: A, B and C': each person of the list has the role."""
    by_start = {ent.start: (ent, text) for ent, text in named}
    for start in sorted(by_start):  # the token right before a name, in text order: not every token of the post
        mark = doc[start - 1] if start > 0 else None
        if mark is None or mark.text not in {"–", "—", ":", "-", ","} or mark.i == 0:
            continue
        if mark.text == "-" and not mark.whitespace_:
            continue
        head = doc[mark.i - 1]
        plural = head.tag_ in {"NNS", "NNPS"}
        role = _group_roles().get(fold(head.text))
        if role is None and plural and _is_title_word(head.lemma_):
            role = head.lemma_.lower()
        if role is None or (mark.text == "," and not plural):
            continue  # 'the adviser, Jane Doe' is the one-person apposition
        members = []
        i = mark.i + 1
        while i in by_start:
            ent, text = by_start[i]
            members.append(text)
            i = ent.end
            if i < len(doc) and doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ == "and":
                i += 1  # the serial comma
            if i < len(doc) and (doc[i].text in {",", ";"} or doc[i].lower_ == "and"):
                i += 1
            else:
                break
        if len(members) < 2:
            continue
        span = Span.of(source, head.idx, head.idx + len(head.text), post)
        for person in members:
            yield Mention("role", role, span, "list-apposition", 0.75, {"person": person})


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
    if of is None or of + 1 >= span.end or not _is_title_word(doc[of - 1].text):
        return span, None
    org = org_from(doc, of + 1, span.end)
    return (doc[span.start : of], org) if _names_organisation(org) else (span, None)


def _descriptive_title(doc: Doc, end: int) -> tuple[SpacySpan, SpacySpan | None] | None:
    """'Welsh Conservative health spokesman Tom Example', 'the Plaid Cymru spokesperson Jane Roe':
    a title word right before the name with the words that qualify it, and a body named among them."""
    if end == 0 or not _is_title_word(doc[end - 1].text):
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


def _apposition(
    doc: Doc, ent: SpacySpan, orgs: list[tuple[int, int]]
) -> tuple[SpacySpan, str | None, SpacySpan | None, str] | None:
    """(role words, the role a verb tells or None, organisation, determiner) of what follows a name:
    ', our Chief Economist,'; ', chief executive of the Nuffield Trust,'; ' is the Gazette's health
    correspondent'; ', Anytown Council's cabinet member for adult social care,'; ', who chairs the
    patient group at Elmwood Surgery,'; ', Emeritus Professor of Health Economics, University of York'."""
    i = ent.end
    while i < len(doc) and doc[i].text in POSSESSIVE:
        i += 1
    # ', chief executive of Y', ' – president of Y at Z', ' is editor of Y' (copular)
    if i >= len(doc) or not (doc[i].text in _APPOSITION_MARKS or doc[i].lower_ in {"is", "was", "as"}):
        return None
    if doc[i].text in {"-"} and not doc[i].whitespace_:
        return None  # a hyphenated word, not a dash
    i += 1
    told = relative_role(doc, i) if doc[i - 1].text == "," else None
    if told:
        return told[1], told[0], told[2], ""
    if i + 1 < len(doc) and doc[i].lower_ == "who" and doc[i + 1].lower_ in {"is", "was"}:
        i += 2  # ', who is chief executive of Y,'
    elif i < len(doc) and doc[i].lower_ == "who":
        # ', who had stepped down as chief executive of Y,': the role after 'as'
        at = next((t.i for t in doc[i + 1 : i + 6] if t.lower_ == "as" or t.is_punct), None)
        if at is not None and doc[at].lower_ == "as":
            i = at + 1
    det, owner = "", None
    if i < len(doc) and doc[i].lower_ in terms("determiners"):
        det = doc[i].lower_
        if det in REFERRING:
            owner = referent_org(doc, i, orgs)  # ', its director of policy,'
        i += 1
    start = i
    stops = terms("apposition_stops")
    while i < len(doc) and i - start < 10 and doc[i].lower_ not in stops and not doc[i].is_space:
        i += 1
    possessed = possessor(doc, start, i, det)  # "Anytown Council's cabinet member for …"
    if possessed is not None:
        owner, start = possessed, possessed.end + 1
    phrase = doc[start:i]
    if not len(phrase):
        return None
    # 'president of Global Health at Acme Group': the body is after the last 'at'
    at = next((t.i for t in reversed(phrase) if t.lower_ == "at"), None)
    of = at if at is not None else next((t.i for t in phrase if preposition_of(t)), None)
    role = doc[start:of] if of else phrase
    inner = next((t.i for t in role if t.lower_ in {"of", "for"}), None)  # 'president [of Global Health]'
    head = doc[start:inner] if inner is not None else role
    inside = next((t.i for t in head if t.lower_ == "in" and t.i > start and _is_title_word(doc[t.i - 1].text)), None)
    if len(head) and not _is_title_word(head[-1].text) and inside is not None:
        # 'senior fellow in the policy team', 'a GP in Leeds': the title ends before 'in the' or a place;
        # 'consultant in public health medicine' is all title
        nxt = doc[inside + 1] if inside + 1 < len(doc) else None
        unit = nxt is not None and (nxt.lower_ in terms("determiners") or bool(gazetteer.load().place(nxt.text)))
        role = doc[start:inside] if unit else doc[start : of or phrase.end]
        head = doc[start:inside]
        of = None if unit else of
    if not len(role) or not len(head) or not _is_title_word(head[-1].text):
        return None
    org = None
    if of is not None and of + 1 < i:
        first = of + 1 + (doc[of + 1].lower_ == "the" and of + 2 < i)
        org_span = org_from(doc, first, i) if doc[first].text[:1].isupper() else doc[first:i]
        internal = owner_of_internal(org_span)  # "chair of the BMA's consultants committee": the BMA
        if internal is not None:
            org = internal
        elif _names_organisation(org_span):
            org = org_span
        elif owner is not None and doc[of].lower_ in {"at", "in"}:
            role = doc[start:of]  # "Unite's branch secretary at the trust": held at Unite
        else:
            role = phrase  # 'Director of Policy', 'Director of Infection Prevention': all of it is the title
    # 'Emeritus Professor of Health Economics, University of York': a field, then the body on its own
    if i < len(doc) and doc[i].text == "," and (org is None or not strong(org.text)):
        after = next_organisation(doc, i + 1)
        if after is not None:
            role, org = phrase, after
    return role, None, org or owner, det


def _names_organisation(span: SpacySpan) -> bool:
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


@cache
def _longest_office() -> int:
    return max((len(k.split()) for k in offices()), default=1)


def _offices(doc: Doc, source: str, post: str, covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """'the Secretary of State' with no name beside it: an office for the resolver to attach."""
    known = offices()
    longest = _longest_office()
    the = doc.vocab.strings["the"]
    lowers = doc.to_array([LOWER]).tolist()
    starts, ends = offsets(doc)  # the words after 'the' are read as text, without making a Span of each
    i = 0
    while i < len(doc):
        if lowers[i] != the or i + 1 >= len(doc):
            i += 1
            continue
        for n in range(min(longest, len(doc) - i - 1), 0, -1):
            folded = fold(source[starts[i + 1] : ends[i + n]])
            if folded in known and source[starts[i + 1]].isupper() and known[folded] == "political":
                span = doc[i + 1 : i + 1 + n]
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
        parts = name_parts(display_name(name))
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
