"""graphkit export: write a graph in another RDF format, or as a network for Gephi, Cytoscape or Neo4j."""

from __future__ import annotations

import argparse
import sys

from graphkit.api import load
from graphkit.cli.args import add_graph
from graphkit.export import EXPORTERS, exporter


def add_parser(sub) -> None:
    known = ", ".join(EXPORTERS)
    p = sub.add_parser(
        "export",
        help="write a graph in another format",
        description="Write a graph as RDF (the whole graph) or as a network of entities "
        "(the projection the views draw; node ids are entity IRIs). "
        f"Formats: {known}.",
    )
    add_graph(p)
    p.add_argument("-f", "--format", required=True, metavar="FORMAT", help=f"one of: {known}")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="file to write; for neo4j a folder that receives nodes.csv and relationships.csv",
    )
    p.add_argument("--include-posts", action="store_true", help="network formats: articles and comments as nodes too")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    chosen = exporter(args.format)  # an unknown format fails before the graph is read
    path = load(args.graph).export(chosen.name, args.output, include_posts=args.include_posts)
    print(f"exported {args.graph} as {chosen.name} to {path}", file=sys.stderr)
    return 0
