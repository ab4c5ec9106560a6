"""Query: read-only SPARQL over a built graph, and the SPARQL 1.1 result formats.

`run` gives pyoxigraph's result objects; `answer` runs, serializes and (with a timeout) does
both in a child process that is killed at the deadline; `stream` does the same but writes the
answer to a file as it comes (what `graphkit query` prints), never holding it whole.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import BinaryIO

import pyoxigraph as ox

from graphkit.errors import QueryError
from graphkit.graph.vocab import PREFIXES
from graphkit.query.cookbook import canned, load_query, queries_dir
from graphkit.query.formats import (
    FORMAT_NAMES,
    RDF_FORMATS,
    RESULT_FORMATS,
    media_type,
    render,
    serialize,
    table,
    write,
)
from graphkit.query.limits import QueryLimit, QueryTimeout, run_with_deadline
from graphkit.query.params import parse_params, parse_value
from graphkit.query.sparql import check_read_only, scan

__all__ = [
    "FORMAT_NAMES",
    "RDF_FORMATS",
    "RESULT_FORMATS",
    "QueryLimit",
    "QueryTimeout",
    "answer",
    "canned",
    "check_read_only",
    "load_query",
    "media_type",
    "parse_params",
    "parse_value",
    "queries_dir",
    "render",
    "rows",
    "run",
    "scan",
    "serialize",
    "stream",
    "table",
    "write",
]

Graphs = Sequence[ox.NamedNode | ox.DefaultGraph] | None


def run(
    store: ox.Store,
    text: str,
    params: dict[str, ox.NamedNode | ox.Literal] | None = None,
    *,
    allow_service: bool = False,
    default_graph: Graphs = None,
    named_graphs: Sequence[ox.NamedNode] | None = None,
):
    """Run a read-only query, with the prefixes of vocab.PREFIXES predeclared.

    The query's default graph is the store's default graph, which graphkit keeps as the merge
    (a set) of the document graphs; a store whose default graph is empty is queried over the
    union of its named graphs instead. `default_graph` names other graphs to use. `params`
    bind variables of the query's SELECT clause to terms (never spliced into the text).
    SPARQL Update is refused, and SERVICE unless `allow_service`.
    """
    check_read_only(text, allow_service=allow_service)
    substitutions = {ox.Variable(name): term for name, term in (params or {}).items()}
    try:
        return store.query(
            text,
            prefixes=PREFIXES,
            use_default_graph_as_union=default_graph is None and _default_graph_empty(store),
            default_graph=list(default_graph) if default_graph is not None else None,
            named_graphs=list(named_graphs) if named_graphs is not None else None,
            substitutions=substitutions or None,
        )
    except SyntaxError as exc:
        raise QueryError(f"the query is not valid SPARQL: {str(exc).splitlines()[0]}") from None
    except RuntimeError as exc:
        if "does not contains variable" in str(exc):
            names = ", ".join(f"?{name}" for name in params or {})
            raise QueryError(f"a parameter names no variable of the query's SELECT clause ({names})") from None
        raise QueryError(f"the query failed: {exc}") from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None


def _default_graph_empty(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None


def answer(
    store: ox.Store,
    text: str,
    params: dict[str, ox.NamedNode | ox.Literal] | None = None,
    fmt: str = "table",
    *,
    timeout: float | None = None,
    memory_mb: int | None = None,
    max_result: int | None = None,
    allow_service: bool = False,
    default_graph: Graphs = None,
    named_graphs: Sequence[ox.NamedNode] | None = None,
) -> bytes:
    """Run a query and serialize its results, within the limits given (see graphkit.query.limits).

    With `timeout`, the query is stopped after that many seconds, counted from this call (the
    read-only check included); with `memory_mb`, it may grow its process by that much; with
    `max_result`, a longer answer is refused.
    """
    started = time.monotonic()
    check_read_only(text, allow_service=allow_service)

    def task() -> bytes:
        result = run(
            store, text, params, allow_service=allow_service, default_graph=default_graph, named_graphs=named_graphs
        )
        try:
            return serialize(result, fmt)
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from None

    return run_with_deadline(task, timeout, memory_mb=memory_mb, max_result=max_result, started=started)


def stream(
    store: ox.Store,
    text: str,
    out: BinaryIO,
    params: dict[str, ox.NamedNode | ox.Literal] | None = None,
    fmt: str = "table",
    *,
    timeout: float | None = None,
    memory_mb: int | None = None,
    allow_service: bool = False,
    default_graph: Graphs = None,
    named_graphs: Sequence[ox.NamedNode] | None = None,
) -> None:
    """Run a query and write its results to `out` (a binary file) as they come, within the limits given.

    The rows are written in batches while they are read, so a long answer costs no more memory than
    a short one. With a timeout the query runs in a forked child that writes to the same file; at
    the deadline the child is killed and what was written stays written (the error says it stopped).
    """
    started = time.monotonic()
    check_read_only(text, allow_service=allow_service)
    out.flush()  # a forked child must not write the parent's buffered bytes again

    def task() -> bytes:
        result = run(
            store, text, params, allow_service=allow_service, default_graph=default_graph, named_graphs=named_graphs
        )
        try:
            write(result, fmt, out)
            out.flush()
        except BrokenPipeError:
            raise
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from None
        return b""

    run_with_deadline(task, timeout, memory_mb=memory_mb, started=started)


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
