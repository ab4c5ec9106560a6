"""The command line: one thin module per command, one place that turns errors into exit codes.

Only the module of the command being run is imported, and each imports its stage when it runs, so
`graphkit --help` and `graphkit query …` never load spaCy.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from graphkit.errors import ExitCode, GraphkitError

# command -> (module, one-line help, aliases); the module's add_parser gives the full options.
COMMANDS = {
    "build": ("build", "build a graph from articles and comments", ()),
    "query": ("query", "run a SPARQL query over a graph", ()),
    "stats": ("stats", "count what a graph holds", ()),
    "report": ("report", "write the debate report of a graph (one offline HTML page)", ()),
    "validate": ("validate", "check a graph against graphkit's SHACL shapes", ()),
    "export": ("export", "write a graph in another format", ()),
    "visualise": ("visualise", "draw a graph as an interactive HTML network view", ("visualize",)),
    "serve": ("serve", "serve a graph as a read-only SPARQL endpoint", ()),
    "push": ("push", "load a graph into a SPARQL Graph Store server", ()),
}


class _Version(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print graphkit's version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("graphkit")
        except PackageNotFoundError:
            number = "unknown (not installed)"
        print(f"graphkit {number}")
        parser.exit(ExitCode.OK)


def parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The argument parser; the full options of the command named in argv (all of them when none is)."""
    top = argparse.ArgumentParser(
        prog="graphkit",
        description="Turn articles and their reader comments into a knowledge graph (RDF), "
        "ask it questions in SPARQL, draw it and export it.",
        epilog="exit codes: " + ", ".join(f"{code.value} {code.name.lower()}" for code in _codes()),
    )
    top.add_argument("--version", action=_Version)
    top.add_argument("--traceback", action="store_true", help="on an unexpected error, show where it happened")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen(argv)
    for name, (module, help_, aliases) in COMMANDS.items():
        if chosen in (None, name):
            if chosen is None:  # `graphkit --help`: one line each, nothing imported
                sub.add_parser(name, help=help_, aliases=list(aliases))
            else:
                importlib.import_module(f"graphkit.cli.{module}").add_parser(sub)
        else:
            sub.add_parser(name, help=help_, aliases=list(aliases))
    return top


def _codes() -> list[ExitCode]:
    return [ExitCode(v) for v in sorted({c.value for c in ExitCode})]


def _chosen(argv: Sequence[str]) -> str | None:
    """The command argv names (an alias resolved), or None."""
    for arg in argv:
        if arg.startswith("-"):
            continue
        for name, (_, _, aliases) in COMMANDS.items():
            if arg == name or arg in aliases:
                return name
        return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `graphkit` script; the exit codes are graphkit.errors.ExitCode."""
    argv = list(sys.argv[1:] if argv is None else argv)
    top = parser(argv)
    args = top.parse_args(argv)
    if not getattr(args, "run", None):
        top.print_help()
        return ExitCode.USER_ERROR
    try:
        return int(args.run(args) or ExitCode.OK)
    except GraphkitError as exc:
        print(f"graphkit: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("graphkit: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:
        if args.traceback:
            raise
        detail = " ".join(str(exc).split())[:300]
        where = f" in 'graphkit {args.command}'" if args.command else ""
        print(
            f"graphkit: unexpected error{where}: {type(exc).__name__}: {detail} (run with --traceback for details)",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL_ERROR
