"""What follows a name and tells its role: ', our Chief Economist,'; ', chief executive of the Nuffield
Trust,'; ' is the Gazette's health correspondent'; ', who chairs the patient group at Elmwood Surgery,'."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from graphkit.extract.coordination import conjuncts
from graphkit.extract.holders import (
    POSSESSIVE,
    REFERRING,
    names_organisation,
    next_organisation,
    org_from,
    owner_of_internal,
    possessor,
    preposition_of,
    referent_org,
    relative_role,
    strong,
)
from graphkit.extract.titles import is_title_word, offices
from graphkit.knowledge import gazetteer
from graphkit.resources import fold, lexicon, terms

_APPOSITION_MARKS = {",", "–", "—", "-", ":", "("}  # between a name and its title


def letters_after(doc: Doc, i: int) -> int:
    """The token after the letters that follow a name at token i: 'MP', 'KCB CBE', 'FRCP'."""
    while i < len(doc) and doc[i].text[:1].isupper() and fold(doc[i].text) in lexicon("post_nominals"):
        i += 1
    return i


def _office_after(doc: Doc, i: int) -> SpacySpan | None:
    """'the Secretary of State for health' right after a name, with no comma: the longest office of
    data/lexicons/offices.csv after 'the', capitalised as a title is."""
    if i + 1 >= len(doc) or doc[i].lower_ != "the" or not doc[i + 1].is_title:
        return None
    known = offices()
    for n in range(min(8, len(doc) - i - 1), 0, -1):
        span = doc[i + 1 : i + 1 + n]
        if fold(span.text) in known and not span[-1].is_punct:
            return span
    return None


def _to_body(token) -> bool:
    """'to' after a title and before a name: 'senior researcher to the Anytown Review', 'Secretary to …'."""
    doc, i = token.doc, token.i
    nxt = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "the")
    return token.lower_ == "to" and i > 0 and is_title_word(doc[i - 1].text) and nxt < len(doc) and doc[nxt].is_title


def _split_body(doc: Doc, part: SpacySpan) -> tuple[SpacySpan, SpacySpan | None]:
    """A coordinated role and the body after its 'at'/'of'/'to', when those words name one: 'clinical
    director for urgent care at Anytown Trust' -> (clinical director for urgent care, Anytown Trust)."""
    at = next((t.i for t in reversed(part) if t.lower_ == "at"), None)
    of = at if at is not None else next((t.i for t in part if preposition_of(t) or _to_body(t)), None)
    if of is None or of == part.start or of + 1 >= part.end:
        return part, None
    first = of + 1 + (doc[of + 1].lower_ == "the" and of + 2 < part.end)
    if not doc[first].text[:1].isupper():
        return part, None
    body = org_from(doc, first, part.end)
    if names_organisation(body) or (first > of + 1 and _proper(body)):
        return doc[part.start : of], body
    return part, None


def _proper(span: SpacySpan) -> bool:
    """'the Anytown Review', 'the Anytown Health Panel': two capitalised words or more after 'the', no title
    among them, name a body (a title's field has no 'the': 'Director of Public Health')."""
    words = [t for t in span if t.lower_ not in {"of", "and", "for", "&"}]
    return len(words) >= 2 and all(t.is_title and t.is_alpha and not is_title_word(t.text) for t in words)


def apposition(
    doc: Doc, ent: SpacySpan, orgs: list[tuple[int, int]]
) -> tuple[SpacySpan, str | None, SpacySpan | None, str, list[SpacySpan]] | None:
    """(role words, the role a verb tells or None, organisation, determiner, the roles coordinated
    with the first, each with a body of its own or None: ', writer and broadcaster') of what follows a name:
    ', our Chief Economist,'; ', chief executive of the Nuffield Trust,'; ' is the Gazette's health
    correspondent'; ', Anytown Council's cabinet member for adult social care,'; ', who chairs the
    patient group at Elmwood Surgery,'; ', Emeritus Professor of Health Economics, University of York'."""
    i = letters_after(doc, ent.end)  # 'Sir John Roe KCB CBE, chairman of …'
    while i < len(doc) and doc[i].text in POSSESSIVE:
        i += 1
    office = _office_after(doc, i)
    if office is not None:  # 'Patricia Roe the Secretary of State for Health'
        return office, None, None, "the", []
    # ', chief executive of Y', ' – president of Y at Z', ' is editor of Y' (copular)
    if i >= len(doc) or not (doc[i].text in _APPOSITION_MARKS or doc[i].lower_ in {"is", "was", "as"}):
        return None
    if doc[i].text in {"-"} and not doc[i].whitespace_:
        return None  # a hyphenated word, not a dash
    i += 1
    told = relative_role(doc, i) if doc[i - 1].text == "," else None
    if told:
        return told[1], told[0], told[2], "", []
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
        if doc[i].ent_type_ == "PERSON" and i > start:
            return None  # 'Joe Bloggs, UNISON head of health Jane Roe and …': the title is Jane Roe's
        i += 1
    i, spans, after = conjuncts(doc, start, i, det)  # 'writer and broadcaster'; 'Director of X and Y'
    extras = [_split_body(doc, span) for span in spans]  # '… and chief executive of Anytown Trust'
    possessed = possessor(doc, start, i, det)  # "Anytown Council's cabinet member for …"
    if possessed is not None:
        owner, start = possessed, possessed.end + 1
    phrase = doc[start:i]
    if not len(phrase):
        return None
    if fold(phrase.text) in offices() and any(t.lower_ in {"of", "for"} for t in phrase):
        # 'Secretary of State for Health and Social Care': one office, its 'of' no body
        return phrase, None, owner, det, extras
    # 'president of Global Health at Acme Group': the body is after the last 'at'
    at = next((t.i for t in reversed(phrase) if t.lower_ == "at"), None)
    of = at if at is not None else next((t.i for t in phrase if preposition_of(t) or _to_body(t)), None)
    role = doc[start:of] if of else phrase
    inner = next((t.i for t in role if t.lower_ in {"of", "for"}), None)  # 'president [of Global Health]'
    head = doc[start:inner] if inner is not None else role
    inside = next((t.i for t in head if t.lower_ == "in" and t.i > start and is_title_word(doc[t.i - 1].text)), None)
    if len(head) and not is_title_word(head[-1].text) and inside is not None:
        # 'senior fellow in the policy team', 'a GP in Leeds': the title ends before 'in the' or a place;
        # 'consultant in public health medicine' is all title
        nxt = doc[inside + 1] if inside + 1 < len(doc) else None
        unit = nxt is not None and (nxt.lower_ in terms("determiners") or bool(gazetteer.load().place(nxt.text)))
        role = doc[start:inside] if unit else doc[start : of or phrase.end]
        head = doc[start:inside]
        of = None if unit else of
    if not len(role) or not len(head) or not is_title_word(head[-1].text):
        return None
    org = None
    if of is not None and of + 1 < i:
        first = of + 1 + (doc[of + 1].lower_ == "the" and of + 2 < i)
        org_span = org_from(doc, first, i) if doc[first].text[:1].isupper() else doc[first:i]
        named = next((doc.char_span(s, e) for s, e in orgs if s == doc[first].idx and e > org_span.end_char), None)
        org_span = named or org_span  # 'chair of the Anytown and District NHS Trust': the body the post names
        internal = owner_of_internal(org_span)  # "chair of the BMA's consultants committee": the BMA
        if internal is not None:
            org = internal
        elif names_organisation(org_span) or (first > of + 1 and _proper(org_span)):
            org = org_span
        elif owner is not None and doc[of].lower_ in {"at", "in"}:
            role = doc[start:of]  # "Unite's branch secretary at the trust": held at Unite
        elif doc[of].lower_ == "to":
            role = doc[start:of]  # 'adviser to the minister': the title, not whom it serves
        else:
            role = phrase  # 'Director of Policy', 'Director of Infection Prevention': all of it is the title
    # 'Emeritus Professor of Health Economics, University of York': a field, then the body on its own
    if after < len(doc) and doc[after].text == "," and (org is None or not strong(org.text)):
        body = next_organisation(doc, after + 1)
        if body is not None:
            role, org = phrase, body  # 'Medical Director and Director of X, Anytown Trust': every role's
    if org is None and owner is None and extras and extras[-1][1] is not None:
        org = extras[-1][1]  # 'chair and chief executive of Anytown Trust': the body after the last is all theirs
        extras[-1] = (extras[-1][0], None)
    return role, None, org or owner, det, extras
