"""graphkit push: load a graph into a SPARQL Graph Store server."""

from __future__ import annotations

import argparse
import sys

from graphkit.cli.args import add_graph
from graphkit.push import push


def add_parser(sub) -> None:
    p = sub.add_parser(
        "push",
        help="load a graph into a SPARQL Graph Store server",
        description="Send a graph file or store folder to a SPARQL 1.1 Graph Store Protocol "
        "endpoint (e.g. Oxigraph's http://localhost:7878/store): by default every named graph is "
        "added (POST of N-Quads); with --replace each named graph replaces the server's graph of "
        "that name, all or nothing (staged, then switched in with one SPARQL Update); with --graph "
        "all triples go into that one graph.",
    )
    add_graph(p)
    p.add_argument("--endpoint", required=True, metavar="URL", help="the server's Graph Store endpoint URL")
    p.add_argument("--graph", dest="target", metavar="IRI", help="put all triples into this one named graph")
    p.add_argument(
        "--replace", action="store_true", help="replace the server's graphs of the same names instead of adding to them"
    )
    p.add_argument(
        "--update-endpoint",
        metavar="URL",
        help="SPARQL Update endpoint that switches staged graphs in at the end of --replace (default: the "
        "endpoint with /store replaced by /update, as Oxigraph has it; 'none' replaces graph by graph)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="give up on a request not answered whole within this many seconds (default: 300)",
    )
    p.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    report = push(
        args.graph,
        args.endpoint,
        graph=args.target,
        replace=args.replace,
        timeout=args.timeout,
        update_endpoint=args.update_endpoint,
    )
    verb = "replaced" if args.replace else "added"
    print(
        f"graphkit: {verb} {report.triples} triples in {len(report.graphs)} graph(s) at {args.endpoint}",
        file=sys.stderr,
    )
    return 0
