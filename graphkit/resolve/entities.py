"""What resolution produces: entities with stable keys, and the statements between them."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphkit.extract.replies import Reply
from graphkit.model import Document, Mention, Span


@dataclass
class Entity:
    kind: str  # person | organisation | place | hashtag | handle | link | topic
    key: str  # slug, unique within its kind; the IRI is minted from kind and key
    name: str
    type: str = ""  # organisation type, person kind, place kind
    ods_code: str = ""
    parent_code: str = ""
    parent: str = ""  # for an NHS site: the key of its trust
    aliases: set[str] = field(default_factory=set)
    owner: tuple[str, str] | None = None  # for a handle: (kind, key) of the agent it belongs to
    scheme: bool = False  # a topic of the scheme (not a keyphrase)


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
    doc: Document
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    locations: list[Located] = field(default_factory=list)
    mentions: list[MentionLink] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    authors: dict[str, str] = field(default_factory=dict)  # comment id -> person key
    bylines: dict[str, str] = field(default_factory=dict)  # post key ('' for the article's author) -> byline
    post_topics: dict[str, dict[str, float]] = field(default_factory=dict)  # post -> topic key -> weight
    publisher: str | None = None
    author: str | None = None

    def add(self, entity: Entity) -> Entity:
        """Add an entity, or return the one already there with the same kind and key."""
        existing = self.entities.get((entity.kind, entity.key))
        if existing:
            existing.aliases |= entity.aliases
            return existing
        self.entities[(entity.kind, entity.key)] = entity
        return entity
