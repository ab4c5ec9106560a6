"""Finding a page's comment elements, their ids and who replies to whom, whatever the layout."""

from __future__ import annotations

import re
from collections import Counter

from graphkit.ingest.html_comment import _comment
from graphkit.ingest.html_markup import _COMMENT_ID, _words
from graphkit.ingest.html_tree import (
    _NEVER,
    _ancestors,
    _descendants,
    _Node,
    _text,
)
from graphkit.ingest.threads import PINGBACK
from graphkit.model import Comment

_REPLIES_WORDS = frozenset({"children", "indented", "replies", "responses"})


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
