"""graphkit query: ask a built graph a SPARQL question."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphkit.errors import QueryError
from graphkit.graph.io import load_store
from graphkit.query import RESULT_FORMATS, render, run


def add_parser(sub) -> None:
    p = sub.add_parser("query", help="run a SPARQL query over a graph",
                       description="Run a SPARQL query (a file, -e TEXT, or stdin) over a graph file or store.")
    p.add_argument("graph", metavar="GRAPH", help="graph file (.trig, .nq, .ttl, …) or store folder")
    p.add_argument("query", metavar="FILE.rq", nargs="?", help="query file; '-' or none with -e absent reads stdin")
    p.add_argument("-e", "--expression", metavar="SPARQL", help="query text")
    p.add_argument("--format", default="table", choices=["table", *RESULT_FORMATS],
                   help="table (terminal), json / csv / tsv / xml (SPARQL 1.1 results formats)")
    p.set_defaults(run=run_command)


def query_text(args: argparse.Namespace) -> str:
    if args.expression and args.query:
        raise QueryError("give a query file or -e, not both")
    if args.expression:
        return args.expression
    if args.query and args.query != "-":
        path = Path(args.query)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    if sys.stdin.isatty():
        raise QueryError("no query: give FILE.rq, -e 'SPARQL', or pipe one on stdin")
    return sys.stdin.read()


def run_command(args: argparse.Namespace) -> int:
    text = query_text(args)
    store = load_store(args.graph)
    sys.stdout.write(render(run(store, text), args.format))
    return 0
