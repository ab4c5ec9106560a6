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
from collections.abc import Iterator
from pathlib import Path

from graphkit import resources
from graphkit.errors import InputError
from graphkit.ingest import html_author, webpage
from graphkit.ingest.decode import clean, read_text
from graphkit.ingest.html_comment import _BY, _unfurnished
from graphkit.ingest.html_markup import _words
from graphkit.ingest.html_threads import _comments, _inside_comments
from graphkit.ingest.html_tree import (
    _ARTICLE_BLOCKS,
    _MAX_DEPTH,
    _NEVER,
    _descendants,
    _hidden,
    _Node,
    _paragraphs,
    _parse,
    _text,
)
from graphkit.ingest.notes import Note, Skipped
from graphkit.ingest.threads import thread
from graphkit.model import Document

# ... and what the article body leaves out besides.
_NOT_ARTICLE = _NEVER | {"nav", "header", "footer", "aside", "form", "figcaption", "dialog"}
# Page regions named by class or id rather than by element: <div id="header">, <ul class="menu">.
_LANDMARK_WORDS = frozenset({"header", "footer", "nav", "navigation", "menu", "sidebar", "breadcrumb", "breadcrumbs"})
_LANDMARK_ROLES = frozenset({"banner", "navigation", "contentinfo", "complementary", "search", "menu", "menubar"})
_MIN_ARTICLE_WORDS = 10


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
    box = html_author.author_box(nodes, in_comments)  # 'About the author': name, role line, biography
    if box is not None:
        named = resources.strip_honorific(box[0])
        author = author or named
        if not author_byline and resources.fold(resources.strip_honorific(author)) == resources.fold(named):
            author_byline = box[1]
        body = "\n\n".join([body, *(t for t in box[2] if t not in body)]) if body else body
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


def _landmark(node: _Node) -> bool:
    """A header, footer, menu or sidebar marked by role, class or id ('site-header'; not 'has-sidebar')."""
    if node.attrs.get("role", "").lower() in _LANDMARK_ROLES:
        return True
    for token in [*node.classes, node.attrs.get("id", "").lower()]:
        words = _words(token)
        if words and words[-1] in _LANDMARK_WORDS and not {"has", "with", "no", "without"} & set(words):
            return True
    return False


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
        return name, html_author.byline(article, in_comments, name)[1]
    return html_author.byline(article, in_comments)
