"""A persistent graph store: a folder (Oxigraph, on RocksDB) for corpora that outgrow memory.

Layout is the one of a graph file: one named graph per document, plus the corpus graph, and a
default graph kept as the merge (a set) of the named graphs, which queries run on.

Every change to a graph that is already in the store is one SPARQL update (of only the triples
that differ), which Oxigraph applies as one transaction: the document's graph and the default
graph change together or not at all, so a reader (or a kill -9) never sees a half-replaced
document. Graphs new to the store are loaded in bulk (three times faster, not atomic); the ledger
(graphkit.graph.ledger) marks the store dirty for that time, and a store opened dirty gets its
default graph recomputed before anything else.

`graphkit query DIR`, `graphkit serve DIR` and graphkit.graph.io.load_store open such a folder
read-only; only one process may write to it at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graphkit.errors import GraphFileError

_DEFAULT = ox.DefaultGraph()
_BULK = 100_000  # quads gathered before a bulk write: bounded memory, still the bulk loader's speed


def open_store(directory: str | Path) -> ox.Store:
    """Open a store folder for writing, creating it (and its parents) when it does not exist.

    Bulk-load files a killed writer left behind (`bulk-*.sst`) are removed: holding the store's
    lock, this process is the only writer, so no other load can be using them.
    """
    path = Path(directory)
    if path.exists() and not path.is_dir():
        raise GraphFileError(f"{path}: is a file, not a store folder")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
        raise GraphFileError(f"{path}: is a folder with other files in it, not a graph store")
    try:
        path.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
    except OSError as exc:
        reason = str(exc).splitlines()[0]
        if "lock" in reason.lower():
            reason = "it is in use (another build, or a program that holds it open for writing)"
        raise GraphFileError(f"{path}: cannot open the store: {reason}") from None
    for stale in path.glob("bulk-*.sst"):
        stale.unlink(missing_ok=True)
    return store


def close_store(store: ox.Store) -> None:
    """Flush a store opened for writing; the lock goes when the last reference does."""
    store.flush()


def replace_graph(store: ox.Store, graph: ox.NamedNode, triples: Iterable[ox.Triple] | bytes | str) -> int:
    """Put `triples` in place of the store's graph `graph`, in one transaction; return the triples changed.

    Only the difference is written: the triples the graph loses and those it gains (a corpus
    graph or an edited document mostly stays as it was). The default graph loses the lost triples
    no other named graph holds and gains the new ones, in the same transaction. `triples` may be
    given as N-Triples text. Both sides are compared as N-Triples lines written by Oxigraph, so
    no term becomes a Python object.
    """
    new = _lines(triples)
    old = set(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines())
    gone, added = old - new, new - old
    if not gone and not added:
        return 0
    g = f"<{graph.value}>"
    if any(b"_:" in line for line in gone | added):
        # DELETE DATA takes no blank nodes: drop the graph and write it again.
        body = _text(new)
        store.update(
            f"{_forget(graph)} ; DROP SILENT GRAPH {g} ; INSERT DATA {{ GRAPH {g} {{ {body} }} }} ; "
            f"INSERT DATA {{ {body} }}"
        )
        return len(gone) + len(added)
    parts = []
    if gone:
        # The lost triples, staged in a scratch graph within the same update, leave the default
        # graph unless another named graph holds them.
        lost = _text(gone)
        parts += [
            f"INSERT DATA {{ GRAPH <{_STAGING}> {{ {lost} }} }}",
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{_STAGING}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {g} && ?other != <{_STAGING}>) }} }}",
            f"DROP SILENT GRAPH <{_STAGING}>",
            f"DELETE DATA {{ GRAPH {g} {{ {lost} }} }}",
        ]
    if added:
        body = _text(added)
        parts += [f"INSERT DATA {{ GRAPH {g} {{ {body} }} }}", f"INSERT DATA {{ {body} }}"]
    store.update(" ; ".join(parts))
    return len(gone) + len(added)


_STAGING = "urn:graphkit:store:staging"  # a scratch graph that lives only within one update


def nquads_as_ntriples(nquads: bytes, graph: ox.NamedNode) -> bytes:
    """N-Quads of the one graph `graph` as N-Triples: each line's graph name cut off.

    Lines as Oxigraph writes them end with ` <graph> .`; any other N-Quads are converted by a
    scratch in-memory store.
    """
    suffix = f" <{graph.value}> .".encode()
    lines = nquads.splitlines()
    if all(line.endswith(suffix) for line in lines):
        return b"".join(line[: -len(suffix)] + b" .\n" for line in lines)
    scratch = ox.Store()
    scratch.load(nquads, format=ox.RdfFormat.N_QUADS)
    return b"".join(scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in scratch.named_graphs())


def add_document_graphs(store: ox.Store, graphs: Iterable[tuple[ox.NamedNode, bytes]]) -> None:
    """Bulk-load documents' graphs new to the store, given as (graph, N-Quads of it), and their triples
    into the default graph; Oxigraph parses them, no term becomes a Python object.

    Not atomic: call it between ledger.dirty() and ledger.clean().
    """
    graphs = list(graphs)
    store.bulk_load(b"".join(nquads for _, nquads in graphs), format=ox.RdfFormat.N_QUADS)
    store.bulk_load(b"".join(nquads_as_ntriples(nq, g) for g, nq in graphs), format=ox.RdfFormat.N_TRIPLES)


def _lines(triples: Iterable[ox.Triple] | bytes | str) -> set[bytes]:
    if isinstance(triples, str):
        triples = triples.encode("utf-8")
    if not isinstance(triples, bytes):
        triples = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    return {line for line in triples.splitlines() if line.strip()}


def _text(lines: Iterable[bytes]) -> str:
    return b"\n".join(lines).decode("utf-8")


def remove_graph(store: ox.Store, graph: ox.NamedNode) -> None:
    """Remove a named graph and, from the default graph, the triples only it held: one transaction."""
    store.update(f"{_forget(graph)} ; DROP SILENT GRAPH <{graph.value}>")


def add_graphs(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """Load quads of graphs the store does not hold yet, and their triples into the default graph, in bulk.

    Not atomic: call it between ledger.dirty() and ledger.clean().
    """
    batch: list[ox.Quad] = []
    for quad in quads:
        batch.append(quad)
        batch.append(ox.Quad(quad.subject, quad.predicate, quad.object, _DEFAULT))
        if len(batch) >= _BULK:
            store.bulk_extend(batch)
            batch.clear()
    if batch:
        store.bulk_extend(batch)


def repair_default_graph(store: ox.Store) -> None:
    """Make the default graph exactly the set-merge of the named graphs again (after an interrupted bulk load)."""
    store.update(
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ; "
        "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    )


def graph_triples(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> set[tuple]:
    """The (subject, predicate, object) of one graph of the store, as a set."""
    return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)}


def _forget(graph: ox.NamedNode) -> str:
    # The default graph's copies of this graph's triples that no other named graph holds.
    g = f"<{graph.value}>"
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {g}) }} }}"
    )


def _ntriples(triples: Iterable[ox.Triple] | bytes | str) -> str:
    if isinstance(triples, bytes):
        return triples.decode("utf-8")
    if isinstance(triples, str):
        return triples
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def replace_document_graphs(
    store: ox.Store, quads: Iterable[ox.Quad], *, keep: Iterable[ox.NamedNode] = ()
) -> dict[str, int]:
    """Put each named graph the quads belong to in place of the store's version of that graph.

    Quads arrive grouped by graph (as graphkit.graph.build writes them). A graph listed in
    `keep` (the corpus graph) is added to rather than replaced, as shards merge by union.
    Graphs the store does not hold yet are loaded in bulk; the others are replaced one
    transaction each. Returns the number of quads written per graph IRI.
    """
    kept = {g.value for g in keep}
    written: dict[str, int] = {}
    fresh: list[ox.Quad] = []  # graphs new to the store, waiting for a bulk write
    pending: set[str] = set()
    for graph, group in itertools.groupby(quads, key=lambda q: q.graph_name):
        if not isinstance(graph, ox.NamedNode):
            raise GraphFileError("a store holds quads in named graphs named by IRIs; this one is not")
        batch = list(group)
        if graph.value in pending or (graph.value not in written and not store.contains_named_graph(graph)):
            fresh.extend(batch)
            pending.add(graph.value)
            if len(fresh) >= _BULK:
                add_graphs(store, fresh)
                fresh.clear()
                pending.clear()
        elif graph.value in written or graph.value in kept:
            # Seen earlier in this call, or a graph that is added to: the union of old and new.
            old = [ox.Triple(*t) for t in graph_triples(store, graph)]
            replace_graph(store, graph, old + [ox.Triple(q.subject, q.predicate, q.object) for q in batch])
        else:
            replace_graph(store, graph, [ox.Triple(q.subject, q.predicate, q.object) for q in batch])
        written[graph.value] = written.get(graph.value, 0) + len(batch)
    if fresh:
        add_graphs(store, fresh)
    return written


def write_store(
    quads: Iterable[ox.Quad], directory: str | Path, *, keep: Iterable[ox.NamedNode] = ()
) -> dict[str, int]:
    """Open (or create) a store folder, replace the quads' graphs in it, compact it and close it.

    Compacting (Store.optimize) takes about 2 s per million quads and halves later query times
    after a bulk write.
    """
    store = open_store(directory)
    try:
        written = replace_document_graphs(store, quads, keep=keep)
        store.optimize()
        return written
    finally:
        close_store(store)
        del store
