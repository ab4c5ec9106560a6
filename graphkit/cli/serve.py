"""graphkit serve: a graph as a read-only SPARQL endpoint."""

from __future__ import annotations

import argparse
import signal
import sys

from graphkit.graph.io import load_store
from graphkit.serve import DEFAULT_TIMEOUT, ENDPOINT, is_loopback, make_server


def add_parser(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="serve a graph as a read-only SPARQL endpoint",
        description="Answer SPARQL 1.1 Protocol requests (GET/POST to "
        f"{ENDPOINT}) over a graph file or store folder. Read-only: updates and SERVICE "
        "are refused. Listens on this machine only unless --host says otherwise.",
    )
    p.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph file (.trig, .nq, .ttl, …) or store folder")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878; 0 picks a free one)")
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop any query after this many seconds (default: {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument("--quiet", action="store_true", help="do not log requests")
    p.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    store = load_store(args.graph)
    server = make_server(store, args.host, args.port, timeout=args.timeout, quiet=args.quiet)
    if not is_loopback(args.host):
        print(
            f"graphkit: listening on {args.host}: anyone who can reach this address can query the graph",
            file=sys.stderr,
        )
    print(f"graphkit: serving {args.graph} at {server.url} (Ctrl-C stops)", file=sys.stderr, flush=True)
    # SIGTERM (a service manager, `kill`) stops as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("graphkit: stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
