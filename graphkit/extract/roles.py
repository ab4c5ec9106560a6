"""Roles the text gives the people it names, as 'role' and 'affiliation' Mentions for the resolver.

- a title right before a name ('Health Secretary Matt Hancock'; extract.titles);
- an apposition after it ('X, our Director of Policy,'; 'X, chief executive of Y,'; extract.appositions);
- a list apposition ('the three advisers – A, B and C');
- 'Jane Smith from the BMA said': where, with no title;
- a definite office with no name ('the Secretary of State'), left for the resolver to attach.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.attrs import LOWER
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from graphkit.extract.appositions import apposition, letters_after
from graphkit.extract.coordination import titles_before
from graphkit.extract.holders import (
    REFERRING,
    bracketed_party,
    later_reference,
    name_start,
    our_colleague,
    paragraph_org,
    qualifier_org,
    referent_org,
)
from graphkit.extract.titles import is_title_word, offices, title_before, titled_name
from graphkit.extract.tokens import offsets
from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import company_cue, type_from_name
from graphkit.model import Mention, Span
from graphkit.resources import fold, read_rows


def roles(
    doc: Doc, source: str, ent: SpacySpan, person: str, post: str, orgs: list[tuple[int, int]]
) -> Iterator[Mention]:
    """The roles of one named person: a title before the name, an apposition after it, else where they are from."""
    ours = our_colleague(doc, ent)  # 'our colleague Dr Jane Roe, a senior analyst': the publisher's
    before = title_before(doc, ent, orgs)
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
        if owner is None and pronoun != "our" and not ours and not _political(title.text):
            owner = later_reference(doc, ent)  # 'Medical Director, Jane Roe, said the trust had …'
            if owner is None and fold(title.text) not in offices():
                owner = paragraph_org(doc, ent, title, orgs)  # 'Chief nurse Jane Roe said …' after '… the trust …'
        if owner is not None:
            gaz = gazetteer.load()
            entry = None if owner.text.lower().startswith("the ") else gaz.org(owner.text) or gaz.org(owner.text + "s")
            attrs["organisation"] = entry.name if entry else owner.text
        elif (ours or pronoun == "our") and not _political(title.text):  # "our MP": no body of ours
            attrs["our"] = "1"
        span = Span.of(source, title.start_char, title.end_char, post)
        yield Mention("role", title.text, span, "title-before-name", 0.85, attrs)
    if not before:
        for title in titles_before(doc, name_start(doc, ent)):  # 'Writer and broadcaster Jane Roe said'
            span = Span.of(source, title.start_char, title.end_char, post)
            yield Mention("role", title.text, span, "title-before-name", 0.8, {"person": person})
    found = list(after_name(doc, source, ent, person, post, orgs, ours))
    yield from found
    if not before and not found:
        yield from _office_letters(doc, source, ent, person, post)
    if not before and not found:
        org = from_organisation(doc, ent)
        if org is not None:
            attrs = {"person": person, "organisation": org.text}
            span = Span.of(source, org.start_char, org.end_char, post)
            yield Mention("affiliation", org.text, span, "from-organisation", 0.7, attrs)


def after_name(
    doc: Doc, source: str, ent: SpacySpan, person: str, post: str, orgs: list[tuple[int, int]], ours: bool = False
) -> Iterator[Mention]:
    """The role (and organisation) in apposition after a name or a pronoun that stands for one."""
    party = bracketed_party(doc, ent.end)  # 'Jo Bird (Lib Dem)'
    if party is not None:
        span = Span.of(source, party[0].start_char, party[0].end_char, post)
        yield Mention("affiliation", party[1], span, "apposition", 0.75, {"person": person, "organisation": party[1]})
        return
    after = apposition(doc, ent, orgs)
    if after:
        role, told, org, det, extras = after
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
        # 'Jane Roe, writer and broadcaster': a role each; the body of the first's 'of' is the first's only
        own = org is not None and role.start < org.start < (extras[0][0].start if extras else 0)
        for extra, body in extras:
            held = {"person": person, "organisation": body.text} if body is not None else {"person": person}
            held = attrs if body is None and not own else held
            span = Span.of(source, extra.start_char, extra.end_char, post)
            yield Mention("role", extra.text, span, "apposition", 0.8, held)


def _office_letters(doc: Doc, source: str, ent: SpacySpan, person: str, post: str) -> Iterator[Mention]:
    """'Jane Doe MP said': the office her letters give, where the text gives her no other role there."""
    for t in doc[ent.end : letters_after(doc, ent.end)]:
        if fold(t.text) in offices():
            span = Span.of(source, t.idx, t.idx + len(t.text), post)
            yield Mention("role", t.text, span, "post-nominal", 0.8, {"person": person})


def _political(title: str) -> bool:
    """Whether a title is a political office, or ends in the word of one: 'Health Secretary', 'care minister'."""
    last = fold(title).split()[-1:]
    return any(
        kind == "political" and (office == fold(title) or office.split() == last) for office, kind in offices().items()
    )


@cache
def _group_roles() -> dict[str, str]:
    """Folded group noun -> the role of each member ('panel' -> 'panel member')."""
    return {fold(row["term"]): row["role"] for row in read_rows("lexicons/group_roles.csv")}


def list_roles(doc: Doc, source: str, post: str, named: list[tuple[SpacySpan, str]]) -> Iterator[Mention]:
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
        if role is None and plural and is_title_word(head.lemma_):
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


def from_organisation(doc: Doc, ent: SpacySpan) -> SpacySpan | None:
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


@cache
def _longest_office() -> int:
    return max((len(k.split()) for k in offices()), default=1)


def office_mentions(doc: Doc, source: str, post: str, covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """'the Secretary of State' with no name beside it: an office for the resolver to attach."""
    known = offices()
    longest = _longest_office()
    the = doc.vocab.strings["the"]
    lowers = doc.to_array([LOWER]).tolist()
    starts, ends = offsets(doc)  # the words after 'the' are read as text, without making a Span of each
    i = 0
    while i < len(doc):
        if lowers[i] != the or i + 1 >= len(doc) or _after_a_name(doc, i):
            i += 1  # 'Jane Roe(,) the Secretary of State': her role, an apposition (extract.appositions)
            continue
        for n in range(min(longest, len(doc) - i - 1), 0, -1):
            folded = fold(source[starts[i + 1] : ends[i + n]])
            if folded in known and source[starts[i + 1]].isupper() and known[folded] == "political":
                span = doc[i + 1 : i + 1 + n]
                nxt = doc[span.end] if span.end < len(doc) else None
                if nxt is not None and nxt.ent_type_ == "PERSON":
                    break
                if not any(s < span.end_char and span.start_char < e for s, e in covered):
                    text = span.text.rstrip(" .,;:!?")  # 'the Health Secretary.' at a paragraph's end
                    yield Mention("office", text, Span.of(source, span.start_char, span.end_char, post), "office", 0.6)
                i += n
                break
        i += 1


def _after_a_name(doc: Doc, i: int) -> bool:
    """Whether token i follows a person's name, with or without a comma between."""
    before = i - 1 - (i > 1 and doc[i - 1].text == ",")
    return before >= 0 and doc[before].ent_type_ == "PERSON"
