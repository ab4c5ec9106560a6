"""graphkit report: one offline HTML page telling who engaged, from where, about what, with the evidence."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphkit.cli.args import add_graph
from graphkit.graph.io import load_store
from graphkit.report import write_report
from graphkit.visualise import view_path


def add_parser(sub) -> None:
    p = sub.add_parser(
        "report",
        help="write the debate report of a graph (one offline HTML page)",
        description="Write one self-contained HTML page from the canned queries: the corpus at a glance, who "
        "engages, what about, around whom and how the conversation flows, every number linked to its evidence.",
    )
    add_graph(p)
    p.add_argument(
        "-o", "--output", metavar="FILE.html", help="page to write (default: visualisations/<GRAPH name>-report.html)"
    )
    p.add_argument("--title", help="the report's heading (default: the articles' titles)")
    p.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    store = load_store(args.graph)
    output = write_report(
        store, args.output or view_path(args.graph, "report"), title=args.title, name=Path(args.graph).name
    )
    print(f"wrote {output}", file=sys.stderr)
    return 0
