"""Build progress: a tqdm bar on a terminal, a plain line every few seconds otherwise, nothing when quiet.

How far the build has got is measured in bytes of input, in the order the files are read: every
file before the one a document comes from counts whole (also files read for nothing, such as a
table that holds no comments), and the current file by the words of its documents done so far at
the bytes per word of the files finished, so the ETA holds for one big JSON Lines file as for many
small ones. The clock for the rate and the ETA starts at the first document, after the pipeline
has loaded.
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


def input_files(inputs: Iterable[str | Path]) -> dict[str, int]:
    """The size of every file the build will read (what graphkit.ingest.find_sources finds), in reading order."""
    from graphkit.ingest import find_sources

    sizes: dict[str, int] = {}
    for source in find_sources(inputs):
        if isinstance(source, Path):
            with contextlib.suppress(OSError):
                sizes[str(source)] = source.stat().st_size
    return sizes


def input_bytes(inputs: Iterable[str | Path]) -> int:
    """The size of every file the build will read."""
    return sum(input_files(inputs).values())


class Progress:
    def __init__(
        self,
        files: dict[str, int] | int,
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
        every: float = 10.0,
    ) -> None:
        """`files`: each input file's size in reading order (`input_files`), or only the total bytes."""
        self.stream = stream or sys.stderr
        self.sizes = files if isinstance(files, dict) else {}
        self.before: dict[str, int] = {}  # bytes of the files read before each one
        total = 0
        for path, size in self.sizes.items():
            self.before[path] = total
            total += size
        self.total = max(total if isinstance(files, dict) else files, 1)
        self.quiet = quiet
        self.every = every
        self.started = self.last = time.monotonic()
        self.first: tuple[float, int] | None = None  # when the first document came, and the bytes done then
        self.documents = self.words = 0
        self.done_files = 0  # bytes of the files finished
        self.source = ""  # the file of the current document
        self.source_words = 0
        self.finished_bytes = self.finished_words = 0  # of files that gave documents: their bytes per word
        self.bar = None
        if not quiet and _is_terminal(self.stream):
            from tqdm import tqdm

            self.bar = tqdm(
                total=self.total, unit="B", unit_scale=True, file=self.stream, leave=False, dynamic_ncols=True,
                bar_format="{l_bar}{bar}| {postfix} [{elapsed}<{remaining}]",
            )  # fmt: skip

    def advance(self, source: str, words: int) -> None:
        """One document done: from `source` (a file, or a file and a locator: 'a.jsonl:3'), with `words` words."""
        path = self._file_of(source)
        if path != self.source:
            if self.source:
                self.finished_bytes += self._size(self.source)
                self.finished_words += self.source_words
            self.done_files = self.before.get(path, self.done_files + self._size(self.source))
            self.source, self.source_words = path, 0
        self.source_words += words
        self.documents += 1
        self.words += words
        if self.quiet:
            return
        done = self.done()
        now = time.monotonic()
        if self.first is None:
            self.first = (now, done)
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.documents:,} documents, {self.rate():,.0f} words/s", refresh=False)
            self.bar.update(done - self.bar.n)
            return
        if now - self.last >= self.every:
            self.last = now
            documents = f"{self.documents:,} document{'s' * (self.documents != 1)}"
            left = self.left(now, done)
            print(
                f"graphkit: {documents}, {self.words:,} words, {self.rate():,.0f} words/s, "
                f"{100 * done / self.total:.0f}% of the input"
                + (f", about {_duration(left)} left" if left is not None else ""),
                file=self.stream,
                flush=True,
            )

    def done(self) -> int:
        """Bytes of input done: the files before the current one, and the current one by its words so far."""
        per_word = self.finished_bytes / self.finished_words if self.finished_words else CHARS_PER_WORD
        current = min(self._size(self.source), round(self.source_words * per_word))
        return min(self.total, self.done_files + current)

    def left(self, now: float, done: int) -> float | None:
        """Seconds left at the rate since the first document; None until there is a rate to go by."""
        if self.first is None or done <= self.first[1] or now <= self.first[0]:
            return None
        return (now - self.first[0]) * (self.total - done) / (done - self.first[1])

    def rate(self) -> float:
        """Words per second since the first document (loading the pipeline is not parsing)."""
        since = self.first[0] if self.first is not None else self.started
        return self.words / max(time.monotonic() - since, 1e-9)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def _file_of(self, source: str) -> str:
        """The input file a document's source names: 'a.jsonl:3', 'a.json[2]' are of 'a.jsonl', 'a.json'."""
        if source == self.source or source in self.before:
            return source
        if self.source and source.startswith(self.source) and source[len(self.source)] in ":[,":
            return self.source
        for i in range(len(source) - 1, 0, -1):
            if source[i] in ":[," and source[:i] in self.before:
                return source[:i]
        return source

    def _size(self, path: str) -> int:
        if not path:
            return 0
        size = self.sizes.get(path)
        return size if size is not None else _size(path)


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


class Tally:
    """What the build's one-line summary counts: documents, comments, people, organisations, topics."""

    def __init__(self) -> None:
        self.documents = self.comments = self.words = 0
        self.people: set[str] = set()
        self.organisations: set[str] = set()
        self.topics: set[str] = set()

    def add(self, result) -> None:
        """A graphkit.pipeline.DocumentResult done."""
        self.documents += 1
        self.comments += result.comments
        self.words += result.words
        self.people.update(key for kind, key, _name in result.entities if kind == "person")
        self.organisations.update(result.tally.organisations)  # named ones: as the organisations query lists
        self.topics.update(topic for topic, _weight, _posts in result.tally.topics)


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
