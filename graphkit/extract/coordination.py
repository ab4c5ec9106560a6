"""Coordinated roles in an apposition, for extract.appositions: 'writer and broadcaster', 'infectious
disease doctor, broadcaster and academic', 'Medical Director and Director of Education and Standards'
are roles of their own; 'and' inside one title's complement ('Director of Education and Standards',
'Secretary of State for Health and Social Care') joins the fields of one title and does not split it.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from graphkit.extract.titles import is_title_word, offices
from graphkit.resources import fold, terms

_COMPLEMENT = {"of", "for"}  # 'Director [of Education and Standards]'
_HEAD_ENDS = {"of", "for", "to", "at", "in", "with", "on"}  # where a title's head ends: 'lead [for urgent care]'
_NOT_FIELD = {"VERB", "AUX", "PRON", "DET", "ADP", "SCONJ", "NUM"}
_MAX_FIELD = 4  # words: 'Education and Standards', 'Health and Social Care'


def conjuncts(doc: Doc, start: int, end: int, det: str) -> tuple[int, list[SpacySpan], int]:
    """(where the first role's words end, the roles coordinated after it, where the last one ends) for
    an apposition whose first role runs from `start` to the stop at `end` ('and' or ',')."""
    first_end = _complement(doc, start, end)
    extras: list[SpacySpan] = []
    j = first_end
    stops = terms("apposition_stops")
    while j < len(doc) and (doc[j].lower_ == "and" or doc[j].text == ","):
        serial = doc[j].text == ","
        k = j + 1
        if serial and k < len(doc) and doc[k].lower_ == "and":
            k += 1  # the serial comma: ', broadcaster, and academic'
        if k < len(doc) and doc[k].lower_ in {"a", "an"} and det in {"a", "an"}:
            k += 1  # 'a nurse and a midwife'
        m = k
        while m < len(doc) and m - k < 10 and doc[m].lower_ not in stops and not doc[m].is_space:
            if doc[m].ent_type_ == "PERSON":
                return first_end, extras, j  # ', and Jane Roe, …': another person
            m += 1
        part = doc[k:m]
        if not len(part) or not _title(part):
            break
        end_here = _complement(doc, k, m)
        extras.append(doc[k:end_here])
        j = end_here
    return first_end, extras, j if extras else first_end


def _complement(doc: Doc, start: int, end: int) -> int:
    """Where a title's words end when 'and' joins the fields of its complement: 'Director of Education'
    at 'and Standards' ends after 'Standards'; else `end`."""
    if not any(t.lower_ in _COMPLEMENT for t in doc[start:end]):
        return end
    stops = terms("apposition_stops")
    while end + 1 < len(doc) and doc[end].lower_ == "and":
        m = end + 1
        while m < len(doc) and m - end <= _MAX_FIELD and doc[m].lower_ not in stops and not doc[m].is_space:
            m += 1
        field = doc[end + 1 : m]
        if not _field(field):
            break
        end = m
    return end


def _field(part: SpacySpan) -> bool:
    """Words that name a field, not a title or a clause: 'Standards', 'Social Care', 'patient safety'."""
    if not len(part) or len(part) > _MAX_FIELD or _title(part):
        return False
    capitals = {t.text[:1].isupper() for t in part}
    return len(capitals) == 1 and all(t.is_alpha and t.pos_ not in _NOT_FIELD and t.ent_type_ != "PERSON" for t in part)


def _title(part: SpacySpan) -> bool:
    """Whether words read as a title of their own: an office, or a head ending in a job title
    ('broadcaster', 'Medical Director', 'clinical lead [for urgent care]')."""
    if fold(part.text) in offices():
        return True
    if part[0].lower_ in terms("determiners") or any(t.pos_ in {"VERB", "AUX"} for t in part):
        return False
    cut = next((t.i for t in part if t.lower_ in _HEAD_ENDS and t.i > part.start), part.end)
    head = part.doc[part.start : cut]
    return is_title_word(head[-1].text) or is_title_word(head.text)


def titles_before(doc: Doc, name: int) -> list[SpacySpan]:
    """'Writer and broadcaster Jane Roe said': two titles joined by 'and' that open the sentence right
    before a name (at token `name`, its honorifics included), each ending in a job title; else []."""
    second = _title_run(doc, name)
    if second is None or second.start < 2 or doc[second.start - 1].lower_ != "and":
        return []
    first = _title_run(doc, second.start - 1)
    if first is None or not first[0].is_sent_start or not first[0].text[:1].isupper():
        return []
    return [first, second]


def _title_run(doc: Doc, end: int) -> SpacySpan | None:
    """The words (three at most) of a title that ends right before token `end`: 'senior nurse'."""
    if end == 0 or not is_title_word(doc[end - 1].text):
        return None
    start = end - 1
    while start > 0 and end - start < 3 and not doc[start].is_sent_start and doc[start - 1].pos_ in {"NOUN", "ADJ"}:
        start -= 1
    return doc[start:end]
