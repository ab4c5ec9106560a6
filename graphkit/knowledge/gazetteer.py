"""Gazetteers from data/gazetteers: organisations (with ODS codes), NHS sites and places.

Lookups are by folded name (see resources.fold); acronyms and single-word names are kept
case-sensitive, since 'Mind', 'Monitor' or 'Reform' are also ordinary words.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from graphkit.resources import fold, read_rows, split_cell, squash, without_the


@dataclass(frozen=True, slots=True)
class OrgEntry:
    name: str
    type: str
    ods_code: str = ""
    aliases: tuple[str, ...] = ()
    parent_code: str = ""  # for an NHS site (hospital): its trust's code
    reports_to: str = ""  # for an English NHS body: the code of its ICB (a trust) or NHS England region (an ICB)
    country: str = ""  # for an NHS body: england, wales, scotland or northern_ireland


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    name: str
    kind: str
    ambiguity: str = ""  # 'word' or 'first_name': a place only where the context says so


@dataclass(frozen=True, slots=True)
class Gazetteer:
    orgs: dict[str, OrgEntry]  # folded form -> entry, for forms matched ignoring case
    exact: dict[str, OrgEntry]  # exact surface -> entry, for acronyms and one-word names
    by_code: dict[str, OrgEntry]
    places: dict[str, PlaceEntry]  # exact surface -> entry
    demonyms: dict[str, str]
    # a hospital's board without an ODS code (Scotland's by GSS code, Northern Ireland's by name), by that key
    boards: dict[str, OrgEntry] = field(default_factory=dict)

    def parent(self, entry: OrgEntry) -> OrgEntry | None:
        """The trust or board a hospital belongs to, where the gazetteer knows it."""
        if not entry.parent_code:
            return None
        return self.by_code.get(entry.parent_code) or self.boards.get(entry.parent_code)

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


def _organisation_entries() -> list[OrgEntry]:
    """Organisations: the current NHS layer first (today's names, earlier names as aliases, closed
    predecessors under their own names), then 2018 trusts it does not hold, then organisations.csv,
    whose rows for a body the NHS layer already holds only add their aliases to it."""
    current: list[OrgEntry] = []
    rows = read_rows("gazetteers/nhs_current.csv")
    above = _reporting_lines(rows)
    for row in rows:
        code = "" if row["country"] == "scotland" else row["code"]  # Scottish codes are GSS/PHS, not ODS
        aliases = tuple(split_cell(row["aliases"]))
        current.append(
            OrgEntry(row["name"], row["type"] or "other", code, aliases, "", above.get(code, ""), row["country"])
        )
    codes = {e.ods_code for e in current if e.ods_code}
    for row in read_rows("gazetteers/nhs_trusts.csv"):
        if row["ods_code"] not in codes:
            current.append(OrgEntry(row["name"], "nhs_trust", row["ods_code"], tuple(split_cell(row["aliases"]))))
    forms = {fold(without_the(f)): i for i, e in enumerate(current) for f in (e.name, *e.aliases)}
    others: list[OrgEntry] = []
    for row in read_rows("gazetteers/organisations.csv"):
        aliases = tuple(split_cell(row.get("aliases", "")))
        known = forms.get(fold(without_the(row["name"])))
        if known is not None:
            e = current[known]
            extra = tuple(a for a in (row["name"], *aliases) if a not in e.aliases and a != e.name)
            current[known] = replace(e, aliases=e.aliases + extra)
            continue
        others.append(OrgEntry(row["name"], row["type"] or "other", row.get("ods_code", ""), aliases))
    return current + others


def _reporting_lines(rows: list[dict[str, str]]) -> dict[str, str]:
    """Code -> the code of the body it reports to (a trust's ICB, an ICB's region), from nhs_current's
    parent_code. ODS files a trust under the ICB of its address before April 2026; where that ICB has
    since merged into one other ICB (every successor the same), the trust is filed under that one. An
    ICB that split keeps its own code: which successor a trust went to is not in the data."""
    closed = {row["code"] for row in rows if row["status"] == "closed"}
    successors: dict[str, set[str]] = {}
    for row in read_rows("gazetteers/nhs_successions.csv"):
        if row["event"].startswith("ICB") and row["predecessor_code"] in closed:
            successors.setdefault(row["predecessor_code"], set()).add(row["successor_code"])
    out = {}
    for row in rows:
        parent = row["parent_code"]
        if parent and row["code"]:
            later = successors.get(parent, set())
            out[row["code"]] = min(later) if len(later) == 1 else parent
    return out


@cache
def successions() -> dict[str, list[tuple[str, str, str]]]:
    """Predecessor code -> [(successor code, ISO date or '', event)] for events between two codes."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for row in read_rows("gazetteers/nhs_successions.csv"):
        if row["predecessor_code"] != row["successor_code"]:
            out.setdefault(row["predecessor_code"], []).append((row["successor_code"], row["date"], row["event"]))
    return out


@cache
def load() -> Gazetteer:
    """Read every gazetteer file once."""
    entries = _organisation_entries()
    by_code = {e.ods_code: e for e in entries if e.ods_code}
    for row in read_rows("gazetteers/nhs_sites.csv"):
        trust = by_code.get(row["trust_code"])
        if trust:
            entries.append(OrgEntry(row["name"], "other", row["site_code"], (), trust.ods_code, country=trust.country))
    # Hospitals of Scotland and Northern Ireland name their board by a GSS code or by name.
    names = {row["code"]: row["name"] for row in read_rows("gazetteers/nhs_current.csv") if row["code"]}
    by_name = {e.name: e for e in entries}
    boards: dict[str, OrgEntry] = {}
    for row in read_rows("gazetteers/nhs_sites_current.csv"):
        parent = row["parent_code"]
        parent_entry = by_code.get(parent) or by_name.get(names.get(parent, parent))
        if parent_entry and parent_entry.ods_code:
            site = OrgEntry(row["name"], "other", row["site_code"], (), parent_entry.ods_code)
            entries.append(replace(site, country=parent_entry.country))
        elif parent_entry:  # a board without an ODS code: the hospital has no ODS code, its board's key links it
            boards[parent] = parent_entry
            entries.append(OrgEntry(row["name"], "other", "", (), parent, country=parent_entry.country))
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
    # The hand-made list first, then every UK council area, town and NHS geography (places_uk.csv).
    for file in ("gazetteers/places.csv", "gazetteers/places_uk.csv"):
        for row in read_rows(file):
            entry = PlaceEntry(row["name"], row["kind"], row.get("ambiguity", ""))
            for form in (row["name"], *split_cell(row.get("aliases", ""))):
                places.setdefault(without_the(form), entry)
    demonyms = {row["term"]: row["place"] for row in read_rows("lexicons/demonyms.csv")}
    return Gazetteer(orgs, exact, by_code, places, demonyms, boards)
