"""Printing query results: a terminal table, the SPARQL 1.1 result formats, and RDF for CONSTRUCT/DESCRIBE."""

from __future__ import annotations

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


def table(result, width: int = 60) -> str:
    """A plain-text table for a terminal: one column per variable, long values cut with '…'."""
    names = [v.value for v in result.variables]
    data = [[_cell(solution[v], width) for v in result.variables] for solution in result]
    widths = [max([len(n)] + [len(r[i]) for r in data]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in data]
    return "\n".join([line, rule, *body, f"({len(data)} row{'s' if len(data) != 1 else ''})"]) + "\n"


def _cell(term, width: int) -> str:
    if term is None:
        return ""
    text = " ".join(term.value.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _rdf(triples, fmt: str) -> bytes:
    rdf_format = RDF_FORMATS[fmt]
    if rdf_format.supports_datasets:
        items = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    else:
        items = iter(triples)
    prefixes = PREFIXES if BY_NAME[fmt].prefixes else None
    return ox.serialize(items, format=rdf_format, prefixes=prefixes)
