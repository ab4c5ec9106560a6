"""graphkit visualise: draw a graph, or a view of it, as one offline HTML page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphkit.cli.args import add_graph
from graphkit.errors import QueryError
from graphkit.graph.io import load_store
from graphkit.projection import TYPES
from graphkit.report import corpus_name
from graphkit.visualise import (
    ViewError,
    ego,
    filter_types,
    find_node,
    group_by_organisation,
    min_weight,
    project,
    query_view,
    render_html,
    view_path,
)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "visualise",
        aliases=["visualize"],
        help="draw a graph as an interactive HTML network view",
        description="Draw a graph as one self-contained HTML page (works offline). Views narrow the "
        "network in this order: --query, --types, --min-weight, --focus/--depth, --group-by-organisation.",
    )
    add_graph(p)
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE.html",
        help="page to write (default: visualisations/<GRAPH name>-network.html, or -view.html when narrowed)",
    )
    p.add_argument("--title", help="page title (default: from the view)")
    p.add_argument("--query", metavar="FILE.rq", help="only the nodes a SPARQL SELECT or CONSTRUCT names")
    p.add_argument("--types", metavar="TYPE,…", help=f"only nodes of these types ({', '.join(TYPES)})")
    p.add_argument("--min-weight", type=int, metavar="N", help="only edges of weight N or more")
    p.add_argument("--focus", metavar="NAME_OR_IRI", help="only the network around this node")
    p.add_argument("--depth", type=int, metavar="N", help="with --focus: how many steps out (default: 1)")
    p.add_argument("--posts", action="store_true", help="draw articles and comments as nodes too")
    p.add_argument(
        "--group-by-organisation", action="store_true", help="fold each commenter into the organisation they work for"
    )
    p.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    if args.depth is not None and not args.focus:
        raise ViewError("--depth needs --focus")
    if args.min_weight is not None and args.min_weight < 1:
        raise ViewError("--min-weight must be 1 or more")
    query = _read_query(args.query) if args.query else None
    store = load_store(args.graph)
    graph = project(store, include_posts=args.posts)
    notes = []
    if query is not None:
        graph = query_view(graph, store, query)
    if args.types:
        graph = filter_types(graph, args.types.split(","))
    if args.min_weight:
        graph = min_weight(graph, args.min_weight)
    if args.focus:
        centre = find_node(graph, args.focus)
        graph = ego(graph, centre, 1 if args.depth is None else args.depth)
    if args.group_by_organisation:
        graph, message = group_by_organisation(graph)
        notes.append(message)
    if graph.number_of_nodes() == 0:
        raise ViewError("the view is empty: no node is left after the filters")
    narrowed = any((args.query, args.types, args.min_weight, args.focus, args.group_by_organisation, args.posts))
    output = Path(args.output) if args.output else view_path(args.graph, "view" if narrowed else "network")
    title = args.title or _title(args, graph, centre if args.focus else "", corpus_name(store, Path(args.graph).name))
    render_html(graph, output, title=title, note="; ".join(notes))
    for note in notes:
        print(f"graphkit: {note}", file=sys.stderr)
    print(f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", file=sys.stderr)
    return 0


def _read_query(name: str) -> str:
    path = Path(name)
    if not path.is_file():
        raise QueryError(f"{path}: no such query file")
    return path.read_text(encoding="utf-8")


def _title(args: argparse.Namespace, graph, centre: str, corpus: str) -> str:
    if centre:
        return f"Around {graph.nodes[centre]['label']} — {corpus}"
    parts = [corpus]
    if args.types:
        parts.append(args.types.replace(",", ", "))
    if args.query:
        parts.append(f"query {Path(args.query).name}")
    return " — ".join(parts)
