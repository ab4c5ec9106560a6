"""Reply structure from an export's flat list of comments, whatever the export left out.

Exports keep every comment with its parent's id, including the ones a reader must not see
(spam, trash, pingbacks). Kept are the approved ones; a reply whose parent was left out hangs
under its nearest kept ancestor; a reply whose parent is not in the file at all hangs under the
article. Exact duplicates (same author, date, parent and text) are kept once. Each of these is
counted, by reason, for the build summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from graphkit import resources
from graphkit.ingest.decode import clean
from graphkit.model import Comment

ORPHAN = "orphan reply (attached to the article)"
REATTACHED = "reply under a removed comment (attached to its nearest kept one)"
DUPLICATE = "duplicate comment"
EMPTY = "empty comment"
PINGBACK = "pingback or trackback"


@dataclass(slots=True)
class RawComment:
    id: str
    parent: str  # '' or '0' for none
    author: str
    body: str
    posted: str | None = None
    author_url: str | None = None
    left_out: str = ""  # why it is not shown: 'spam comment', 'pingback' ... ('' = kept)


def thread(raws: Iterable[RawComment]) -> tuple[list[Comment], Counter]:
    """Comments in file order with reply_to set as described above, and the counts by reason."""
    counts: Counter = Counter()
    everything: dict[str, RawComment] = {}
    kept: list[RawComment] = []
    seen: set[tuple] = set()
    for raw in raws:
        if raw.id and raw.id not in everything:
            everything[raw.id] = raw
        if raw.left_out:
            counts[raw.left_out] += 1
            continue
        if not raw.body.strip():
            counts[EMPTY] += 1
            raw.left_out = EMPTY
            continue
        key = (raw.author, raw.posted, raw.parent, raw.body)
        if key in seen:
            counts[DUPLICATE] += 1
            continue
        seen.add(key)
        kept.append(raw)

    comments: list[Comment] = []
    ids: set[str] = set()
    for position, raw in enumerate(kept, start=1):
        cid = resources.slug(raw.id) or str(position)
        if cid in ids:  # ids reused inside one article: both kept
            cid = f"{cid}-{position}"
        ids.add(cid)
        comments.append(
            Comment(
                id=cid,
                author=clean(raw.author) or "Anonymous",
                body=raw.body.strip(),
                posted=clean(raw.posted or "") or None,
                reply_to=_parent(raw, everything, counts),
                position=position,
                author_url=clean(raw.author_url or "") or None,
            )
        )
    known = {c.id for c in comments}
    for comment in comments:  # a parent whose own id had to change, or that was a duplicate
        if comment.reply_to is not None and comment.reply_to not in known:
            comment.reply_to = None
    return comments, counts


def _parent(raw: RawComment, everything: dict[str, RawComment], counts: Counter) -> str | None:
    parent, moved, seen = raw.parent, False, {raw.id}
    while parent and parent != "0":
        if parent in seen:  # a loop of parents: the article
            return None
        seen.add(parent)
        found = everything.get(parent)
        if found is None:
            counts[ORPHAN] += 1
            return None
        if not found.left_out:
            if moved:
                counts[REATTACHED] += 1
            return resources.slug(parent) or None
        parent, moved = found.parent, True
    if moved:
        counts[REATTACHED] += 1
    return None
