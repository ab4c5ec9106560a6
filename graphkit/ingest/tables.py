"""CSV and TSV of comments: one row per comment, as CMS exports and spreadsheets give them.

Columns are found by their header names (data/lexicons/columns.csv holds the default mapping:
article id/url/title/body, comment id, author, author URL, byline, role, organisation, date,
parent id, text); `columns` ({field: header}) overrides it. Rows are grouped into one document
per article id (else url, else title; with none, the file is one article), spooled to disk so a
large export is never held whole. The csv module reads quoted newlines and doubled quotes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from graphkit import resources
from graphkit.errors import InputError
from graphkit.ingest.decode import clean, open_text
from graphkit.ingest.limits import MAX_POST_CHARS, SNIFF_BYTES
from graphkit.ingest.notes import Note, Skipped
from graphkit.ingest.spool import Spool
from graphkit.ingest.threads import RawComment, thread
from graphkit.model import Document

FIELDS = ("article_id", "article_url", "article_title", "article_body", "id", "author", "author_url", "byline",
          "role", "organisation", "posted", "reply_to", "body")  # fmt: skip
_GROUP_BY = ("article_id", "article_url", "article_title")


@cache
def default_columns() -> dict[str, tuple[str, ...]]:
    """field -> header names that mean it, in order of preference (folded: case, spaces, '_' and '-')."""
    rows = resources.read_rows("lexicons/columns.csv")
    return {row["field"]: tuple(_fold(h) for h in row["header"].split("|")) for row in rows}


def parse_columns(text: str) -> dict[str, str]:
    """'author=Name,body=Comment' -> {'author': 'Name', 'body': 'Comment'}; a wrong field is a ValueError."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, sep, header = part.partition("=")
        field = field.strip().lower().replace("-", "_")
        if not sep or not header.strip():
            raise ValueError(f"'{part}' is not FIELD=HEADER")
        if field not in FIELDS:
            raise ValueError(f"unknown field '{field}' (known: {', '.join(FIELDS)})")
        mapping[field] = header.strip()
    return mapping


def read_csv(path: Path, columns: dict[str, str] | None = None) -> Iterator[Document | Skipped | Note | InputError]:
    return _read(path, None, columns or {})


def read_tsv(path: Path, columns: dict[str, str] | None = None) -> Iterator[Document | Skipped | Note | InputError]:
    return _read(path, "\t", columns or {})


def _read(path: Path, delimiter: str | None, columns: dict[str, str]):
    text, notes = open_text(path)
    with text:
        yield from notes
        reader = None
        try:
            if delimiter is None:
                delimiter = _delimiter(text.read(SNIFF_BYTES))
                text.seek(0)
            csv.field_size_limit(4 * MAX_POST_CHARS)
            reader = csv.reader(text, delimiter=delimiter)
            header = next(reader, None)
            if header is None:
                raise InputError(path, "is empty")
            where = _columns(header, columns, path)
            with Spool() as spool:
                for row in reader:
                    if not any(cell.strip() for cell in row):
                        continue
                    record = {f: row[i] if i < len(row) else "" for f, i in where.items()}
                    key = next((record[f].strip() for f in _GROUP_BY if record.get(f, "").strip()), "")
                    spool.add(key, record | {"line": reader.line_num})
                yield from _documents(path, spool)
        except UnicodeDecodeError as exc:
            line = reader.line_num if reader is not None else 0
            raise InputError(path, f"is not {text.encoding} text after line {line} ({exc.reason})") from None
        except csv.Error as exc:
            raise InputError(path, f"line {reader.line_num}: {exc}") from None


def _delimiter(head: str) -> str:
    try:
        return csv.Sniffer().sniff(head.split("\n", 1)[0], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _fold(header: str) -> str:
    return re.sub(r"[\s_\-.]+", " ", header.strip().casefold()).strip()


def _columns(header: list[str], override: dict[str, str], path: Path) -> dict[str, int]:
    """field -> column index: the override's header names first, then the default mapping."""
    folded = [_fold(h.lstrip("\ufeff")) for h in header]
    where: dict[str, int] = {}
    for field, name in override.items():
        if _fold(name) not in folded:
            raise InputError(path, f"has no column '{name}' for {field} (columns: {', '.join(header)})")
        where[field] = folded.index(_fold(name))
    taken = set(where.values())
    for field, names in default_columns().items():
        if field in where:
            continue
        index = next((folded.index(n) for n in names if n in folded and folded.index(n) not in taken), None)
        if index is not None:
            where[field] = index
            taken.add(index)
    if "body" not in where:
        raise InputError(path, f"has no comment text column (looked for 'body', 'text', 'comment'…; found: "
                         f"{', '.join(header)}); name it with --columns body=HEADER")  # fmt: skip
    return where


def _documents(path: Path, spool: Spool) -> Iterator[Document | Skipped]:
    stem = resources.slug(path.stem) or "table"
    for n, (key, rows) in enumerate(spool.groups(), start=1):
        raws = []
        for row in rows:
            raws.append(
                RawComment(
                    id=clean(row.get("id", "")) or f"row-{row['line']}",
                    parent=clean(row.get("reply_to", "")),
                    author=row.get("author", ""),
                    body=row.get("body", "").replace("\r\n", "\n").strip(),
                    posted=row.get("posted") or None,
                    author_url=row.get("author_url") or None,
                )
            )
        comments, counts = thread(raws)
        for reason, count in counts.items():
            yield Skipped(str(path), reason, count)
        first = rows[0]
        byline = {r.get("id", "") or f"row-{r['line']}": r for r in rows}
        for comment in comments:
            row = byline.get(comment.id) or {}
            comment.byline = "\n".join(p for p in (row.get("byline", "").replace("\r\n", "\n").strip(),) if p)
            comment.role = clean(row.get("role", "")) or None
            comment.organisation = clean(row.get("organisation", "")) or None
        body = next((r.get("article_body", "").strip() for r in rows if r.get("article_body", "").strip()), "")
        if not comments and not body:
            yield Skipped(str(path), "article with no comment text", 1)
            continue
        url = clean(first.get("article_url", "")) or None
        yield Document(
            id=f"{stem}-{resources.slug(key)[:80]}" if key else stem,
            title=clean(first.get("article_title", "")) or None,
            url=url,
            body=body.replace("\r\n", "\n"),
            comments=comments,
            source=str(path),
            locator=f"article {n}" if key else "",
        )
