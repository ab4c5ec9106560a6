"""Signature blocks: the name, role, organisation and place lines that end a letter or a rapid response.

    Dr Jane Example
    Consultant anaesthetist
    Royal Devon University Healthcare NHS Foundation Trust
    Exeter

A block is a paragraph of short lines without sentence punctuation: the last paragraph of a post
whose first line is a person's name (an honorific and degrees allowed) with the lines under it read
like a byline (extract.bylines): job titles, an organisation, a place. A letters page holds several;
so a paragraph anywhere in a post is a block when its lines under the name give a title, an
organisation or a place. A block may also be

- one line: 'Professor Jane Example, Emeritus Professor of Health Economics, University of York';
- a line a signer: 'Dr Jane Example, President, Society for Acute Medicine' (a joint letter), where
  lines without a name after them ('UK Health Security Agency, London') are every signer's;
- a list under a heading ('Present:', 'In attendance:'), a name and role a line: the people listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphkit.extract.bylines import Byline, parse_byline
from graphkit.extract.selves import own_roles
from graphkit.knowledge import gazetteer
from graphkit.knowledge.orgtypes import org_word
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon, strip_honorific

EXTRACTOR = "signature"
_NAME = re.compile(r"^[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|di|le|la|bin|al))*\s+[A-Z][\w'’-]+$")
_DEGREES = re.compile(r"\s*,\s*(?:[A-Z][a-z]*[A-Z][A-Za-z()]*\.?\s*)+$")  # ', MBBS FRCP', ', PhD': two capitals a word
_MAX_LINE = 120
_NOT_NAMES = {"by", "from", "to", "re", "for", "with"}
_LIST_HEAD = re.compile(r"^\s*[A-Z][A-Za-z ]{2,30}:\s*$")  # 'Present:', 'In attendance:', 'Apologies:'
_BRACKET_END = re.compile(r"\s*\([^()]*\)\s*$")
_MAX_LINES = 6
_BULLET = re.compile(r"[ \t]*[\u2022\u00b7\u25aa\u25e6\u2023][ \t]*")  # '•', '·', '▪', '◦', '‣' between entries


def signature(text: str, post: str) -> Iterator[Mention]:
    """The signers of a post ('signature' mentions) and the byline of each ('job-title', 'employer',
    'workplace' mentions, extractor 'signature'), with offsets into the post's text; the mentions of
    one block share attrs['block']."""
    paragraphs = _spaced(text, _paragraphs(text))
    since = 0  # where the letter a block signs starts: after the block before it
    for n, (start, lines) in enumerate(paragraphs):
        if any(_BULLET.search(line) for line in lines):
            yield from _bulleted(text, post, start, lines, str(n))  # '• Jane Roe, Chair • John Doe MP, Vice-Chair'
            continue
        if len(lines) > 1 and _LIST_HEAD.match(lines[0]):
            yield from _listed(text, post, start, lines, str(n))  # 'Present:' and a name a line
            continue
        if not lines or len(lines) > _MAX_LINES or any(_sentence(line) for line in lines):
            continue
        last = n == len(paragraphs) - 1 and n > 0
        found = list(_block(text, post, start, lines, last, str(n)))
        yield from found
        if found:
            yield from _own_role(text, post, since, start, found)
            since = start + len("\n".join(lines))


def _own_role(text: str, post: str, since: int, start: int, block: list[Mention]) -> Iterator[Mention]:
    """'I am a retired GP', 'As a veterinarian, …' in the letter a block signs: the role of its one
    signer, where the block gives none."""
    if sum(m.kind == "signature" for m in block) != 1 or any(m.kind == "job-title" for m in block):
        return
    for s, e, role in list(own_roles(text, since, start))[:1]:
        yield Mention("job-title", role, Span.of(text, s, e, post), EXTRACTOR, 0.7, {"block": block[0].attrs["block"]})


def _sentence(line: str) -> bool:
    """A line of prose: it ends as a sentence does, or it is long and holds a sentence's end inside."""
    long = len(line) > _MAX_LINE and (len(line) > 2 * _MAX_LINE or re.search(r"[.?!]\s", line))
    return bool(long) or line.rstrip().endswith((".", "?", "!", ":"))


def _block(text: str, post: str, start: int, lines: list[str], last: bool, block: str) -> Iterator[Mention]:
    offsets = [start]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    name = _name_line(lines[0])
    if name is not None:
        if len(lines) < 2:
            return
        parsed = parse_byline("\n".join(" " * len(line) if _mark(line) else line for line in lines[1:]))
        marked = any(_mark(line) for line in lines[1:])  # 'Address supplied', 'via email'
        if not last and not (parsed.titles or parsed.organisation or parsed.place or marked):
            return  # inside a post, a block must say who the signer is or where they work
        yield _signer(text, post, start, lines[0], name, block)
        yield from _pieces(text, post, start + len(lines[0]) + 1, parsed, block)
        return
    signers = [(i, _line_signer(line)) for i, line in enumerate(lines)]
    named = [(i, found) for i, found in signers if found is not None]
    if named and named[0][0] == 0 and all(i == k for k, (i, _) in enumerate(named)):
        # One signer a line ('Name, role, organisation'); the lines after them are every signer's.
        shared_at = len(named)
        shared = parse_byline("\n".join(lines[shared_at:])) if shared_at < len(lines) else Byline()
        for i, (name, cut) in named:
            own = parse_byline(lines[i][cut:])
            if not (own.titles or own.organisation or shared.organisation):
                continue
            label = f"{block}.{i}"
            yield _signer(text, post, offsets[i], lines[i], name, label)
            yield from _pieces(text, post, offsets[i] + cut, own, label)
            if shared_at < len(lines):
                yield from _pieces(text, post, offsets[shared_at], shared, label, own)


def _listed(text: str, post: str, start: int, lines: list[str], block: str) -> Iterator[Mention]:
    """The people of a list under a heading ('Present:', 'In attendance:', 'Signed by:'), a line each:
    'Dame Jane Example, Chair (JE)'; the bracket that ends a line (initials, 'observer') left out."""
    offset = start
    for i, line in enumerate(lines):
        here, offset = offset, offset + len(line) + 1
        if i == 0 or _sentence(line):
            continue
        yield from _list_entry(text, post, here, line, _BRACKET_END.sub("", line), f"{block}.{i}")


def _bulleted(text: str, post: str, start: int, lines: list[str], block: str) -> Iterator[Mention]:
    """The people of a list whose entries a bullet separates, on one line or several: '• Baroness Roe,
    Co-Chair • Jane Doe MP, Vice-Chair • Professor John Roe, President, Royal College of X'. No entry
    runs over a bullet; an entry that gives no title or organisation ('• Sir John Roe KBE') is left to
    the text's rules."""
    offset = start
    for i, line in enumerate(lines):
        here, offset = offset, offset + len(line) + 1
        cuts = [0, *(m.end() for m in _BULLET.finditer(line))]
        for k, at in enumerate(cuts):
            stop = _BULLET.search(line, at)
            entry = line[at : stop.start() if stop else len(line)]
            lead = len(entry) - len(entry.lstrip())
            entry = _BRACKET_END.sub("", entry.strip())
            yield from _list_entry(text, post, here + at + lead, entry, entry, f"{block}.{i}.{k}")


def _list_entry(text: str, post: str, offset: int, line: str, entry: str, label: str) -> Iterator[Mention]:
    """One entry of a list ('Dame Jane Example, Chair'): its signer and byline pieces, if it gives a title
    or an organisation; `entry` is the entry's text at `offset` without its closing bracket."""
    found = _line_signer(entry) if entry else None
    if found is None:
        return
    name, cut = found
    own = parse_byline(entry[cut:])
    if not (own.titles or own.organisation):
        return
    signer = _signer(text, post, offset, line, name, label)
    signer.attrs["listed"] = "1"
    yield signer
    yield from _pieces(text, post, offset + cut, own, label)


def _name_line(line: str) -> str | None:
    """The person a line names on its own ('Dr Jane Example, MBBS FRCP'), without honorific or degrees."""
    bare = strip_honorific(_DEGREES.sub("", line.strip()))
    words = bare.split()
    while len(words) > 2 and fold(words[-1]) in lexicon("post_nominals"):
        words.pop()  # 'Jane Doe MP', 'Sir John Roe KCB CBE'
    bare = " ".join(words)
    if not _NAME.match(bare) or not 2 <= len(words) <= 4:
        return None
    if fold(words[0]) in _NOT_NAMES or fold(words[0]) in lexicon("greetings"):
        return None  # 'By Jane Example, Health Correspondent' is the article's byline; 'Dear Jane Example'

    if gazetteer.load().org(bare) or gazetteer.load().place(bare) or org_word(bare):
        return None
    if fold(words[-1]) in lexicon("job_titles"):
        return None  # 'Senior Fellow' is a title line, not a name
    return bare


def _line_signer(line: str) -> tuple[str, int] | None:
    """('Jane Example', where the byline starts) for a line 'Dr Jane Example, President, Society for …'."""
    head, comma, _ = line.partition(",")
    if not comma:
        return _run_on(line)
    name = _name_line(head)
    if name is None:
        return None
    cut = len(head) + 1
    return name, cut + len(line[cut:]) - len(line[cut:].lstrip())


def _run_on(line: str) -> tuple[str, int] | None:
    """('Jane Roe', where the title starts) for a line with no comma that runs a name into a job title:
    'Dr Jane Roe Consultant physician and adjunct reader Anytown NHS Trust' (a report's author list)."""
    words = list(re.finditer(r"\S+", line))
    titles = lexicon("job_titles")
    i = 0
    while i < len(words) - 1 and fold(words[i].group().rstrip(".")) in lexicon("honorifics"):
        i += 1
    j = i
    while j < len(words) and j - i < 4 and words[j].group()[:1].isupper() and fold(words[j].group()) not in titles:
        j += 1
    surname = i > 0 and j - i == 3 and j < len(words) and fold(words[i + 1].group()) not in lexicon("given_names")
    if surname and any(w.group().islower() and fold(w.group()) in titles for w in words[j : j + 3]):
        return _run_on_at(line, words, i + 2)  # 'Dr John Roe Acute medicine ST7 trainee Anytown NHS Trust'
    if j >= len(words) or j == i or fold(words[j].group()) not in titles or not words[j].group()[:1].isupper():
        return None
    return _run_on_at(line, words, j)


def _run_on_at(line: str, words: list[re.Match], j: int) -> tuple[str, int] | None:
    """('Jane Roe', where the title starts) when the title starts at word j and an organisation ends the line."""
    name = _name_line(line[: words[j - 1].end()])
    org = parse_byline(line[words[j].start() :]).organisation
    named = org is not None and all(w[:1].isupper() or w in {"of", "and", "for", "the", "&"} for w in org.text.split())
    if name is None or not named or not (gazetteer.load().org(org.text) or org_word(org.text)):
        return None  # '• Jane Roe MP to table questions': an action, not a byline
    return name, words[j].start()


def _signer(text: str, post: str, offset: int, line: str, name: str, block: str) -> Mention:
    """The 'signature' mention: the name as written on its line (with its honorific)."""
    lead = len(line) - len(line.lstrip())
    written = line.strip()
    at = written.find(name)
    end = at + len(name) if at >= 0 else len(written.partition(",")[0])
    span = Span.of(text, offset + lead, offset + lead + end, post)
    return Mention("signature", name, span, EXTRACTOR, 0.85, {"block": block})


def _pieces(
    text: str, post: str, offset: int, parsed: Byline, block: str, own: Byline | None = None
) -> Iterator[Mention]:
    """The job titles, organisations and place of a parsed byline; with `own`, the byline lines every
    signer of a joint block shares, for what a signer's own line does not say."""
    for piece in parsed.titles if own is None or not own.titles else []:
        yield _piece("job-title", text, post, offset, piece, block)
    if parsed.organisation and (own is None or own.organisation is None):
        yield _piece("employer", text, post, offset, parsed.organisation, block)
    for piece in parsed.others:
        yield _piece("employer", text, post, offset, piece, block, also=True)
    if parsed.place and (own is None or own.place is None):
        yield _piece("workplace", text, post, offset, parsed.place, block)
        for area in parsed.areas:  # 'Kent' of 'Sandford, Kent'
            yield _piece("workplace", text, post, offset, area, block, also=True)


def _piece(kind: str, text: str, post: str, offset: int, piece, block: str, also: bool = False) -> Mention:
    span = Span.of(text, offset + piece.start, offset + piece.start + len(piece.text), post)
    attrs = {"block": block, "also": "1"} if also else {"block": block}
    return Mention(kind, piece.text, span, EXTRACTOR, 0.85, attrs)


def _mark(line: str) -> bool:
    """'Address supplied', 'Name and address withheld', 'via email' (data/lexicons/signature_marks.csv)."""
    return fold(line.strip().rstrip(".")) in lexicon("signature_marks")


def _spaced(text: str, paragraphs: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """A signature a blank line splits: a name alone on its paragraph, then a paragraph of one or two short
    lines that give a town ('Chorley, Lancashire'), a title or organisation, or 'Address supplied', read
    as one block; the blank line stays an empty line, so each line keeps its offset."""
    out: list[tuple[int, list[str]]] = []
    n = 0
    while n < len(paragraphs):
        start, lines = paragraphs[n]
        nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
        if nxt is not None and len(lines) == 1 and _name_line(lines[0]) is not None and len(nxt[1]) <= 2:
            gap = text[start + len(lines[0]) : nxt[0]]
            tail = nxt[1]
            if gap == "\n\n" and not any(_sentence(line) for line in tail) and _signs(tail):
                out.append((start, [lines[0], "", *tail]))
                n += 2
                continue
        out.append((start, lines))
        n += 1
    return out


def _signs(lines: list[str]) -> bool:
    """Whether the lines under a name read as a signature's: a mark, a place, a title or an organisation."""
    if any(_mark(line) for line in lines):
        return True
    parsed = parse_byline("\n".join(lines))
    return bool(parsed.titles or parsed.organisation or parsed.place)


def _paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """(offset, lines) of each paragraph of a text (parts between blank lines), trailing space dropped."""
    out = []
    for m in re.finditer(r"[^\n](?:.|\n(?![ \t]*\n))*", text):
        body = m.group().rstrip()
        if body.strip():
            out.append((m.start(), body.split("\n")))
    return out


def signature_blocks(text: str) -> list[tuple[int, int]]:
    """The spans of a text's signature blocks, each from its signer's name to the end of its last piece."""
    spans: dict[str, tuple[int, int]] = {}
    for mention in signature(text, ""):
        key = mention.attrs.get("block", "")
        start, end = spans.get(key, (mention.span.start, mention.span.end))
        spans[key] = (min(start, mention.span.start), max(end, mention.span.end))
    return sorted(spans.values())


def signature_organisations(text: str) -> list[tuple[int, int]]:
    """The spans of the organisations signature blocks give ('University of Anytown'): no place is named inside."""
    return [(m.span.start, m.span.end) for m in signature(text, "") if m.kind == "employer"]
