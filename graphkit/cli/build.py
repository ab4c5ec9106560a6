"""graphkit build: read documents, write the graph (and its default views)."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from graphkit.errors import ExitCode
from graphkit.graph.vocab import DEFAULT_BASE
from graphkit.pipeline import DEFAULT_OUTPUT  # the pipeline module imports its stages when it runs
from graphkit.signals import on_sigterm


def add_parser(sub) -> None:
    p = sub.add_parser(
        "build",
        help="build a graph from articles and comments",
        description="Build a knowledge graph from articles and their comments "
        "(plain text in the sample's layout, JSON or JSON Lines, saved web pages, WordPress and Disqus "
        "exports, CSV/TSV of comments). With no INPUT, builds data/.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", default=["data"], help="files or folders (default: data/)")
    p.add_argument(
        "-o",
        "--output",
        default=DEFAULT_OUTPUT,
        help=f"graph file; the extension picks the format: .trig .nq .ttl .nt .jsonld (default: {DEFAULT_OUTPUT})",
    )
    p.add_argument(
        "--store",
        metavar="DIR",
        help="write into a persistent store folder instead of a file; a rebuilt document "
        "replaces its own named graph there (query or serve the folder like a graph file)",
    )
    p.add_argument(
        "--prune",
        action="store_true",
        help="with --store: remove documents whose source is gone (the file was deleted or no longer holds them)",
    )
    p.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI of minted entities (default: {DEFAULT_BASE})")
    p.add_argument("--strict", action="store_true", help="stop at the first unreadable input instead of skipping it")
    p.add_argument(
        "--views",
        metavar="DIR",
        default="visualisations",
        help="folder for the default HTML views of the graph (default: visualisations/); '' for none",
    )
    p.add_argument("--batch-size", type=positive, default=32, help="spaCy batch size (default: 32)")
    p.add_argument(
        "--processes",
        type=positive,
        default=None,
        help="worker processes that parse documents (default: the usable cores)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="parse on an existing Dask cluster, e.g. tcp://scheduler:8786 (needs graphkit[dask] on every worker)",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="no progress and no summary; unreadable inputs are still reported"
    )
    p.add_argument(
        "--columns",
        type=columns,
        metavar="FIELD=HEADER,...",
        help="CSV/TSV header names for fields the default mapping misses, e.g. author=Name,body=Comment",
    )
    p.set_defaults(run=run)


def columns(text: str) -> dict[str, str]:
    """An argparse type: 'author=Name,body=Comment'."""
    from graphkit.ingest.tables import parse_columns

    try:
        return parse_columns(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _stop(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C: temporary files are removed, stores closed, workers stopped (exit 143)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    print("graphkit: stopped (SIGTERM); nothing half-written was kept", file=sys.stderr)
    raise SystemExit(128 + signum)


def run(args: argparse.Namespace) -> int:
    stopped: list[int] = []

    def stop(signum: int, frame: object) -> None:
        stopped.append(signum)
        _stop(signum, frame)

    with on_sigterm(stop):
        code = _run(args)
    # A SIGTERM whose SystemExit was swallowed below us (seen under load, about 1 run in 30 of
    # test_faults: the store build ran on to the end and exited 0) still ends the command with 143.
    return 128 + stopped[0] if stopped else code


def _run(args: argparse.Namespace) -> int:
    from graphkit.pipeline import build
    from graphkit.progress import Progress, Tally, input_files, skipped_by_reason, summary

    progress = Progress({} if args.quiet else input_files(args.inputs), quiet=args.quiet)
    tally = Tally()

    def done(result) -> None:
        tally.add(result)
        progress.advance(result.source, result.words)

    try:
        report = build(
            args.inputs,
            args.output,
            base=args.base,
            strict=args.strict,
            batch_size=args.batch_size,
            n_process=args.processes,
            store=args.store,
            prune=args.prune,
            dask=args.dask,
            on_result=done,
            columns=args.columns,
        )
    finally:
        progress.close()
    if args.store is None:
        keep_store_beside(report.output)
    if not args.quiet:
        line = summary(report.output, tally, skipped_by_reason(report.errors), progress.elapsed(), report.store)
        if report.skipped:
            line += "; readers skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items()))
        print(line, file=sys.stderr)
    if args.views:
        from graphkit.visualise import write_default_views

        for page in write_default_views(report.output, args.views):
            if not args.quiet:
                print(f"wrote {page}", file=sys.stderr)
    return ExitCode.SKIPPED_INPUTS if report.errors else ExitCode.OK


def keep_store_beside(graph: Path) -> None:
    """Leave the graph's store beside it (build/graph.store/) so query, serve and visualise open it at once."""
    from graphkit.graph import cache
    from graphkit.graph.io import format_for

    cache.make(graph, format_for(graph), cache.beside(graph))
