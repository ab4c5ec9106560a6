"""Ingest: files in, Documents out. One reader per format, one table keyed by suffix."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graphkit.errors import InputError
from graphkit.ingest.html import read_html
from graphkit.ingest.jsonl import read_json, read_jsonl
from graphkit.ingest.text import read_text_file
from graphkit.model import Document

Reader = Callable[[Path], Iterator["Document | InputError"]]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
}


def find_sources(inputs: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand inputs: files as given, directories walked (sorted) for files with a known suffix."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in READERS and not _hidden(child, path):
                    yield child
        elif not path.exists():
            yield InputError(path, "does not exist")
        elif path.suffix.lower() not in READERS:
            known = ", ".join(sorted(READERS))
            yield InputError(path, f"has an unsupported type '{path.suffix}' (known: {known})")
        else:
            yield path


def read_documents(inputs: Iterable[str | Path]) -> Iterator[Document | InputError]:
    """Every Document in the inputs, in order; an unreadable file or record yields its InputError instead."""
    for source in find_sources(inputs):
        if isinstance(source, InputError):
            yield source
            continue
        try:
            yield from READERS[source.suffix.lower()](source)
        except InputError as exc:
            yield exc


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
