"""Definite references: 'the Trust', 'The Fund's' — a capitalised head noun after 'the', with no name after it.

Which organisation such a reference names is resolve's decision (resolve.organisations); this only
finds where they are. The span covers 'the Trust', without a possessive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphkit.model import Mention, Span

EXTRACTOR = "definite-reference"
_REFERENCE = re.compile(r"\b[Tt]he (?P<head>[A-Z][a-z]+)(?:['’]s)?\b(?!\s+[A-Z])")


def definite_references(text: str, post: str) -> Iterator[Mention]:
    for m in _REFERENCE.finditer(text):
        span = Span.of(text, m.start(), m.end("head"), post)
        yield Mention("reference", m.group("head"), span, EXTRACTOR, 0.7)
