"""Bodies listed with one head noun: 'Anytown, Beeton and Ceeford hospitals issued alerts' names three
hospitals ('Anytown Hospital', 'Beeton Hospital', 'Ceeford Hospital') when the gazetteer lists them;
the place words are then their names, not places, nor one organisation 'Beeton and Ceeford'."""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphkit.knowledge import gazetteer
from graphkit.model import Mention, Span

_WORD = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
_LIST = re.compile(rf"(?P<list>(?:{_WORD},\s+)*{_WORD},?\s+and\s+{_WORD})\s+(?P<head>hospitals)\b")
_PART = re.compile(_WORD)
_FORMS = ("{} Hospital", "{} Community Hospital")  # how a listed hospital may be named after its town


def listed_sites(text: str, post: str, taken: list[tuple[int, int]]) -> Iterator[Mention]:
    """'organisation' mentions of the listed bodies a list of names with one plural head stands for."""
    gaz = gazetteer.load()
    for m in _LIST.finditer(text):
        found = []
        for part in _PART.finditer(m["list"]):
            start, end = m.start("list") + part.start(), m.start("list") + part.end()
            entry = next((e for form in _FORMS if (e := gaz.org(form.format(part.group()))) is not None), None)
            if entry is not None and not any(s < end and start < e for s, e in taken):
                found.append((entry, start, end))
        if len(found) < 2:
            continue  # one listed name among others is no list of bodies
        for entry, start, end in found:
            attrs = {"type": entry.type, "canonical": entry.name}
            if entry.ods_code:
                attrs["ods_code"] = entry.ods_code
            yield Mention("organisation", entry.name, Span.of(text, start, end, post), "listed-heads", 0.8, attrs)
