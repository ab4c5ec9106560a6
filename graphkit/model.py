"""The plain records that flow between stages: documents in, mentions out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Comment:
    """A reader comment under an article."""

    id: str
    author: str
    body: str
    byline: str = ""
    role: str | None = None
    organisation: str | None = None
    posted: str | None = None
    reply_to: str | None = None
    position: int = 0
    author_url: str | None = None  # the commenter's own link, as an export gives it


@dataclass(slots=True)
class Document:
    """One source article with its comments, as read from a file."""

    id: str
    body: str = ""
    title: str | None = None
    url: str | None = None
    author: str | None = None
    author_byline: str = ""  # what follows the author's name: 'Senior Fellow, The Health Foundation'
    publisher: str | None = None
    published: str | None = None
    comments: list[Comment] = field(default_factory=list)
    source: str = ""  # the file's path, as given
    locator: str = ""  # where in the file, when it holds several documents: 'line 3', 'record 2'
    categories: list[str] = field(default_factory=list)  # the site's own categories (WordPress), as written
    tags: list[str] = field(default_factory=list)  # the site's own tags (WordPress), as written
    comment_count: int | None = None  # how many comments the page says it has, when it says so


@dataclass(frozen=True, slots=True)
class Span:
    """Where a piece of evidence sits: a post (comment id, or '' for the article), a field and offsets."""

    post: str
    start: int
    end: int
    text: str
    field: str = "content"  # "content" (the post's text), "byline" or "title"


@dataclass(slots=True)
class Mention:
    """Something an extractor found in the text, before resolution gives it an identity."""

    kind: str  # person | organisation | place | hashtag | handle | link | topic | office
    name: str  # the normalised surface form (possessives stripped, spacing folded)
    span: Span
    extractor: str
    confidence: float = 1.0
    attrs: dict[str, str] = field(default_factory=dict)  # e.g. type, ods_code, canonical name
