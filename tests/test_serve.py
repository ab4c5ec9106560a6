"""The SPARQL endpoint, started on a free loopback port and asked over real HTTP."""

from __future__ import annotations

import contextlib
import csv
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.graph.io import load_store
from graphkit.query import canned, load_query, rows, run
from graphkit.serve import ServeError, is_loopback, make_server
from graphkit.serve.negotiate import choose
from tests import processes
from tests.conftest import ROOT, TEST_DATA

GRAPH = TEST_DATA / "query-graph.trig"
B = "https://example.org/graphkit/"
NAMES = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name LIMIT 3"
PEOPLE = "CONSTRUCT { ?p a foaf:Person } WHERE { ?p a foaf:Person }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
HUNGRY = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"


@contextmanager
def serving(store: ox.Store, timeout: float = 30, **options) -> Iterator[str]:
    server = make_server(store, "127.0.0.1", 0, timeout=timeout, quiet=True, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store(GRAPH)


@pytest.fixture(scope="module")
def endpoint(store) -> Iterator[str]:
    with serving(store) as url:
        yield url


def fetch(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """(status, content type, body) of a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read()


def get(endpoint: str, query: str, accept: str | None = None, **extra: str):
    params = urllib.parse.urlencode({"query": query, **extra})
    return fetch(f"{endpoint}?{params}", headers={"Accept": accept} if accept else {})


def test_get_answers_sparql_json_by_default(endpoint):
    status, media_type, body = get(endpoint, NAMES)
    assert (status, media_type) == (200, "application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["name"]
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["Abel Hughes", "Ann Author", "J Hurst"]


def test_post_a_query_body_and_negotiate_csv(endpoint):
    status, media_type, body = fetch(endpoint, data=NAMES.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})  # fmt: skip
    assert (status, media_type) == (200, "text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [["name"], ["Abel Hughes"], ["Ann Author"], ["J Hurst"]]


def test_post_a_form_and_negotiate_tsv_and_xml(endpoint):
    form = urllib.parse.urlencode({"query": NAMES}).encode()
    form_type = {"Content-Type": "application/x-www-form-urlencoded"}
    status, media_type, body = fetch(endpoint, data=form, headers={**form_type, "Accept": "text/tab-separated-values"})
    assert (status, media_type) == (200, "text/tab-separated-values")
    assert body.decode().splitlines()[:2] == ["?name", '"Abel Hughes"']
    status, media_type, body = fetch(
        endpoint, data=form, headers={**form_type, "Accept": "application/sparql-results+xml"}
    )
    assert (status, media_type) == (200, "application/sparql-results+xml")
    literals = [e.text for e in ET.fromstring(body).iter("{http://www.w3.org/2005/sparql-results#}literal")]
    assert literals == ["Abel Hughes", "Ann Author", "J Hurst"]


def test_accept_quality_values_and_ask(endpoint):
    accept = "text/csv;q=0.5, application/sparql-results+json;q=0.9, */*;q=0.1"
    status, media_type, _ = get(endpoint, NAMES, accept)
    assert (status, media_type) == (200, "application/sparql-results+json")
    status, media_type, body = get(endpoint, "ASK { ?s a gk:Hashtag }", "application/json")
    assert (status, json.loads(body)["boolean"]) == (200, True)


@pytest.mark.parametrize(
    ("accept", "media_type", "rdf_format"),
    [
        (None, "text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/trig, text/turtle;q=0.5", "application/trig", ox.RdfFormat.TRIG),
    ],
)
def test_construct_negotiates_rdf(endpoint, accept, media_type, rdf_format):
    status, got_type, body = get(endpoint, PEOPLE, accept)
    assert (status, got_type) == (200, media_type)
    assert len(list(ox.parse(body, format=rdf_format))) == 7


def test_unacceptable_types_are_406(endpoint):
    status, media_type, body = get(endpoint, NAMES, "image/png")
    assert status == 406 and media_type.startswith("text/plain")
    assert b"application/sparql-results+json" in body
    assert get(endpoint, PEOPLE, "application/sparql-results+json")[0] == 406


def test_updates_are_refused_and_change_nothing(endpoint, store):
    before = len(store)
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answers = [
        fetch(endpoint, data=urllib.parse.urlencode({"update": update}).encode(), headers=form),
        fetch(endpoint, data=update.encode(), headers={"Content-Type": "application/sparql-update"}),
        fetch(endpoint, data=urllib.parse.urlencode({"query": "DROP ALL"}).encode(), headers=form),
        get(endpoint, update),
    ]
    for status, media_type, body in answers:
        assert status == 403 and media_type.startswith("text/plain")
        assert b"read-only" in body and body.count(b"\n") == 1
    assert len(store) == before
    assert get(endpoint, "ASK { <urn:a> <urn:b> <urn:c> }")[2] == b'{"head":{},"boolean":false}'


def test_service_is_refused(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body


def test_errors_are_400_with_a_text_message(endpoint):
    status, media_type, body = get(endpoint, "SELECT ?s WHERE { ?s ?p }")
    assert (status, media_type) == (400, "text/plain; charset=utf-8")
    assert body.startswith(b"the query is not valid SPARQL")
    assert fetch(endpoint)[0] == 400  # no query at all
    assert fetch(endpoint.replace("/sparql", "/elsewhere"))[0] == 404
    assert fetch(endpoint, data=b"x", headers={"Content-Type": "text/plain"})[0] == 415
    status, _, body = fetch(endpoint.replace("/sparql", "/"))
    assert status == 200 and b"application/sparql-query" in body


def test_default_graph_uri_picks_the_graphs_queried(endpoint):
    query = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a schema:Comment }"
    _, _, body = get(endpoint, query, "text/csv", **{"default-graph-uri": B + "graph/beta"})
    assert body.decode().split() == ["n", "2"]
    _, _, body = get(endpoint, query, "text/csv")
    assert body.decode().split() == ["n", "5"]


def test_a_runaway_query_is_stopped_with_503(store):
    with serving(store, timeout=1) as url:
        start = time.monotonic()
        status, _, body = get(url, SLOW)
        assert status == 503 and b"stopped after 1 s" in body
        assert time.monotonic() - start < 10
        assert get(url, "ASK { ?s ?p ?o }")[0] == 200  # and the server still answers


def test_oxigraph_service_calls_reach_the_endpoint(endpoint, store):
    query = f"SELECT ?name WHERE {{ SERVICE <{endpoint}> {{ ?p a gk:Hashtag ; skos:prefLabel ?name }} }}"
    assert rows(run(ox.Store(), query, allow_service=True)) == [{"name": "ImOnCallJerome"}]


def test_negotiation_rules():
    assert choose(None, "SELECT") == ("application/sparql-results+json", "json")
    assert choose("text/*", "SELECT") == ("text/csv", "csv")
    assert choose("*/*", "CONSTRUCT") == ("text/turtle", "turtle")
    assert choose("text/csv;q=0", "SELECT") is None
    assert choose("application/ld+json;q=0.8, text/turtle;q=0.2", "DESCRIBE") == ("application/ld+json", "jsonld")


def test_loopback_and_busy_ports(endpoint, store):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
    port = int(urllib.parse.urlsplit(endpoint).port)
    with pytest.raises(ServeError, match="cannot listen"):
        make_server(store, "127.0.0.1", port)


def test_the_serve_command_starts_answers_and_stops(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "serve", str(GRAPH), "--port", "0", "--quiet"],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = process.stderr.readline()
        assert "serving" in line, line
        url = line.split(" at ")[1].split()[0]
        assert url.startswith("http://127.0.0.1:")
        status, _, body = get(url, "SELECT (COUNT(*) AS ?n) WHERE { ?c a schema:Comment }", "text/csv")
        assert (status, body.decode().split()) == (200, ["n", "5"])
    finally:
        # SIGTERM: SIGINT is ignored by processes started in the background of a non-interactive shell.
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=20)
        rest = process.stderr.read()
        process.stderr.close()
    assert code == 0 and "stopped" in rest


# --- load, limits and policy (issue 13) -----------------------------------------------------------


def test_32_concurrent_clients_on_canned_queries_get_no_errors(store):
    queries = [load_query(name) for name in canned()]
    statuses: list[int] = []
    with serving(store) as url:

        def client(offset: int) -> None:
            for i in range(5):
                statuses.append(get(url, queries[(offset + i) % len(queries)])[0])

        threads = [threading.Thread(target=client, args=(n,)) for n in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    assert len(statuses) == 160 and set(statuses) == {200}


def test_idle_and_trickling_connections_do_not_delay_another_client(store):
    """200 connections that send nothing or half a request cost no thread and hold up no one."""
    with serving(store) as url:
        host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
        idle = []
        threads_before = threading.active_count()
        try:
            for i in range(200):
                sock = socket.create_connection((host, port), timeout=10)
                if i % 2:
                    sock.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the end
                idle.append(sock)
            time.sleep(0.5)  # let the server take them all in
            took = []
            for _ in range(5):
                start = time.monotonic()
                assert get(url, "ASK { ?s ?p ?o }")[0] == 200
                took.append(time.monotonic() - start)
            assert min(took) < 0.1, took  # a thread-per-connection server with a backlog of 5 takes seconds
            assert threading.active_count() <= threads_before + 2  # no thread per connection (was 200 more)
        finally:
            for sock in idle:
                sock.close()


def test_a_runaway_and_a_hungry_query_are_cut_off_while_others_are_answered(store):
    with serving(store, timeout=10, memory_mb=128) as url:
        answers: dict[str, tuple[int, bytes, float]] = {}

        def hostile(name: str, query: str) -> None:
            start = time.monotonic()
            status, _, body = get(url, query)
            answers[name] = (status, body, time.monotonic() - start)

        threads = [threading.Thread(target=hostile, args=item) for item in [("runaway", SLOW), ("hungry", HUNGRY)]]
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        others = []
        for _ in range(20):
            start = time.monotonic()
            others.append((get(url, NAMES)[0], time.monotonic() - start))
        for thread in threads:
            thread.join(30)
    assert {status for status, _ in others} == {200}
    assert max(took for _, took in others) < 2.5, others  # answered while the hostile queries ran
    status, body, took = answers["runaway"]
    assert status == 503 and body == b"the query was stopped after 10 s (its timeout)\n" and took < 20
    status, body, _ = answers["hungry"]
    assert status == 503 and b"more than 128 MiB of memory" in body and body.count(b"\n") == 1


def test_no_cors_by_default_and_one_origin_with_cors(store, endpoint):
    query = "?" + urllib.parse.urlencode({"query": "ASK {}"})
    with urllib.request.urlopen(endpoint + query, timeout=30) as response:
        assert response.headers.get("Access-Control-Allow-Origin") is None
    status, _, body = fetch(endpoint + query, headers={"Origin": "https://evil.example"})
    assert status == 403 and b"cross-origin" in body and body.count(b"\n") == 1
    with serving(store, cors="https://app.example") as url:
        request = urllib.request.Request(url + query, headers={"Origin": "https://app.example"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers.get("Access-Control-Allow-Origin") == "https://app.example"
        assert fetch(url + query, headers={"Origin": "https://evil.example"})[0] == 403
    with pytest.raises(ServeError, match="one origin"):
        make_server(store, "127.0.0.1", 0, cors="*")


@pytest.mark.parametrize(
    ("host", "status"),
    [("evil.example", 421), ("evil.example:7878", 421), ("localhost", 200), ("127.0.0.1:1", 200), ("[::1]:9", 200)],
)
def test_the_host_header_must_name_this_server(endpoint, host, status):
    """DNS rebinding: a page on evil.example that resolves to 127.0.0.1 must not reach the endpoint."""
    split = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=30)
    connection.putrequest("GET", "/sparql?query=ASK%7B%7D", skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == status, body
    if status != 200:
        assert body.count(b"\n") == 1 and b"Host" in body


@pytest.mark.parametrize(
    "raw", [b"GARBAGE\r\n\r\n", b"GET /sparql HTTP/9.9\r\n\r\n", b"GET /" + b"x" * 70000 + b" HTTP/1.1\r\n\r\n"]
)
def test_malformed_http_gets_one_line_of_text(endpoint, raw):
    split = urllib.parse.urlsplit(endpoint)
    with socket.create_connection((split.hostname, split.port), timeout=30) as sock:
        sock.sendall(raw)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.split()[1] in {b"400", b"414", b"505"}, head
    assert b"content-type: text/plain" in head.lower() and b"<" not in body and body.count(b"\n") == 1, body


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_stops_serve_promptly_with_a_query_in_flight(tmp_path, sig):
    """serve used to say "stopped" and then live until the in-flight query's deadline."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "serve", str(GRAPH), "--port", "0", "--quiet", "--timeout", "120"],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    children: list[int] = []
    try:
        url = process.stderr.readline().split(" at ")[1].split()[0]
        threading.Thread(target=get, args=(url, SLOW), daemon=True).start()
        time.sleep(1.0)
        children = processes.children(process.pid)
        assert children
        start = time.monotonic()
        process.send_signal(sig)
        code = process.wait(timeout=30)
        took = time.monotonic() - start
        deadline = time.monotonic() + 10
        while any(processes.alive(child) for child in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(processes.alive(child) for child in children), "a query worker outlived serve"
        rest = process.stderr.read()  # only now: a surviving worker would hold the pipe open
        assert code == 0 and rest.strip() == "graphkit: stopped" and took < 10, (code, rest, took)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
        for child in children:  # never leave one behind, even when the test failed
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)


def test_an_over_long_body_or_query_is_refused_with_one_line(endpoint):
    split = urllib.parse.urlsplit(endpoint)
    with socket.create_connection((split.hostname, split.port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 2000000\r\n\r\n")  # fmt: skip
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.0 413") and reply.endswith(b"bytes\n")
    status, _, body = fetch(endpoint, data=b"#" * 200_000, headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"the limit is 100,000" in body and body.count(b"\n") == 1
