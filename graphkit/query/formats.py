"""Printing query results: a terminal table, the SPARQL 1.1 result formats, and RDF for CONSTRUCT/DESCRIBE."""

from __future__ import annotations

import re
import shutil

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
    if fmt not in FORMAT_NAMES:
        raise QueryError(f"unknown format '{fmt}' (known: {', '.join(FORMAT_NAMES)})")
    if isinstance(result, ox.QueryTriples):
        return _rdf(result, "ntriples" if fmt == "table" else fmt)
    if fmt in RDF_FORMATS:
        kind = "ASK" if isinstance(result, ox.QueryBoolean) else "SELECT"
        raise QueryError(
            f"--format {fmt} is for CONSTRUCT/DESCRIBE; {kind} results print as table, {', '.join(RESULT_FORMATS)}"
        )
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return b"true\n" if bool(result) else b"false\n"
        return result.serialize(format=RESULT_FORMATS[fmt])
    if fmt == "table":
        return table(result).encode()
    return result.serialize(format=RESULT_FORMATS[fmt])


def render(result, fmt: str = "table") -> str:
    """Results as text (see `serialize`)."""
    return serialize(result, fmt).decode()


def table(result, width: int | None = None) -> str:
    """A plain-text table for a terminal: labels before IRIs, IRIs shortened with prefixes, fitted to `width`
    characters (default: the terminal's width), long values cut with '…'."""
    names = [v.value for v in result.variables]
    data = [[solution[v] for v in result.variables] for solution in result]
    is_iri = [any(row[i] is not None for row in data) and all(row[i] is None or isinstance(row[i], ox.NamedNode)
              for row in data) for i in range(len(names))]  # fmt: skip
    order = [i for i in range(len(names)) if not is_iri[i]] + [i for i in range(len(names)) if is_iri[i]]
    names = [names[i] for i in order]
    cells = [[_text(row[i]) for i in order] for row in data]
    natural = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    widths = _fit(natural, [is_iri[i] for i in order], width)
    line = "  ".join(_cut(n, w).ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(_cut(c, w).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join([line, rule, *body, f"({len(data)} row{'s' if len(data) != 1 else ''})"]) + "\n"


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


def _rdf(triples, fmt: str) -> bytes:
    rdf_format = RDF_FORMATS[fmt]
    if rdf_format.supports_datasets:
        items = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    else:
        items = iter(triples)
    prefixes = PREFIXES if BY_NAME[fmt].prefixes else None
    return ox.serialize(items, format=rdf_format, prefixes=prefixes)
