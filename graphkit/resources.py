"""Reference knowledge kept as data files in data/: gazetteers, lexicons, the topic scheme.

Every loader is cached, so each file is read once per process.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path


def data_dir() -> Path:
    """The project's data folder (GRAPHKIT_DATA overrides it)."""
    env = os.environ.get("GRAPHKIT_DATA")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=1 << 16)  # called for the same names and words over and over in a build
def fold(text: str) -> str:
    """Accent-free, case-folded, apostrophe-free text with single spaces: a comparison key."""
    if not text.isascii():  # ASCII has nothing to decompose and no combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("'", "").casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


_NOT_WORD = re.compile(r"[^\w&+]+")


@lru_cache(maxsize=1 << 16)  # every topic and name of a document is slugged for each post it is in
def slug(text: str) -> str:
    """A lower-case, hyphenated, ASCII form of a name for use in IRIs.

    Letters ASCII cannot spell (王小明) are kept apart by a short hash of the folded name.
    """
    folded = fold(text).replace("&", " and ").replace("+", " plus ")
    ascii_ = folded.encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:80]
    if not folded.isascii() and sum(c.isalnum() for c in ascii_) < sum(c.isalnum() for c in folded):
        digest = hashlib.sha1(folded.encode()).hexdigest()[:8]
        out = f"{out}-{digest}" if out else digest
    return out


def squash(text: str) -> str:
    """Letters and digits only, case-folded: how a handle is compared with a name."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


@cache
def honorifics() -> str:
    """A regular expression alternative of the honorifics in data/lexicons/honorifics.csv: 'Mr|Mrs|…'."""
    return "|".join(re.escape(t) for t in sorted(terms("honorifics"), key=len, reverse=True))


@cache
def _honorific() -> re.Pattern[str]:
    return re.compile(rf"^(?:{honorifics()})\.?\s+(?=\S)")


def strip_honorific(name: str) -> str:
    """'Dr Omar Siddiqui' -> 'Omar Siddiqui'; a name with no honorific is returned as it is. A peer named
    by title and one name keeps the title: 'Lord Warner', 'Baroness Harding' (data/lexicons/peerage_titles.csv)."""
    name = name.strip()
    bare = _honorific().sub("", name)
    if bare != name and len(bare.split()) == 1 and fold(name.split()[0]) in lexicon("peerage_titles"):
        return name
    return bare


def name_parts(name: str) -> list[str]:
    """The words of a person's name without an honorific, as written: 'Dr Omar Siddiqui' -> ['Omar', 'Siddiqui'].

    How every stage tells a first name (parts[0]) or a surname (parts[-1]) of a name.
    """
    return strip_honorific(name).split()


def display_name(name: str) -> str:
    """A person's name as a reader would write it: 'mary okafor' -> 'Mary Okafor'."""
    particles = lexicon("name_particles")
    parts = []
    for part in name.split():
        if part.isalpha() and part.islower() and part not in particles:
            part = part[0].upper() + part[1:]
        parts.append(part)
    return " ".join(parts)


_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")


def without_the(text: str) -> str:
    """'The King's Fund' -> "King's Fund": the one place a leading article is dropped."""
    return _LEADING_THE.sub("", text)


def read_rows(relative: str) -> list[dict[str, str]]:
    """Rows of a CSV file under data/ (header row, UTF-8); missing cells become ''."""
    path = data_dir() / relative
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle)]


def split_cell(value: str) -> list[str]:
    """A cell holding several values separated by '|'."""
    return [part.strip() for part in value.split("|") if part.strip()]


@cache
def terms(name: str) -> tuple[str, ...]:
    """The `term` column of data/lexicons/<name>.csv as written, in file order: the one lexicon loader."""
    return tuple(row["term"] for row in read_rows(f"lexicons/{name}.csv") if row.get("term"))


@cache
def lexicon(name: str) -> frozenset[str]:
    """A word list data/lexicons/<name>.csv, folded for comparison."""
    return frozenset(fold(term) for term in terms(name))


@cache
def furniture() -> frozenset[str]:
    """Page furniture lines (folded with casefold only) that are not content."""
    return frozenset(t.casefold() for t in terms("furniture"))
