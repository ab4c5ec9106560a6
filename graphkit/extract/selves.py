"""What a letter's writer says they are: 'I am a retired GP', 'As a veterinarian, I …', 'As a consultant
surgeon in 1998 I …'. The role is the signer's of the signature block that ends the letter
(extract.signatures), for a block that gives no title of its own.

The words after 'As a'/'I am a'/'I was a' up to a comma, a preposition or the sentence's end are the
role when their last word is a job title (data/lexicons/job_titles.csv) and not a lay standpoint
('As a patient', 'As a carer': data/lexicons/lay_roles.csv).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphkit.resources import fold, lexicon

_SELF = re.compile(
    r"(?:^|(?<=[.!?\"”:\u2013\u2014,]\s)|(?<=\n))(?:As|I am|I'm|I’m|I was)\s+an?\s+"
    r"(?P<role>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)"
    r"(?=\s*[,;.!?]|\s+(?:for|in|at|of|and|who|with|since|from|I|my|working)\b)",
    re.MULTILINE,
)


def own_roles(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, role) of the roles a writer gives themself in text[start:end]."""
    titles, lay = lexicon("job_titles"), lexicon("lay_roles")
    for m in _SELF.finditer(text, start, end):
        role = m["role"]
        head = fold(role.split()[-1])
        if head in titles and head not in lay and not any(w[:1].isupper() for w in role.split()[1:] if len(w) > 3):
            yield m.start("role"), m.end("role"), role
