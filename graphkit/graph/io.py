"""Reading and writing graph files; the format follows the file extension."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graphkit.errors import GraphFileError
from graphkit.files import replacing
from graphkit.formats import BY_SUFFIX
from graphkit.graph import cache

FORMATS: dict[str, ox.RdfFormat] = {suffix: f.oxigraph for suffix, f in BY_SUFFIX.items()}


def format_for(path: str | Path) -> ox.RdfFormat:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise GraphFileError(f"{path}: unknown graph format '{suffix}' (known: {known})")
    return FORMATS[suffix]


def write_quads(quads, path: str | Path, prefixes: dict[str, str] | None = None) -> None:
    """Write quads atomically: a temporary file beside the target, renamed when complete.

    Formats without named graphs (Turtle, N-Triples, RDF/XML) get the union of all graphs.
    """
    path = Path(path)
    fmt = format_for(path)
    items = quads if fmt.supports_datasets else (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    kwargs = {"prefixes": prefixes} if prefixes and BY_SUFFIX[path.suffix.lower()].prefixes else {}
    with replacing(path) as tmp, tmp.open("wb") as handle:
        ox.serialize(items, handle, fmt, **kwargs)


def trig_block(quads: Iterable[ox.Quad], prefixes: dict[str, str]) -> bytes:
    """Quads of named graphs as TriG, without the prefix lines.

    Blocks of successive graphs, written after `trig_prefixes` (write_trig_blocks), make the file
    one serialisation of all their quads writes, byte for byte: the writer closes a graph's block
    when the next graph starts, so a worker process can serialise each document's graph itself and
    the parent only joins them.
    """
    text = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    head = trig_prefixes(prefixes)
    if text and not text.startswith(head):
        raise ValueError("the TriG writer did not start with its prefix lines")
    return text[len(head) :]


def trig_prefixes(prefixes: dict[str, str]) -> bytes:
    """The prefix lines the TriG writer puts before its first graph."""
    graph = ox.NamedNode("urn:graphkit:probe")
    probe = ox.serialize([ox.Quad(graph, graph, graph, graph)], format=ox.RdfFormat.TRIG, prefixes=prefixes)
    return probe[: probe.index(b"<urn:graphkit:probe> {")]


def write_trig_blocks(blocks: Iterable[bytes], path: str | Path, prefixes: dict[str, str]) -> None:
    """Write TriG blocks (trig_block) after their prefix lines, atomically, as write_quads does."""
    with replacing(path) as tmp, tmp.open("wb") as handle:
        head = trig_prefixes(prefixes)
        for block in blocks:
            if block and head:
                handle.write(head)  # before the first graph, as the writer puts it
                head = b""
            handle.write(block)


def load_store(path: str | Path, *, merge: bool = True) -> ox.Store:
    """A read-only view of a graph: a file loaded into memory, or a store folder opened in place.

    With `merge` (the default, for querying) a loaded file's default graph becomes the set-merge
    of its named graphs; without it the file is loaded as it is. A big file is parsed once into a
    store kept in the user's cache and opened from there next time; a file that graphkit build
    wrote is opened from the store the build left beside it.
    """
    path = Path(path)
    if path.is_dir():
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            raise GraphFileError(f"{path}: not a graphkit store ({exc})") from None
    if not path.exists():
        raise GraphFileError(f"{path}: no such graph file or store")
    fmt = format_for(path)
    if merge and (path.stat().st_size >= cache.MIN_BYTES or cache.beside(path).is_dir()):
        cached = cache.open_cached(path, fmt)  # parsed once, then opened in place (graphkit.graph.cache)
        if cached is not None:
            return cached
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphFileError(f"{path}: cannot be read as {fmt.name} ({str(exc).splitlines()[0]})") from None
    if merge:
        merge_default_graph(store)
    return store


def merge_default_graph(store: ox.Store) -> None:
    """Make the default graph the RDF merge (a set) of all named graphs.

    Oxigraph's union default graph is a multiset: a triple found in two documents' graphs
    would match twice and double every count. Queries run on this merged default graph
    instead; GRAPH ?g still reaches each document's own graph. Triples already in the default
    graph (a Turtle file has nothing else) stay; adding one twice keeps one.
    """
    # One SPARQL update is about twice as fast as copying the quads through Python.
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
