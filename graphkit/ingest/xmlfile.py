"""What the XML exports share: sniffing the root element, a streaming recovering parse, markup to text.

Exports are parsed with lxml's iterparse in recovering mode (unquoted attributes, stray `&`,
undefined entities), each finished record is cleared so a 500 MB export never sits in memory
whole, and anything libxml2 had to repair is told in one note. Bytes before `<?xml` (a blank
line, a stray byte a plugin printed) are dropped first: libxml2 refuses them otherwise.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from graphkit.errors import InputError
from graphkit.ingest.decode import open_regular
from graphkit.ingest.notes import Note

_FIRST_ELEMENT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_COMMENT_OR_PI = re.compile(rb"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>", re.DOTALL | re.IGNORECASE)


def root_name(head: bytes) -> str | None:
    """The local name of the first element in a file's first bytes, lower-cased ('rss', 'disqus', 'html')."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4].count(b"\x00") >= 2:
        head = head.replace(b"\x00", b"")  # UTF-16: the tag names are ASCII
    match = _FIRST_ELEMENT.search(_COMMENT_OR_PI.sub(b"", head))
    return match.group(2).decode("ascii").lower() if match else None


class _FromFirstTag:
    """A file object that starts at the first '<' (after a byte-order mark, if any)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.started = False
        self.dropped = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        if self.started or not data:
            return data
        bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        at = data.find(b"<")
        while at < 0:  # a whole chunk of junk: keep looking
            self.dropped += len(data)
            data = self.handle.read(size)
            if not data:
                return b""
            at = data.find(b"<")
        self.started = True
        self.dropped += max(0, at - len(bom))
        return data[at:]


_UNQUOTED = re.compile(
    rb"""(<[A-Za-z][\w:.-]*(?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s+[\w:.-]+\s*=\s*)([^\s"'<>=`]+)"""
)
_BARE_AMP = re.compile(rb"&(?!#[0-9]+;|#x[0-9a-fA-F]+;|(?:amp|lt|gt|quot|apos);)")


_CDATA_EDGE = re.compile(rb"(<!\[CDATA\[|\]\]>)")


class _Repairing:
    """Fix, line by line before libxml2 sees them, what real exports hold and XML forbids.

    An unquoted attribute value gets quotes; an '&' that is not one of XML's five entities or a
    character reference becomes '&amp;' (so '&raquo;' stays as text, unescaped later). libxml2's
    own recovery would drop the rest of the element instead.
    """

    def __init__(self, stream: _FromFirstTag) -> None:
        self.stream = stream
        self.rest = b""
        self.attributes = self.ampersands = 0
        self.in_cdata = False

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size if size > 0 else 65536)
        if not data:
            out, self.rest = self.rest, b""
            return self._fix(out)
        data = self.rest + data
        cut = data.rfind(b"\n") + 1
        if cut == 0 and len(data) < 16 * 1024 * 1024:  # no line end yet: wait for more (bounded)
            self.rest = data
            return self.read(size)
        self.rest = data[cut:] if cut else b""
        return self._fix(data[:cut] if cut else data)

    def _fix(self, data: bytes) -> bytes:
        """Repair the markup outside CDATA sections (their text is anything, and stays as written)."""
        out = []
        for part in _CDATA_EDGE.split(data):
            if part == b"<![CDATA[":
                self.in_cdata = True
            elif part == b"]]>" and self.in_cdata:
                self.in_cdata = False
            elif not self.in_cdata and part:
                part = self._fix_markup(part)
            out.append(part)
        return b"".join(out)

    def _fix_markup(self, data: bytes) -> bytes:
        if b"&" in data:
            data, n = _BARE_AMP.subn(b"&amp;", data)
            self.ampersands += n
        if b"=" in data:
            for _ in range(8):
                data, n = _UNQUOTED.subn(rb'\1"\2"', data)
                self.attributes += n
                if not n:
                    break
        return data


def elements(path: Path, tags: set[str], depth: int) -> Iterator[etree._Element | Note]:
    """Each finished element at `depth` (the root is 0) whose local name is in `tags`, then a note of repairs.

    Every element at that depth is cleared once passed, so memory holds one record at a time; the
    caller must be done with a record before asking for the next.
    """
    with open_regular(path) as handle:
        stream = _FromFirstTag(handle)
        repairing = _Repairing(stream)
        context = etree.iterparse(
            repairing, events=("start", "end"), recover=True, huge_tree=True, resolve_entities=False,
            no_network=True, load_dtd=False, remove_comments=True, remove_pis=True,
        )  # fmt: skip
        found = level = 0
        try:
            for event, element in context:
                if event == "start":
                    level += 1
                    continue
                level -= 1
                if level != depth:
                    continue
                if local(element) in tags:
                    found += 1
                    yield element
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            if not found:
                raise InputError(path, f"is not readable XML ({_first_line(exc)})") from None
            yield Note(str(path), f"XML broken after {found} records ({_first_line(exc)}); the rest was not read")
        repairs = [e for e in context.error_log if e.level_name in ("ERROR", "FATAL")]
        told = []
        if stream.dropped:
            told.append(f"dropped {stream.dropped} byte(s) before the first tag")
        if repairing.attributes:
            told.append(f"quoted {repairing.attributes} unquoted attribute value(s)")
        if repairing.ampersands:
            told.append(f"escaped {repairing.ampersands} bare '&'")
        if repairs:
            first = repairs[0]
            told.append(f"repaired {len(repairs)} markup error(s) (first: line {first.line}: {first.message.strip()})")
        if told:
            yield Note(str(path), "; ".join(told))


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or ["syntax error"])[0]


def local(element: etree._Element) -> str:
    """An element's name without its namespace ('' for comments; safe on names a recovering parse made)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def namespace(element: etree._Element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def child_text(element: etree._Element, name: str, namespace_part: str = "") -> str:
    """The text of the first child with this local name (and namespace containing `namespace_part`)."""
    for child in element:
        if isinstance(child.tag, str) and local(child) == name and namespace_part in namespace(child):
            return (child.text or "").strip()
    return ""


_BREAK = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|li|blockquote|h[1-6]|tr|pre|ul|ol|table)\s*>", re.IGNORECASE)
_OPEN_BLOCK = re.compile(r"<\s*(?:p|div|li|blockquote|h[1-6]|tr|pre|ul|ol|table)(?:\s[^>]*)?>", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z/!][^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")


def unescape(text: str) -> str:
    """HTML entities left as text ('&#8217;', '&raquo;'), also doubly escaped ('&amp;#8220;')."""
    for _ in range(3):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def markup_text(markup: str) -> str:
    """HTML (a post's or comment's content) as plain paragraphs: blocks and blank lines split them."""
    text = markup.replace("\r\n", "\n").replace("\r", "\n")
    text = _SCRIPT.sub(" ", text)
    text = _BREAK.sub("\n", text)
    text = _OPEN_BLOCK.sub("\n\n", text)
    text = unescape(_TAG.sub("", text))
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            paragraphs.append(block)
    return "\n\n".join(paragraphs)
