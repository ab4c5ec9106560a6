"""Bylines: the lines under a commenter's name, parsed into job titles, an organisation and a place.

A line may hold titles ('Consultant Geriatrician; Clinical Lead'), an organisation ('NHS Fife'),
both ('Chief Executive, Nuffield Trust'), or an organisation and its place ('Public Health
England Birmingham'). Which is which is decided by what a part looks like: the gazetteer,
organisation words (Ltd, Trust, University of …) and the head noun of a job title
(Director, Surgeon, lead …), never by a list of particular people.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import committee_owner, domain_type, org_word
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon, terms

EXTRACTOR = "byline"
# Separators between parts of one line: ';', ' / ', ' | ', ', ', ' - ', ' at '.
_PARTS = re.compile(r"\s*;\s*|\s+/\s+|\s+\|\s+|,\s+|\s+[-\u2013\u2014]\s+|\s+at\s+")
_WELSH_OR_OTHER_NAME = re.compile(r"\s*\([^()]*\)$")
_TITLE_SPLIT = re.compile(r"\s*;\s*|\s+/\s+|\s+\|\s+")


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of byline text with its offsets in the whole byline."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Byline:
    titles: list[Piece] = field(default_factory=list)
    organisation: Piece | None = None
    place: Piece | None = None
    others: list[Piece] = field(default_factory=list)  # 'Ysbyty Glan Clwyd, Betsi Cadwaladr University Health Board'


def byline_mentions(byline: str, post: str) -> Iterator[Mention]:
    """A post author's byline as mentions: 'job-title' (each), 'employer' and 'workplace' (at most one each)."""
    parsed = parse_byline(byline)
    for piece in parsed.titles:
        yield Mention("job-title", piece.text, Span.of(byline, piece.start, piece.end, post, "byline"), EXTRACTOR, 0.9)
    if parsed.organisation:
        p = parsed.organisation
        yield Mention("employer", p.text, Span.of(byline, p.start, p.end, post, "byline"), EXTRACTOR, 0.9)
    for p in parsed.others:
        span = Span.of(byline, p.start, p.end, post, "byline")
        yield Mention("employer", p.text, span, EXTRACTOR, 0.85, {"also": "1"})
    if parsed.place:
        p = parsed.place
        yield Mention("workplace", p.text, Span.of(byline, p.start, p.end, post, "byline"), EXTRACTOR, 0.8)


def parse_byline(text: str) -> Byline:
    """Split a byline (one or more lines) into job titles, an organisation and a place."""
    out = Byline()
    offset = 0
    for line in text.split("\n"):
        _parse_line(line, offset + (len(line) - len(line.lstrip())), line.strip(), out)
        offset += len(line) + 1
    return out


def _parse_line(raw: str, start: int, line: str, out: Byline) -> None:
    if not line:
        return
    if gazetteer.load().place(line) and not gazetteer.load().org(line):
        out.place = out.place or Piece(line, start, start + len(line))  # 'Manchester': where they work
        return
    whole = classify(line)
    if whole[0] == "title":
        for piece in _pieces(line, start, _TITLE_SPLIT):
            out.titles.extend(_two_titles(piece))
        return
    if whole[0] == "organisation":
        _set_org(out, Piece(line, start, start + len(line)), whole[1])
        return
    for piece in _pieces(line, start, _PARTS):
        kind, place = classify(piece.text)
        last = out.titles[-1] if out.titles else None
        if kind == "organisation" and _strength(piece.text) == 0 and last is not None and " of " in last.text:
            # 'Director of Nursing, Midwifery and Governance': the fields of one title
            out.titles[-1] = Piece(line[last.start - start : piece.end - start], last.start, piece.end)
            continue
        if kind == "title":
            out.titles.append(piece)
        elif kind == "place" or (out.organisation and gazetteer.load().place(piece.text)):
            out.place = out.place or piece  # 'GP, Bristol'; 'Chair, Friends of X Hospital, Powys'
        else:
            _set_org(out, piece, place)


def _two_titles(piece: Piece) -> list[Piece]:
    """'GP partner and GP trainer', 'Director of Corporate Services and Company Secretary' are two
    titles; 'Director of Infection Prevention and Control' is one."""
    halves = piece.text.split(" and ")
    if len(halves) != 2 or not _ends_in_title(halves[1]):
        return [piece]
    if not (_ends_in_title(halves[0]) or (halves[1][:1].isupper() and _title_head(halves[0]))):
        return [piece]
    second = piece.start + len(halves[0]) + len(" and ")
    return [Piece(halves[0], piece.start, piece.start + len(halves[0])), Piece(halves[1], second, piece.end)]


def _ends_in_title(text: str) -> bool:
    words = text.split()
    return (
        bool(words) and fold(words[-1]) in lexicon("job_titles") and not any(w.lower() in {"of", "for"} for w in words)
    )


def _set_org(out: Byline, piece: Piece, place: str | None) -> None:
    """Record an organisation, trailing place split off; the first organisation wins."""
    text = piece.text
    if place:
        cut = len(text) - len(place)
        out.place = out.place or Piece(place, piece.start + cut, piece.end)
        text = text[:cut].rstrip(" ,")
    # A title glued in front of an organisation: 'Medical Director Leeds Teaching Hospitals NHS Trust'.
    split = _title_prefix(text)
    if split:
        out.titles.append(Piece(text[:split].strip(), piece.start, piece.start + len(text[:split].rstrip())))
        lead = len(text[split:]) - len(text[split:].lstrip())
        text, piece = text[split:].strip(), Piece(text[split:].strip(), piece.start + split + lead, 0)
    bare = _WELSH_OR_OTHER_NAME.sub("", text)  # 'X Health Board (Bwrdd Iechyd X)': the name, not its gloss
    text = bare if bare else text
    text = committee_owner(text) or text  # 'X Borough Council Adults and Health Scrutiny Committee'
    if not text:
        return
    found = Piece(text, piece.start, piece.start + len(text))
    if out.organisation is None or _strength(text) > _strength(out.organisation.text):
        if out.organisation is not None:
            out.others.append(out.organisation)
        out.organisation = found
    elif fold(text) != fold(out.organisation.text):
        out.others.append(found)  # a hospital and its board: 'Ysbyty Glan Clwyd, Betsi Cadwaladr UHB'


def _strength(name: str) -> int:
    """How surely a name is an organisation: known (2), by its words (1), by default (0)."""
    return 2 if gazetteer.load().org(name) else 1 if org_word(name) else 0


def _pieces(line: str, start: int, separators: re.Pattern[str]) -> list[Piece]:
    pieces, pos = [], 0
    for match in [*list(separators.finditer(line)), None]:
        end = match.start() if match else len(line)
        part = line[pos:end]
        if part.strip():
            lead = len(part) - len(part.lstrip())
            pieces.append(Piece(part.strip(), start + pos + lead, start + pos + lead + len(part.strip())))
        pos = match.end() if match else len(line)
    return pieces


def classify(part: str) -> tuple[str, str | None]:
    """('title' | 'organisation' | 'place' | 'mixed', trailing place or None) for one byline part."""
    gaz = gazetteer.load()
    if gaz.org(part):
        return "organisation", None
    words = part.split()
    if domain_type(part):
        return "organisation", None  # 'Nurse, carewatch.co.uk': a website named as the employer
    if part[:1].islower():
        return "title", None  # names of organisations are capitalised; 'trainer', 'retired' are not
    if gaz.place(part) and not gaz.org(part):
        return "place", None
    if len(_PARTS.split(part)) > 1:
        return "mixed", None  # 'Chief Executive, Nuffield Trust'; 'Lecturer at University of Leeds'
    # A known place after an organisation name: 'Public Health England Birmingham' (not 'University of Leeds').
    for n in (3, 2, 1):
        if len(words) > n and words[-n - 1].lower() not in terms("byline_function_words"):
            tail, head = " ".join(words[-n:]), " ".join(words[:-n])
            # A one-word alias is not enough: 'Healthwatch Cornwall' is an organisation of its own.
            known = gaz.org(head) and len(head.split()) > 1
            # One word and a place is a name of its own: 'Ysbyty Glan Clwyd', 'Healthwatch Cornwall'.
            if gaz.place(tail) and (known or (org_word(head) and len(head.split()) > 1)) and not _title_head(head):
                return "organisation", tail
    has_org = org_word(part)
    head = _title_head(part)
    if has_org and head:
        # 'Director of Services' is a title; otherwise the later word is the head.
        return ("title", None) if head[2] or head[1] > has_org[1] else ("organisation", None)
    if has_org:
        return "organisation", None
    if head or any(fold(w) in lexicon("job_titles") for w in words):
        return "title", None
    return "organisation", None


def _title_head(part: str) -> tuple[str, int, bool] | None:
    """(head noun, position, found before 'of'), if the part reads as a job title."""
    titles = lexicon("job_titles")
    words = part.split()
    of = next((i for i, w in enumerate(words) if w.lower() in {"of", "for"}), None)
    candidates = [of - 1] if of else [len(words) - 1]
    for i in candidates:
        if i >= 0 and fold(words[i]) in titles:
            return words[i], part.find(words[i]), bool(of)
    # Two-word heads such as 'healthcare assistant'
    for n in (3, 2):
        if len(words) >= n and fold(" ".join(words[-n:])) in titles:
            return words[-n], part.rfind(words[-n]), False
    return None


def _title_prefix(text: str) -> int | None:
    """Where an organisation starts after a leading job title, or None."""
    words = text.split()
    titles = lexicon("job_titles")
    pos = 0
    for i, word in enumerate(words[:-1]):
        pos = text.find(word, pos) + len(word)
        if fold(word) in titles:
            rest = " ".join(words[i + 1 :])
            if gazetteer.load().org(rest) or (org_word(rest) and not _title_head(rest)):
                return pos + 1 if pos < len(text) else None
    return None
