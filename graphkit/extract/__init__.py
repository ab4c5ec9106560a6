"""Extract: spaCy Docs (and the document's own structure) in, Mentions out. Nothing here knows RDF."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from graphkit.extract.matchers import Matchers
from graphkit.extract.organisations import organisations
from graphkit.extract.people import people
from graphkit.extract.places import places
from graphkit.extract.tags import handles, hashtags, links
from graphkit.extract.topics import topics
from graphkit.model import Mention


def extract_post(doc: Doc, post: str, matchers: Matchers, known_people: Iterable[str] = ()) -> list[Mention]:
    """Every mention in one post (the article body, post '', or a comment), in extractor order."""
    found: list[Mention] = list(organisations(doc, post, matchers))
    taken = [(m.span.start, m.span.end) for m in found]
    found += people(doc, post, known_people, taken)
    taken += [(m.span.start, m.span.end) for m in found if m.kind == "person"]
    found += places(doc, post, matchers, taken)
    text = doc.text
    found += hashtags(text, post)
    found += handles(text, post)
    found += links(text, post)
    found += topics(doc, post, matchers.topics)
    return found
