"""Hashtags, @handles and web addresses: regular patterns over a post's text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from graphkit.model import Mention, Span
from graphkit.resources import name_parts, squash, terms

_HASHTAG = re.compile(r"(?<![\w&#/])#([^\W\d_][\w]{0,99})")
_HANDLE = re.compile(r"(?<![\w.@/])@([A-Za-z0-9_]{1,30})(?![\w@]|\.[A-Za-z]{2,})")


@cache
def _link() -> re.Pattern[str]:
    """Web addresses: with a scheme, from www., or a bare name under a domain of data/lexicons/web_domains.csv."""
    domains = "|".join(re.escape(d) for d in sorted(terms("web_domains"), key=len, reverse=True))
    return re.compile(
        r"\bhttps?://[^\s<>\"']+"
        r"|\bwww\.[^\s<>\"']+"
        rf"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{domains})\b(?:/[^\s<>\"']*)?",
        re.IGNORECASE,
    )


def hashtags(text: str, post: str) -> Iterator[Mention]:
    """'#WinterCrisis' and '#wintercrisis': one concept per case-folded tag."""
    for m in _HASHTAG.finditer(text):
        yield Mention("hashtag", m.group(1), Span.of(text, m.start(), m.end(), post), "hashtag", 1.0)


def handles(text: str, post: str) -> Iterator[Mention]:
    """'@NuffieldTrust', but not the domain part of an e-mail address.

    A handle in a sentence in the first person plural ('follow us at @X', 'our newsletter') gets
    attrs['first_person'], which tells resolve that @X may be the article's publisher.
    """
    for m in _HANDLE.finditer(text):
        attrs = {"first_person": "1"} if _FIRST_PERSON.search(_sentence(text, m.start())) else {}
        yield Mention("handle", m.group(1), Span.of(text, m.start(), m.end(), post), "handle", 1.0, attrs)


def owned_handles(text: str, handles: list[Mention], persons: list[Mention]) -> list[Mention]:
    """Handles the text gives to a person named beside them: 'Jane Doe (@JaneDoeMD)',
    'tweeted @JaneDoeMD, Jane Doe', 'Jane Doe, @JaneDoeMD'; the person's name goes in attrs['person'].

    In brackets right after the name, the handle is that person's; with a comma or a dash between
    them, only when the handle holds the person's first name or surname (a list of handles and
    names is not a list of pairs).
    """
    out = []
    for h in handles:
        owner = None
        for p in persons:
            if p.span.post != h.span.post or p.span.field != h.span.field:
                continue
            if p.span.end <= h.span.start:
                between = text[p.span.end : h.span.start]
            elif h.span.end <= p.span.start:
                between = text[h.span.end : p.span.start]
            else:
                continue
            if _BRACKET.fullmatch(between) or (_JOINED.fullmatch(between) and _holds_name(h.name, p.name)):
                owner = p.name
                break
        out.append(
            Mention(h.kind, h.name, h.span, h.extractor, h.confidence, {**h.attrs, "person": owner}) if owner else h
        )
    return out


_BRACKET = re.compile(r"\s*\(\s*")  # 'Jane Doe (@JaneDoeMD', '@JaneDoeMD (Jane Doe'
_JOINED = re.compile(r"\s*[,:\u2013\u2014-]\s*|\s+")  # 'Jane Doe, @JaneDoeMD', '@JaneDoeMD – Jane Doe'


def _holds_name(handle: str, name: str) -> bool:
    """'JaneDoeMD' holds Jane Doe's first name or surname (three letters or more)."""
    letters = squash(handle)
    return any(len(squash(part)) >= 3 and squash(part) in letters for part in name_parts(name))


_FIRST_PERSON = re.compile(r"\b(?:our|us|we)\b", re.IGNORECASE)


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, at) for c in ".!?\n") if i != -1]
    return text[start : min(ends) if ends else len(text)]


def links(text: str, post: str) -> Iterator[Mention]:
    """Web addresses, with or without a scheme; trailing punctuation is not part of them."""
    for m in _link().finditer(text):
        if text[max(0, m.start() - 1)] == "@":
            continue  # e-mail address
        raw = m.group(0).rstrip(".,;:!?)]'\u2019\"")
        url = raw if re.match(r"https?://", raw, re.I) else f"http://{raw}"
        yield Mention("link", url, Span.of(text, m.start(), m.start() + len(raw), post), "link", 0.95)
