"""Month names for recognising date lines, read from data/lexicons/month_names.csv (any language)."""

from __future__ import annotations

import re
from functools import cache

from graphkit import resources


@cache
def month() -> str:
    """A regex group matching one month name or abbreviation (with an optional full stop), longest first."""
    names = sorted(set(resources.terms("month_names")), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(name) for name in names) + r")\.?"
