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

from graphkit.extract.titles import offices
from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import committee_owner, domain_type, led_by_org_word, org_word
from graphkit.knowledge.short_forms import short_form
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon, terms

EXTRACTOR = "byline"
# Separators between parts of one line: ';', ' / ', ' | ', ', ', ' - ', ' at '.
_PARTS = re.compile(r"\s*;\s*|\s+/\s+|\s+\|\s+|,\s+|\s+[-\u2013\u2014]\s+|\s+at\s+")
_WELSH_OR_OTHER_NAME = re.compile(r"\s*\([^()]*\)$")
_TITLE_SPLIT = re.compile(r"\s*;\s*|\s+/\s+|\s+\|\s+")
_JOINS = {"of", "for", "and", "the", "in", "at"}


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
    areas: list[Piece] = field(default_factory=list)  # 'Kent' of 'Sandford, Kent': places besides the first


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
    towns = _place_line(line, start)
    if towns:  # 'Sandford, Kent', 'Sandford-on-Sea, Essex': a town and its county, not an employer
        out.place = out.place or towns[0]
        out.areas.extend(towns[1:] if out.place is towns[0] else towns)
        return
    whole = classify(line)
    if whole[0] == "title" and _title_prefix(line):  # 'Professor of Nursing University of Anytown'
        _set_org(out, Piece(line, start, start + len(line)), None)
        return
    if whole[0] == "title":
        for piece in _pieces(line, start, _TITLE_SPLIT):
            _add_title(out, piece)
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
            _add_title(out, piece)
        elif kind == "place" or (out.organisation and gazetteer.load().place(piece.text)):
            out.place = out.place or piece  # 'GP, Bristol'; 'Chair, Friends of X Hospital, Powys'
        else:
            _set_org(out, piece, place)


_PLACE_WORD = re.compile(r"^[A-Z][\w'’]*(?:-(?:[a-z]+-)*[A-Z]?[\w'’]*)*$")  # 'Kent', 'Sandford-on-Sea'


def _place_line(line: str, start: int) -> list[Piece]:
    """The places of a line that names a place and the area it is in ('Sandford, Kent', 'Sandford-on-Sea,
    Essex', 'Northfield, East Yorkshire'): two or three parts of capitalised words, no organisation or
    title word among them, one a place the gazetteer knows. [] for any other line."""
    parts = _pieces(line, start, re.compile(r",\s*"))
    if not 2 <= len(parts) <= 3:
        return []
    for part in parts:
        words = part.text.split()
        if len(words) > 4 or not all(_PLACE_WORD.match(w) or w in {"of", "upon", "on"} for w in words):
            return []
        if org_word(part.text) or any(fold(w) in lexicon("job_titles") for w in words):
            return []
    return parts if any(gazetteer.load().place(p.text) for p in parts) else []


def _two_titles(piece: Piece) -> list[Piece]:
    """'GP partner and GP trainer', 'Director of Corporate Services and Company Secretary', 'writer and
    broadcaster', 'Medical Director and Director of Education and Standards' are titles each; 'Director of
    Infection Prevention and Control' and 'Secretary of State for Health and Social Care' are one."""
    text = piece.text.rstrip(" ,;")
    if fold(text) in offices():
        return [piece]
    at = text.find(" and ")
    while at > 0:
        first, rest = text[:at], text[at + len(" and ") :]
        head = _title_head(rest)
        second = _ends_in_title(rest) or (rest[:1].isupper() and head is not None and head[2])
        if second and (_ends_in_title(first) or (rest[:1].isupper() and _title_head(first))):
            start = piece.start + at + len(" and ")
            return [Piece(first, piece.start, piece.start + at), *_two_titles(Piece(rest, start, start + len(rest)))]
        at = text.find(" and ", at + 1)
    return [piece]


_TO_BODY = re.compile(
    r"^(?P<title>.+?)\s+(?:of|to)\s+the\s+(?P<body>[A-Z][\w&'’-]*(?:\s+(?:of|and|for|&|[A-Z][\w&'’-]*))+)$"
)


def _title_at_body(piece: Piece) -> tuple[Piece, Piece] | None:
    """'Vice-Chair of the Anytown Review', 'senior researcher to the Anytown Review': the title and the
    body after 'of the' or 'to the' (two capitalised words or more, no title word among them; a title's
    field has no 'the': 'Director of Public Health')."""
    m = _TO_BODY.match(piece.text)
    if m is None or not _title_head(m["title"]):
        return None
    words = [w for w in m["body"].split() if w not in {"of", "and", "for", "&"}]
    if len(words) < 2 or any(fold(w) in lexicon("job_titles") for w in words):
        return None
    title = Piece(m["title"], piece.start, piece.start + m.end("title"))
    return title, Piece(m["body"], piece.start + m.start("body"), piece.start + m.end("body"))


def _add_title(out: Byline, piece: Piece) -> None:
    """A title part: the titles it coordinates, and the body a title is held at ('Secretary to the X Review')."""
    held = _title_at_body(piece)
    if held is not None:
        out.titles.extend(_two_titles(held[0]))
        _set_org(out, held[1], None)
        return
    out.titles.extend(_two_titles(piece))


def _ends_in_title(text: str) -> bool:
    words = text.split()
    return (
        bool(words) and fold(words[-1]) in lexicon("job_titles") and not any(w.lower() in {"of", "for"} for w in words)
    )


def _set_org(out: Byline, piece: Piece, place: str | None) -> None:
    """Record an organisation, trailing place split off; the first organisation wins."""
    text = piece.text
    # A title glued in front of an organisation: 'Medical Director Leeds Teaching Hospitals NHS Trust'.
    split = _title_prefix(text)
    if split:
        head = Piece(text[:split].strip(), piece.start, piece.start + len(text[:split].rstrip()))
        out.titles.extend(_two_titles(head))
        text, piece = text[split:].strip(), Piece(text[split:].strip(), piece.start + split, 0)
    names = split_organisations(text)
    if len(names) > 1:  # 'Anytown NHS Trust and University of Anytown'
        second = piece.start + len(text) - len(names[1])
        _set_org(out, Piece(names[0], piece.start, piece.start + len(names[0])), None)
        _set_org(out, Piece(names[1], second, second + len(names[1])), None)
        return
    if place and text.endswith(place):
        cut = len(text) - len(place)
        out.place = out.place or Piece(place, piece.start + cut, piece.start + len(text))
        text = text[:cut].rstrip(" ,")
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
    if len(_PARTS.split(part)) > 1 and part[:1].islower():
        return "mixed", None  # 'panel member, Independent Review of X'
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
    titles = lexicon("job_titles")
    if head or any(fold(w) in titles or fold(w.rsplit("-", 1)[-1]) in titles for w in words):  # 'Co-Chair'
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
    """Where an organisation starts after a leading job title, or None: 'Medical Director Leeds Teaching
    Hospitals NHS Trust'; 'Consultant physician and adjunct reader Anytown NHS Trust and University of
    Anytown' (names the gazetteer knows, or led by an organisation word, first)."""
    words = text.split()
    titles = lexicon("job_titles")
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    for strong in (True, False):  # 'Professor of Health Services Research University of Bristol'
        for i in range(1, len(words)):
            rest = text[starts[i] :]
            if words[i][:1].isupper() and _titled(words[:i]) and _organisations(rest, strong):
                return starts[i]
    for i, word in enumerate(words[:-1]):
        if fold(word) in titles:
            rest = " ".join(words[i + 1 :])
            if rest[:1].isupper() and (gazetteer.load().org(rest) or (org_word(rest) and not _title_head(rest))):
                return starts[i + 1]
    return None


def _titled(words: list[str]) -> bool:
    """Whether words read as a job title: a title word last, or before an 'of' ('Professor of Nursing')."""
    titles = lexicon("job_titles")
    of = next((i for i, w in enumerate(words) if w.lower() in {"of", "for"}), None)
    last = words[-1].lower() not in _JOINS and fold(words[-1]) in titles
    return last or (of is not None and of > 0 and fold(words[of - 1]) in titles and words[-1][:1].isupper())


def _organisations(text: str, known: bool) -> bool:
    """Whether text names one organisation, or two joined by 'and': the gazetteer knows each (`known`),
    or each is led by an organisation word ('University of Anytown')."""
    whole = gazetteer.load().org(text) or short_form(text)
    parts = text.split(" and ")
    if known:
        return bool(whole) or (len(parts) == 2 and all(gazetteer.load().org(p) or short_form(p) for p in parts))
    return all(led_by_org_word(p) or gazetteer.load().org(p) for p in ([text] if whole else parts))


def split_organisations(text: str) -> list[str]:
    """'Anytown NHS Trust and University of Anytown' -> both names; one name (known whole, or a part
    with no organisation word: 'Barking, Havering and Redbridge …') stays whole."""
    parts = text.split(" and ")
    if len(parts) != 2 or gazetteer.load().org(text) or short_form(text):
        return [text]
    return parts if all(gazetteer.load().org(p) or org_word(p) for p in parts) else [text]
