"""graphkit stats: what a graph holds, in the reader's terms (documents, comments, people, organisations,
topics) and by RDF class."""

from __future__ import annotations

import argparse
import sys

from graphkit.cli.args import add_graph
from graphkit.graph.io import load_store
from graphkit.graph.vocab import PREFIXES
from graphkit.query import rows, run
from graphkit.report.stats import stats  # not graphkit.report: the page renderer needs networkx

_COUNTS = """
SELECT ?type (COUNT(DISTINCT ?s) AS ?count) WHERE { ?s a ?type }
GROUP BY ?type ORDER BY DESC(?count) ?type
"""


def add_parser(sub) -> None:
    p = sub.add_parser(
        "stats",
        help="count what a graph holds",
        description="Count a graph's documents, comments, people (by kind), organisations (by type) and "
        "topics, then its resources by RDF class.",
    )
    add_graph(p)
    p.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    store = load_store(args.graph)
    graphs = list(store.named_graphs())
    quads = sum(1 for g in graphs for _ in store.quads_for_pattern(None, None, None, g))
    print(f"{quads} quads in {len(graphs)} named graphs")
    for line in stats(store).lines():
        print(line)
    print("by RDF class:")
    for row in rows(run(store, _COUNTS)):
        print(f"{int(row['count']):>8}  {_short(row['type'])}")
    sys.stdout.flush()
    return 0


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri
