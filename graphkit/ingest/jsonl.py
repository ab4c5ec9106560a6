"""JSON (one article, or a list of articles) and JSON Lines (one article a line).

Schema (DESIGN.md): id, url, title, author, publisher, published, body, and comments,
each with id, author, byline, role, organisation, posted, reply_to, body. Only `body`
or `comments` is required.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from graphkit import resources
from graphkit.errors import InputError
from graphkit.ingest.decode import clean, open_text, read_text
from graphkit.ingest.notes import Note
from graphkit.model import Comment, Document


def read_json(path: Path) -> Iterator[Document | InputError | Note]:
    """Read a JSON file holding one article object or a list of them."""
    text, notes = read_text(path)
    yield from notes
    data = _loads(text, path)
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InputError(path, "holds an empty list: no article to read")
    for n, item in enumerate(items, start=1):
        where = f"{path}[{n}]" if isinstance(data, list) else path
        try:
            doc = document_from_json(item, where, default_id=_default_id(path, n, len(items)))
            doc.source, doc.locator = str(path), f"record {n}" if isinstance(data, list) else ""
            yield doc
        except InputError as exc:
            yield exc


def read_jsonl(path: Path) -> Iterator[Document | InputError | Note]:
    """Read a JSON Lines file line by line; a broken line is reported with its number and the others still build."""
    stream, notes = open_text(path)
    with stream:
        yield from notes
        n = 0
        try:
            lines = ((n, line) for n, line in enumerate(stream, start=1) if line.strip())
            ahead = next(lines, None)
            only = ahead is not None and (second := next(lines, None)) is None
            pending = [ahead, second] if ahead is not None and not only else [ahead]
            for n, line in chain([p for p in pending if p is not None], lines):
                where = f"{path}:{n}"
                try:
                    default = _default_id(path, n, 1 if only else 2)
                    doc = document_from_json(_loads(line, where), where, default_id=default)
                except InputError as exc:
                    yield exc
                    continue
                doc.source, doc.locator = str(path), f"line {n}"
                yield doc
        except UnicodeDecodeError as exc:
            yield InputError(f"{path}:{n + 1}", f"is not {stream.encoding} text ({exc.reason}); the rest was not read")


def _loads(text: str, where: object) -> Any:
    """json.loads, with every way it can fail as one InputError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(where, "nests arrays or objects too deeply to be an article (over ~1,000 levels)") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(where, f"is not usable JSON ({str(exc).splitlines()[0]})") from None


def _default_id(path: Path, n: int, count: int) -> str:
    stem = resources.slug(path.stem)
    return stem if count == 1 else f"{stem}-{n}"


def document_from_json(item: Any, where: object, default_id: str) -> Document:
    """Check one article object against the schema and turn it into a Document."""
    if not isinstance(item, dict):
        raise InputError(where, f"expected a JSON object for an article, found {type(item).__name__}")
    body = _text(item, "body", where) or ""
    raw_comments = item.get("comments") or []
    if not isinstance(raw_comments, list):
        raise InputError(where, "'comments' must be a list")
    if not body.strip() and not raw_comments:
        raise InputError(where, "has neither 'body' nor 'comments'")
    comments = [_comment(c, where, n) for n, c in enumerate(raw_comments, start=1)]
    _unique_ids(comments)
    doc_id = _text(item, "id", where) or default_id
    return Document(
        id=resources.slug(doc_id) or default_id,
        title=_short(item, "title", where),
        url=_short(item, "url", where),
        author=_short(item, "author", where),
        publisher=_short(item, "publisher", where),
        published=_short(item, "published", where),
        body=body.strip(),
        comments=comments,
        source=str(where),
    )


def _comment(item: Any, where: object, position: int) -> Comment:
    if not isinstance(item, dict):
        raise InputError(where, f"comment {position} is not a JSON object")
    where = f"{where}, comment {position}"
    return Comment(
        id=resources.slug(_text(item, "id", where) or "") or str(position),
        author=_short(item, "author", where) or "Anonymous",
        byline=(_text(item, "byline", where) or "").strip(),
        role=_short(item, "role", where),
        organisation=_short(item, "organisation", where),
        posted=_short(item, "posted", where),
        reply_to=resources.slug(_text(item, "reply_to", where) or "") or None,
        body=(_text(item, "body", where) or "").strip(),
        position=position,
    )


def _unique_ids(comments: list[Comment]) -> None:
    """Two comments with one id keep both: the later one becomes '<id>-<position>'."""
    seen: set[str] = set()
    for comment in comments:
        if comment.id in seen:
            comment.id = f"{comment.id}-{comment.position}"
        seen.add(comment.id)


def _text(item: dict, key: str, where: object) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    # Ids may be numbers; every other field is text.
    allowed = str | int if key in {"id", "reply_to"} else str
    if isinstance(value, bool) or not isinstance(value, allowed):
        raise InputError(where, f"'{key}' must be a string, found {type(value).__name__}")
    return str(value).replace("\r\n", "\n")


def _short(item: dict, key: str, where: object) -> str | None:
    value = _text(item, key, where)
    return clean(value) or None if value is not None else None
