"""The plain-text layout: a title line, the article, then comments headed '#<id> <Name>'.

A comment header may be followed by up to two byline lines (job titles and/or an
organisation), then a blank line and the comment text. Page furniture after the last
comment (phrases listed in data/lexicons/furniture.csv) is not content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from graphkit import resources
from graphkit.errors import InputError
from graphkit.ingest.decode import clean, read_text
from graphkit.model import Comment, Document

# '#700101 Priya Raman': a numeric id of three or more digits, then a short name.
_HEADER = re.compile(r"^#(\d{3,})[ \t]+(\S[^\n]{0,119})$")
_MAX_BYLINE_LINES = 2
_MAX_BYLINE_CHARS = 160


def read_text_file(path: Path) -> Iterator[Document]:
    """Read one article with its comments from a plain-text file in the sample's layout."""
    text = read_text(path)
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
        comments.append(_comment(match, block, position=n + 1, last=n + 1 == len(headers)))
    if not body and not comments:
        raise InputError(path, "has a title but no article text and no comments")
    yield Document(
        id=resources.slug(path.stem),
        title=clean(lines[title_at]),
        body=body,
        comments=comments,
        source=str(path),
    )


def _header(lines: list[str], i: int) -> re.Match[str] | None:
    match = _HEADER.match(lines[i].strip())
    if not match or (i > 0 and lines[i - 1].strip()):
        return None
    name = match.group(2)
    # A name, not a sentence: few words and no sentence punctuation.
    if len(name.split()) > 6 or re.search(r"[.!?:;]\s|[.!?]$", name):
        return None
    return match


def _comment(match: re.Match[str], rest: list[str], position: int, last: bool) -> Comment:
    cid, name = match.group(1), clean(match.group(2))
    byline: list[str] = []
    head = []
    for line in rest:
        if not line.strip():
            break
        head.append(line.strip())
    if head and len(head) <= _MAX_BYLINE_LINES and all(_looks_like_byline(h) for h in head):
        byline = head
        rest = rest[len(head) :]
    paragraphs = "\n".join(rest).strip()
    if last:
        paragraphs = strip_furniture(paragraphs)
    return Comment(id=cid, author=name, byline="\n".join(byline), body=paragraphs, position=position)


def _looks_like_byline(line: str) -> bool:
    return len(line) <= _MAX_BYLINE_CHARS and not re.search(r"[.!?]$", line) and len(line.split()) <= 16


def strip_furniture(text: str) -> str:
    """Drop trailing paragraphs that are page furniture ('Add new comment', share links, …)."""
    furniture = resources.furniture()
    paragraphs = text.split("\n")
    while paragraphs and (not paragraphs[-1].strip() or clean(paragraphs[-1]).casefold() in furniture):
        paragraphs.pop()
    return "\n".join(paragraphs).strip()
