"""What one resolution step found, as a value: the steps read the document resolved so far and
return a Found; resolve_document absorbs each into the next state, in one visible order.

A step never changes the state it reads: an entity it looks up is copied into its Found first
(copy on access), so the aliases or kind it adds belong to its own result until absorbed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from graphkit.model import Entity, Located, Membership, MentionLink, Resolved


class _Entities(Mapping):
    """The entities known before the step and found by it; reading one makes it the step's own copy."""

    def __init__(self, found: Found) -> None:
        self._found = found

    def __getitem__(self, key: tuple[str, str]) -> Entity:
        own = self._found.own
        if key not in own:
            base = self._found.known.entities[key]
            own[key] = replace(base, aliases=set(base.aliases))
        return own[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        yield from self._found.known.entities
        yield from (k for k in self._found.own if k not in self._found.known.entities)

    def __len__(self) -> int:
        return len(self._found.known.entities.keys() | self._found.own.keys())

    def __contains__(self, key: object) -> bool:
        return key in self._found.own or key in self._found.known.entities


@dataclass
class Found:
    known: Resolved  # the document resolved before this step (read only)
    own: dict[tuple[str, str], Entity] = field(default_factory=dict)  # entities new or changed here
    memberships: list[Membership] = field(default_factory=list)
    locations: list[Located] = field(default_factory=list)
    mentions: list[MentionLink] = field(default_factory=list)
    authors: dict[str, str] = field(default_factory=dict)
    bylines: dict[str, str] = field(default_factory=dict)
    post_topics: dict[str, dict[str, float]] = field(default_factory=dict)
    publisher: str | None = None
    author: str | None = None

    @property
    def doc(self):
        return self.known.doc

    @property
    def entities(self) -> _Entities:
        return _Entities(self)

    def add(self, entity: Entity) -> Entity:
        """Add an entity, or return the one already there (known or found) with its aliases joined."""
        key = (entity.kind, entity.key)
        if key in self.entities:
            existing = self.entities[key]
            existing.aliases |= entity.aliases
            return existing
        self.own[key] = entity
        return entity

    def values(self) -> list[Entity]:
        """Every entity known or found, to read (not to change: look one up in .entities for that)."""
        return list({**self.known.entities, **self.own}.values())

    def all_mentions(self) -> list[MentionLink]:
        return [*self.known.mentions, *self.mentions]

    def all_memberships(self) -> list[Membership]:
        return [*self.known.memberships, *self.memberships]

    def author_of(self, comment_id: str) -> str | None:
        return self.authors.get(comment_id) or self.known.authors.get(comment_id)

    def publisher_key(self) -> str | None:
        return self.publisher or self.known.publisher


def absorb(state: Resolved, found: Found) -> Resolved:
    """The next state: the step's entities in place of (or after) the known ones, its lists appended."""
    return replace(
        state,
        entities={**state.entities, **found.own},
        memberships=[*state.memberships, *found.memberships],
        locations=[*state.locations, *found.locations],
        mentions=[*state.mentions, *found.mentions],
        authors={**state.authors, **found.authors},
        bylines={**state.bylines, **found.bylines},
        post_topics={**state.post_topics, **found.post_topics},
        publisher=found.publisher or state.publisher,
        author=found.author or state.author,
    )
