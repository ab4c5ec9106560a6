"""A saved web page of an article with its reader comments.

The article's body comes from trafilatura (graphkit.ingest.webpage), run on the page without
its comment sections, unless it finds no more than a heading and a menu; then from our own
rule (p, h2-h6, li and blockquote inside <article>, <main> or <body>, without navigation,
headers, footers, asides, forms and comments). Metadata: <meta> tags first (og:title, author,
og:site_name, article:published_time, canonical link), then JSON-LD/microdata, then the page
itself, then trafilatura. schema.org Comment items a page marks up are used first.

Otherwise a comment is the outermost element whose class or id names a single comment
('comment', 'comment-544351', 'comment--reply', 'leserbrief'; words in several languages in
data/lexicons/comment_markup.csv), not a list or a part of one ('comments', 'commentlist',
'comment-content'); a <dl> of <dt> (name, date) and <dd> (text) pairs is read as one comment
a pair. Inside it: the author (class with 'author', 'name' or 'fn', or a <cite> heading it;
'Comment by NAME — date' split), byline lines ('byline', 'role', 'job', 'title',
'organisation'), the date (<time>, a 'date' element, a permalink whose text is a date), the
body (the outermost 'content'/'body'/'text' element that holds none of those, folded 'read
more' parts included, 'Like'/'Reply'/'Report' widgets left out; else its own <p>s) and its id
(the digits of its id). A comment inside another, inside a replies list ('children',
'replies') that follows one, or marked 'level-2'/'depth-2' after a level-1 one, replies to it.
Pingbacks, trackbacks, widgets and <aside>s are not comments. Every step is linear in the
number of elements: ancestors are never walked per element.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from graphkit import resources
from graphkit.errors import InputError
from graphkit.ingest import webpage
from graphkit.ingest.decode import clean, read_text
from graphkit.ingest.notes import Note, Skipped
from graphkit.ingest.text import furniture_lines, strip_furniture
from graphkit.ingest.threads import PINGBACK, thread
from graphkit.model import Comment, Document

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})  # fmt: skip
# Elements whose text is never content, wherever they are.
_NEVER = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "canvas", "object", "iframe",
                    "button", "select", "textarea"})  # fmt: skip
# ... and what the article body leaves out besides.
_NOT_ARTICLE = _NEVER | {"nav", "header", "footer", "aside", "form", "figcaption", "dialog"}
_ARTICLE_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"})
# Everything that starts a new paragraph when text is read from inside a comment.
_BLOCKS = _ARTICLE_BLOCKS | {"h1", "div", "section", "article", "main", "ul", "ol", "dl", "dt", "dd", "pre", "table",
                             "tr", "td", "th", "figure", "address", "details", "summary"}  # fmt: skip
_FRAME = frozenset({"html", "body", "main", "article"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A start tag of one of these closes an open <p> (HTML's optional end tag).
_CLOSES_P = _BLOCKS - {"li", "dt", "dd", "tr", "td", "th"} | {"hr", "form", "nav", "aside", "header", "footer"}
_SCREEN_READER = frozenset({"sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden"})
# 'comment-item', 'comment-12': one comment; 'comment-content', 'comment-list', 'comment-wrapper': a part or a list.
_ITEM_WORDS = frozenset({"item", "entry", "single"})
# Page regions named by class or id rather than by element: <div id="header">, <ul class="menu">.
_LANDMARK_WORDS = frozenset({"header", "footer", "nav", "navigation", "menu", "sidebar", "breadcrumb", "breadcrumbs"})
_LANDMARK_ROLES = frozenset({"banner", "navigation", "contentinfo", "complementary", "search", "menu", "menubar"})
_REPLIES_WORDS = frozenset({"children", "indented", "replies", "responses"})
_STATE = re.compile(r"comments?[-_](?:open|closed|enabled|disabled)$")
_COMMENT_ID = re.compile(r"(?:^|[-_])comment[-_]?(\d+)$")
_BY = re.compile(
    r"^(?:by|posted by|written by|author:|view all posts by|more posts by|comment(?:ed)? by|kommentar von|von|par)\s+",
    re.IGNORECASE,
)
_SAYS = re.compile(r"\s+(?:says|said|wrote)\s*:?$", re.IGNORECASE)
_MAX_NAME_CHARS = 80
_MIN_ARTICLE_WORDS = 10
_MAX_BYLINE_CHARS = 160
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


def read_html(path: Path) -> Iterator[Document | Note | Skipped]:
    """Read one article with its comments from a saved HTML page."""
    text, notes = read_text(path, declared=declared_charset)
    yield from notes
    root, flattened = _parse(text)
    if flattened:
        yield Note(str(path), f"nests {flattened} element(s) more than {_MAX_DEPTH} deep; they were read unnested")
    meta = _meta(root)
    nodes = list(_descendants(root))
    in_comments = _inside_comments(root)
    comments, left_out = _comments(root)
    for reason, count in left_out.items():
        yield Skipped(str(path), reason, count)
    declared = webpage.structured(text)
    if declared.comments:  # schema.org Comment items the page marks up: used first when they hold as many
        marked, _ = thread(declared.comments)
        if len(marked) >= len(comments):
            comments = marked
    own_article, own_body = _article(root, nodes, in_comments)
    library = webpage.article(text, {c.author for c in comments}, _comment_sections(nodes, in_comments))
    # trafilatura's body, unless it found no more than a heading and a menu (it falls back to any text).
    title = _title(meta, own_article, nodes, in_comments, meta.get("og:site_name"))
    found = _unfurnished([p for p in library.body if p != title])
    body = found if len(found.split()) >= _MIN_ARTICLE_WORDS else own_body
    if not body and not comments:
        raise InputError(path, "has no article text and no comments (p, li, blockquote or h2-h6 text, or a comment)")
    if not body:
        yield Note(str(path), "no article text found; only its comments are read")
    elif not comments:
        yield Note(str(path), "no comments found on the page")
    count = declared.comment_count if declared.comment_count is not None else _declared_count(meta)
    if count is not None and count != len(comments):
        yield Note(str(path), f"the page declares {count} comment(s), {len(comments)} read")
    site = meta.get("og:site_name") or declared.publisher or library.publisher
    author, author_byline = _author(meta, own_article, in_comments)
    if not author or (declared.author and meta.get("author") is None):
        author = declared.author or author or _plain_author(library.author)
    yield Document(
        id=resources.slug(path.stem) or "document",
        title=title or declared.title or library.title,
        url=_url(meta) or library.url,
        author=author,
        author_byline=author_byline,
        publisher=site,
        published=_meta_date(meta)
        or declared.published
        or _published(meta, own_article, nodes, in_comments)
        or library.published,
        body=body,
        comments=comments,
        source=str(path),
        categories=library.categories,
        tags=library.tags,
        comment_count=count,
    )


def _comment_sections(nodes: list[_Node], in_comments: set[_Node]) -> list[str]:
    """XPaths of the outermost comment elements (by id, else by class), for trafilatura to leave out."""
    paths: list[str] = []
    for node in nodes:
        if node in in_comments and node.parent not in in_comments and len(paths) < 50:
            for name in ("id", "class"):
                value = node.attrs.get(name, "")
                if value and '"' not in value:
                    paths.append(f'//*[@{name}="{value}"]')
                    break
    return paths


def _declared_count(meta: dict[str, str]) -> int | None:
    value = meta.get("commentcount") or meta.get("interactioncount", "").removeprefix("UserComments:")
    return int(value) if value and value.isdigit() else None


def _plain_author(name: str | None) -> str | None:
    """trafilatura keeps screen-reader labels: 'Author Maeve Kerrigan' -> 'Maeve Kerrigan'."""
    return _BY.sub("", re.sub(r"^author\s+", "", name, flags=re.IGNORECASE)) if name else None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a page names in its first bytes (<meta charset> or http-equiv Content-Type)."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


# --- the tree ---------------------------------------------------------------------------


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


def _words(token: str) -> list[str]:
    return [w for w in re.split(r"[-_]+", token) if w]


def _landmark(node: _Node) -> bool:
    """A header, footer, menu or sidebar marked by role, class or id ('site-header'; not 'has-sidebar')."""
    if node.attrs.get("role", "").lower() in _LANDMARK_ROLES:
        return True
    for token in [*node.classes, node.attrs.get("id", "").lower()]:
        words = _words(token)
        if words and words[-1] in _LANDMARK_WORDS and not {"has", "with", "no", "without"} & set(words):
            return True
    return False


def _unfurnished(paragraphs: list[str]) -> str:
    """Paragraphs joined, without page furniture ('Share this:', 'Reply', 'Liked by 21 people')."""
    furniture = furniture_lines()
    kept = []
    for paragraph in paragraphs:
        lines = [line for line in paragraph.split("\n") if not _WIDGET_LINE.match(clean(line))]
        if lines and clean(paragraph).rstrip(":").casefold() not in furniture:
            kept.append("\n".join(lines))
    return strip_furniture("\n\n".join(kept))


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


# --- comments ---------------------------------------------------------------------------


@cache
def _markup_words() -> dict[str, frozenset[str]]:
    """Words that name a part of a comment in class and id values, in several languages (data/lexicons)."""
    rows = resources.read_rows("lexicons/comment_markup.csv")
    words = {row["role"]: frozenset(resources.split_cell(row["words"])) for row in rows}
    return words | {"any comment": words["comment"] | words["comments"]}


def _comment_word(word: str) -> str:
    """'kommentar' -> 'comment', 'leserbriefe' -> 'comments'; any other word as it is."""
    words = _markup_words()
    return "comment" if word in words["comment"] else "comments" if word in words["comments"] else word


def _comment_kind(node: _Node) -> str:
    tokens = list(node.classes)
    ident = node.attrs.get("id", "").lower()
    if _COMMENT_ID.search(ident) and node.tag != "a":  # <a id="comment-12"></a> is an anchor before one
        return "item"
    if "-" in node.tag and _words(node.tag)[-1] == "comment":  # a custom element: <forum-comment>
        return "item"
    words = _markup_words()
    stems = words["comment"]
    if not any(stem in t for t in [*tokens, ident] for stem in words["any comment"]):  # most elements
        return ""
    plural = any("comments" in [_comment_word(w) for w in _words(t)] for t in [*tokens, ident])
    for token in tokens:
        block, modifier, _ = token.partition("--")
        words = [_comment_word(w) for w in _words(block)]
        if "comment" not in words:  # 'subscribe--comment': a subscription box styled for comments
            continue
        after = words[words.index("comment") + 1 :]
        if not after or after[0].isdigit() or after[0] in _ITEM_WORDS or modifier:
            return "region" if plural else "item"
    # The page's own frame is never comment furniture, whatever its classes say.
    if node.tag not in _FRAME and any(
        any(stem in t for stem in stems) and not _STATE.search(t) for t in [*tokens, ident]
    ):
        return "region"
    return ""


def _inside_comments(root: _Node) -> set[_Node]:
    """Every element that is, or sits inside, a comment or the comments' furniture."""
    inside: set[_Node] = set()
    for node in _descendants(root):
        if node.kind or (node.parent in inside):
            inside.add(node)
    return inside


def _digits(node: _Node) -> str | None:
    for value in (node.attrs.get("id", ""), node.attrs.get("data-comment-id", ""), node.attrs.get("data-id", "")):
        found = re.findall(r"\d+", value)
        if found:
            return found[-1]
    previous = _previous(node)  # Drupal-style '<a id="comment-12"></a>' just before the comment
    if previous is not None and previous.tag == "a" and not _text(previous):
        match = _COMMENT_ID.search(previous.attrs.get("id", previous.attrs.get("name", "")).lower())
        if match:
            return match.group(1)
    return None


def _previous(node: _Node) -> _Node | None:
    if node.parent is None:
        return None
    siblings = node.parent.children
    for i in range(node.index - 1, -1, -1):
        child = siblings[i]
        if isinstance(child, _Node):
            return child
        if child.strip():
            return None
    return None


def _comments(root: _Node) -> tuple[list[Comment], Counter]:
    """The page's comments in order, and what was left out by reason (pingbacks, widgets)."""
    _pair_definition_lists(root)
    units: list[_Node] = []  # the outermost element of each comment
    owner: dict[_Node, _Node] = {}  # every comment element -> the comment it belongs to
    digits: dict[_Node, str | None] = {}
    skipped: set[_Node] = set()
    left_out: Counter = Counter()
    enclosing: dict[_Node, _Node | None] = {}  # every element -> the nearest comment element above it
    for node in _descendants(root):
        parent = node.parent
        enclosing[node] = parent if parent in owner else enclosing.get(parent)  # type: ignore[arg-type]
        if node.parent in skipped or node.tag in _NEVER or node.tag == "form" or _widget(node):
            skipped.add(node)
            continue
        if node.kind != "item":
            continue
        if _pingback(node):
            left_out[PINGBACK] += 1
            skipped.add(node)
            continue
        digits[node] = _digits(node)
        outer = enclosing[node]
        # <li id="comment-2"><article id="div-comment-2">: one comment in two elements.
        if outer is not None and digits[node] is not None and digits[owner[outer]] == digits[node]:
            owner[node] = owner[outer]
            continue
        owner[node] = node
        units.append(node)

    comments: list[Comment] = []
    ids: dict[_Node, str] = {}
    taken: set[str] = set()
    levels: dict[int, str] = {}  # 'level 2' flat threads: the last comment seen at each level
    for unit in units:
        comment = _comment(unit, owner, position=len(comments) + 1)
        if comment is None:
            continue
        comment.id = digits[unit] or str(comment.position)
        if comment.id in taken:  # two comments with one id keep both
            comment.id = f"{comment.id}-{comment.position}"
        taken.add(comment.id)
        comment.reply_to = _parent_id(unit, owner, ids)
        level = _level(unit)
        if level is not None:
            if comment.reply_to is None:  # under the last comment one level up (levels may count from 0 or 1)
                comment.reply_to = next((levels[n] for n in range(level - 1, -1, -1) if n in levels), None)
            levels = {n: i for n, i in levels.items() if n < level} | {level: comment.id}
        ids[unit] = comment.id
        comments.append(comment)
    return comments, left_out


_LEVEL = re.compile(r"^(?:level|depth|indent|lvl|thread-level|comment-level|comment-depth)[-_]?(\d{1,2})$")
_WIDGET_WORDS = frozenset({"widget", "sidebar", "recent", "recentcomments", "latest", "popular", "most"})


def _level(node: _Node) -> int | None:
    """How deep a comment sits when the page says so instead of nesting it: 'level-2', data-depth="2"."""
    for name in ("data-depth", "data-level", "aria-level", "depth", "level"):
        value = node.attrs.get(name, "")
        if value.isdigit():
            return int(value)
    for token in node.classes:
        match = _LEVEL.match(token)
        if match:
            return int(match.group(1))
    return None


def _widget(node: _Node) -> bool:
    """A sidebar or widget (a 'recent comments' list) is never the page's comments."""
    if node.tag == "aside":
        return True
    tokens = [*node.classes, node.attrs.get("id", "").lower()]
    return any(w in _WIDGET_WORDS for t in tokens for w in _words(t))


def _pingback(node: _Node) -> bool:
    return any(w in ("pingback", "trackback") for c in node.classes for w in _words(c))


def _pair_definition_lists(root: _Node) -> None:
    """<dl> comment lists (<dt> name and date, <dd> text): each pair becomes one comment element."""
    for dl in [n for n in _descendants(root) if n.tag == "dl"]:
        if not (dl.kind or any(a.kind for a in _ancestors(dl))) or any(
            isinstance(c, _Node) and c.kind == "item" and c.tag not in ("dt", "dd") for c in dl.children
        ):
            continue
        pairs: list[_Node | str] = []
        current: _Node | None = None
        for child in dl.children:
            if isinstance(child, _Node) and child.tag == "dt":
                current = _Node("div", {"class": "comment", "id": child.attrs.get("id", "")}, dl)
                current.index = len(pairs)
                pairs.append(current)
                child.attrs.setdefault("class", "")
                child.classes = [*child.classes, "comment-author"]
            if current is None:
                pairs.append(child)
                continue
            if isinstance(child, _Node):
                child.parent = current
                child.index = len(current.children)
                if child.tag == "dd":
                    child.classes = [*child.classes, "comment-content"]
            current.children.append(child)
        if any(isinstance(p, _Node) and p.kind == "item" for p in pairs):
            dl.children = pairs


def _parent_id(unit: _Node, owner: dict[_Node, _Node], ids: dict[_Node, str]) -> str | None:
    for ancestor in _ancestors(unit):
        if ancestor in owner and owner[ancestor] in ids:
            return ids[owner[ancestor]]
        if any(w in _REPLIES_WORDS for c in ancestor.classes for w in _words(c)):
            previous = _previous(ancestor)
            if previous is not None and previous in owner and owner[previous] in ids:
                return ids[owner[previous]]
    return None


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


def _role(node: _Node, role: str) -> bool:
    marks = _markup_words()
    for token in node.classes:
        words = _words(token) or [""]
        if role == "author" and (
            any(k in w for w in words for k in marks["author"]) or "fn" in words or words[-1].endswith("name")
        ):
            return True
        if role == "byline" and any(
            key in w for w in words for key in ("byline", "role", "job", "title", "organisation", "organization")
        ):
            return True
        if role == "body" and any(key in w for w in words for key in marks["body"]):
            return True
        if role in ("date", "action", "folded") and any(w in marks[role] for w in words):
            return True
    return False


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Januar|Februar|März|Mai|Juni|Juli|Okt|Dez)[a-zä]*\.?"
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


# --- the article ------------------------------------------------------------------------


def _article(root: _Node, nodes: list[_Node], in_comments: set[_Node]) -> tuple[_Node, str]:
    """The element holding the article and its text; the longest <article> wins."""

    skips: dict[_Node, bool] = {}

    def skip(node: _Node) -> bool:
        if node not in skips:
            skips[node] = node.tag in _NOT_ARTICLE or node in in_comments or _hidden(node) or _landmark(node)
        return skips[node]

    def text(node: _Node) -> str:
        return _unfurnished(_paragraphs(node, _ARTICLE_BLOCKS, skip))

    blocked: set[_Node] = set()  # inside something the article leaves out (computed top-down, once)
    outer_articles: list[_Node] = []
    in_article: set[_Node] = set()
    for node in nodes:
        parent = node.parent
        if parent in blocked or (parent is not None and parent is not root and skip(parent)):
            blocked.add(node)
        elif parent in in_article or (parent is not None and parent.tag == "article" and parent in outer_articles):
            in_article.add(node)
        elif node.tag == "article" and node not in in_comments and not skip(node):
            outer_articles.append(node)  # an <article> inside another is part of it, not a rival
    usable = [n for n in nodes if n not in in_comments and n not in blocked]
    articles = [(n, text(n)) for n in outer_articles]
    best = max(articles, key=lambda a: len(a[1]), default=None)
    if best is not None and best[1]:
        return best
    main = next((n for n in usable if n.tag == "main" or n.attrs.get("role") == "main"), None)
    body = next((n for n in nodes if n.tag == "body"), None)
    for node in (main, body, root):
        if node is not None and (found := text(node)):
            return node, found
    return main or body or root, ""


def _meta(root: _Node) -> dict[str, str]:
    """<meta property|name|itemprop=... content=...> and <link rel=canonical>: the first of each key."""
    meta: dict[str, str] = {}
    for node in _descendants(root):
        if node.tag == "meta":
            key = (node.attrs.get("property") or node.attrs.get("name") or node.attrs.get("itemprop") or "").lower()
            value = clean(node.attrs.get("content", ""))
        elif node.tag == "link" and "canonical" in node.attrs.get("rel", "").lower().split():
            key, value = "canonical", clean(node.attrs.get("href", ""))
        else:
            continue
        if key and value and key not in meta:
            meta[key] = value
    return meta


def _title(
    meta: dict[str, str], article: _Node, nodes: list[_Node], in_comments: set[_Node], site: str | None
) -> str | None:
    if meta.get("og:title"):
        return meta["og:title"]
    for scope in (list(_descendants(article)), nodes):
        heading = next((n for n in scope if n.tag == "h1" and n not in in_comments and _text(n)), None)
        if heading is not None:
            return _text(heading)
    title = next((n for n in nodes if n.tag == "title"), None)
    if title is None:
        return None
    text = _text(title)
    if site:  # 'The article | The Site' -> 'The article'
        text = re.sub(rf"\s+[|–—·:-]\s+{re.escape(site)}$", "", text)
    return text or None


def _url(meta: dict[str, str]) -> str | None:
    found = [u for u in (meta.get("canonical"), meta.get("og:url")) if u]
    return next((u for u in found if re.match(r"[a-z][a-z0-9+.-]*://", u, re.IGNORECASE)), found[0] if found else None)


def _meta_date(meta: dict[str, str]) -> str | None:
    return next((meta[k] for k in ("article:published_time", "datepublished") if meta.get(k)), None)


def _published(meta: dict[str, str], article: _Node, nodes: list[_Node], in_comments: set[_Node]) -> str | None:
    if _meta_date(meta):
        return _meta_date(meta)
    for scope in (list(_descendants(article)), nodes):
        found = next((n for n in scope if n.tag == "time" and n.attrs.get("datetime") and n not in in_comments), None)
        if found is not None:
            return clean(found.attrs["datetime"])
    return None


def _author(meta: dict[str, str], article: _Node, in_comments: set[_Node]) -> tuple[str | None, str]:
    """The article's author, and what follows the name in a byline ('Jane Smith, Senior Fellow')."""
    name = meta.get("author", "")
    if name and not re.match(r"https?://", name):
        return name, ""
    scope = [n for n in _descendants(article) if n not in in_comments and n.tag not in _NEVER]
    linked = [n for n in scope if "author" in n.attrs.get("rel", "").lower().split()]
    classed = [n for n in scope if any("author" in c or "byline" in c for c in n.classes)]
    for candidates in (linked[:200], classed[:200]):
        short = [n for n in candidates if 0 < len(_BY.sub("", _text(n))) <= _MAX_BYLINE_CHARS]
        inner = _innermost(short, article)
        if inner:
            text = _BY.sub("", _text(inner[0]))
            text = re.split(r"\s+[|•·]\s+", text)[0]
            name, _, byline = text.partition(", ")
            if len(name) <= _MAX_NAME_CHARS:
                return name, byline
    return None, ""
