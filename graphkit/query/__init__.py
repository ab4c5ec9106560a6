"""Query: SPARQL over a built graph, and the SPARQL 1.1 result formats."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pyoxigraph as ox

from graphkit.errors import QueryError
from graphkit.graph.vocab import PREFIXES

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
_UPDATE = re.compile(r"^\s*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE | re.MULTILINE)


def queries_dir() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "queries"


def run(store: ox.Store, text: str, params: dict[str, ox.NamedNode | ox.Literal] | None = None):
    """Run a read-only query over the union of the store's graphs (prefixes of vocab.PREFIXES predeclared)."""
    if _UPDATE.search(_strip_comments(text)) and not re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", text, re.I):
        raise QueryError("SPARQL Update is not allowed: graphkit queries are read-only")
    substitutions = {ox.Variable(k): v for k, v in (params or {}).items()}
    try:
        return store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True,
                           substitutions=substitutions or None)
    except SyntaxError as exc:
        raise QueryError(f"the query is not valid SPARQL: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None


def _strip_comments(text: str) -> str:
    return re.sub(r"#[^\n<>]*$", "", text, flags=re.MULTILINE)


def rows(result) -> list[dict[str, str]]:
    """SELECT results as plain dictionaries of strings (unbound variables left out)."""
    out = []
    for solution in result:
        row = {}
        for var in result.variables:
            term = solution[var]
            if term is not None:
                row[var.value] = term.value
        out.append(row)
    return out


def render(result, fmt: str = "table") -> str:
    """SELECT/ASK results as a table or a SPARQL 1.1 results format; CONSTRUCT as N-Triples."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return "true\n" if bool(result) else "false\n"
        return result.serialize(format=RESULT_FORMATS[fmt]).decode()
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode()
    if fmt == "table":
        return table(result)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format '{fmt}' (known: table, {', '.join(RESULT_FORMATS)})")
    buffer = io.BytesIO()
    result.serialize(buffer, format=RESULT_FORMATS[fmt])
    return buffer.getvalue().decode()


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
