"""What kind of organisation a name looks like, from the words in data/lexicons/org_words.csv."""

from __future__ import annotations

import re
from functools import cache

from graphkit.knowledge import gazetteer
from graphkit.resources import read_rows, terms

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


@cache
def _company_cues() -> dict[str, frozenset[str]]:
    """data/lexicons/company_cues.csv: words right before a name ('private provider X'), and roles
    whose body 'of'/'at' is a company ('chairman of X', 'consultant at X'), when nothing else types it."""
    rows = read_rows("lexicons/company_cues.csv")
    return {w: frozenset(r["term"].casefold() for r in rows if r["where"] == w) for w in ("before", "role")}


def company_cue(before: str) -> bool:
    """Whether the text right before an untyped name says it is a company."""
    words = before.casefold().replace("’", "'").split()
    cues = _company_cues()
    for n in (3, 2, 1):
        tail = words[-n:]
        if len(tail) == n and " ".join(tail) in cues["before"]:
            return True
    if len(words) >= 2 and words[-1] in {"of", "at"}:
        role = words[:-1]
        return any(" ".join(role[-n:]) in cues["role"] for n in (2, 1) if len(role) >= n)
    return False


@cache
def _domains() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = read_rows("lexicons/web_domains.csv")
    ends = "|".join(re.escape(r["term"]) for r in sorted(rows, key=lambda r: -len(r["term"])))
    pattern = re.compile(rf"(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*?\.({ends})", re.IGNORECASE)
    return pattern, {r["term"].casefold(): r["type"] or "other" for r in rows}


def domain_type(name: str) -> str | None:
    """The type of an organisation named by its web domain ('carewatch.co.uk' -> company), or None
    if the name is not a bare domain (data/lexicons/web_domains.csv)."""
    pattern, types = _domains()
    match = pattern.fullmatch(name.strip())
    return types.get(match.group(1).casefold(), "other") if match else None


_COMMITTEE_OF = re.compile(
    r"^(.+?\b(?:Council|Trust|University|College|Authority))\s+.+\b(?:Committee|Panel|Sub-committee)$"
)


def committee_owner(name: str) -> str | None:
    """'Herefordshire Council Health and Wellbeing Scrutiny Committee' -> 'Herefordshire Council': a
    committee of a council, trust or university is held at that body, not one of its own."""
    match = _COMMITTEE_OF.match(name)
    return match.group(1) if match else None


def led_by_org_word(name: str) -> bool:
    """A name that opens with an organisation word and no given name: 'Healthwatch Norfolk', 'Ysbyty
    Glan Clwyd', 'University of Kent' (a body named head first, which spaCy may take for a person or a place)."""
    from graphkit.resources import fold, lexicon

    hit = org_word(name)
    return bool(hit and hit[1] == 0 and len(name.split()) > 1 and fold(name.split()[0]) not in lexicon("given_names"))


def type_from_name(name: str) -> str:
    """A type from the controlled list for a name the gazetteer does not know."""
    by_domain = domain_type(name)
    if by_domain:
        return by_domain
    words = name.split()
    if len(words) >= 2 and words[0] == "NHS" and gazetteer.load().place(" ".join(words[1:])):
        return "health_board"  # 'NHS Fife', 'NHS Highland'
    found = org_word(name)
    if found and found[0] in {"professional_body", "charity_or_think_tank", "other"} and university_unit(name):
        return "university"  # 'Leeds University Institute of Health Sciences': a part of a university
    return found[0] if found else "other"


def university_unit(name: str) -> bool:
    """A centre, institute, school … of a university named in the same name."""
    words = name.split()
    if "University" not in words:
        return False
    units = {t.casefold() for t in terms("university_units")}
    return any(w.casefold() in units for w in words)
