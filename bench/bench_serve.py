"""Which server should answer `graphkit serve`: graphkit's own endpoint or `oxigraph serve-read-only`?

Starts each server on a free loopback port over the sample's graph and measures, in one run:

- load: 1, 8 and 32 concurrent clients POSTing the canned queries (queries/*.rq) round robin for
  --seconds each: requests/s, p50/p90/p99 latency, errors, and the server's memory (PSS of the
  server and its worker processes);
- runaway: the same 32 clients while one more client sends a query that never ends: the others' p99;
- memory: 8 clients while one more sends a memory-hungry query: the others' p99, how the
  hungry query was answered, and the server's peak memory;
- idle: 200 connections opened and left silent, then one query: its latency.

    python bench/bench_serve.py                          # builds the sample into a temporary folder
    python bench/bench_serve.py --graph build/graph.trig --seconds 5 --servers graphkit

Targets (issue 13): at 32 clients p99 < 250 ms with 0 errors, and a runaway query keeps every
other client's p99 under 500 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.graph.vocab import PREFIXES  # noqa: E402
from graphkit.query import canned, load_query  # noqa: E402

SAMPLE = ROOT / "data" / "kingsfund-engaging-clinicians.txt"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
HUNGRY = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
TIMEOUT = 5  # seconds: both servers stop queries after this
MEMORY_LIMIT_MB = 6000  # the bench kills a server that grows past this


def prefixed(text: str) -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A server process on loopback: (name, url, process)."""

    def __init__(self, name: str, argv: list[str], url: str | None = None) -> None:
        self.name = name
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if url is None:  # graphkit prints its URL
            line = self.process.stderr.readline()
            url = line.split(" at ")[1].split()[0]
        self.url = url
        split = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = split.hostname, split.port, split.path
        deadline = time.monotonic() + 60
        while request(self, "ASK {}")[0] != 200:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"{name} did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stderr.close()

    def memory_mb(self) -> float:
        """PSS of the server and its descendants, MiB (RSS where PSS cannot be read)."""
        total = 0
        for pid in _tree(self.process.pid):
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
                key = "Pss:"
            except OSError:
                try:
                    text, key = Path(f"/proc/{pid}/status").read_text(), "VmRSS:"
                except OSError:
                    continue
            total += next((int(line.split()[1]) for line in text.splitlines() if line.startswith(key)), 0)
        return total / 1024


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(p) for p in (task / "children").read_text().split()]
    return pids


def request(server: Server, query: str, timeout: float = 30) -> tuple[int, float]:
    """(status, seconds) of one POSTed query; status 0 for a connection error."""
    body = urllib.parse.urlencode({"query": query})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    start = time.monotonic()
    try:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
        connection.request("POST", server.path, body, headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, time.monotonic() - start
    except (OSError, http.client.HTTPException):
        return 0, time.monotonic() - start


def load(server: Server, queries: list[str], clients: int, seconds: float, extra: str | None = None) -> dict:
    """`clients` threads sending `queries` round robin for `seconds`; with `extra`, one more sends only it."""
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    extra_statuses: list[int] = []
    peak = [server.memory_mb()]
    lock = threading.Lock()

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            status, took = request(server, queries[i % len(queries)])
            i += 1
            with lock:
                latencies.append(took)
                errors[0] += status != 200

    def hostile() -> None:
        while time.monotonic() < stop:
            extra_statuses.append(request(server, extra, timeout=TIMEOUT * 4)[0])

    def watch() -> None:
        while time.monotonic() < stop:
            peak[0] = max(peak[0], server.memory_mb())
            if peak[0] > MEMORY_LIMIT_MB:
                server.process.kill()
                return
            time.sleep(0.2)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    threads += [threading.Thread(target=watch)] + ([threading.Thread(target=hostile)] if extra else [])
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0] if latencies else 0] * 99
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": cuts[49] * 1000,
        "p90": cuts[89] * 1000,
        "p99": cuts[98] * 1000,
        "errors": errors[0],
        "memory": peak[0],
        "extra": extra_statuses,
        "alive": server.process.poll() is None,
    }


def idle_probe(server: Server, connections: int = 200) -> float:
    """Open `connections` silent connections, then time one query (ms)."""
    sockets = []
    try:
        for _ in range(connections):
            sock = socket.create_connection((server.host, server.port), timeout=5)
            sockets.append(sock)
        time.sleep(0.5)
        status, took = request(server, "ASK { ?s ?p ?o }", timeout=30)
        return took * 1000 if status == 200 else float("inf")
    finally:
        for sock in sockets:
            sock.close()


def start(name: str, graph: Path, workdir: Path) -> Server:
    if name == "graphkit":
        argv = [sys.executable, "-m", "graphkit", "serve", str(graph), "--port", "0", "--quiet"]
        return Server(name, [*argv, "--timeout", str(TIMEOUT)])
    binary = Path(sys.executable).parent / "oxigraph"
    binary = str(binary) if binary.exists() else shutil.which("oxigraph")
    if not binary:
        raise RuntimeError("the oxigraph server is not installed")
    location = workdir / "oxigraph-db"
    if not location.exists():
        subprocess.run([binary, "load", "--location", str(location), "--file", str(graph)], check=True)
    port = free_port()
    argv = [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    return Server(name, [*argv, "--union-default-graph", "--timeout-s", str(TIMEOUT)], f"http://127.0.0.1:{port}/query")


def row(label: str, r: dict) -> str:
    return (
        f"  {label:<22} {r['rps']:7.1f} req/s  p50 {r['p50']:6.1f}  p90 {r['p90']:6.1f}  p99 {r['p99']:7.1f} ms"
        f"  errors {r['errors']:4d}/{r['requests']:<5d}  memory {r['memory']:7.0f} MiB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", type=Path, help="graph file (default: the sample, built into a temporary folder)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per measurement (default: 10)")
    parser.add_argument("--servers", default="graphkit,oxigraph", help="comma-separated: graphkit, oxigraph")
    args = parser.parse_args()
    queries = [prefixed(load_query(name)) for name in canned()]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        graph = args.graph
        if graph is None:
            import graphkit

            graph = workdir / "graph.trig"
            graphkit.build(SAMPLE, graph)
        shown = "the sample" if args.graph is None else graph
        print(f"graph: {shown} ({graph.stat().st_size:,} bytes); {len(queries)} canned queries; "
              f"{args.seconds:g} s per measurement; query timeout {TIMEOUT} s")  # fmt: skip
        for name in args.servers.split(","):
            server = start(name, graph, workdir)
            try:
                print(f"\n{name} ({server.url}), idle memory {server.memory_mb():.0f} MiB")
                for clients in (1, 8, 32):
                    print(row(f"{clients} client(s)", load(server, queries, clients, args.seconds)), flush=True)
                result = load(server, queries, 32, args.seconds, extra=RUNAWAY)
                answers = sorted(set(result["extra"]))
                print(row("32 + a runaway query", result) + f"  runaway answered {answers}", flush=True)
                result = load(server, queries, 8, args.seconds, extra=HUNGRY)
                answers = sorted(set(result["extra"]))
                alive = "" if result["alive"] else f"  SERVER KILLED by the bench past {MEMORY_LIMIT_MB} MiB"
                print(row("8 + a hungry query", result) + f"  hungry answered {answers}{alive}", flush=True)
                if server.process.poll() is None:
                    print(f"  200 idle connections, then one query: {idle_probe(server):.1f} ms", flush=True)
            finally:
                server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
