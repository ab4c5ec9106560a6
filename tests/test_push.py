"""Push: a graph into a real Oxigraph server on a free loopback port, checked over HTTP."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
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
    assert "431 triples in 3 graph(s)" in capsys.readouterr().err
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
