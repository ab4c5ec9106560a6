"""What the extractors read from every token of a parsed post, read once per post and shared.

spaCy makes a Python Token object each time a token is read from a Doc, and `Doc.text` joins every
token's text again on each access: the extractors of one post would walk its tokens a dozen times
over. What they share is read here once per Doc and kept in that Doc's own `user_data` (plain
values, so it dies with the Doc and a Doc serialised with it stays readable): nothing is shared
between posts, so no output can depend on the order they come in.
"""

from __future__ import annotations

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

_TEXT = "graphkit.text"
_OFFSETS = "graphkit.offsets"


def post_text(doc: Doc) -> str:
    """`doc.text`, made once per Doc."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """(starts, ends): token i is `post_text(doc)[starts[i]:ends[i]]`, and the text of the span of
    tokens i..j is `post_text(doc)[starts[i]:ends[j]]`, read without making a Token or a Span."""
    found = doc.user_data.get(_OFFSETS)
    if found is None:
        rows = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        found = doc.user_data[_OFFSETS] = ([s for s, _n in rows], [s + n for s, n in rows])
    return found
