"""Short forms of listed bodies' names: 'Royal Devon and Exeter' for Royal Devon and Exeter NHS Foundation Trust."""

from __future__ import annotations

import re
from functools import cache

from graphkit.knowledge import gazetteer
from graphkit.resources import fold, terms, without_the

_PROVIDERS = {"nhs_trust", "health_board"}  # the bodies the suffixes of org_short_suffixes.csv end
_PARTS = re.compile(r",\s*|\s+(?:and|&)\s+")


@cache
def short_forms() -> dict[str, tuple[str, gazetteer.OrgEntry]]:
    """'Royal Devon and Exeter' for Royal Devon and Exeter NHS Foundation Trust: a listed body's name
    (or earlier name) less a suffix of data/lexicons/org_short_suffixes.csv, where what is left joins
    two or more names with 'and' ('X and Y') or still ends in a provider word ('Leeds Teaching
    Hospitals'). A short form that two bodies share, that is a place
    ('Birmingham and Solihull'), whose parts are all places ('Lewisham and Greenwich'), or that is a
    listed name of its own is left out."""
    gaz = gazetteer.load()
    suffixes = sorted(terms("org_short_suffixes"), key=len, reverse=True)
    found: dict[str, tuple[str, gazetteer.OrgEntry]] = {}  # folded form -> (form, body)
    shared: set[str] = set()
    for entry in {id(e): e for e in gaz.orgs.values()}.values():
        if entry.parent_code or entry.type not in _PROVIDERS:
            continue  # a hospital of a trust: its short form is the trust's
        for form in (entry.name, *entry.aliases):
            for short in _shortened(form, suffixes):
                if not (" and " in short or " & " in short or _still_named(short, suffixes)):
                    continue
                spelt = short.replace(" & ", " and ")  # an ICB's area written with '&' is a place too
                if gaz.place(spelt) or gaz.org(spelt) or all(gaz.place(p) for p in _PARTS.split(short)):
                    continue  # 'Lewisham and Greenwich' may be two boroughs as well as the trust
                key = fold(short)
                if key in found and found[key][1].name != entry.name:
                    shared.add(key)
                found.setdefault(key, (short, entry))
    return {key: value for key, value in found.items() if key not in shared}


def _still_named(short: str, suffixes: list[str]) -> bool:
    """'Leeds Teaching Hospitals' (of Leeds Teaching Hospitals NHS Trust): what is left still ends
    in a word that names a provider, other than 'Trust'."""
    return any(short.endswith(" " + s) for s in suffixes if not s.endswith("Trust"))


def _shortened(name: str, suffixes: list[str]) -> list[str]:
    """The name less one suffix, then less another, while three or more words are left."""
    out = []
    while True:
        cut = next((name[: -len(s)].rstrip(" ,") for s in suffixes if name.endswith(" " + s)), None)
        if cut is None or len(cut.split()) < 3:
            return out
        out.append(cut)
        name = cut


def short_form(text: str) -> gazetteer.OrgEntry | None:
    """The listed body a short form names ('Royal Devon and Exeter'), if it is one."""
    hit = short_forms().get(fold(without_the(text.strip())))
    return hit[1] if hit else None
