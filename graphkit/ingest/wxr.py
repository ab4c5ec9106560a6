"""WordPress export (WXR, the `.xml` file "Tools → Export" writes), read as a stream.

Every published post or page becomes a Document: title, author (display name from the
channel's <wp:author> list, else the login), date, link, categories and tags, and its
approved comments with ids, parents, authors, author URLs and dates. Pingbacks, trackbacks,
spam, trashed and unapproved comments, drafts and attachments are left out and counted.
Any WXR version (1.0, 1.1, 1.2, http or https namespace) is read: elements are matched
by local name and by whether their namespace is WordPress's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from graphkit import resources
from graphkit.errors import InputError
from graphkit.ingest.decode import clean
from graphkit.ingest.notes import Note, Skipped
from graphkit.ingest.threads import PINGBACK, RawComment, thread
from graphkit.ingest.xmlfile import elements, local, markup_text, namespace, unescape
from graphkit.model import Document

_WP = "wordpress.org/export/"
_KEPT_STATUS = frozenset({"publish", "private", ""})
_KEPT_TYPES = frozenset({"post", "page", ""})
_LEFT_OUT = {"spam": "spam comment", "trash": "trashed comment", "post-trashed": "trashed comment",
             "0": "unapproved comment", "hold": "unapproved comment"}  # fmt: skip


def read_wxr(path: Path) -> Iterator[Document | Skipped | Note | InputError]:
    """Each published post and page of a WordPress export, with its approved comments."""
    authors: dict[str, str] = {}
    site: str | None = None
    stem = resources.slug(path.stem) or "wordpress"
    posts = 0
    skipped: dict[str, int] = {}
    for element in elements(path, {"item", "author", "title"}, depth=2):
        if isinstance(element, Note):
            yield element
            continue
        name = local(element)
        if name == "title" and site is None:
            site = clean(unescape(element.text or "")) or None
        elif name == "author" and _wp(element):
            fields = _wp_fields(element)
            login, display = _field(fields, "author_login"), _field(fields, "author_display_name")
            if login:
                authors[login] = clean(unescape(display)) or login
        elif name == "item":
            posts += 1
            fields = _wp_fields(element)
            kind, status = clean(_field(fields, "post_type"))[:40], clean(_field(fields, "status"))[:40]
            if kind not in _KEPT_TYPES or status not in _KEPT_STATUS:
                reason = f"{kind} item" if kind not in _KEPT_TYPES else f"{status} post"
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            yield from _post(element, path, stem, posts, authors, site)
    for reason, count in skipped.items():
        yield Skipped(str(path), reason, count)
    if posts == 0:
        raise InputError(path, "is a WordPress export with no <item> (no post or page to read)")


def _post(item: etree._Element, path: Path, stem: str, n: int, authors: dict[str, str], site: str | None):
    fields = _wp_fields(item)
    post_id = _field(fields, "post_id")
    slug = resources.slug(_field(fields, "post_name") or post_id or str(n))
    where = f"item {n}" + (f" (post {post_id})" if post_id else "")
    creator = _plain(item, "creator")
    categories, tags = [], []
    raws = []
    for child in item:
        name = local(child)
        if name == "category" and not _wp(child):
            label = clean(unescape(child.text or ""))
            target = (
                tags
                if child.get("domain") == "post_tag"
                else categories
                if child.get("domain") in (None, "category")
                else None
            )
            if label and target is not None and label not in target:
                target.append(label)
        elif name == "comment" and _wp(child):
            raws.append(_comment(child))
    comments, counts = thread(raws)
    for reason, count in counts.items():
        yield Skipped(str(path), reason, count)
    body = markup_text(_plain(item, "encoded", "purl.org/rss/1.0/modules/content"))
    if not body and not comments:
        yield Skipped(str(path), "empty post", 1)
        return
    yield Document(
        id=f"{stem}-{slug}",
        title=clean(unescape(_plain(item, "title"))) or None,
        url=clean(_plain(item, "link")) or None,
        author=authors.get(creator, clean(unescape(creator))) or None,
        publisher=site,
        published=_field(fields, "post_date_gmt", skip="0000-00-00 00:00:00") or _field(fields, "post_date")
        or clean(_plain(item, "pubDate")) or None,
        body=body,
        comments=comments,
        source=str(path),
        locator=where,
        categories=categories,
        tags=tags,
    )  # fmt: skip


def _comment(element: etree._Element) -> RawComment:
    fields = _wp_fields(element)
    kind = clean(_field(fields, "comment_type")).lower()[:40]
    approved = clean(_field(fields, "comment_approved")).lower()[:40]
    left_out = PINGBACK if kind in ("pingback", "trackback") else _LEFT_OUT.get(approved, "")
    if approved not in _LEFT_OUT and approved not in ("1", "approved", ""):
        left_out = f"{approved} comment"
    date = _field(fields, "comment_date_gmt", skip="0000-00-00 00:00:00") or _field(fields, "comment_date")
    return RawComment(
        id=_field(fields, "comment_id"),
        parent=_field(fields, "comment_parent"),
        author=unescape(_field(fields, "comment_author")),
        body=markup_text(_field(fields, "comment_content", strip=False)),
        posted=date or None,
        author_url=_field(fields, "comment_author_url") or None,
        left_out=left_out,
    )


def _ns(element: etree._Element) -> str:
    return namespace(element)


def _wp(element: etree._Element) -> bool:
    return _WP in namespace(element)


def _field(fields: dict[str, str], name: str, skip: str = "", strip: bool = True) -> str:
    """A wp:<name> child's text (CDATA's surrounding white space stripped), from `_wp_fields`."""
    text = fields.get(name, "")
    text = text.strip() if strip else text
    return "" if text.strip() == skip else text


def _wp_fields(element: etree._Element) -> dict[str, str]:
    """The element's wp:* children's texts by name (the first of each), read in one pass."""
    fields: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str) and _wp(child):
            fields.setdefault(local(child), child.text or "")
    return fields


def _plain(element: etree._Element, name: str, namespace_part: str = "") -> str:
    """A non-WordPress child's text: <title>, <link>, <dc:creator>, <content:encoded>."""
    for child in element:
        if isinstance(child.tag, str) and local(child) == name and not _wp(child) and namespace_part in _ns(child):
            return (child.text or "").strip()
    return ""
