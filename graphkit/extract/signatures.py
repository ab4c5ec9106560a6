"""Signature blocks: the name, role, organisation and place lines that end a letter or a rapid response.

    Dr Jane Example
    Consultant anaesthetist
    Royal Devon University Healthcare NHS Foundation Trust
    Exeter

The block is the last paragraph of a post: two to six short lines without sentence punctuation,
the first a person's name (an honorific and degrees allowed). The lines under the name are read
like a byline (extract.bylines): job titles, an organisation, a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphkit.extract.bylines import parse_byline
from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import org_word
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon, strip_honorific

EXTRACTOR = "signature"
_NAME = re.compile(r"^[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|di|le|la|bin|al))*\s+[A-Z][\w'’-]+$")
_DEGREES = re.compile(r"\s*,\s*(?:[A-Z][A-Za-z()]*\.?\s*)+$")  # ', MBBS FRCP', ', PhD'
_MAX_LINE = 90


def signature(text: str, post: str) -> Iterator[Mention]:
    """The signer of a post (a 'signature' mention) and the byline under the name ('job-title',
    'employer', 'workplace' mentions, extractor 'signature'), with offsets into the post's text."""
    block = _last_paragraph(text)
    if block is None:
        return
    start, lines = block
    if not 2 <= len(lines) <= 6 or any(
        len(line) > _MAX_LINE or line.rstrip().endswith((".", "?", "!", ":")) for line in lines
    ):
        return
    first = lines[0].strip()
    name = _DEGREES.sub("", first)
    bare = strip_honorific(name)
    words = bare.split()
    if not _NAME.match(bare) or not 2 <= len(words) <= 4:
        return
    if gazetteer.load().org(bare) or gazetteer.load().place(bare) or org_word(bare):
        return
    if fold(words[-1]) in lexicon("job_titles"):
        return  # 'Senior Fellow' is a title line, not a name
    lead = len(lines[0]) - len(lines[0].lstrip())
    yield Mention("signature", bare, Span.of(text, start + lead, start + lead + len(name), post), EXTRACTOR, 0.85)
    rest_start = start + len(lines[0]) + 1
    rest = "\n".join(lines[1:])
    parsed = parse_byline(rest)
    for piece in parsed.titles:
        yield _piece("job-title", text, post, rest_start, piece)
    if parsed.organisation:
        yield _piece("employer", text, post, rest_start, parsed.organisation)
    if parsed.place:
        yield _piece("workplace", text, post, rest_start, parsed.place)


def signature_block(text: str) -> list[tuple[int, int]]:
    """The span of the signature block that ends a text, if it has one (from the signer's name to the end)."""
    starts = [m.span.start for m in signature(text, "")]
    return [(min(starts), len(text))] if starts else []


def _piece(kind: str, text: str, post: str, offset: int, piece) -> Mention:
    span = Span.of(text, offset + piece.start, offset + piece.start + len(piece.text), post)
    return Mention(kind, piece.text, span, EXTRACTOR, 0.85)


def _last_paragraph(text: str) -> tuple[int, list[str]] | None:
    """(offset, lines) of the text's last paragraph (after its last blank line), trailing space dropped."""
    body = text.rstrip()
    if not body:
        return None
    cut = max(body.rfind("\n\n"), body.rfind("\n \n"))
    start = cut + 2 if cut >= 0 else 0
    while start < len(body) and body[start] == "\n":
        start += 1
    if cut < 0:
        return None  # a post that is all one paragraph has no signature block
    return start, body[start:].split("\n")
