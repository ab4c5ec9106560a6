"""Push: load a graph into a SPARQL 1.1 Graph Store Protocol server (such as Oxigraph's /store).

    whole dataset   POST URL             application/n-quads   adds every named graph
    --replace       PUT  URL?graph=G     application/n-triples once per named graph: each replaces its own
    --graph G       POST URL?graph=G     application/n-triples all triples into one graph (PUT with --replace)

A graph file is sent as it is; a store folder without the default graph graphkit derives from
its named graphs (the server keeps its own). Bodies are spooled to a temporary file, not held in memory.
"""

from __future__ import annotations

import tempfile
import urllib.error
import urllib.request
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
    source: str | Path, endpoint: str, *, graph: str | None = None, replace: bool = False, timeout: float = 300.0
) -> PushReport:
    """Send a graph file or store folder to a Graph Store Protocol endpoint; see the module docstring."""
    if urlsplit(endpoint).scheme not in {"http", "https"} or not urlsplit(endpoint).netloc:
        raise PushError(f"{endpoint}: not an http:// or https:// URL")
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
        for g in graphs:
            where = {"default": ""} if isinstance(g, ox.DefaultGraph) else {"graph": g.value}
            triples = (
                ox.Triple(q.subject, q.predicate, q.object) for q in dataset.quads_for_pattern(None, None, None, g)
            )
            report.graphs[_name(g)] = _send(endpoint, where, "PUT", ox.RdfFormat.N_TRIPLES, triples, timeout)
    else:
        quads = (q for g in graphs for q in dataset.quads_for_pattern(None, None, None, g))
        _send(endpoint, {}, "POST", ox.RdfFormat.N_QUADS, quads, timeout)
        for g in graphs:
            report.graphs[_name(g)] = sum(1 for _ in dataset.quads_for_pattern(None, None, None, g))
    return report


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


def _request(url: str, method: str, media_type: str, body: IO[bytes], size: int, timeout: float) -> None:
    request = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": media_type, "Content-Length": str(size)}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(300).decode("utf-8", "replace").split())
        raise PushError(f"{url}: HTTP {exc.code} {exc.reason}{': ' + detail if detail else ''}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            raise PushError(f"cannot reach {url}: connection refused (is the server running?)") from None
        raise PushError(f"cannot reach {url}: {getattr(reason, 'strerror', None) or reason}") from None
    except TimeoutError:
        raise PushError(f"{url}: no answer within {timeout:g} s") from None
    except ConnectionError as exc:
        raise PushError(f"{url}: the connection failed ({exc.strerror or exc})") from None


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
