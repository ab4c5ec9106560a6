"""The plain records that flow between stages: documents in, mentions out, resolved documents on to graph.

Every stage may import this module; it imports nothing of graphkit's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TITLE = "#title"  # the post key under which an article's title is parsed (no comment id starts with '#')


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
    """Where a piece of evidence sits: a post (comment id, or '' for the article), a field and offsets.

    Make one with Span.of(source, start, end, ...): its quote is then source[start:end] by construction.
    """

    post: str
    start: int
    end: int
    text: str
    field: str = "content"  # "content" (the post's text), "byline" or "title"

    @classmethod
    def of(cls, source: str, start: int, end: int, post: str = "", field: str = "content") -> Span:
        """The span of source[start:end] in a post's field (offsets index the field's whole text)."""
        if not 0 <= start <= end <= len(source):
            raise ValueError(f"span {start}..{end} is outside a text of {len(source)} characters")
        return cls(post, start, end, source[start:end], field)

    def shifted(self, offset: int) -> Span:
        """The same quote, its offsets moved by `offset` (a piece of a post parsed on its own)."""
        return Span(self.post, self.start + offset, self.end + offset, self.text, self.field)

    def moved(self, post: str, field: str) -> Span:
        return Span(post, self.start, self.end, self.text, field)


@dataclass(slots=True)
class Mention:
    """Something an extractor found in the text, before resolution gives it an identity."""

    kind: str  # person | organisation | place | hashtag | handle | link | topic | office
    name: str  # the normalised surface form (possessives stripped, spacing folded)
    span: Span
    extractor: str
    confidence: float = 1.0
    attrs: dict[str, str] = field(default_factory=dict)  # e.g. type, ods_code, canonical name

    def shifted(self, offset: int) -> Mention:
        if not offset:
            return self
        return Mention(self.kind, self.name, self.span.shifted(offset), self.extractor, self.confidence, self.attrs)


@dataclass(frozen=True, slots=True)
class Reply:
    """Which post a comment answers, found by extract.replies."""

    comment: str  # the replying comment's id
    target: str | None  # the comment it answers; None for the article
    evidence: Span | None
    extractor: str
    confidence: float


@dataclass(frozen=True)
class Extracted:
    """Everything extract found in one document: mentions in its posts, replies, keyphrases."""

    mentions: tuple[Mention, ...]
    replies: tuple[Reply, ...] = ()
    keyphrases: tuple[tuple[str, float], ...] = ()


# What resolution produces: entities with stable keys, and the statements between them.


@dataclass
class Entity:
    kind: str  # person | organisation | place | hashtag | handle | link | topic
    key: str  # slug, unique within its kind; the IRI is minted from kind and key
    name: str
    type: str = ""  # organisation type, person kind, place kind
    ods_code: str = ""
    parent_code: str = ""
    parent: str = ""  # for an NHS site: the key of its trust
    reports_to: str = ""  # for an English NHS body: the key of its ICB (a trust) or NHS England region (an ICB)
    country: str = ""  # for an NHS body: 'England', 'Wales', 'Scotland' or 'Northern Ireland'
    aliases: set[str] = field(default_factory=set)
    owner: tuple[str, str] | None = None  # for a handle: (kind, key) of the agent it belongs to
    scheme: bool = False  # a topic of the scheme (not a keyphrase)
    broader: str = ""  # for an emergent topic: the key of the scheme concept it is narrower than


@dataclass(frozen=True)
class Membership:
    person: str
    role: str | None
    organisation: str | None
    evidence: Span | None
    extractor: str
    confidence: float
    org_evidence: Span | None = None  # the organisation's own words (a byline's organisation line)


@dataclass(frozen=True)
class Located:
    person: str
    place: str
    evidence: Span | None


@dataclass(frozen=True)
class MentionLink:
    """A post names an entity: the post key ('' for the article), the entity and the evidence."""

    post: str
    kind: str
    key: str
    mention: Mention


@dataclass
class Resolved:
    """One document resolved: what graph.build draws."""

    doc: Document
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    locations: list[Located] = field(default_factory=list)
    mentions: list[MentionLink] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    authors: dict[str, str] = field(default_factory=dict)  # comment id -> person key
    bylines: dict[str, str] = field(default_factory=dict)  # post key ('' for the article's author) -> byline
    post_topics: dict[str, dict[str, float]] = field(default_factory=dict)  # post -> topic key -> weight
    # (successor key, predecessor key, ISO date or '', event): NHS bodies that replaced others
    successions: list[tuple[str, str, str, str]] = field(default_factory=list)
    publisher: str | None = None
    author: str | None = None
