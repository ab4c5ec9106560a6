"""Push: load a graph into a SPARQL 1.1 Graph Store Protocol server (such as Oxigraph's /store).

    whole dataset   POST URL             application/n-quads   adds every named graph
    --replace       PUT  URL?graph=G     application/n-triples once per named graph: each replaces its own
    --graph G       POST URL?graph=G     application/n-triples all triples into one graph (PUT with --replace)

--replace of several graphs is all or nothing: each graph is first PUT into a staging graph of its
own (urn:graphkit:staging:…), and one SPARQL Update request (MOVE staging TO graph; …) then
switches them all in; if anything fails first, the staging graphs are deleted and the server's
graphs are as they were. The Update endpoint defaults to Oxigraph's layout (…/store → …/update);
without one (update_endpoint="none"), graphs are replaced one by one and a failure says exactly
which were replaced (a re-run converges: replacing is idempotent).

A graph file is sent as it is; a store folder without the default graph graphkit derives from
its named graphs (the server keeps its own). Bodies are spooled to a temporary file, not held in
memory. `timeout` bounds each request as a whole (connect, send, answer), not each read.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from graphkit.errors import GraphkitError
from graphkit.graph.io import load_store


class PushError(GraphkitError):
    """The server cannot be reached or refuses the data."""


@dataclass
class PushReport:
    endpoint: str
    graphs: dict[str, int] = field(default_factory=dict)  # graph IRI ("" for the default graph) -> triples sent

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def push(
    source: str | Path,
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    timeout: float = 300.0,
    update_endpoint: str | None = None,
) -> PushReport:
    """Send a graph file or store folder to a Graph Store Protocol endpoint; see the module docstring."""
    if urlsplit(endpoint).scheme not in {"http", "https"} or not urlsplit(endpoint).netloc:
        raise PushError(f"{endpoint}: not an http:// or https:// URL")
    if timeout <= 0:
        raise PushError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    target = None
    if graph is not None:
        try:
            target = ox.NamedNode(graph)
        except ValueError as exc:
            raise PushError(f"--graph {graph}: not a valid IRI ({exc})") from None
    dataset = read_dataset(source)
    graphs = source_graphs(dataset)
    report = PushReport(endpoint)
    if target is not None:
        triples = _distinct_triples(dataset, graphs)
        report.graphs[target.value] = _send(
            endpoint, {"graph": target.value}, "PUT" if replace else "POST", ox.RdfFormat.N_TRIPLES, triples, timeout
        )
    elif replace:
        update = default_update_endpoint(endpoint) if update_endpoint is None else update_endpoint
        if update and update != "none" and len(graphs) > 1:
            _replace_staged(dataset, graphs, endpoint, update, timeout, report)
        else:
            _replace_one_by_one(dataset, graphs, endpoint, timeout, report)
    else:
        quads = (q for g in graphs for q in dataset.quads_for_pattern(None, None, None, g))
        _send(endpoint, {}, "POST", ox.RdfFormat.N_QUADS, quads, timeout)
        for g in graphs:
            report.graphs[_name(g)] = sum(1 for _ in dataset.quads_for_pattern(None, None, None, g))
    return report


def default_update_endpoint(endpoint: str) -> str | None:
    """The SPARQL Update endpoint beside a Graph Store endpoint, in Oxigraph's layout (…/store → …/update)."""
    split = urlsplit(endpoint)
    if not split.path.rstrip("/").endswith("/store"):
        return None
    path = split.path.rstrip("/")[: -len("store")] + "update"
    return split._replace(path=path, query="").geturl()


def _triples(dataset: ox.Store, g):
    return (ox.Triple(q.subject, q.predicate, q.object) for q in dataset.quads_for_pattern(None, None, None, g))


def _where(g) -> dict[str, str]:
    return {"default": ""} if isinstance(g, ox.DefaultGraph) else {"graph": g.value}


def _replace_staged(dataset, graphs, endpoint: str, update: str, timeout: float, report: PushReport) -> None:
    """PUT every graph into a staging graph, then MOVE them all in with one Update request."""
    token = uuid.uuid4().hex
    staged: list[tuple[str, object]] = []
    counts: dict[str, int] = {}
    try:
        for i, g in enumerate(graphs):
            staging = f"urn:graphkit:staging:{token}:{i}"
            staged.append((staging, g))
            counts[_name(g)] = _send(
                endpoint, {"graph": staging}, "PUT", ox.RdfFormat.N_TRIPLES, _triples(dataset, g), timeout
            )
        moves = " ;\n".join(
            f"MOVE SILENT GRAPH <{staging}> TO {'DEFAULT' if isinstance(g, ox.DefaultGraph) else f'GRAPH <{g.value}>'}"
            for staging, g in staged
        )
        body = moves.encode()
        with tempfile.TemporaryFile() as spool:
            spool.write(body)
            spool.seek(0)
            _request(update, "POST", "application/sparql-update", spool, len(body), timeout)
    except PushError as exc:
        left = _delete_staged(endpoint, [staging for staging, _ in staged], timeout)
        note = "" if not left else f"; {len(left)} staging graph(s) could not be removed: {', '.join(left)}"
        raise PushError(f"{exc}; nothing on the server was replaced{note}") from None
    report.graphs.update(counts)


def _delete_staged(endpoint: str, staging: list[str], timeout: float) -> list[str]:
    left = []
    for iri in staging:
        try:
            _request(_url(endpoint, {"graph": iri}), "DELETE", None, None, 0, timeout, missing_ok=True)
        except PushError:
            left.append(iri)
    return left


def _replace_one_by_one(dataset, graphs, endpoint: str, timeout: float, report: PushReport) -> None:
    """PUT each graph in place; a failure names what was replaced (a re-run converges)."""
    for done, g in enumerate(graphs):
        try:
            report.graphs[_name(g)] = _send(
                endpoint, _where(g), "PUT", ox.RdfFormat.N_TRIPLES, _triples(dataset, g), timeout
            )
        except PushError as exc:
            name = _name(g) or "the default graph"
            raise PushError(
                f"{exc}; replaced {done} of {len(graphs)} graph(s) before {name} failed, the other "
                f"{len(graphs) - done} are unchanged; run the same push again to finish"
            ) from None


def read_dataset(source: str | Path) -> ox.Store:
    """A graph file loaded as it is (no derived default graph), or a store folder opened read-only."""
    return load_store(source, merge=False)


def source_graphs(dataset: ox.Store) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    """The graphs to send: the named graphs, or the default graph when there are none."""
    named = sorted(dataset.named_graphs(), key=lambda g: g.value)
    return named or [ox.DefaultGraph()]


def _name(g) -> str:
    return "" if isinstance(g, ox.DefaultGraph) else g.value


def _distinct_triples(dataset: ox.Store, graphs):
    seen: set[ox.Triple] = set()
    for g in graphs:
        for q in dataset.quads_for_pattern(None, None, None, g):
            triple = ox.Triple(q.subject, q.predicate, q.object)
            if triple not in seen:
                seen.add(triple)
                yield triple


def _send(endpoint: str, where: dict[str, str], method: str, fmt: ox.RdfFormat, items, timeout: float) -> int:
    """Serialize items to a spooled file and send them in one request; returns how many were sent."""
    counted = _Counter(items)
    with tempfile.TemporaryFile() as body:
        ox.serialize(counted, body, fmt)
        size = body.tell()
        body.seek(0)
        _request(_url(endpoint, where), method, fmt.media_type, body, size, timeout)
    return counted.count


def _url(endpoint: str, where: dict[str, str]) -> str:
    if not where:
        return endpoint
    query = "default" if "default" in where else urlencode(where)
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _request(
    url: str,
    method: str,
    media_type: str | None,
    body: IO[bytes] | None,
    size: int,
    timeout: float,
    *,
    missing_ok: bool = False,
) -> None:
    """One HTTP request that must be answered whole within `timeout` seconds (a watchdog closes it then)."""
    split = urlsplit(url)
    connection_class = http.client.HTTPSConnection if split.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(split.hostname, split.port, timeout=timeout)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(timeout, expire)
    watchdog.daemon = True
    headers = {"Content-Length": str(size)}
    if media_type:
        headers["Content-Type"] = media_type
    path = split.path or "/"
    started = time.monotonic()
    watchdog.start()
    try:
        connection.request(method, f"{path}?{split.query}" if split.query else path, body=body, headers=headers)
        response = connection.getresponse()
        detail = response.read(300) if response.status >= 300 else response.read()
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set() or isinstance(exc, TimeoutError) or time.monotonic() - started >= timeout:
            raise PushError(f"{url}: no complete answer within {timeout:g} s (--timeout)") from None
        if isinstance(exc, ConnectionRefusedError):
            raise PushError(f"cannot reach {url}: connection refused (is the server running?)") from None
        if isinstance(exc, socket.gaierror):
            raise PushError(f"cannot reach {url}: {exc.strerror or exc}") from None
        raise PushError(f"{url}: the connection failed ({getattr(exc, 'strerror', None) or exc})") from None
    finally:
        watchdog.cancel()
        connection.close()
    if response.status >= 300 and not (missing_ok and response.status == 404):
        text = " ".join(detail.decode("utf-8", "replace").split())
        raise PushError(f"{url}: HTTP {response.status} {response.reason}{': ' + text if text else ''}")


class _Counter:
    """An iterator that counts what passes through it."""

    def __init__(self, items) -> None:
        self._items = iter(items)
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self._items)
        self.count += 1
        return item
