"""Build progress: a tqdm bar on a terminal, a plain line every few seconds otherwise, nothing when quiet.

How far the build has got is measured in bytes of input: a file counts whole once a document from
the next file comes out, and the current file by the text of its documents done so far, so the
ETA holds for one big JSON Lines file as for many small ones.
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

CHARS_PER_WORD = 6  # a word and its space, on average, in the inputs' text


def input_bytes(inputs: Iterable[str | Path]) -> int:
    """The size of every file the build will read (what graphkit.ingest.find_sources finds)."""
    from graphkit.ingest import find_sources

    total = 0
    for source in find_sources(inputs):
        if isinstance(source, Path):
            with contextlib.suppress(OSError):
                total += source.stat().st_size
    return total


class Progress:
    def __init__(
        self, total_bytes: int, *, quiet: bool = False, stream: TextIO | None = None, every: float = 10.0
    ) -> None:
        self.stream = stream or sys.stderr
        self.total = max(total_bytes, 1)
        self.quiet = quiet
        self.every = every
        self.started = self.last = time.monotonic()
        self.documents = self.words = 0
        self.done_files = 0  # bytes of files finished
        self.source = ""
        self.in_source = 0  # bytes (estimated) of the current file done
        self.bar = None
        if not quiet and _is_terminal(self.stream):
            from tqdm import tqdm

            self.bar = tqdm(
                total=self.total, unit="B", unit_scale=True, file=self.stream, leave=False, dynamic_ncols=True,
                bar_format="{l_bar}{bar}| {postfix} [{elapsed}<{remaining}]",
            )  # fmt: skip

    def advance(self, source: str, words: int) -> None:
        """One document done: from `source`, with `words` words."""
        if source != self.source:
            if self.source:
                self.done_files += _size(self.source)
            self.source, self.in_source = source, 0
        self.in_source = min(_size(source), self.in_source + words * CHARS_PER_WORD)
        self.documents += 1
        self.words += words
        if self.quiet:
            return
        done = min(self.total, self.done_files + self.in_source)
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.documents:,} documents, {self.rate():,.0f} words/s", refresh=False)
            self.bar.update(done - self.bar.n)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            left = (now - self.started) * (self.total - done) / done if done else 0
            documents = f"{self.documents:,} document{'s' * (self.documents != 1)}"
            print(
                f"graphkit: {documents}, {self.words:,} words, {self.rate():,.0f} words/s, "
                f"{100 * done / self.total:.0f}% of the input, about {_duration(left)} left",
                file=self.stream,
                flush=True,
            )

    def rate(self) -> float:
        return self.words / max(time.monotonic() - self.started, 1e-9)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _size(source: str) -> int:
    try:
        return Path(source).stat().st_size
    except OSError:
        return 0


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


_TOPIC_LINK = re.compile(rb"<http://purl\.org/dc/terms/subject> <([^>]*)>")


class Tally:
    """What the build's one-line summary counts: documents, comments, people, organisations, topics."""

    def __init__(self) -> None:
        self.documents = self.comments = self.words = 0
        self.people: set[str] = set()
        self.organisations: set[str] = set()
        self.topics: set[bytes] = set()

    def add(self, result) -> None:
        """A graphkit.pipeline.DocumentResult done."""
        self.documents += 1
        self.comments += result.comments
        self.words += result.words
        for kind, key, _name in result.entities:
            (self.people if kind == "person" else self.organisations).add(key)
        self.topics.update(_TOPIC_LINK.findall(result.nquads))


def summary(output, tally: Tally, skipped: dict[str, int], seconds: float, store=None) -> str:
    """built OUT: 3 documents, 9 comments, 12 people, 8 organisations, 20 topics, 2 inputs skipped (…), 4.1 s, …

    For a store build (`store`: graphkit.incremental.StoreReport), how many documents were parsed,
    found unchanged and pruned.
    """
    documents = f"{tally.documents:,} document{'s' * (tally.documents != 1)}"
    if store is not None:
        documents += f" ({store.written:,} parsed, {store.unchanged:,} unchanged"
        documents += f", {store.pruned:,} pruned)" if store.pruned else ")"
    parts = [
        documents,
        f"{tally.comments:,} comment{'s' * (tally.comments != 1)}",
        f"{len(tally.people):,} people",
        f"{len(tally.organisations):,} organisation{'s' * (len(tally.organisations) != 1)}",
        f"{len(tally.topics):,} topic{'s' * (len(tally.topics) != 1)}",
    ]
    if skipped:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        total = sum(skipped.values())
        parts.append(f"{total} input{'s' * (total != 1)} skipped ({reasons})")
    parts.append(f"{_duration(seconds) if seconds >= 1 else f'{seconds:.1f} s'}")
    parts.append(f"{tally.words / max(seconds, 1e-9):,.0f} words/s")
    return f"built {output}: " + ", ".join(parts)


def skipped_by_reason(errors) -> dict[str, int]:
    """InputErrors counted by their reason, with names and numbers taken out ('not UTF-8', 'empty')."""
    counts: dict[str, int] = {}
    for error in errors:
        reason = getattr(error, "reason", str(error))
        reason = re.sub(r"'[^']*'|(?<![\w-])\d[\d,.]*", "…", reason.split(" (")[0].split(": ")[0]).strip()
        counts[reason] = counts.get(reason, 0) + 1
    return counts
