"""graphkit validate: check a graph against graphkit's SHACL shapes (data/shapes.ttl)."""

from __future__ import annotations

import argparse
import sys

from graphkit.cli.args import add_graph
from graphkit.errors import ExitCode


def add_parser(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check a graph against graphkit's SHACL shapes",
        description="Check a graph file or store folder against the SHACL shapes of graphkit's data model "
        "(data/shapes.ttl): one line per violation; exit 0 when it conforms, 1 when it does not.",
    )
    add_graph(p)
    p.add_argument("--shapes", metavar="FILE.ttl", help="other shapes to check against (default: data/shapes.ttl)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graphkit.graph.io import load_store
    from graphkit.graph.validate import validate

    violations = validate(load_store(args.graph), args.shapes)
    for violation in violations:
        print(violation)
    sys.stdout.flush()
    if violations:
        print(f"graphkit: {args.graph}: {len(violations)} violation(s) of the shapes", file=sys.stderr)
        return ExitCode.VIOLATIONS
    print(f"{args.graph}: conforms", file=sys.stderr)
    return ExitCode.OK
