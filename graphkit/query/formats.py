"""Printing query results: a terminal table, the SPARQL 1.1 result formats, and RDF for CONSTRUCT/DESCRIBE."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from itertools import islice
from typing import BinaryIO

import pyoxigraph as ox

from graphkit.errors import QueryError
from graphkit.formats import BY_NAME
from graphkit.graph.vocab import PREFIXES

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
RDF_FORMATS = {name: f.oxigraph for name, f in BY_NAME.items()}
FORMAT_NAMES = ["table", *RESULT_FORMATS, *RDF_FORMATS]


def media_type(fmt: str) -> str:
    """The media type of a format name ('table' is plain text)."""
    if fmt in RESULT_FORMATS:
        return RESULT_FORMATS[fmt].media_type
    if fmt in RDF_FORMATS:
        return RDF_FORMATS[fmt].media_type
    return "text/plain"


def serialize(result, fmt: str = "table") -> bytes:
    """Results as bytes: SELECT/ASK as a table or a SPARQL results format, CONSTRUCT/DESCRIBE as RDF.

    'table' prints CONSTRUCT/DESCRIBE results as N-Triples, one triple a line.
    """
    out = io.BytesIO()
    write(result, fmt, out)
    return out.getvalue()


def write(result, fmt: str, out: BinaryIO) -> None:
    """Results written to `out` as they come: pyoxigraph's serializers write every 8 KiB, the table every
    TABLE_BATCH rows, so a long answer is never gathered whole before its first row is written."""
    if fmt not in FORMAT_NAMES:
        raise QueryError(f"unknown format '{fmt}' (known: {', '.join(FORMAT_NAMES)})")
    if isinstance(result, ox.QueryTriples):
        _rdf(result, "ntriples" if fmt == "table" else fmt, out)
        return
    if fmt in RDF_FORMATS:
        kind = "ASK" if isinstance(result, ox.QueryBoolean) else "SELECT"
        raise QueryError(
            f"--format {fmt} is for CONSTRUCT/DESCRIBE; {kind} results print as table, {', '.join(RESULT_FORMATS)}"
        )
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            out.write(b"true\n" if bool(result) else b"false\n")
        else:
            result.serialize(out, RESULT_FORMATS[fmt])
        return
    if fmt == "table":
        for text in table_lines(result):
            out.write(text.encode())
        return
    result.serialize(out, RESULT_FORMATS[fmt])


def render(result, fmt: str = "table") -> str:
    """Results as text (see `serialize`)."""
    return serialize(result, fmt).decode()


# A table's column widths are fitted to its first rows; later rows are cut to them.
TABLE_BATCH = 1000


def table(result, width: int | None = None) -> str:
    """A plain-text table for a terminal: labels before IRIs, IRIs shortened with prefixes, fitted to `width`
    characters (default: the terminal's width), long values cut with '…'."""
    return "".join(table_lines(result, width))


def table_lines(result, width: int | None = None) -> Iterator[str]:
    """The table in pieces: the header and the first TABLE_BATCH rows (which fix the columns: their order and
    widths), then each further batch as it comes, then the row count."""
    variables = result.variables
    solutions = iter(result)
    first = [[solution[v] for v in variables] for solution in islice(solutions, TABLE_BATCH)]
    names = [v.value for v in variables]
    is_iri = [any(row[i] is not None for row in first) and all(row[i] is None or isinstance(row[i], ox.NamedNode)
              for row in first) for i in range(len(names))]  # fmt: skip
    order = [i for i in range(len(names)) if not is_iri[i]] + [i for i in range(len(names)) if is_iri[i]]
    names = [names[i] for i in order]
    cells = [[_text(row[i]) for i in order] for row in first]
    natural = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    widths = _fit(natural, [is_iri[i] for i in order], width)

    def lines(rows: list[list[str]]) -> str:
        return "".join("  ".join(_cut(c, w).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n"
                       for r in rows)  # fmt: skip

    line = "  ".join(_cut(n, w).ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    yield f"{line}\n{rule}\n" + lines(cells)
    count = len(first)
    while batch := list(islice(solutions, TABLE_BATCH)):
        count += len(batch)
        yield lines([[_text(solution[variables[i]]) for i in order] for solution in batch])
    yield f"({count} row{'s' if count != 1 else ''})\n"


_MINTED = re.compile(
    r"^https?://\S+?/(person|organisation|topic|post|graph|place|hashtag|handle|membership|statement|annotation|"
    r"extractor|role|topicscore)/(\S+)$"
)


def shorten(iri: str) -> str:
    """An IRI as a prefixed name: a vocabulary's prefix (foaf:name), or graphkit's kind of entity (person:ann-lee)."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    match = _MINTED.match(iri)
    return f"{match.group(1)}:{match.group(2)}" if match else iri


def _text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    return " ".join(term.value.split())


def _fit(widths: list[int], iris: list[bool], width: int | None) -> list[int]:
    """Column widths that fit `width` (or the terminal): IRI columns give way first (to 16 characters), then
    the widest columns (to 8)."""
    total = width if width is not None else shutil.get_terminal_size((120, 24)).columns
    widths = [min(w, 60) for w in widths]
    room = total - 2 * (len(widths) - 1)
    for floor, columns in ((16, [i for i, iri in enumerate(iris) if iri]), (8, list(range(len(widths))))):
        while sum(widths) > room and columns:
            widest = max(columns, key=lambda i: widths[i])
            if widths[widest] <= floor:
                break
            widths[widest] -= 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _rdf(triples, fmt: str, out: BinaryIO) -> None:
    rdf_format = RDF_FORMATS[fmt]
    if rdf_format.supports_datasets:
        items = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    else:
        items = iter(triples)
    prefixes = PREFIXES if BY_NAME[fmt].prefixes else None
    ox.serialize(items, out, rdf_format, prefixes=prefixes)
