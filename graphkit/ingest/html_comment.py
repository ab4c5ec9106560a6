"""Reading one comment element: its author, byline, date and text."""

from __future__ import annotations

import re

from graphkit.ingest import dates
from graphkit.ingest.decode import clean
from graphkit.ingest.html_markup import _role, _words
from graphkit.ingest.html_tree import (
    _BLOCKS,
    _HEADINGS,
    _NEVER,
    _ancestors,
    _below,
    _descendants,
    _hidden,
    _innermost,
    _Node,
    _paragraphs,
    _text,
)
from graphkit.ingest.text import furniture_lines, strip_furniture
from graphkit.model import Comment

_BY = re.compile(
    r"^(?:by|posted by|written by|author:|view all posts by|more posts by|comment(?:ed)? by|kommentar von|von|par)\s+",
    re.IGNORECASE,
)
_SAYS = re.compile(r"\s+(?:says|said|wrote)\s*:?$", re.IGNORECASE)
_MAX_NAME_CHARS = 80
_MAX_BYLINE_CHARS = 160


_MONTH = dates.month()
_CLOCK = r"(?:,?\s*(?:at|um|@|-)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*Uhr)?)?"
_DATE_TEXT = (
    rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?\S*)?"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}){_CLOCK}"
)
_IS_DATE = re.compile(rf"^\s*(?:posted\s+|on\s+|am\s+)?{_DATE_TEXT}\s*$", re.IGNORECASE)
_NAME_THEN_DATE = re.compile(
    rf"^(.*?)\s*(?:[—–|·•,]|\s-\s|\bon\b|\bam\b|\bsays\b:?)\s*({_DATE_TEXT})\s*:?$", re.IGNORECASE
)
_WIDGET_LINE = re.compile(
    r"^(?:liked by \d[\d,.]*\s*(?:people|persons?|bloggers?|others?|users?)|\d[\d,.]*\s+(?:likes?|repl(?:y|ies)|votes?)"
    r"|likes?|\d+|reply|report|share|gefällt \d+ (?:personen|leuten)|(?:like\s+)?loading(?:\.{3}|…)?)$",
    re.IGNORECASE,
)


def _split_name_date(text: str) -> tuple[str, str | None]:
    """'Comment by Ravi Shah — 4 June 2022 at 9:14 am' -> ('Ravi Shah', '4 June 2022 at 9:14 am')."""
    text = _SAYS.sub("", _BY.sub("", text))
    match = _NAME_THEN_DATE.match(text)
    if match and match.group(1).strip():
        return _SAYS.sub("", _BY.sub("", match.group(1).strip())), match.group(2).strip()
    return text, None


def _unfurnished(paragraphs: list[str]) -> str:
    """Paragraphs joined, without page furniture ('Share this:', 'Reply', 'Liked by 21 people')."""
    furniture = furniture_lines()
    kept = []
    for paragraph in paragraphs:
        lines = [line for line in paragraph.split("\n") if not _WIDGET_LINE.match(clean(line))]
        if lines and clean(paragraph).rstrip(":").casefold() not in furniture:
            kept.append("\n".join(lines))
    return strip_furniture("\n\n".join(kept))


def _own(unit: _Node, owner: dict[_Node, _Node]) -> list[_Node]:
    """The comment's elements, without the comments nested in it."""
    out: list[_Node] = []
    stack = [c for c in reversed(unit.children) if isinstance(c, _Node)]
    while stack:
        node = stack.pop()
        if (node in owner and owner[node] is not unit) or node.tag in _NEVER or node.tag == "form":
            continue
        out.append(node)
        stack.extend(c for c in reversed(node.children) if isinstance(c, _Node))
    return out


def _comment(unit: _Node, owner: dict[_Node, _Node], position: int) -> Comment | None:
    own = _own(unit, owner)
    in_quote = _below(own, {n for n in own if n.tag in {"p", "blockquote"}})

    # When it was posted: a <time>, else a short element whose class says 'date', else a permalink
    # ('<a href="#comment-12">3 May 2023 at 10:32</a>') whose text is a date; never inside a quote.
    unquoted = [n for n in own if n not in in_quote and n.tag != "blockquote"]
    times = (
        [n for n in unquoted if n.tag == "time"]
        or [n for n in unquoted if _role(n, "date") and not _role(n, "body")]
        or [n for n in unquoted if n.tag == "a" and _IS_DATE.match(_text(n))]
    )
    when = next((n for n in times if 0 < len(_text(n)) <= _MAX_NAME_CHARS or n.attrs.get("datetime")), None)
    posted = (clean(when.attrs.get("datetime", "")) or _text(when)) if when is not None else None

    names = [n for n in own if _role(n, "author") or (n.tag == "cite" and _heads_its_paragraph(n, unit, in_quote))]
    names = [n for n in _innermost(names, unit) if 0 < len(_text(n)) <= _MAX_NAME_CHARS and n is not when]
    name_node = names[0] if names else None
    author, named_date = _split_name_date(_text(name_node)) if name_node is not None else ("", None)
    author = author or clean(unit.attrs.get("data-author", "") or unit.attrs.get("author", ""))[:_MAX_NAME_CHARS]
    posted = posted or named_date

    under_name = set(_descendants(name_node)) | {name_node} if name_node is not None else set()
    bylines = [n for n in own if _role(n, "byline") and n not in under_name and n.tag not in _HEADINGS]
    byline_nodes = [n for n in _innermost(bylines, unit) if 0 < len(_text(n)) <= _MAX_BYLINE_CHARS and n is not when]
    byline: list[str] = []
    for node in byline_nodes:
        for line in _paragraphs(node, _BLOCKS, _label_or_hidden, whole=True):
            for part in line.split("\n"):
                if part not in byline:
                    byline.append(part)

    fields = set(byline_nodes) | {n for n in (name_node, when) if n is not None}
    holds_fields: set[_Node] = set()  # elements with the name, a byline or the date inside
    for node in fields:
        ancestor = node.parent
        while ancestor is not None and ancestor is not unit and ancestor not in holds_fields:
            holds_fields.add(ancestor)
            ancestor = ancestor.parent

    def skip(node: _Node) -> bool:
        return (
            (node in owner and owner[node] is not unit)  # a comment nested in this one
            or node in fields or node.tag in _NEVER or node.tag == "form"
            or (_hidden(node) and not _role(node, "folded"))  # a folded ('read more') part is the comment's
            or (_role(node, "action") and not _role(node, "body"))  # 'Like', 'Reply', 'Report' buttons
        )  # fmt: skip

    # The body: the outermost element marked as one that holds none of the fields (so a comment
    # folded into two parts is read whole); else the innermost marked one; else the own <p>s.
    candidates = [n for n in own if _role(n, "body") and n not in fields and n not in holds_fields]
    outer = set(candidates) - _below(own, set(candidates))
    bodies = [n for n in candidates if n in outer]
    if not bodies:
        bodies = [n for n in _innermost([n for n in own if _role(n, "body")], unit) if n not in fields]
    texts = [(len(t), -i, t) for i, n in enumerate(bodies) if (t := "\n\n".join(_paragraphs(n, _BLOCKS, skip, True)))]
    body = max(texts)[2] if texts and not (name_node is not None and _contains(bodies, name_node)) else ""
    if not body:
        in_fields = _below(own, fields)
        own_p = [n for n in own if n.tag == "p" and n not in in_fields]
        body = "\n\n".join(p for n in own_p for p in _paragraphs(n, _BLOCKS, skip, whole=True))
        body = body or (max(texts)[2] if texts else "")
    body = _unfurnished(body.split("\n\n"))
    if not body:
        return None
    return Comment(
        id=str(position),
        author=author or "Anonymous",
        byline="\n".join(byline),
        body=body,
        posted=posted or None,
        position=position,
    )


def _heads_its_paragraph(cite: _Node, unit: _Node, in_quote: set[_Node]) -> bool:
    """A <cite> names the commenter unless it is a citation in running text or in a quote."""
    if cite not in in_quote:
        return True
    ancestor = cite.parent
    while ancestor is not None and ancestor is not unit and ancestor.tag != "p":
        if ancestor.tag == "blockquote":
            return False
        ancestor = ancestor.parent
    if ancestor is None or ancestor.tag != "p" or any(a.tag == "blockquote" for a in _ancestors(ancestor, unit)):
        return False
    return _text(ancestor).startswith(_text(cite))


def _label_or_hidden(node: _Node) -> bool:
    return node.tag in _NEVER or _hidden(node) or any("label" in _words(c) for c in node.classes)


def _contains(nodes: list[_Node], target: _Node) -> bool:
    return any(n in nodes for n in _ancestors(target))
