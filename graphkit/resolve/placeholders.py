"""Commenters' names that name nobody: 'Anonymous', 'A GP', 'Name withheld', a pseudonym in one word."""

from __future__ import annotations

import re

from graphkit.knowledge import gazetteer
from graphkit.resources import fold, lexicon, strip_honorific


def placeholder(name: str) -> bool:
    """A commenter's name that names nobody: 'Anonymous', 'A GP', 'Name withheld', 'Concerned patient',
    a pseudonym in one word ('NHSwatcher', 'doc_123'), a title alone ('NHS Manager', 'Dr Anon'), or
    someone of a place ('Disgusted of Tunbridge Wells', 'Rob from Leeds')."""
    name = strip_honorific(name) if strip_honorific(name).strip() else name
    folded = fold(name)
    words = name.split()
    placeholders = lexicon("placeholder_words")
    if (
        not folded
        or folded in lexicon("anonymous_names")
        or folded in placeholders
        or folded.split()[0] in placeholders
        or any(folded.startswith(f"{p} ") for p in placeholders if " " in p)  # 'Fed up GP'
    ):
        return True
    if words[0].lower() in {"a", "an"} and len(words) <= 4:
        return True  # 'A GP', 'An NHS manager'
    if _title_only(name) or _of_a_place(name):
        return True
    single = len(words) == 1 and (any(c.isdigit() or c == "_" for c in name) or re.search(r"[a-z][A-Z]", name))
    return bool(single)


def _title_only(name: str) -> bool:
    """'NHS Manager', 'Ex-NHS', 'Senior Nurse': job titles (and acronyms or placeholder words that qualify
    them) and no name."""
    words = re.split(r"[\s-]+", name.strip())
    titles = lexicon("job_titles") | lexicon("placeholder_words")
    folded = [fold(w) for w in words]
    return any(f in titles for f in folded) and all(
        f in titles or w.isupper() for w, f in zip(words, folded, strict=True)
    )


def _of_a_place(name: str) -> bool:
    """'Disgusted of Tunbridge Wells', 'Rob from Leeds': someone of a place the gazetteer knows."""
    m = re.fullmatch(r"(.+?)\s+(?:of|from|in)\s+(.+)", name.strip())
    return bool(m and len(m[1].split()) <= 2 and gazetteer.load().place(m[2]))
