"""graphkit serve: a graph as a read-only SPARQL endpoint."""

from __future__ import annotations

import argparse
import signal
import sys

from graphkit.cli.args import add_graph
from graphkit.graph.io import load_store
from graphkit.query.limits import DEFAULT_MAX_RESULT, DEFAULT_MEMORY_MB
from graphkit.serve import DEFAULT_TIMEOUT, ENDPOINT, default_workers, is_loopback, make_server


def add_parser(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="serve a graph as a read-only SPARQL endpoint",
        description="Answer SPARQL 1.1 Protocol requests (GET/POST to "
        f"{ENDPOINT}) over a graph file or store folder. Read-only: updates and SERVICE "
        "are refused. Listens on this machine only unless --host says otherwise; requests whose "
        "Host header names another server are refused, and no cross-origin page may read answers "
        "unless --cors allows its origin.",
    )
    add_graph(p, metavar="GRAPH_OR_STORE")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878; 0 picks a free one)")
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop any query after this many seconds (default: {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--max-memory",
        type=int,
        default=DEFAULT_MEMORY_MB,
        metavar="MIB",
        help=f"memory a query may take before it is stopped (default: {DEFAULT_MEMORY_MB})",
    )
    p.add_argument(
        "--max-result",
        type=int,
        default=DEFAULT_MAX_RESULT >> 20,
        metavar="MIB",
        help=f"largest answer sent (default: {DEFAULT_MAX_RESULT >> 20})",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help=f"query worker processes (default: two per CPU, here {default_workers()})",
    )
    p.add_argument("--cors", metavar="ORIGIN", help="let web pages from this one origin read answers (default: none)")
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also accept requests whose Host header is NAME (repeatable; loopback names and --host always are)",
    )
    p.add_argument("--quiet", action="store_true", help="do not log requests")
    p.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    store = load_store(args.graph)
    server = make_server(
        store,
        args.host,
        args.port,
        timeout=args.timeout,
        memory_mb=args.max_memory,
        max_result=args.max_result << 20,
        workers=args.workers,
        cors=args.cors,
        allowed_hosts=tuple(args.allow_host),
        quiet=args.quiet,
    )
    # SIGTERM (a service manager, `kill`) stops as promptly as Ctrl-C does: in-flight queries are killed.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if not is_loopback(args.host):
            print(
                f"graphkit: listening on {args.host}: anyone who can reach this address can query the graph",
                file=sys.stderr,
            )
        print(f"graphkit: serving {args.graph} at {server.url} (Ctrl-C stops)", file=sys.stderr, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        server.server_close()
        print("graphkit: stopped", file=sys.stderr)
        return 0
    finally:
        server.server_close()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
