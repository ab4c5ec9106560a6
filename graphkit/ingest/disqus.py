"""Disqus export (`.xml` with a `<disqus>` root), read as a stream.

An export lists every thread (an article: link, title, identifier), then every post in any
order, each naming its thread and its parent post. Posts are spooled to disk by thread as they
are read, then each article comes out with its posts. Deleted and spam posts are left out
(replies under them hang from their nearest kept ancestor); threads with no kept post are
skipped with a count. Threads are one article when they share an identifier or a link
(compared without scheme, 'www.', trailing slash, query tracking tags or fragment); an empty
identifier uses the link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from lxml import etree

from graphkit import resources
from graphkit.errors import InputError
from graphkit.ingest.decode import clean
from graphkit.ingest.notes import Note, Skipped
from graphkit.ingest.spool import Spool
from graphkit.ingest.threads import RawComment, thread
from graphkit.ingest.xmlfile import child_text, elements, local, markup_text, unescape
from graphkit.model import Document

_DSQ_ID = "{http://disqus.com/disqus-internals}id"


def read_disqus(path: Path) -> Iterator[Document | Skipped | Note | InputError]:
    """Each article of a Disqus export with its kept posts."""
    threads: dict[str, dict] = {}  # dsq:id -> link, title, key
    groups = _Groups()
    with Spool() as spool:
        seen_threads = seen_posts = 0
        for element in elements(path, {"thread", "post"}, depth=1):
            if isinstance(element, Note):
                yield element
                continue
            dsq_id = _dsq_id(element)
            if local(element) == "thread":
                seen_threads += 1
                link, ident = child_text(element, "link"), child_text(element, "id")
                key = groups.key(ident, _same_page(link) if link else "", dsq_id or str(seen_threads))
                threads[dsq_id] = {
                    "link": link or None,
                    "title": clean(unescape(child_text(element, "title"))) or None,
                    "key": key,
                    "created": child_text(element, "createdAt") or None,
                }
                spool.add(key, None)  # the article keeps its place even if no post names it
            else:
                spool.add(_post_thread(element), _post(element) | {"n": seen_posts})
                seen_posts += 1
        if seen_threads == 0:
            raise InputError(path, "is a Disqus export with no <thread> (no article to read)")
        yield from _documents(path, spool, threads, groups)


def _documents(path: Path, spool: Spool, threads: dict[str, dict], groups: _Groups):
    """One article at a time: the spooled groups of each merged article read back together."""
    stem = resources.slug(path.stem) or "disqus"
    by_key: dict[str, list[dict]] = {}
    for info in threads.values():
        by_key.setdefault(groups.find(info["key"]), []).append(info)
    articles: dict[str, list[str]] = {}  # merged article key -> its spool groups, in first-seen order
    orphans = empty = 0
    for key in spool.group_keys():
        if key.startswith("thread:"):  # posts filed under a thread id
            info = threads.get(key[len("thread:") :])
            if info is None:  # a post naming a thread the file does not hold
                orphans += spool.count(key)
                continue
            article = groups.find(info["key"])
        else:
            article = groups.find(key)
        articles.setdefault(article, []).append(key)
    for key, spooled in articles.items():
        infos = by_key.get(key, [])
        rows = [r for r in spool.rows(spooled) if r is not None]
        comments, counts = thread(RawComment(**{k: v for k, v in r.items() if k != "n"}) for r in rows)
        for reason, count in counts.items():
            yield Skipped(str(path), reason, count)
        if not comments:
            empty += len(infos) or 1
            continue
        first = infos[0] if infos else {"link": None, "title": None, "created": None}
        yield Document(
            id=f"{stem}-{resources.slug(key)[:80]}",
            title=first["title"],
            url=first["link"],
            published=first["created"],
            comments=comments,
            source=str(path),
            locator=f"thread {first['link'] or key}",
        )
    if empty:
        yield Skipped(str(path), "thread with no post", empty)
    if orphans:
        yield Skipped(str(path), "post of a thread not in the file", orphans)


def _post(element: etree._Element) -> dict:
    deleted = child_text(element, "isDeleted").lower() == "true"
    spam = child_text(element, "isSpam").lower() == "true"
    author = next((c for c in element if local(c) == "author"), None)
    name = ""
    if author is not None:
        name = child_text(author, "name") or child_text(author, "username")
    parent = next((c for c in element if local(c) == "parent"), None)
    return {
        "id": _dsq_id(element) or child_text(element, "id"),
        "parent": _dsq_id(parent) if parent is not None else "",
        "author": unescape(name),
        "body": markup_text(child_text(element, "message")),
        "posted": child_text(element, "createdAt") or None,
        "author_url": None,
        "left_out": "spam post" if spam else "deleted post" if deleted else "",
    }


def _post_thread(element: etree._Element) -> str:
    ref = next((c for c in element if local(c) == "thread"), None)
    return f"thread:{_dsq_id(ref) if ref is not None else ''}"


def _dsq_id(element: etree._Element) -> str:
    return (element.get(_DSQ_ID) or element.get("id") or "").strip()


_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|ref$|mc_)")


def _same_page(link: str) -> str:
    """A link as a page key: 'http://www.x.org/a/?utm_source=t#c' and 'https://x.org/a' are one page."""
    parts = urlsplit(link.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


class _Groups:
    """Union-find over thread keys: threads sharing an identifier or a page link are one article."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.by_alias: dict[str, str] = {}

    def key(self, ident: str, page: str, fallback: str) -> str:
        aliases = [a for a in (f"id:{ident}" if ident else "", f"page:{page}" if page else "") if a]
        key = next((self.by_alias[a] for a in aliases if a in self.by_alias), None)
        key = key or (aliases[0] if aliases else f"dsq:{fallback}")
        self.parent.setdefault(key, key)
        for alias in aliases:
            other = self.by_alias.setdefault(alias, key)
            if self.find(other) != self.find(key):
                self.parent[self.find(other)] = self.find(key)
        return key

    def find(self, key: str) -> str:
        while self.parent.get(key, key) != key:
            key = self.parent[key]
        return key
