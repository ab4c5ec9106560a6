"""Push: a graph into a real Oxigraph server on a free loopback port, checked over HTTP."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.cli import main
from graphkit.graph.store import write_store
from graphkit.push import PushError, push, read_dataset
from tests.conftest import TEST_DATA

GRAPH = TEST_DATA / "query-graph.trig"
B = "https://example.org/graphkit/"
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _oxigraph() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else (shutil.which("oxigraph") or "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path) -> Iterator[str]:
    """A fresh Oxigraph server (temporary --location) on 127.0.0.1; yields its base URL."""
    binary = _oxigraph()
    if not binary:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}", "--location", str(tmp_path / "db")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the oxigraph server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_counts(base: str) -> dict[str, int]:
    """Triples per named graph on the server, asked over its SPARQL endpoint."""
    request = urllib.request.Request(
        f"{base}/query?{urllib.parse.urlencode({'query': COUNTS})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        bindings = json.load(response)["results"]["bindings"]
    return {b["g"]["value"]: int(b["n"]["value"]) for b in bindings}


def file_counts(path: Path) -> dict[str, int]:
    dataset = read_dataset(path)
    return {g.value: len(list(dataset.quads_for_pattern(None, None, None, g))) for g in dataset.named_graphs()}


def test_push_adds_every_named_graph(oxigraph):
    report = push(GRAPH, f"{oxigraph}/store")
    expected = file_counts(GRAPH)
    assert set(expected) == {B + "graph/alpha", B + "graph/beta", B + "graph/graphkit"}
    assert server_counts(oxigraph) == expected == report.graphs


def test_replace_puts_each_graph_in_place_of_the_old(oxigraph, tmp_path):
    push(GRAPH, f"{oxigraph}/store")
    smaller = tmp_path / "smaller.trig"
    smaller.write_text(
        f'<{B}graph/alpha> {{ <{B}post/alpha> <http://purl.org/dc/terms/title> "New title" . }}\n', encoding="utf-8"
    )
    push(smaller, f"{oxigraph}/store", replace=True)
    counts = server_counts(oxigraph)
    assert counts[B + "graph/alpha"] == 1
    assert counts[B + "graph/beta"] == file_counts(GRAPH)[B + "graph/beta"]


def test_graph_option_puts_all_triples_in_one_graph(oxigraph):
    dataset = read_dataset(GRAPH)
    distinct = {(q.subject, q.predicate, q.object) for q in dataset}
    push(GRAPH, f"{oxigraph}/store", graph="urn:x:everything")
    push(GRAPH, f"{oxigraph}/store", graph="urn:x:everything", replace=True)
    assert server_counts(oxigraph) == {"urn:x:everything": len(distinct)}


def test_push_a_store_folder_without_its_derived_default_graph(oxigraph, tmp_path):
    quads = [q for q in read_dataset(GRAPH) if not isinstance(q.graph_name, ox.DefaultGraph)]
    write_store(quads, tmp_path / "store")
    assert main(["push", str(tmp_path / "store"), "--endpoint", f"{oxigraph}/store"]) == 0
    assert server_counts(oxigraph) == file_counts(GRAPH)
    with urllib.request.urlopen(f"{oxigraph}/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", timeout=10) as response:
        assert json.load(response)["boolean"] is False  # the server's default graph got nothing


def test_cli_push_and_its_errors(oxigraph, capsys):
    assert main(["push", str(GRAPH), "--endpoint", f"{oxigraph}/store", "--replace"]) == 0
    assert "485 triples in 3 graph(s)" in capsys.readouterr().err
    dead = f"http://127.0.0.1:{_free_port()}/store"
    cases = {
        "connection refused": ["--endpoint", dead],
        "HTTP 404": ["--endpoint", f"{oxigraph}/no-such-path"],
        "not an http": ["--endpoint", "ftp://127.0.0.1/store"],
        "not a valid IRI": ["--endpoint", f"{oxigraph}/store", "--graph", "not an iri"],
    }
    for expected, argv in cases.items():
        assert main(["push", str(GRAPH), *argv]) == 2
        err = capsys.readouterr().err
        assert err.startswith("graphkit: ") and expected in err and err.count("\n") == 1, err
    assert main(["push", str(GRAPH.with_name("missing.trig")), "--endpoint", f"{oxigraph}/store"]) == 2


def test_push_reports_connection_refused_without_a_server():
    with pytest.raises(PushError, match="connection refused"):
        push(GRAPH, f"http://127.0.0.1:{_free_port()}/store")


# --- all or nothing, and a deadline per request (issue 13) ----------------------------------------


def _many_graphs(path: Path, count: int, label: str) -> Path:
    """A TriG file of `count` named graphs, two triples each, titled with `label`."""
    lines = [
        f'<{B}graph/g{i:02d}> {{ <{B}post/p{i}> <http://purl.org/dc/terms/title> "{label} {i}" . '
        f'<{B}post/p{i}> <http://purl.org/dc/terms/creator> "{label}" . }}'
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _titles(base: str) -> set[str]:
    query = "SELECT ?t WHERE { GRAPH ?g { ?s <http://purl.org/dc/terms/title> ?t } }"
    url = f"{base}/query?{urllib.parse.urlencode({'query': query})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {b["t"]["value"] for b in json.load(response)["results"]["bindings"]}


@contextmanager
def failing_proxy(upstream: str, fail_put: int) -> Iterator[str]:
    """A forwarding proxy to a real server that answers the `fail_put`-th PUT with a 500 instead."""
    puts = [0]

    class Proxy(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            if self.command == "PUT":
                puts[0] += 1
                if puts[0] == fail_put:
                    self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    self.send_response(500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {k: v for k, v in self.headers.items() if k.lower() in {"content-type", "accept"}}
            request = urllib.request.Request(upstream + self.path, data=body, method=self.command, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status, data = response.status, response.read()
            except urllib.error.HTTPError as exc:
                status, data = exc.code, exc.read()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_PUT = do_POST = do_DELETE = do_GET = _forward

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_replace_failing_midway_changes_nothing_and_a_rerun_converges(oxigraph, tmp_path):
    """A --replace of 21 graphs failing on the 6th used to leave 5 replaced, unreported."""
    push(_many_graphs(tmp_path / "old.trig", 21, "old"), f"{oxigraph}/store")
    before = server_counts(oxigraph)
    new = _many_graphs(tmp_path / "new.trig", 21, "new")
    with failing_proxy(oxigraph, fail_put=6) as proxy, pytest.raises(PushError) as failure:
        push(new, f"{proxy}/store", replace=True)
    assert "HTTP 500" in str(failure.value) and "nothing on the server was replaced" in str(failure.value)
    assert server_counts(oxigraph) == before  # no graph replaced, no staging graph left behind
    assert _titles(oxigraph) == {f"old {i}" for i in range(21)}
    report = push(new, f"{oxigraph}/store", replace=True)
    assert len(report.graphs) == 21 and _titles(oxigraph) == {f"new {i}" for i in range(21)}
    assert server_counts(oxigraph) == file_counts(new)


def test_replace_graph_by_graph_says_what_changed_and_a_rerun_converges(oxigraph, tmp_path):
    push(_many_graphs(tmp_path / "old.trig", 21, "old"), f"{oxigraph}/store")
    new = _many_graphs(tmp_path / "new.trig", 21, "new")
    with failing_proxy(oxigraph, fail_put=6) as proxy, pytest.raises(PushError) as failure:
        push(new, f"{proxy}/store", replace=True, update_endpoint="none")
    message = str(failure.value)
    assert "HTTP 500" in message and f"replaced 5 of 21 graph(s) before {B}graph/g05 failed" in message
    assert _titles(oxigraph) == {f"new {i}" for i in range(5)} | {f"old {i}" for i in range(5, 21)}
    push(new, f"{oxigraph}/store", replace=True, update_endpoint="none")
    assert _titles(oxigraph) == {f"new {i}" for i in range(21)}


@contextmanager
def trickling_server(seconds: float) -> Iterator[str]:
    """A socket server that reads a request, then sends its answer one byte every 0.2 s for `seconds`."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.5)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                with suppress(OSError):
                    connection.recv(1 << 20)
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
                    end = time.monotonic() + seconds
                    while time.monotonic() < end and not stop.is_set():
                        connection.sendall(b"x")
                        time.sleep(0.2)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/store"
    finally:
        stop.set()
        listener.close()
        thread.join(5)


def test_the_timeout_bounds_a_whole_request_not_each_read(tmp_path):
    """A server trickling its answer used to hold `push --timeout 3` for 15.6 s."""
    with trickling_server(seconds=10) as url:
        start = time.monotonic()
        with pytest.raises(PushError, match=r"no complete answer within 1 s"):
            push(GRAPH, url, timeout=1)
        took = time.monotonic() - start
    assert took < 4, f"push took {took:.1f} s on --timeout 1"
