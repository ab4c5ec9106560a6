"""What kind of organisation a name looks like, from the words in data/lexicons/org_words.csv."""

from __future__ import annotations

import re
from functools import cache

from graphkit.knowledge import gazetteer
from graphkit.resources import read_rows

ORG_TYPES = (
    "nhs_trust",
    "health_board",
    "national_body",
    "professional_body",
    "charity_or_think_tank",
    "company",
    "university",
    "political_party",
    "other",
)


@cache
def _terms() -> list[tuple[re.Pattern[str], str, int]]:
    rows = read_rows("lexicons/org_words.csv")
    out = []
    for row in rows:
        term = row["term"]
        # 'University of' marks the head at the start; other terms mark it anywhere as whole words.
        pattern = re.compile(
            r"(?<![\w-])" + re.escape(term) + r"(?![\w-])",
            re.IGNORECASE if term[0].isupper() and not term.isupper() else 0,
        )
        out.append((pattern, row["type"], len(term)))
    out.sort(key=lambda t: -t[2])
    return out


def org_word(name: str) -> tuple[str, int] | None:
    """The longest organisation word in a name, as (type, position), or None."""
    for pattern, kind, _ in _terms():
        match = pattern.search(name)
        if match:
            return kind, match.start()
    return None


def type_from_name(name: str) -> str:
    """A type from the controlled list for a name the gazetteer does not know."""
    words = name.split()
    if len(words) >= 2 and words[0] == "NHS" and gazetteer.load().place(" ".join(words[1:])):
        return "health_board"  # 'NHS Fife', 'NHS Highland'
    found = org_word(name)
    return found[0] if found else "other"
