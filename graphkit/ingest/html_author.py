"""The article's author on a saved page: the byline under the title and an 'about the author' box.

    <div class="byline">By <a rel="author">Jane Example</a>, senior reporter <time>12 March 2025</time></div>
    <aside class="author-box"><p class="author-name">Dr Jane Example</p>
      <p class="author-role">Senior Fellow, The Health Foundation</p><p class="author-bio">Jane joined …</p></aside>

What follows the name in a byline ('senior reporter'; a date after it left out) and the role line of
an author box are the author's byline; the box's biography and social lines are text of the page.
"""

from __future__ import annotations

import re

from graphkit import resources
from graphkit.ingest.html_comment import _BY, _MAX_BYLINE_CHARS, _MAX_NAME_CHARS
from graphkit.ingest.html_tree import _NEVER, _descendants, _innermost, _Node, _text

_BOX = re.compile(r"author[-_]?(?:box|bio|info|profile|card|details|panel)|about[-_]?(?:the[-_]?)?author")
_ROLE = re.compile(r"(?:^|[-_])(?:role|job|jobtitle|position|title)$")
_BIO = re.compile(r"(?:^|[-_])(?:bio|biography|description|about|social)$")


def byline(article: _Node, in_comments: set[_Node], name: str | None = None) -> tuple[str | None, str]:
    """The author's name and what follows it in the article's byline ('Jane Smith, Senior Fellow');
    with `name` (from the page's metadata), only a byline that holds that name."""
    scope = [n for n in _descendants(article) if n not in in_comments and n.tag not in _NEVER]
    linked = [n for n in scope if "author" in n.attrs.get("rel", "").lower().split()]
    classed = [n for n in scope if any("author" in c or "byline" in c for c in n.classes)]
    found: tuple[str | None, str] = (None, "")
    for candidates in (linked[:200], classed[:200]):
        short = [n for n in candidates if 0 < len(_BY.sub("", _text(n))) <= _MAX_BYLINE_CHARS]
        for node in _innermost(short, article)[:1] + [n for n in short if n.tag in {"div", "p", "span"}][:3]:
            text = re.split(r"\s+[|•·]\s+", _BY.sub("", _text(node)))[0]
            who, _, rest = text.partition(", ")
            if len(who) > _MAX_NAME_CHARS or (name and resources.fold(who) != resources.fold(name)):
                continue
            rest = _without_date(rest)
            if found[0] is None or (rest and not found[1] and resources.fold(who) == resources.fold(found[0])):
                found = (who, rest)
    return found


_DATE = re.compile(r"\s*\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]{2,8}\.?\s+\d{4}\b.*$|\s*\b\d{4}-\d{2}-\d{2}.*$")


def _without_date(text: str) -> str:
    """'senior reporter 12 March 2025' -> 'senior reporter' (a month's name and a year)."""
    months = resources.lexicon("month_names")
    match = _DATE.search(text)
    if match and any(resources.fold(w.rstrip(".")) in months for w in match.group().split()):
        text = text[: match.start()]
    return text.strip(" ,|-–")


def author_box(nodes: list[_Node], in_comments: set[_Node]) -> tuple[str, str, list[str]] | None:
    """(name, role line, biography and social lines) of the page's 'about the author' box, if any."""
    box = next((n for n in nodes if n not in in_comments and any(_BOX.search(c) for c in n.classes)), None)
    if box is None:
        return None
    inside = list(_descendants(box))
    name = next((n for n in inside if any(c.endswith("name") for c in n.classes)), None)
    role = next((n for n in inside if any(_ROLE.search(c) for c in n.classes)), None)
    extra = [_text(n) for n in inside if any(_BIO.search(c) for c in n.classes)]
    if name is None or not _text(name):
        return None
    return _text(name), _text(role) if role is not None else "", [t for t in extra if t]
