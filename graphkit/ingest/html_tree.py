"""The tolerant HTML tree the page reader walks: parsing, traversal and reading text out of elements."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

from graphkit.ingest.decode import clean
from graphkit.ingest.html_markup import _comment_kind

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})  # fmt: skip
# Elements whose text is never content, wherever they are.
_NEVER = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "canvas", "object", "iframe",
                    "button", "select", "textarea"})  # fmt: skip
_ARTICLE_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"})
# Everything that starts a new paragraph when text is read from inside a comment.
_BLOCKS = _ARTICLE_BLOCKS | {"h1", "div", "section", "article", "main", "ul", "ol", "dl", "dt", "dd", "pre", "table",
                             "tr", "td", "th", "figure", "address", "details", "summary"}  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A start tag of one of these closes an open <p> (HTML's optional end tag).
_CLOSES_P = _BLOCKS - {"li", "dt", "dd", "tr", "td", "th"} | {"hr", "form", "nav", "aside", "header", "footer"}
_SCREEN_READER = frozenset({"sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden"})
_MAX_DEPTH = 400  # deeper nesting is flattened, so nothing here can recurse or run away


class _Node:
    __slots__ = ("attrs", "children", "classes", "index", "kind", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.index = len(parent.children) if parent is not None else 0  # its place among the parent's children
        self.children: list[_Node | str] = []
        self.classes = attrs.get("class", "").lower().split()
        self.kind = _comment_kind(self)  # "item" (one comment), "region" (comment furniture) or ""


class _TreeBuilder(HTMLParser):
    """A forgiving tree: unknown end tags are ignored, <p>, <li> and table cells close themselves."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#document", {}, None)
        self.stack = [self.root]
        self.flattened = 0  # elements past _MAX_DEPTH, read as siblings instead of nested
        self.open: Counter = Counter()  # how many elements of each tag the stack holds: a stray end tag costs nothing
        self.last = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._implied_end(tag)
        parent = self.stack[-1]
        node = _Node(tag, {k.lower(): v or "" for k, v in attrs}, parent)
        parent.children.append(node)
        self.last = node
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(node)
            self.open[tag] += 1
        elif tag not in _VOID:
            self.flattened += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.stack[-1] is self.last:  # '<div/>' opens nothing
            self._truncate(len(self.stack) - 1)

    def handle_endtag(self, tag: str) -> None:
        if not self.open[tag]:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._truncate(i)
                return

    def _truncate(self, i: int) -> None:
        for node in self.stack[i:]:
            self.open[node.tag] -= 1
        del self.stack[i:]

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)

    def _implied_end(self, tag: str) -> None:
        if tag in _CLOSES_P:
            self._close("p", stop=_BLOCKS - _ARTICLE_BLOCKS | {"li", "blockquote"})
        elif tag == "li":
            self._close("li", stop={"ul", "ol", "menu"})
        elif tag in {"dt", "dd"}:
            self._close("dt", "dd", stop={"dl"})
        elif tag in {"td", "th"}:
            self._close("td", "th", stop={"tr", "table"})
        elif tag == "tr":
            self._close("tr", stop={"table", "thead", "tbody", "tfoot"})

    def _close(self, *tags: str, stop: set[str] | frozenset[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag in tags:
                self._truncate(i)
                return
            if self.stack[i].tag in stop:
                return


def _parse(text: str) -> tuple[_Node, int]:
    """The page's tree, and how many elements sat too deep to keep their nesting."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root, builder.flattened


def _descendants(node: _Node) -> Iterator[_Node]:
    """Elements under a node, in document order (not the node itself)."""
    stack = [c for c in reversed(node.children) if isinstance(c, _Node)]
    while stack:
        child = stack.pop()
        yield child
        stack.extend(c for c in reversed(child.children) if isinstance(c, _Node))


def _ancestors(node: _Node, stop: _Node | None = None) -> Iterator[_Node]:
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


def _hidden(node: _Node) -> bool:
    style = node.attrs.get("style", "").replace(" ", "").lower()
    return (
        "hidden" in node.attrs
        or node.attrs.get("aria-hidden", "").lower() == "true"
        or "display:none" in style
        or any(c in _SCREEN_READER for c in node.classes)
    )


def _paragraphs(root: _Node, blocks: frozenset[str], skip: Callable[[_Node], bool], whole: bool = False) -> list[str]:
    """The text under root, one string a block ('\\n' at each <br>); text outside blocks only if `whole`."""
    paragraphs: list[str] = []
    lines: list[str] = []
    line: list[str] = []

    def end_line() -> None:
        text = clean("".join(line))
        if text:
            lines.append(text)
        line.clear()

    def end_paragraph() -> None:
        end_line()
        if lines:
            paragraphs.append("\n".join(lines))
        lines.clear()

    depth = 1 if whole else 0
    stack: list[tuple[_Node, Iterator[_Node | str]]] = [(root, iter(root.children))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if node.tag in blocks and node is not root:
                end_paragraph()
                depth -= 1
        elif isinstance(child, str):
            if depth:
                line.append(child)
        elif skip(child):
            if child.tag in blocks:
                end_paragraph()
            else:
                line.append(" ")
        elif child.tag == "br":
            end_line()
        else:
            if child.tag in blocks:
                end_paragraph()
                depth += 1
            elif child.tag in {"img", "hr", "td", "th"}:
                line.append(" ")
            stack.append((child, iter(child.children)))
    end_paragraph()
    return paragraphs


def _text(node: _Node, skip: Callable[[_Node], bool] = lambda n: False) -> str:
    """A short field (a name, a title): all its text on one line."""
    return clean(" ".join(_paragraphs(node, _BLOCKS, lambda n: n.tag in _NEVER or _hidden(n) or skip(n), whole=True)))


def _innermost(candidates: list[_Node], unit: _Node) -> list[_Node]:
    """Candidates with no other candidate inside them, in document order (linear: each ancestor marked once)."""
    outer: set[_Node] = set()
    for node in candidates:
        ancestor = node.parent
        while ancestor is not None and ancestor is not unit and ancestor not in outer:
            outer.add(ancestor)
            ancestor = ancestor.parent
    return [n for n in candidates if n not in outer]


def _below(nodes: list[_Node], marked: set[_Node]) -> set[_Node]:
    """The nodes (in document order, parents before children) that sit inside one of `marked`."""
    below: set[_Node] = set()
    for node in nodes:
        if node.parent in marked or node.parent in below:
            below.add(node)
    return below
