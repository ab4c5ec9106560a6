"""Ingest: files in, Documents out. One reader per format, one table keyed by suffix.

A file's suffix picks its candidate reader; for markup (.xml, .html, .htm, .xhtml) the first bytes
decide: a `<disqus>` root is a Disqus export, an `<rss>` with WordPress's namespace is a WXR
export, an `<html>` page is a web page, whatever the suffix says.

Readers yield Documents, and InputErrors for what they cannot read; besides, `Skipped` (what they
left out, by reason) and `Note` (how a file was read when not as written) from graphkit.ingest.notes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graphkit.errors import InputError
from graphkit.ingest.decode import open_regular
from graphkit.ingest.disqus import read_disqus
from graphkit.ingest.html import read_html
from graphkit.ingest.jsonl import read_json, read_jsonl
from graphkit.ingest.limits import MAX_POST_CHARS, SNIFF_BYTES
from graphkit.ingest.notes import Note, Skipped
from graphkit.ingest.tables import read_csv, read_tsv
from graphkit.ingest.text import read_text_file
from graphkit.ingest.wxr import read_wxr
from graphkit.ingest.xmlfile import root_name
from graphkit.model import Document

__all__ = ["READERS", "Note", "Skipped", "find_sources", "read_documents", "reader_for"]

Item = Document | InputError | Skipped | Note
Reader = Callable[..., Iterator[Item]]


def read_xml(path: Path, **_: object) -> Iterator[Item]:
    """A .xml file: a WordPress (WXR) or Disqus export, told apart by its root element."""
    reader = _by_content(path)
    if reader is None or reader is read_xml:
        raise InputError(path, "is XML but neither a WordPress export (<rss> with wp: elements) nor a Disqus export")
    return reader(path)


READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".xml": read_xml,
    ".csv": read_csv,
    ".tsv": read_tsv,
}
_MARKUP = frozenset({".xml", ".html", ".htm", ".xhtml"})


def reader_for(path: Path) -> Reader:
    """The reader for a file: by suffix, and for markup by what the file's first bytes say it is."""
    reader = READERS[path.suffix.lower()]
    if path.suffix.lower() in _MARKUP:
        return _by_content(path) or reader
    return reader


def _by_content(path: Path) -> Reader | None:
    with open_regular(path) as handle:
        head = handle.read(SNIFF_BYTES)
    name = root_name(head)
    if name == "disqus":
        return read_disqus
    if name == "rss" and b"wordpress.org/export/" in head:
        return read_wxr
    if name == "html":
        return read_html
    return None


def find_sources(inputs: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand inputs: files as given, directories walked (sorted) for files with a known suffix.

    A file that vanishes between listing and reading, or is not a regular file (a named pipe),
    is one InputError, never a silent gap.
    """
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            try:
                children = sorted(path.rglob("*"))
            except OSError as exc:  # a subfolder removed or unreadable while being listed
                yield InputError(path, f"could not be listed ({exc.strerror or exc})")
                continue
            for child in children:
                if child.suffix.lower() in READERS and not _hidden(child, path) and not _is_dir(child):
                    yield child
        elif not os.path.lexists(path):
            yield InputError(path, "does not exist")
        elif path.suffix.lower() not in READERS:
            known = ", ".join(sorted(READERS))
            yield InputError(path, f"has an unsupported type '{path.suffix}' (known: {known})")
        else:
            yield path


def read_documents(inputs: Iterable[str | Path], *, columns: dict[str, str] | None = None) -> Iterator[Item]:
    """Every Document in the inputs, in order; an unreadable file or record yields its InputError instead.

    `columns` maps field names to CSV/TSV header names (graphkit.ingest.tables). Posts over
    MAX_POST_CHARS characters are left out, each with a `Skipped` naming it.
    """
    for source in find_sources(inputs):
        if isinstance(source, InputError):
            yield source
            continue
        try:
            reader = reader_for(source)
            items = reader(source, columns=columns) if reader in (read_csv, read_tsv) else reader(source)
            for item in items:
                if isinstance(item, Document):
                    yield from _capped(item)
                else:
                    yield item
        except InputError as exc:
            yield exc
        except RecursionError:
            yield InputError(source, "nests elements too deeply to be read")


def _capped(doc: Document) -> Iterator[Document | Skipped]:
    """The document without posts longer than MAX_POST_CHARS, and one Skipped for each left out."""
    where = f"{doc.source}, {doc.locator}" if doc.locator else doc.source
    if len(doc.body) > MAX_POST_CHARS:
        yield Skipped(
            where, "post over the size cap", 1, f"the article has {len(doc.body):,} characters (cap {MAX_POST_CHARS:,})"
        )
        doc.body = ""
    kept = []
    for comment in doc.comments:
        if len(comment.body) > MAX_POST_CHARS:
            detail = f"comment {comment.id} has {len(comment.body):,} characters (cap {MAX_POST_CHARS:,})"
            yield Skipped(where, "post over the size cap", 1, detail)
        else:
            kept.append(comment)
    doc.comments = kept
    yield doc


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
