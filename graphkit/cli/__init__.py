"""The command line: one thin module per command, one place that turns errors into exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from graphkit.cli import build, export, push, query, report, serve, stats, visualise
from graphkit.errors import GraphkitError

COMMANDS = [build, query, stats, report, export, visualise, serve, push]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="graphkit",
        description="Turn articles and their reader comments into a knowledge graph (RDF), "
        "ask it questions in SPARQL, draw it and export it.",
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.add_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `graphkit` script: exit 0 on success, 2 on a user error, 130 on Ctrl-C."""
    top = parser()
    args = top.parse_args(argv)
    if not getattr(args, "run", None):
        top.print_help()
        return 2
    try:
        return args.run(args) or 0
    except GraphkitError as exc:
        print(f"graphkit: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("graphkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
