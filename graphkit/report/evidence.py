"""The report's evidence: for every number a section of quotes, each the sentence around the exact text
an extractor annotated, and the post it is in (named by its article's title, linked to the thread)."""

from __future__ import annotations

import hashlib
import html
import re
from collections import defaultdict
from dataclasses import dataclass

from graphkit.projection import sentence

MAX_QUOTES = 8
"""Quotes shown per entity; the rest are counted."""
MAX_LIST = 200
"""Entries per list of entities behind a total; the rest are counted."""


def anchor(prefix: str, key: str) -> str:
    """A stable, safe fragment id for a key of any text."""
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass
class Post:
    iri: str
    kind: str
    article: str
    title: str
    ident: str
    author: str
    text: str

    def name(self) -> str:
        """The post as a reader names it: 'comment 3 by Ann Lee on “Title”', or 'the article “Title”'."""
        title = f"“{self.title}”" if self.title else "an untitled article"
        if self.kind == "article":
            return f"the article {title}"
        return f"comment {self.ident}" + (f" by {self.author}" if self.author else "") + f" on {title}"


class Evidence:
    """Collects what the page's numbers point at, and renders it as one section of anchors."""

    def __init__(self, posts: list[dict[str, str]], annotations: list[dict[str, str]], topic_posts) -> None:
        self.posts: dict[str, Post] = {}
        self.sources: dict[str, tuple[Post, str]] = {}  # post or byline IRI -> (post, its text)
        for row in posts:
            post = Post(
                row["post"],
                row.get("kind", ""),
                row.get("article", ""),
                row.get("title", ""),
                row.get("id", ""),
                row.get("author", ""),
                row.get("text", ""),
            )
            self.posts[post.iri] = post
            self.sources[post.iri] = (post, post.text)
            if row.get("byline"):
                self.sources[row["byline"]] = (post, row.get("bylineText", ""))
        self.annotations: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in annotations:
            self.annotations[row["entity"]].append(row)
        self.topic_posts: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in topic_posts:
            self.topic_posts[row["topic"]].append(row)
        self.by_author: dict[str, list[Post]] = defaultdict(list)
        for post in self.posts.values():
            self.by_author[post.author].append(post)
        self._sections: dict[str, str] = {}  # anchor -> rendered section, in order of first use

    # --- what numbers link to -------------------------------------------------------------------

    def entity(self, iri: str, name: str) -> str:
        """The anchor of an entity's evidence: its annotations, or else the posts its author wrote."""
        key = anchor("ev", iri)
        if key not in self._sections:
            rows = self._ordered(self.annotations.get(iri, []))
            items = [self._quote(row) for row in rows[:MAX_QUOTES]]
            total = len(rows)
            if not rows:
                written = self.by_author.get(name, [])
                items, total = [self._post_quote(post, 0, "") for post in written[:MAX_QUOTES]], len(written)
            self._sections[key] = self._section(key, name, items, total)
        return "#" + key

    def topic(self, iri: str, label: str) -> str:
        """The anchor of a topic's evidence: the posts about it, with the sentence that names it."""
        key = anchor("ev", iri)
        if key not in self._sections:
            items = []
            about = [row for row in self.topic_posts.get(iri, []) if row["post"] in self.posts]
            for row in about[:MAX_QUOTES]:
                post = self.posts[row["post"]]
                found = post.text.casefold().find(label.casefold())
                weight = f"weight {float(row.get('weight', 0)):.2f}"
                items.append(self._post_quote(post, max(found, 0), label if found >= 0 else "", weight))
            self._sections[key] = self._section(key, f"Topic: {label}", items, len(about))
        return "#" + key

    def group(self, key: str, heading: str, entities: list[tuple[str, str, str]]) -> str:
        """The anchor of a list of entities (name, IRI or '', note): the ones behind a total (a type, a role),
        each linked to its own evidence."""
        ident = anchor("grp", key)
        if ident not in self._sections:
            items = []
            for name, iri, note in entities[:MAX_LIST]:
                text = f'<a href="{e(self.entity(iri, name))}">{e(name)}</a>' if iri else e(name)
                items.append(f"<li>{text}" + (f" — {e(note)}" if note else "") + "</li>")
            more = len(entities) - MAX_LIST
            tail = f'<p class="more">and {more} more</p>' if more > 0 else ""
            self._sections[ident] = (
                f'<section class="evidence" id="{ident}"><h3>{e(heading)}</h3><ul>{"".join(items)}</ul>{tail}</section>'
            )
        return "#" + ident

    def post_anchor(self, iri: str) -> str:
        return "#" + anchor("post", iri)

    # --- rendering ------------------------------------------------------------------------------

    def html(self) -> str:
        return "\n".join(self._sections.values())

    def _ordered(self, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        """The entity's own words first, then statements about it; in post order."""
        order = {iri: i for i, iri in enumerate(self.posts)}

        def key(row: dict[str, str]):
            post = self.sources.get(row.get("source", ""), (None, ""))[0]
            own = row.get("body") == row.get("entity")
            start = int(row["start"]) if row.get("start", "").isdigit() else 0
            return (0 if own else 1, order.get(post.iri, len(order)) if post else len(order), start)

        return sorted(rows, key=key)

    def _quote(self, row: dict[str, str]) -> str:
        post, text = self.sources.get(row.get("source", ""), (None, ""))
        start = int(row["start"]) if row.get("start", "").isdigit() else 0
        exact = row.get("exact", "")
        quote = sentence(text, start, exact) if text else exact
        where = "its byline" if post and row.get("source", "").endswith("/byline") else ""
        if post is None:
            return f"<li><blockquote>{_mark(quote, exact)}</blockquote></li>"
        link = f'<a href="{e(self.post_anchor(post.iri))}">{e(post.name())}</a>'
        extractor = re.sub(r"^.*/", "", row.get("extractor", ""))
        detail = where or (f"found by {extractor}" if extractor else "")
        return f'<li><blockquote>{_mark(quote, exact)}</blockquote><p class="from">— {link}' + (
            f" ({e(detail)})</p></li>" if detail else "</p></li>"
        )

    def _post_quote(self, post: Post, start: int, exact: str, note: str = "") -> str:
        quote = sentence(post.text, start, exact)
        link = f'<a href="{e(self.post_anchor(post.iri))}">{e(post.name())}</a>'
        extra = f" ({e(note)})" if note else ""
        return f'<li><blockquote>{_mark(quote, exact)}</blockquote><p class="from">— {link}{extra}</p></li>'

    def _section(self, key: str, heading: str, items: list[str], total: int) -> str:
        more = total - len(items)
        shown = items
        tail = f'<p class="more">and {more} more</p>' if more > 0 else ""
        body = f"<ul>{''.join(shown)}</ul>{tail}" if shown else '<p class="more">No quoted text for this.</p>'
        return f'<section class="evidence" id="{key}"><h3>{e(heading)}</h3>{body}</section>'


def _mark(quote: str, exact: str) -> str:
    """The quote escaped, with the first occurrence of the exact words marked."""
    at = quote.find(exact) if exact else -1
    if at < 0:
        return e(quote)
    return e(quote[:at]) + "<mark>" + e(exact) + "</mark>" + e(quote[at + len(exact) :])
