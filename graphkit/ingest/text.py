"""The plain-text layout: a title line, the article, then comments headed '#<id> <Name>'.

A comment header may be followed by up to two byline lines (job titles and/or an
organisation), then a blank line and the comment text. Page furniture after the last
comment and at the end of each comment ('Reply', 'Report'; phrases listed in
data/lexicons/furniture.csv) is not content. A first article line 'By Jane Smith' names the
author; a date line under a commenter's name is when the comment was posted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from graphkit import resources
from graphkit.errors import InputError
from graphkit.ingest import dates
from graphkit.ingest.decode import clean, read_text
from graphkit.ingest.notes import Note
from graphkit.model import Comment, Document

# '#700101 Priya Raman': a numeric id of three or more digits, then a short name.
_HEADER = re.compile(r"^#(\d{3,})[ \t]+(\S[^\n]{0,119})$")
_MAX_BYLINE_LINES = 2
_AUTHOR_LINE = re.compile(
    r"^(?:By|Posted by|Written by|Blog post by|Blog by|Author:)\s+([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,4})"
    r"\s*(?:[,|–—-]\s*(.+))?$"
)
_MONTHS = dates.month()
_DATE = re.compile(
    rf"^\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:am|pm)?)?\s*$",
    re.IGNORECASE,
)
_MAX_BYLINE_CHARS = 160


def read_text_file(path: Path) -> Iterator[Document | Note]:
    """Read one article with its comments from a plain-text file in the sample's layout."""
    text, notes = read_text(path)
    yield from notes
    lines = text.split("\n")
    title_at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_at is None:
        raise InputError(path, "is empty")
    headers = [(i, m) for i in range(title_at + 1, len(lines)) if (m := _header(lines, i))]
    body_end = headers[0][0] if headers else len(lines)
    body = "\n".join(lines[title_at + 1 : body_end]).strip()
    comments = []
    for n, (start, match) in enumerate(headers):
        end = headers[n + 1][0] if n + 1 < len(headers) else len(lines)
        block = lines[start + 1 : end]
        comments.append(_comment(match, block, position=n + 1))
    seen: set[str] = set()
    for comment in comments:  # two comments with one id keep both
        if comment.id in seen:
            comment.id = f"{comment.id}-{comment.position}"
        seen.add(comment.id)
    if not body and not comments:
        raise InputError(path, "has a title but no article text and no comments")
    author, author_byline, published = _head(body)
    yield Document(
        id=resources.slug(path.stem),
        title=clean(lines[title_at]),
        body=body,
        author=author,
        author_byline=author_byline,
        published=published,
        comments=comments,
        source=str(path),
    )


def author_line(line: str) -> tuple[str, str] | None:
    """('Jane Smith', 'Senior Fellow') from a line 'By Jane Smith, Senior Fellow'; None for other lines."""
    match = _AUTHOR_LINE.match(line.strip())
    return (clean(match.group(1)), clean(match.group(2) or "")) if match else None


def _head(body: str) -> tuple[str | None, str, str | None]:
    """The article's opening lines: 'By Jane Smith, Senior Fellow' (author and her byline) and a date line."""
    author, byline, published = None, "", None
    for line in [line.strip() for line in body.split("\n")[:4] if line.strip()][:3]:
        match = _AUTHOR_LINE.match(line)
        if match and author is None:
            author, byline = clean(match.group(1)), clean(match.group(2) or "")
        elif published is None and _DATE.search(line) and len(line) <= 40:
            published = clean(line)
    return author, byline, published


def _header(lines: list[str], i: int) -> re.Match[str] | None:
    match = _HEADER.match(lines[i].strip())
    if not match or (i > 0 and lines[i - 1].strip()):
        return None
    name = match.group(2)
    # A name, not a sentence: few words and no sentence punctuation.
    if len(name.split()) > 6 or re.search(r"[.!?:;]\s|[.!?]$", name):
        return None
    return match


def _comment(match: re.Match[str], rest: list[str], position: int) -> Comment:
    cid, name = match.group(1), clean(match.group(2))
    # '#123 Jane Smith, GP partner': the header carries the first byline line after a comma.
    name, _, extra = name.partition(", ")
    byline: list[str] = []
    head = []
    for line in rest:
        if not line.strip():
            break
        head.append(line.strip())
    # A date line ('21 July 2015 at 10:32') under the name is when it was posted, not a byline.
    posted = next((h for h in head if _DATE.search(h) and len(h) <= 40), None)
    lines = [h for h in head if h != posted]
    if len(lines) <= _MAX_BYLINE_LINES and all(_looks_like_byline(h) for h in lines):
        byline = lines
        rest = rest[len(head) :]
    elif posted is not None:
        rest = rest[1:] if rest and rest[0].strip() == posted else rest
    if extra:
        byline = [extra, *byline][: _MAX_BYLINE_LINES + 1]
    paragraphs = strip_furniture("\n".join(rest).strip())
    return Comment(id=cid, author=name, byline="\n".join(byline), body=paragraphs, posted=posted, position=position)


def _looks_like_byline(line: str) -> bool:
    return len(line) <= _MAX_BYLINE_CHARS and not re.search(r"[.!?]$", line) and len(line.split()) <= 16


@cache
def furniture_lines() -> frozenset[str]:
    """data/lexicons/furniture.csv, read once."""
    return resources.furniture()


def strip_furniture(text: str) -> str:
    """Drop trailing paragraphs that are page furniture ('Add new comment', share links, …)."""
    furniture = furniture_lines()
    paragraphs = text.split("\n")
    while paragraphs and (not paragraphs[-1].strip() or clean(paragraphs[-1]).casefold() in furniture):
        paragraphs.pop()
    return "\n".join(paragraphs).strip()
