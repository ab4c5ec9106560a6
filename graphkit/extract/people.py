"""People named in the text, with the roles and organisations the text gives them.

- spaCy PERSON entities, cleaned (possessives stripped) and checked against the gazetteers;
- known names of the document (its commenters) and their first names, as written;
- the roles the text gives them (extract.roles): a title before a name, an apposition after it, an office.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from graphkit.extract.places import COMMON_WORD, place_name
from graphkit.extract.pronouns import pronoun_roles
from graphkit.extract.roles import after_name, list_roles, office_mentions, roles
from graphkit.extract.salutations import salutations
from graphkit.extract.spans import BULLETS, trim
from graphkit.extract.titles import is_title_word, titled_inside, titled_name
from graphkit.extract.tokens import post_text
from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import led_by_org_word, org_head, org_word
from graphkit.model import Mention, Span
from graphkit.resources import display_name, fold, honorifics, lexicon, name_parts, terms


def people(doc: Doc, post: str, known: Iterable[str], taken: list[tuple[int, int]]) -> Iterator[Mention]:
    """Person, role and office mentions in one post."""
    gaz = gazetteer.load()
    source = post_text(doc)
    covered: list[tuple[int, int]] = list(taken)
    yield from _credits(source, post, covered)
    yield from _contacts(source, post, covered, list(taken))
    orgs = list(taken)  # the organisations of the post, for 'its chief executive'
    persons = [ent for ent in doc.ents if ent.label_ == "PERSON" or titled_name(doc, ent)]
    persons += [name for ent in doc.ents if (name := titled_inside(doc, ent) or _given_place(ent)) is not None]
    persons = sorted(persons + list(_honoured(doc, persons)), key=lambda e: e.start)
    cue_sentences = _cue_sentences(doc) if persons else []
    named: list[tuple[SpacySpan, str]] = []
    for ent in persons:
        ent = _clean_name(doc, _with_peerage(doc, ent))  # 'Lord Warner', not 'Warner'
        if ent is None:
            continue
        text, start, end = trim(ent.text, ent.start_char)
        words = text.split()
        if "\n" in text or not words or not text[0].isupper() or len(words) > 4 or any(b in text for b in BULLETS):
            continue
        if any(s < end and start < e for s, e in covered) or gaz.org(text) or gaz.place(text):
            continue
        if gaz.org(text + "s") and gaz.org(text + "s").type == "political_party":
            continue  # 'Jo Bird (Lib Dem)': a party's member, not a person named 'Lib Dem'
        if all(is_title_word(w) for w in words) or not all(w[0].isupper() for w in words):
            continue
        if _abbreviated_title(words):
            continue  # 'Asst Dir Nursing', 'Dir Ops': a title written short, not a name
        if org_head(text) or led_by_org_word(text):
            continue  # 'Elmwood Surgery', 'Healthwatch Kent': a name ending or opening in an organisation word
        if _fragment(doc, ent, words) or place_name(words):
            continue  # 'a Random Smith fact': an ordinary word, a surname and a noun, not a name
        covered.append((start, end))
        cue = any(s <= ent.start < e for s, e in cue_sentences)
        attrs = {"cue": "1"} if cue else {}
        if _media_role(doc, ent):
            attrs["media"] = "1"  # a journalist or columnist: not a public figure for what they write
        yield Mention("person", text, Span.of(source, start, end, post), "ner", 0.8, attrs)
        named.append((ent, text))
        yield from roles(doc, source, ent, text, post, orgs)
    yield from list_roles(doc, source, post, named)
    spans = [(ent.start_char, ent.end_char, text) for ent, text in named]
    for m in _known_names(doc, post, known, covered):
        yield m
        spans.append((m.span.start, m.span.end, m.name))
        ent = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if ent is not None:  # 'Jane is a senior fellow in the policy team'
            yield from after_name(doc, source, ent, m.name, post, orgs)
    yield from pronoun_roles(
        doc, post, sorted(spans), orgs, lambda span, person: after_name(doc, source, span, person, post, orgs)
    )
    yield from _reply_to(source, post, covered)
    yield from salutations(source, post, covered)  # 'Dear Mr Roe,'
    yield from office_mentions(doc, source, post, covered)


def _with_peerage(doc: Doc, ent: SpacySpan) -> SpacySpan:
    """A one-word name after a peer's title is named with it: 'Lord Warner', 'Baroness Harding'; a verb
    that opens a sentence is no part of a name: 'Follow Jane on X'."""
    if len(ent) == 1 and ent.start > 0 and fold(doc[ent.start - 1].text) in lexicon("peerage_titles"):
        return doc[ent.start - 1 : ent.end]
    verb = len(ent) > 1 and ent[0].pos_ == "VERB" and ent[0].is_sent_start
    if verb and fold(ent[0].text) not in lexicon("given_names"):
        return ent[1:]
    return ent


def _clean_name(doc: Doc, ent: SpacySpan) -> SpacySpan | None:
    """A person entity less what spaCy runs into it: a modal that opens a question ('Will Nick Roe
    have voted …?') or a function word ('Via Zoom'); the letters after a name ('Jane Roe MS', 'Sir John
    Roe KCB CBE'); a job title the name runs into ('Dr Jane Roe Consultant physician …'); a credit's
    agency ('Jane Smith/PA'); a contact line's label ('Jane Roe M: 07…')."""
    slash = next((t.i for t in ent if t.text == "/"), None)
    if slash is not None:
        ent = doc[ent.start : slash]
    after = doc[ent.end] if ent.end < len(doc) else None
    if len(ent) > 2 and ent[0].tag_ == "MD" and after is not None and after.tag_ in {"VB", "VBP"}:
        ent = ent[1:]  # 'Will Nick Roe have voted': 'Will' asks, 'Will Smith said' names
    elif len(ent) > 1 and ent[0].is_stop and fold(ent[0].text) not in lexicon("given_names"):
        ent = ent[1:]
    names = lexicon("given_names")
    while len(ent) > 2 and fold(ent[-1].text) in lexicon("post_nominals"):
        ent = ent[:-1]  # 'Jane Roe MS', 'John Doe MP': the name without its letters
    runs_on = after is not None and after.is_lower and after.is_alpha
    if _runs_into_role(doc, ent.start, ent.end):
        ent = ent[:2]  # 'Dr Jane Roe Darzi fellow in …', 'Dr John Roe Acute medicine ST7 trainee …'
    if len(ent) > 2 and runs_on and is_title_word(ent[-1].text) and fold(ent[-1].text) not in names:
        ent = ent[:-1]
    if len(ent) > 2 and len(ent[-1].text) == 1 and ent[-1].is_upper and after is not None and after.text == ":":
        ent = ent[:-1]
    return ent if len(ent) else None


def _runs_into_role(doc: Doc, start: int, end: int) -> bool:
    """A name after an honorific whose third word opens a role, in an author list without commas: the
    third word capitalised, a lower-case job title within the two words after it, the second word no
    given name ('Dr Mary Ann Roe, consultant' keeps three)."""
    if end - start != 3 or start == 0 or fold(doc[start - 1].text.rstrip(".")) not in lexicon("honorifics"):
        return False
    if fold(doc[start + 1].text) in lexicon("given_names") or end >= len(doc) or not doc[end].is_alpha:
        return False
    near = doc[end : end + 3]
    return any(t.is_lower and is_title_word(t.text) for t in near) and not any(t.is_punct for t in near[:1])


def _given_place(ent: SpacySpan) -> SpacySpan | None:
    """A 'place' spaCy finds that is a given name and a surname no gazetteer knows: 'Sandra Mbeki'."""
    if ent.label_ not in {"GPE", "LOC"} or not 2 <= len(ent) <= 3 or not all(t.is_title for t in ent):
        return None
    if (
        fold(ent[0].text) not in lexicon("given_names")
        or gazetteer.load().place(ent.text)
        or place_name(ent.text.split())
    ):
        return None
    return ent


def _honoured(doc: Doc, persons: list[SpacySpan]) -> Iterator[SpacySpan]:
    """Names spaCy misses after an honorific, before letters or a comma: 'Dame Janet Roe DBE FRCP, chair
    of …'. An honorific, then two or three capitalised words outside any entity (no organisation word
    among them), then letters, a comma, a bracket or the end of the line."""
    found = {t.i for ent in persons for t in ent}
    honours = lexicon("honorifics")
    for t in doc:
        if fold(t.text.rstrip(".")) not in honours or not t.is_title or t.ent_type_ or t.i in found:
            continue
        j = t.i + 1
        while j < len(doc) and fold(doc[j].text.rstrip(".")) in honours and doc[j].is_title:
            j += 1  # 'Professor Dame', 'Rev Canon'
        k = j
        while k < len(doc) and k - j < 3 and doc[k].is_title and doc[k].pos_ == "PROPN" and not doc[k].ent_type_:
            k += 1
        after = doc[k] if k < len(doc) else None
        closes = after is None or after.text in {",", "(", ":"} or after.is_space or "\n" in doc[k - 1].whitespace_
        lettered = after is not None and after.text[:1].isupper() and fold(after.text) in lexicon("post_nominals")
        if k - j >= 2 and (closes or lettered) and not org_word(doc[j:k].text) and k - 1 not in found:
            yield doc[j:k]
        elif _runs_into_role(doc, j, k) and not org_word(doc[j:k].text) and k - 1 not in found:
            yield doc[j : j + 2]  # 'Dr Jane Roe Darzi fellow in clinical leadership, …'


def _fragment(doc: Doc, ent: SpacySpan, words: list[str]) -> bool:
    """A name used as a modifier ('a Random Smith fact') whose first word is a common English word
    (wordfreq) and not a given name (data/lexicons/given_names.csv): 'the Jane Smith case' and
    'the Boris Johnson era' stay names."""
    from graphkit.extract.words import zipf  # wordfreq's zipf_frequency(word, "en"), without loading wordfreq

    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is None or nxt.pos_ != "NOUN" or not nxt.text.islower() or len(words) < 2:
        return False
    first = fold(words[0])
    if first in lexicon("given_names") or first in lexicon("honorifics") or is_title_word(words[0]):
        return False  # 'Will Smith', 'Dr Smith', 'President Smith': a name
    return zipf(first) >= COMMON_WORD


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


@cache
def _credit_line() -> re.Pattern[str]:
    """'Photo: Jane Smith/PA', 'Jane Smith/Getty Images' on a line of its own."""
    labels = "|".join(re.escape(term) for term in terms("credit_labels"))
    return re.compile(
        rf"^[ \t]*(?:(?i:{labels})[ \t]*:[ \t]*)?(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){{1,2}})"
        r"[ \t]*/[ \t]*[A-Z][\w&.-]*(?:[ \t]+[A-Z][\w&.-]*){0,2}[ \t]*$",
        re.MULTILINE,
    )


def _credits(text: str, post: str, covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """The photographer of a picture credit ('Photo: Jane Smith/PA'): a person, not a public figure."""
    if "/" not in text:
        return
    for m in _credit_line().finditer(text):
        start, end = m.span("name")
        if (
            not m["name"][0].isupper()
            or gazetteer.load().org(m["name"])
            or any(s < end and start < e for s, e in covered)
        ):
            continue
        covered.append((start, end))
        yield Mention("person", m["name"], Span.of(text, start, end, post), "credit", 0.7, {"media": "1"})


@cache
def _contact_line() -> re.Pattern[str]:
    """'Jane Roe T: 020 7000 0000 M: 07700 900000 E: jane.roe@example.org.uk': a press release's contact."""
    labels = "|".join(re.escape(term) for term in terms("contact_labels"))
    return re.compile(
        rf"^[ \t]*(?:(?:{honorifics()})\.?[ \t]+)?(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){{1,2}})[ \t,–-]*"
        rf"(?:(?:{labels})[ \t]*[:.][ \t]*|\+?\d[\d \t]{{8,}}|[\w.+-]+@)(?P<rest>[^\n]*)$",
        re.MULTILINE,
    )


def _contacts(text: str, post: str, covered: list[tuple[int, int]], orgs: list[tuple[int, int]]) -> Iterator[Mention]:
    """The people a press release gives to contact, a line each: a person (not a public figure) of the
    organisation whose web domain their email address has (attrs['domain'], for the resolver), else
    of the first organisation its 'Notes to editors' name (attrs['issuer'])."""
    if ":" not in text and "@" not in text:
        return
    notes = re.search(r"^[ \t]*notes? (?:to|for) editors\b", text, re.IGNORECASE | re.MULTILINE)
    after = sorted((s, e) for s, e in orgs if notes is not None and s > notes.end())
    issuer = {"issuer": text[after[0][0] : after[0][1]]} if after else {}
    for m in _contact_line().finditer(text):
        start, end = m.span("name")
        if any(s < end and start < e for s, e in covered) or gazetteer.load().org(m["name"]):
            continue
        covered.append((start, end))
        email = re.search(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", m.group(0))
        attrs = {"media": "1", "contact": "1"} | ({"domain": email.group(1).lower()} if email else {}) | issuer
        yield Mention("person", m["name"], Span.of(text, start, end, post), "contact", 0.7, attrs)


def _reply_to(text: str, post: str, covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """The person a response answers, named on its first line ('Reply to Dr Karen Holt')."""
    m = _reply_line().match(text)
    if m is None:
        return
    name, start, end = m["name"], m.start("name"), m.end("name")
    gaz = gazetteer.load()
    if any(s < end and start < e for s, e in covered) or gaz.org(name) or gaz.place(name) or org_head(name):
        return
    covered.append((start, end))
    yield Mention("person", name, Span.of(text, start, end, post), "reply-to", 0.8)


def _abbreviated_title(words: list[str]) -> bool:
    """A name that starts with a title abbreviation or is made only of abbreviations and title words."""
    short = lexicon("title_abbreviations")
    if fold(words[0]) in short:
        return True
    return all(fold(w) in short or is_title_word(w) or fold(w) in lexicon("honorifics") for w in words)


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
