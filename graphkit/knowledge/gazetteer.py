"""Gazetteers from data/gazetteers: organisations (with ODS codes), NHS sites and places.

Lookups are by folded name (see resources.fold); acronyms and single-word names are kept
case-sensitive, since 'Mind', 'Monitor' or 'Reform' are also ordinary words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from graphkit.resources import fold, read_rows, split_cell, squash, without_the


@dataclass(frozen=True, slots=True)
class OrgEntry:
    name: str
    type: str
    ods_code: str = ""
    aliases: tuple[str, ...] = ()
    parent_code: str = ""  # for an NHS site (hospital): its trust's code


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Gazetteer:
    orgs: dict[str, OrgEntry]  # folded form -> entry, for forms matched ignoring case
    exact: dict[str, OrgEntry]  # exact surface -> entry, for acronyms and one-word names
    by_code: dict[str, OrgEntry]
    places: dict[str, PlaceEntry]  # exact surface -> entry
    demonyms: dict[str, str]

    def org(self, text: str) -> OrgEntry | None:
        """The organisation a surface form names, if the gazetteer knows it."""
        text = text.strip()
        hit = self.exact.get(text) or self.exact.get(without_the(text))
        if hit:
            return hit
        return self.orgs.get(fold(without_the(text)))

    def place(self, text: str) -> PlaceEntry | None:
        return self.places.get(without_the(text.strip()))

    def surfaces(self):
        """(surface, entry, case_sensitive) for every org form, for phrase matching."""
        for form, entry in self.exact.items():
            yield form, entry, True
        for entry in {id(e): e for e in self.orgs.values()}.values():
            for form in (entry.name, *entry.aliases):
                if not is_case_sensitive(form):
                    for variant in apostrophe_variants(form):
                        yield variant, entry, False


def is_case_sensitive(form: str) -> bool:
    """Acronyms ('BMA', 'NHS 24') and one-word names ('Monitor') must match as written."""
    words = form.split()
    return len(words) == 1 or all(w.isupper() or w.isdigit() for w in words)


def apostrophe_variants(form: str) -> set[str]:
    """King's / King’s / Kings, and & / and."""
    out = {form}
    for f in list(out):
        if "'" in f or "\u2019" in f:
            plain = f.replace("\u2019", "'")
            out |= {plain, plain.replace("'", "\u2019"), plain.replace("'s ", "s ").replace("'", "")}
    for f in list(out):
        if " & " in f:
            out.add(f.replace(" & ", " and "))
        elif " and " in f:
            out.add(f.replace(" and ", " & "))
    return out


@cache
def by_handle() -> dict[str, OrgEntry]:
    """Organisations by the letters of their names, with and without 'the': how a handle names one."""
    index: dict[str, OrgEntry] = {}
    for form, entry in load().orgs.items():
        index.setdefault(squash(form), entry)
        index.setdefault(squash(without_the(form)), entry)
    return index


@cache
def load() -> Gazetteer:
    """Read every gazetteer file once."""
    entries: list[OrgEntry] = []
    for row in read_rows("gazetteers/nhs_trusts.csv"):
        entries.append(OrgEntry(row["name"], "nhs_trust", row["ods_code"], tuple(split_cell(row["aliases"]))))
    for row in read_rows("gazetteers/organisations.csv"):
        entries.append(
            OrgEntry(
                row["name"], row["type"] or "other", row.get("ods_code", ""), tuple(split_cell(row.get("aliases", "")))
            )
        )
    by_code = {e.ods_code: e for e in entries if e.ods_code}
    for row in read_rows("gazetteers/nhs_sites.csv"):
        if row["trust_code"] in by_code:
            entries.append(OrgEntry(row["name"], "other", row["site_code"], (), row["trust_code"]))
    orgs: dict[str, OrgEntry] = {}
    exact: dict[str, OrgEntry] = {}
    ambiguous: set[str] = set()
    for entry in entries:
        for form in (entry.name, *entry.aliases):
            _strip = without_the(form)
            if is_case_sensitive(_strip):
                exact.setdefault(_strip, entry)
                continue
            for variant in apostrophe_variants(_strip):
                key = fold(variant)
                if key in orgs and orgs[key].name != entry.name:
                    ambiguous.add(key)  # e.g. two hospitals of the same name
                orgs.setdefault(key, entry)
    for key in ambiguous:
        if orgs[key].parent_code:
            del orgs[key]
    places: dict[str, PlaceEntry] = {}
    for row in read_rows("gazetteers/places.csv"):
        entry = PlaceEntry(row["name"], row["kind"])
        for form in (row["name"], *split_cell(row.get("aliases", ""))):
            places.setdefault(without_the(form), entry)
    demonyms = {row["term"]: row["place"] for row in read_rows("lexicons/demonyms.csv")}
    return Gazetteer(orgs, exact, by_code, places, demonyms)
