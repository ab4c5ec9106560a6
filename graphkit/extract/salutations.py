"""The person a letter is addressed to: 'Dear Mr Roe,' on a line of its own names Roe (an honorific and
a surname only), and 'As our local MP, you …' in the letter gives the addressee that role.

The name is the surname as written; the resolver makes it the person of the document with that surname
when the text names them in full, else a person of their own (attrs['addressed']).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphkit.extract.titles import is_title_word
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon

_DEAR = re.compile(r"^[ \t]*Dear\s+(?P<hon>[A-Z][a-z]+)\.?\s+(?P<name>[A-Z][\w'’-]+)[ \t]*,?[ \t]*$", re.MULTILINE)
# 'As our local MP, you …'; 'As our local MP I am asking you to …' (the 'you' later in the sentence)
_YOU = re.compile(
    r"\bAs\s+(?:our|my)\s+(?:local\s+)?(?P<role>[A-Z]{2,4}|[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)"
    r"(?:\s*,\s+you\b|,?\s+I\s[^.!?\n]{0,80}?\byou\b)"
)
_LETTER_END = re.compile(r"\n[ \t]*\n[ \t]*Dear\s")  # the next letter of a letters page


def salutations(text: str, post: str, covered: list[tuple[int, int]]) -> Iterator[Mention]:
    """'person' mentions of the people letters are addressed to, and the 'role' each letter gives them."""
    for m in _DEAR.finditer(text):
        name = m["name"]
        if fold(m["hon"]) not in lexicon("honorifics") or is_title_word(name):
            continue  # 'Dear Mr Chairman,' names no one; spaCy's PERSON on a surname alone is dropped: not this
        covered.append(m.span("name"))
        span = Span.of(text, m.start("name"), m.end("name"), post)
        yield Mention("person", name, span, "salutation", 0.75, {"addressed": "1"})
        nxt = _LETTER_END.search(text, m.end())
        end = nxt.start() if nxt else len(text)
        said = _YOU.search(text, m.end(), end)
        if said is not None and is_title_word(said["role"]):
            role = Span.of(text, said.start("role"), said.end("role"), post)
            yield Mention("role", said["role"], role, "salutation", 0.7, {"person": name})
