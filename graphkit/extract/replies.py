"""Who a comment answers, from the comment text alone (or the input's own reply_to).

A comment that addresses an earlier commenter by name ('Priya, …', 'Thanks Tomasz', '@Priya')
replies to that commenter's latest earlier comment. A commenter who was just addressed and
answers in the second person ('thank you', 'you and your team') replies to the comment
that addressed them. Otherwise a comment replies to the article.
"""

from __future__ import annotations

import re
from functools import cache

from graphkit.model import Comment, Document, Reply, Span
from graphkit.resources import honorifics, strip_honorific, terms

_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|thank(?:s| you))\b", re.IGNORECASE)


def infer_replies(doc: Document) -> list[Reply]:
    """One Reply for each comment of the document, in order."""
    by_id = {c.id: c for c in doc.comments}
    out: list[Reply] = []
    target_of: dict[str, str | None] = {}
    for n, comment in enumerate(doc.comments):
        earlier = doc.comments[:n]
        reply = _given(comment, by_id) or _addressed(comment, earlier) or _answer(comment, earlier, target_of)
        reply = reply or Reply(comment.id, None, None, "reply-default", 0.6)
        target_of[comment.id] = reply.target
        out.append(reply)
    return out


def _given(comment: Comment, by_id: dict[str, Comment]) -> Reply | None:
    if comment.reply_to and comment.reply_to in by_id and comment.reply_to != comment.id:
        return Reply(comment.id, comment.reply_to, None, "input", 1.0)
    return None


def _addressed(comment: Comment, earlier: list[Comment]) -> Reply | None:
    """A vocative or a thank-you naming an earlier commenter."""
    best: tuple[int, Comment, re.Match[str]] | None = None
    for other in reversed(earlier):
        if _same_person(other.author, comment.author):
            continue
        for pattern in _address_patterns(other.author):
            match = pattern.search(comment.body)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), other, match)
    if best is None:
        return None
    _, other, match = best
    span = Span.of(comment.body, match.start("name"), match.end("name"), comment.id)
    latest = next(c for c in reversed(earlier) if _same_person(c.author, other.author))
    return Reply(comment.id, latest.id, span, "reply-address", 0.9)


def _answer(comment: Comment, earlier: list[Comment], target_of: dict[str, str | None]) -> Reply | None:
    """An answer in the second person from someone the previous comment addressed."""
    if not earlier:
        return None
    previous = earlier[-1]
    addressed = target_of.get(previous.id)
    if addressed is None or _same_person(previous.author, comment.author):
        return None
    by_id = {c.id: c for c in earlier}
    if not _same_person(by_id[addressed].author, comment.author):
        return None
    match = _SECOND_PERSON.search(comment.body)
    if not match:
        return None
    span = Span.of(comment.body, match.start(), match.end(), comment.id)
    return Reply(comment.id, previous.id, span, "reply-answer", 0.75)


def _address_patterns(author: str) -> list[re.Pattern[str]]:
    parts = [p for p in re.split(r"\s+", strip_honorific(author)) if p]
    if not parts:
        return []
    first, last = re.escape(parts[0]), re.escape(parts[-1])
    full = re.escape(" ".join(parts))
    # Names match as written: 'Will' addresses Will, 'will' does not.
    name = rf"(?P<name>(?-i:{full}|{first})|(?:(?:{honorifics()})\.?\s+)(?-i:{last}))"
    greeting = _greeting()
    return [
        # Opening vocative: 'Priya, you are right…', 'Thanks Tomasz, …', '@Priya …'
        re.compile(rf"\A\s*{greeting}@?{name}(?![\w'’-])", re.IGNORECASE),
        # A thank-you or @-address anywhere: '… thank you Tomasz', '@Tomasz'
        re.compile(rf"(?:\bthanks?(?:\s+you)?,?\s+|@){name}(?![\w'’-])", re.IGNORECASE),
    ]


@cache
def _greeting() -> str:
    """An optional opener before a vocative ('Thanks ', 'I agree with '), from data/lexicons/reply_openers.csv."""
    openers = sorted(terms("reply_openers"), key=len, reverse=True)
    return "(?:(?:" + "|".join(r"\s+".join(map(re.escape, o.split())) for o in openers) + r")[\s,!]+)?"


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
