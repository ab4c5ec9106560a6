"""Across documents: the same normalised name and kind is already one entity (one key);
near matches ('Nuffield Trust Ltd' / 'Nuffield Trust') are only recorded as skos:closeMatch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz, process

from graphkit.resources import fold

THRESHOLD = 92.0
_KINDS = ("person", "organisation")


class NameRegistry:
    """The names of people and organisations seen so far; small (names only) however long the corpus."""

    def __init__(self) -> None:
        self.names: dict[str, dict[str, str]] = {kind: {} for kind in _KINDS}  # kind -> key -> folded name
        self.extractors: set[str] = set()

    def add(self, entities: Iterable[tuple[str, str, str]], extractors: Iterable[str] = ()) -> None:
        """(kind, key, name) of one document's entities, and the extractors that found its evidence.

        Where documents write one key differently, the least folded form is kept, so the outcome
        does not depend on the order documents come in.
        """
        for kind, key, name in entities:
            if kind in self.names:
                folded = fold(name)
                known = self.names[kind].get(key)
                self.names[kind][key] = folded if known is None else min(known, folded)
        self.extractors.update(extractors)

    def close_matches(self) -> Iterator[tuple[str, str, str]]:
        """(kind, key, other key) for distinct entities whose names nearly match."""
        for kind, names in self.names.items():
            keys = sorted(names)
            choices = [names[k] for k in keys]
            for i, key in enumerate(keys):
                for _, _score, j in process.extract(
                    choices[i], choices, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=5
                ):
                    if j > i and _compatible(choices[i], choices[j]):
                        yield kind, key, keys[j]


def _compatible(a: str, b: str) -> bool:
    """Near spellings, not different people: 'John Smith' and 'Joan Smith' differ in the first name."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and (len(wa) < 2 or wa[0][:1] == wb[0][:1])
