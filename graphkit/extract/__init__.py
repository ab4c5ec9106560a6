"""Extract: spaCy Docs (and the document's own structure) in, Mentions out. Nothing here knows RDF.

Every scan of text is an extractor here, a plain function yielding Mentions with spans:
per post (`extract_post`: organisations, people, places, tags, topics) and per document
(`extract_document`: bylines, definite references, surnames, replies, keyphrases).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from graphkit.extract.bylines import byline_mentions
from graphkit.extract.matchers import Matchers
from graphkit.extract.organisations import organisations
from graphkit.extract.people import people, surnames
from graphkit.extract.places import places
from graphkit.extract.references import definite_references
from graphkit.extract.replies import infer_replies
from graphkit.extract.signatures import signature, signature_blocks
from graphkit.extract.tags import handles, hashtags, links, owned_handles
from graphkit.extract.tokens import post_text
from graphkit.extract.topics import keyphrases, phrases, topics
from graphkit.extract.words import zipf
from graphkit.model import TITLE, Document, Extracted, Mention

_COVERING = {"organisation", "handle", "reference", "person"}  # mentions a surname inside is not one


def prepare(nlp) -> Matchers:
    """Load now what the extractors load on first use: the phrase matchers (with the gazetteers and the
    topic index) and the word frequencies. A worker process forked afterwards shares them."""
    from graphkit.extract.matchers import build

    zipf("the")  # reads the word-frequency table
    return build(nlp)


def extract_post(doc: Doc, post: str, matchers: Matchers, known_people: Iterable[str] = ()) -> list[Mention]:
    """Every mention in one post (the article body, post '', or a comment), in extractor order."""
    found: list[Mention] = list(organisations(doc, post, matchers))
    taken = [(m.span.start, m.span.end) for m in found]
    found += people(doc, post, known_people, taken)
    taken += [(m.span.start, m.span.end) for m in found if m.kind == "person"]
    found += places(doc, post, matchers, taken)
    text = post_text(doc)
    found += hashtags(text, post)
    persons = [m for m in found if m.kind == "person"]
    found += owned_handles(text, list(handles(text, post)), persons)
    found += links(text, post)
    # A topic is what the post says, not a word of a name or of the signature block that ends it:
    # 'Foundation Trust' in a trust's name, 'Consultant' under a signer's name are not topics.
    taken += [(m.span.start, m.span.end) for m in found if m.kind == "place"]
    taken += signature_blocks(text)
    found += topics(doc, post, matchers.topics, taken)
    found += phrases(doc, post, taken, matchers.topics)
    return found


def extract_document(doc: Document, post_mentions: Iterable[Mention], keyphrases_per_doc: int = 8) -> Extracted:
    """A document's mentions: those of its parsed posts (title mentions moved to the article's
    title field), then its bylines, definite references and surnames; its replies and keyphrases."""
    mentions = [_from_title(m) if m.span.post == TITLE else m for m in post_mentions]
    if doc.author_byline:
        mentions += byline_mentions(doc.author_byline, "")
    for comment in doc.comments:
        if comment.byline:
            mentions += byline_mentions(comment.byline, comment.id)
    posts = [("", doc.body)] + [(c.id, c.body) for c in doc.comments]
    for post, text in posts:
        mentions += definite_references(text, post)
        mentions += signature(text, post)
    names = [doc.author or ""] + [c.author for c in doc.comments]
    names += [m.name for m in mentions if m.kind == "person"]
    for post, text in posts:
        mentions += surnames(text, post, names, _covering(mentions, post))
    nouns = [m for m in mentions if m.kind == "phrase"]
    phrases = keyphrases(nouns, keyphrases_per_doc) if keyphrases_per_doc else []
    phrases = [(label, 1.0) for label in (*doc.categories, *doc.tags)] + phrases  # the site's own labels
    return Extracted(tuple(mentions), tuple(infer_replies(doc)), tuple(phrases))


def _covering(mentions: list[Mention], post: str) -> list[tuple[int, int]]:
    return [
        (m.span.start, m.span.end)
        for m in mentions
        if m.span.post == post and m.span.field == "content" and m.kind in _COVERING
    ]


def _from_title(m: Mention) -> Mention:
    return Mention(m.kind, m.name, m.span.moved("", "title"), m.extractor, m.confidence, m.attrs)
