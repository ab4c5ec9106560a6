"""graphkit query: ask a built graph a SPARQL question."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphkit.errors import QueryError
from graphkit.graph.io import load_store
from graphkit.pipeline import DEFAULT_OUTPUT
from graphkit.query import FORMAT_NAMES, canned, load_query, parse_params, stream
from graphkit.query.cookbook import parameters, summary
from graphkit.query.params import PARAM_HELP

_EPILOG = """\
parameter values (--param NAME=VALUE, bound as RDF terms, never pasted into the query):
  <https://example.org/x>   an IRI
  '"text"'  '"text"@en'      a literal in Turtle syntax; '"1"^^xsd:int' or '"1"^^<iri>' for a datatype
  42  -3  2.5  true          an xsd:integer, xsd:decimal or xsd:boolean
  anything else              a plain string, e.g. name="Priya Raman"
A parameter must name a variable of the query's SELECT clause.

Queries are read-only: SPARQL Update is refused, and SERVICE unless --allow-service.
FILE.rq may also be the name of a canned query in queries/ (see --list).
"""


def add_parser(sub) -> None:
    p = sub.add_parser(
        "query",
        help="run a SPARQL query over a graph",
        description="Run a SPARQL query (a file, a canned query's name, -e TEXT, or stdin) "
        "over a graph file or store folder.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "graph",
        metavar="GRAPH",
        nargs="?",
        help=f"graph file (.trig, .nq, .ttl, …) or store folder (default: {DEFAULT_OUTPUT}, as built)",
    )
    p.add_argument(
        "query",
        metavar="FILE.rq",
        nargs="?",
        help="query file or canned query name; '-' (or nothing, without -e) reads stdin",
    )
    p.add_argument("-e", "--expression", metavar="SPARQL", help="query text")
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE", help=PARAM_HELP)
    p.add_argument(
        "-f",
        "--format",
        default="table",
        choices=FORMAT_NAMES,
        metavar="FORMAT",
        help="SELECT/ASK: table (default), json, csv, tsv, xml (SPARQL 1.1 result formats); "
        "CONSTRUCT/DESCRIBE: turtle, ntriples (default), nquads, trig, jsonld, rdfxml",
    )
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="stop the query after this many seconds")
    p.add_argument("--allow-service", action="store_true", help="allow SERVICE (queries that call other endpoints)")
    p.add_argument("--list", action="store_true", help="list the canned queries and what each answers")
    p.set_defaults(run=run_command)


def graph_and_query(graph: str | None, query: str | None, expression: str | None) -> tuple[str, str | None]:
    """The graph and query named on the command line; 'graphkit query topics' (a canned query's name
    alone) or 'graphkit query -e …' asks the graph the default build wrote."""
    if graph and query is None and not expression and not Path(graph).exists() and graph in canned():
        graph, query = None, graph
    if graph:
        return graph, query
    if Path(DEFAULT_OUTPUT).exists():
        return str(DEFAULT_OUTPUT), query
    raise QueryError(f"give a GRAPH (a graph file or store folder): there is no {DEFAULT_OUTPUT} here to query")


def query_text(query: str | None, expression: str | None) -> str:
    if expression and query:
        raise QueryError("give a query file or -e, not both")
    if expression:
        return expression
    if query and query != "-":
        return load_query(query)
    if sys.stdin.isatty():
        raise QueryError("no query: give FILE.rq, a canned query name, -e 'SPARQL', or pipe one on stdin")
    return sys.stdin.read()


def run_command(args: argparse.Namespace) -> int:
    if args.list:
        queries = canned()
        width = max(map(len, queries), default=0)
        for name, path in queries.items():
            print(f"{name.ljust(width)}  {summary(path)}")
            params = parameters(path)
            if params:
                print(f"{'':{width}}    --param " + "  or  --param ".join(params))
        return 0
    graph, name = graph_and_query(args.graph, args.query, args.expression)
    text = query_text(name, args.expression)
    params = parse_params(args.param)
    store = load_store(graph)
    # Rows are printed as they come (graphkit.query.stream): a long answer is never held whole.
    sys.stdout.flush()
    stream(store, text, sys.stdout.buffer, params, args.format, timeout=args.timeout, allow_service=args.allow_service)
    return 0
