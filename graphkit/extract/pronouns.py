"""Who 'she' or 'he' is, where a text leaves no doubt: an author's biography, a profile.

    Jane Example is a senior fellow at the Trust. She joined it in 2021 from Acme, where she was
    director of strategy, and before that she worked at the Care Quality Commission.

A sentence that opens with 'She'/'He' continues the sentence before it when that one named a person
as its subject (or itself opened with a pronoun that was resolved); every 'she'/'he' of such a
sentence, and every one after the named subject of the same sentence, is that person. Nothing else
is resolved: a pronoun after two people, or after a sentence whose subject is not a person, is left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from graphkit.extract.tokens import post_text
from graphkit.model import Mention, Span

_PRONOUNS = {"she", "he"}
_SUBJECTS = {"nsubj", "nsubjpass"}


def pronoun_people(doc: Doc, people: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """(token index of 'she'/'he', the person's name) for the pronouns the rule above resolves;
    `people` are the (start, end, name) character spans of the people named in the text."""
    out: list[tuple[int, str]] = []
    last: str | None = None  # the person the previous sentence was about
    for sent in doc.sents:
        opener = next((t for t in sent if not (t.is_punct or t.is_space)), None)
        if opener is None:
            continue
        subject = _subject(sent, people)
        if opener.lower_ in _PRONOUNS and last is not None:
            out += [(t.i, last) for t in sent if t.lower_ in _PRONOUNS]
            continue
        last = subject
        if subject is not None:
            start = next(s for s, _e, name in people if name == subject and sent.start_char <= s < sent.end_char)
            out += [(t.i, subject) for t in sent if t.lower_ in _PRONOUNS and t.idx > start]
    return out


def _subject(sent, people: list[tuple[int, int, str]]) -> str | None:
    """The one person named as the subject of a sentence ('Jane Example is …', 'Jane joined …')."""
    names = set()
    for start, end, name in people:
        if not (sent.start_char <= start < sent.end_char):
            continue
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and (span.root.dep_ in _SUBJECTS or span.root.head.dep_ in _SUBJECTS):
            names.add(name)
    return names.pop() if len(names) == 1 else None


def pronoun_roles(
    doc: Doc,
    post: str,
    people: list[tuple[int, int, str]],
    orgs: list[tuple[int, int]],
    after_name: Callable[[SpacySpan, str], Iterable[Mention]],
) -> Iterator[Mention]:
    """Roles told of 'she'/'he' where extract.pronouns resolves the pronoun: 'She is an honorary
    lecturer at X', '…, where she was director of strategy' (at the body named before 'where'),
    'she joined X', 'she worked at X'."""
    for i, person in pronoun_people(doc, people) if people else []:
        pronoun = doc[i : i + 1]
        found = list(after_name(pronoun, person))
        where = i > 0 and doc[i - 1].lower_ == "where"
        for m in found:
            if where and "organisation" not in m.attrs:
                before = [(s, e) for s, e in orgs if doc[i].sent.start_char <= s and e <= doc[i - 1].idx]
                if before:
                    m.attrs["organisation"] = post_text(doc)[max(before)[0] : max(before)[1]]
            yield m
        verb = pronoun.root.head
        if found or pronoun.root.dep_ != "nsubj" or verb.lemma_ not in {"join", "work"}:
            continue
        after = [(s, e) for s, e in orgs if verb.idx < s and e <= verb.sent.end_char]
        prep = doc[verb.i + 1].lower_ if verb.i + 1 < len(doc) else ""
        if after and (verb.lemma_ == "join" or prep in {"at", "for"}):
            s, e = min(after)
            text = post_text(doc)
            attrs = {"person": person, "organisation": text[s:e]}
            yield Mention("affiliation", text[s:e], Span.of(text, s, e, post), "pronoun", 0.65, attrs)
