"""What a graph holds, in the reader's terms: documents, comments, people by kind, organisations by type,
topics; counted through the canned queries (the same numbers `graphkit query` gives)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

from graphkit.query import load_query, rows, run


def ask(store: ox.Store, name: str, **params: ox.NamedNode | ox.Literal) -> list[dict[str, str]]:
    """The rows of a canned query (queries/NAME.rq)."""
    return rows(run(store, load_query(name), params or None))


@dataclass(frozen=True)
class Stats:
    documents: int
    comments: int
    people: dict[str, int]  # person kind (commenter, author, public_figure, other) -> count
    organisations: dict[str, int]  # organisation type -> count
    topics: int  # topics some post is about
    titles: list[str] = field(default_factory=list)  # the articles' titles, in date order
    first: str = ""  # the earliest and latest article dates ('' where none is dated)
    last: str = ""

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "comments": self.comments,
            "people": sum(self.people.values()),
            "people_by_kind": dict(self.people),
            "organisations": sum(self.organisations.values()),
            "organisations_by_type": dict(self.organisations),
            "topics": self.topics,
            "first": self.first,
            "last": self.last,
        }

    def lines(self) -> list[str]:
        """The counts as lines for a terminal."""
        out = [f"{self.documents:>8}  documents", f"{self.comments:>8}  comments"]
        out.append(f"{sum(self.people.values()):>8}  people")
        out += [f"{n:>8}    {kind.replace('_', ' ')}" for kind, n in self.people.items()]
        out.append(f"{sum(self.organisations.values()):>8}  organisations")
        out += [f"{n:>8}    {kind.replace('_', ' ')}" for kind, n in self.organisations.items()]
        out.append(f"{self.topics:>8}  topics")
        if self.first:
            span = self.first if self.last == self.first else f"{self.first} to {self.last}"
            out.append(f"{'':>8}  dated {span}")
        return out


def cached(store: ox.Store):
    """`ask` for one store that runs each canned query once (the report asks some several times)."""
    answers: dict[str, list[dict[str, str]]] = {}

    def ask_once(name: str) -> list[dict[str, str]]:
        if name not in answers:
            answers[name] = ask(store, name)
        return answers[name]

    return ask_once


def stats(store: ox.Store, *, asker=None) -> Stats:
    """The counts; `asker` (from `cached`) shares query answers with a caller that needs them too."""
    asker = asker or cached(store)
    documents = asker("documents")
    dates = sorted(d["created"] for d in documents if d.get("created"))
    people = Counter(row["kind"] for row in asker("people"))
    organisations = Counter(row["type"] for row in asker("organisations"))
    return Stats(
        documents=len(documents),
        comments=sum(int(d.get("comments", 0)) for d in documents),
        people=dict(sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))),
        organisations=dict(sorted(organisations.items(), key=lambda kv: (-kv[1], kv[0]))),
        topics=len(asker("topics")),
        titles=[d["title"] for d in documents if d.get("title")],
        first=dates[0] if dates else "",
        last=dates[-1] if dates else "",
    )


def corpus_name(store: ox.Store, fallback: str, *, asker=None) -> str:
    """What to call a corpus on a page: its article's title, its two titles, or `fallback` (the output's
    name) with the number of articles."""
    documents = (asker or cached(store))("documents")
    titles = [d["title"] for d in documents if d.get("title")]
    if titles and len(titles) == len(documents) <= 2:
        return "; ".join(titles)
    return f"{fallback}: {len(documents)} articles" if len(documents) > 1 else fallback
