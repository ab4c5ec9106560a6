"""Small helpers shared by extractors: clean an entity's text and make its Span."""

from __future__ import annotations

import re

from graphkit.resources import without_the

__all__ = ["BULLETS", "trim", "without_the"]

BULLETS = "\u2022\u00b7\u25aa\u25e6\u2023"  # '•', '·', '▪', '◦', '‣': between the entries of a list
_POSSESSIVE = re.compile(r"(?:['\u2019]s?|['\u2019])$")


def trim(text: str, start: int) -> tuple[str, int, int]:
    """Strip a possessive, surrounding punctuation and a leading 'the'; return (text, start, end)."""
    end = start + len(text)
    stripped = text.rstrip(" \t\n,.;:&-\u2013" + BULLETS)
    stripped = _POSSESSIVE.sub("", stripped) if len(stripped) > 3 else stripped
    lead = len(stripped) - len(stripped.lstrip(" \t\n\"'\u2018\u201c(" + BULLETS))
    stripped = stripped.strip(" \t\n\"'\u2018\u201c(" + BULLETS)
    end = start + lead + len(stripped)
    start = start + lead
    return stripped, start, end
