"""Which class and id words mark a comment, a list of comments or a part of one (data/lexicons)."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from graphkit import resources

if TYPE_CHECKING:
    from graphkit.ingest.html_tree import _Node

_FRAME = frozenset({"html", "body", "main", "article"})
# 'comment-item', 'comment-12': one comment; 'comment-content', 'comment-list', 'comment-wrapper': a part or a list.
_ITEM_WORDS = frozenset({"item", "entry", "single"})
_STATE = re.compile(r"comments?[-_](?:open|closed|enabled|disabled)$")
_COMMENT_ID = re.compile(r"(?:^|[-_])comment[-_]?(\d+)$")


def _words(token: str) -> list[str]:
    return [w for w in re.split(r"[-_]+", token) if w]


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
