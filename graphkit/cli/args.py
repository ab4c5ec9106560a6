"""Arguments several commands share."""

from __future__ import annotations

from graphkit.pipeline import DEFAULT_OUTPUT  # the pipeline module imports its stages only when it runs


def add_graph(parser, metavar: str = "GRAPH") -> None:
    """The graph a command reads: a file or store folder, by default the one `graphkit build` wrote."""
    parser.add_argument(
        "graph",
        metavar=metavar,
        nargs="?",
        default=DEFAULT_OUTPUT,
        help=f"graph file (.trig, .nq, .ttl, …) or store folder (default: {DEFAULT_OUTPUT})",
    )
