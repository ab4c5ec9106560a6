"""What libraries made for it read from a web page: the article (trafilatura) and its structured data (extruct).

trafilatura finds the article's body, title, author, date and site far better than a tag rule
(tables and code kept, related posts and share bars dropped). extruct reads JSON-LD, microdata
and Open Graph: the author, dates, publisher and `commentCount` a page declares, and the
schema.org `Comment` items some pages mark up, with author, date, id and parent.
Both run on pages already decoded; any failure of theirs leaves graphkit's own reading in place.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from graphkit.ingest.decode import clean
from graphkit.ingest.threads import RawComment
from graphkit.ingest.xmlfile import markup_text, unescape

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)
logging.getLogger("courlan").setLevel(logging.CRITICAL)

_COMMENT_TYPES = frozenset({"Comment", "Answer", "Review"})
_ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle", "WebPage",
                            "DiscussionForumPosting", "SocialMediaPosting", "AnalysisNewsArticle", "OpinionNewsArticle",
                            "LiveBlogPosting", "TechArticle", "QAPage", "Question"})  # fmt: skip
_MAX_NESTING = 40


@dataclass
class PageData:
    body: list[str] = field(default_factory=list)  # paragraphs, in order
    title: str | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    comment_count: int | None = None
    comments: list[RawComment] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def article(html: str, commenters: set[str] | frozenset[str] = frozenset(), prune: list[str] | None = None) -> PageData:
    """The article as trafilatura reads it (empty when it finds none, or fails).

    Its date comes from the page's markup only (not guessed from any year in the text, which
    comments are full of), and a commenter's name is never the article's author. `prune` holds
    XPaths of the comment sections, removed before trafilatura looks for the date and author.
    """
    import trafilatura
    from trafilatura.utils import load_html

    data = PageData()
    try:
        tree = load_html(html)
        if tree is None:
            return data
        for xpath in prune or []:
            for element in tree.xpath(xpath):
                if element.getparent() is not None:
                    element.drop_tree()
        found = trafilatura.bare_extraction(
            tree, include_comments=False, include_tables=True, include_formatting=False, with_metadata=True,
            deduplicate=False, author_blacklist=set(commenters),
            date_extraction_params={"extensive_search": False, "original_date": True},
        )  # fmt: skip
    except Exception:  # a third-party extractor failing on a hostile page: fall back to our own
        return data
    if found is None:
        return data
    data.title = clean(found.title or "") or None
    data.author = clean(found.author or "") or None
    data.published = clean(found.date or "") or None
    data.publisher = clean(found.sitename or "") or None
    data.url = clean(found.url or "") or None
    data.categories = [clean(c) for c in (found.categories or []) if clean(c)]
    data.tags = [clean(t) for t in (found.tags or []) if clean(t)]
    if found.body is not None:
        data.body = _paragraphs(found.body, data.title)
    return data


def _paragraphs(body: Any, title: str | None) -> list[str]:
    """trafilatura's XML body (p, head, list/item, quote, table/row/cell, code) as paragraphs."""
    out: list[str] = []
    for element in body.iter():
        tag = element.tag
        if tag in ("p", "head", "item") and not _inside(element, ("table", "item", "quote")):
            text = " ".join("".join(element.itertext()).split())
        elif tag == "quote" and not _inside(element, ("table", "quote")):
            text = "\n".join(" ".join(line.split()) for line in "".join(element.itertext()).split("\n")).strip()
        elif tag == "code" and not _inside(element, ("table", "quote", "p")):
            text = "".join(element.itertext()).strip("\n")
        elif tag == "row":
            cells = [" ".join("".join(c.itertext()).split()) for c in element if c.tag == "cell"]
            text = " | ".join(c for c in cells)
            text = text if text.strip(" |") else ""
        else:
            continue
        if text and not (tag == "head" and title and text == title):
            out.append(text)
    return out


def _inside(element: Any, tags: tuple[str, ...]) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


_STRUCTURED = re.compile(r"application/ld\+json|itemscope|property=[\"']og:", re.IGNORECASE)


def structured(html: str) -> PageData:
    """Author, dates, publisher, comment count and Comment items the page declares (JSON-LD, microdata, OG)."""
    data = PageData()
    if not _STRUCTURED.search(html):
        return data
    import extruct

    try:
        found = extruct.extract(html, syntaxes=["json-ld", "microdata", "opengraph"], uniform=True, errors="ignore")
    except Exception:  # a third-party parser failing on a hostile page: nothing declared
        return data
    items: list[dict] = []
    for syntax in ("json-ld", "microdata"):
        for item in found.get(syntax) or []:
            items.extend(_flatten(item))
    for item in items:
        types = _types(item)
        if types & _ARTICLE_TYPES:
            data.author = data.author or _name(item.get("author"))
            data.published = data.published or _str(item.get("datePublished") or item.get("dateCreated"))
            data.publisher = data.publisher or _name(item.get("publisher"))
            data.title = data.title or _str(item.get("headline") or item.get("name"))
            count = _count(item.get("commentCount"))
            data.comment_count = data.comment_count if data.comment_count is not None else count
            if not data.comments:
                data.comments = list(_comments(item.get("comment"), parent="", depth=0))
    if data.comment_count is None:
        data.comment_count = next((c for i in items if (c := _count(i.get("commentCount"))) is not None), None)
    return data


def _flatten(item: Any, depth: int = 0) -> list[dict]:
    """A JSON-LD node and the nodes of its @graph (lists in lists followed a few levels only)."""
    if depth > 8:
        return []
    if isinstance(item, list):
        return [d for i in item for d in _flatten(i, depth + 1)]
    if not isinstance(item, dict):
        return []
    graph = item.get("@graph")
    return [item, *_flatten(graph, depth + 1)] if graph else [item]


def _types(item: dict) -> set[str]:
    value = item.get("@type") or item.get("type") or []
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1] for v in values}


def _comments(value: Any, parent: str, depth: int):
    if depth > _MAX_NESTING or value is None:
        return
    for n, item in enumerate(value if isinstance(value, list) else [value], start=1):
        if not isinstance(item, dict) or not _types(item) & _COMMENT_TYPES:
            continue
        ident = _str(item.get("@id") or item.get("identifier") or item.get("url")) or ""
        ident = re.findall(r"\d+", ident)[-1] if re.findall(r"\d+", ident) else ident or f"{parent or 's'}-{n}"
        text = _str(item.get("text") or item.get("description") or item.get("articleBody")) or ""
        parent_ref = item.get("parentItem")
        parent_id = parent
        if isinstance(parent_ref, dict):
            ref = _str(parent_ref.get("@id") or parent_ref.get("url")) or ""
            parent_id = (re.findall(r"\d+", ref) or [parent])[-1]
        yield RawComment(
            id=ident,
            parent=parent_id,
            author=_name(item.get("author")) or "",
            body=markup_text(text),
            posted=_str(item.get("dateCreated") or item.get("datePublished")),
            author_url=_url(item.get("author")),
        )
        yield from _comments(item.get("comment"), parent=ident, depth=depth + 1)


def _str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return clean(unescape(str(value))) or None
    return None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for v in value[:5] if (n := _name(v))]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _str(value.get("name") or value.get("alternateName"))
    name = _str(value)
    return None if name and re.match(r"https?://", name) else name


def _url(value: Any) -> str | None:
    return _str(value.get("url")) if isinstance(value, dict) else None


def _count(value: Any) -> int | None:
    text = _str(value)
    if text and re.fullmatch(r"\d{1,9}", text):
        return int(text)
    return None
