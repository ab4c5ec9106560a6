"""Incremental builds into a store: only documents whose content or settings changed are parsed again.

Each document's key hashes its content (every field, its source and locator included) together
with everything else that shapes its triples: graphkit's version and code, the base IRI, the
build options and the data files (gazetteers, lexicons, topic scheme). A document whose key the
store's ledger already holds is skipped before parsing, so an unchanged rebuild never loads spaCy.
A changed document replaces its own graph in one transaction; with `prune`, documents whose
source is gone (the file no longer exists, or no longer holds them) are removed. The corpus
graph is then recomputed from every document's ledger row. Whatever the sequence of changes, the
store ends equal to a fresh build of the final inputs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from graphkit.errors import GraphkitError, InputError
from graphkit.graph import store as stores
from graphkit.graph.ledger import Entry, Ledger
from graphkit.model import Document

PACKAGE = Path(__file__).resolve().parent


@dataclass
class StoreReport:
    written: int = 0  # documents parsed and written
    unchanged: int = 0  # documents skipped: the store has them as they are
    pruned: int = 0  # documents removed: their source is gone
    repaired: bool = False  # the store was left dirty by an interrupted bulk load and was repaired


@cache
def code_hash() -> str:
    """A hash of graphkit's own code and data files: either changing changes every document's triples."""
    from graphkit.resources import data_dir

    digest = hashlib.sha256()
    for root in (PACKAGE, data_dir()):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def settings_key(**settings: object) -> str:
    """The part of every document's key that does not come from the document: code, data and options."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("graphkit")
    except PackageNotFoundError:
        release = "unknown"
    text = json.dumps({"version": release, "code": code_hash(), **settings}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def document_key(doc: Document, settings: str) -> str:
    # A dataclass's repr names every field and quotes every string exactly: five times faster than JSON.
    text = repr(doc)
    return hashlib.sha256(f"{settings}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()


def build_store(
    documents: Iterable[Document],
    directory: str | Path,
    options,
    run: Callable[[Iterable[Document]], Iterator],
    *,
    report,
    problem: Callable[[InputError], None],
    prune: bool = False,
    on_result: Callable | None = None,
) -> StoreReport:
    """Bring a store up to date with the documents (graphkit.pipeline.build with `store`).

    `run` turns the changed documents into DocumentResults (worker processes, or a Dask
    cluster); it is started only if a document changed. `report` (the build's BuildReport)
    counts every document, changed or not; `on_result` is told of each one.
    """
    from graphkit.graph.build import Iris
    from graphkit.pipeline import corpus_quads, count_result

    iris = Iris(options.base)
    settings = settings_key(options=dataclasses.asdict(options))
    stats = StoreReport()
    store = stores.open_store(directory)
    ledger = Ledger(directory)
    try:
        known = ledger.entries()
        corpus_graph = iris.graph("graphkit")
        if ledger.dirty:
            _repair(store, known, corpus_graph=corpus_graph)
            ledger.mark_clean()
            stats.repaired = True
        # A first build loads in bulk (not atomic: the ledger marks it dirty meanwhile); a rebuild
        # writes every document in its own transaction, so readers only ever see whole documents.
        first_build = not known and not any(True for _ in store.named_graphs())
        seen: set[str] = set()
        sources: set[str] = set()
        keys: dict[str, str] = {}

        def changed() -> Iterator[Document]:
            for doc in documents:
                graph = iris.graph(doc.id).value
                seen.add(graph)
                sources.add(doc.source)
                key = document_key(doc, settings)
                entry = known.get(graph)
                if entry is not None and entry.key == key:
                    stats.unchanged += 1
                    summary = unpack(entry.payload)
                    count_result(report, summary, on_result)
                    continue
                keys[graph] = key
                yield doc

        fresh: list[tuple[Entry, ox.NamedNode, bytes]] = []
        fresh_quads = 0
        for result in _lazily(run, changed()):
            for line in result.problems:
                problem(InputError(result.where, line))
            if not result.nquads:
                continue  # not processed: its earlier graph, if any, stays
            graph = iris.graph(result.id)
            entry = Entry(graph.value, result.id, result.source, keys[graph.value], pack(_summary(result)))
            stats.written += 1
            count_result(report, result, on_result)
            if not first_build or graph.value in known or store.contains_named_graph(graph):
                # The old row goes first: a row may be missing or stale, never claim a graph the store lacks.
                ledger.forget(graph.value)
                stores.replace_graph(store, graph, stores.nquads_as_ntriples(result.nquads, graph))
                ledger.record([entry])
            else:
                fresh.append((entry, graph, result.nquads))
                fresh_quads += result.quads
                if fresh_quads >= 100_000:
                    _bulk(store, ledger, fresh)
                    fresh, fresh_quads = [], 0
            known[graph.value] = entry
        if fresh:
            _bulk(store, ledger, fresh)
        if prune:
            for graph, entry in sorted(known.items()):
                if graph not in seen and _gone(entry, sources):
                    ledger.forget(graph)
                    stores.remove_graph(store, ox.NamedNode(graph))
                    stats.pruned += 1
            known = {g: e for g, e in known.items() if g in seen or not _gone(e, sources)}
        if not known:
            raise GraphkitError("no document could be read from the inputs; the store was left as it was")
        summaries = [unpack(e.payload) for _, e in sorted(known.items())]
        corpus = [ox.Triple(q.subject, q.predicate, q.object) for q in corpus_quads(summaries, options)]
        stores.replace_graph(store, corpus_graph, corpus)
        report.quads += len(corpus)
        if stats.written > 100:
            store.optimize()
        return stats
    finally:
        ledger.close()
        stores.close_store(store)
        del store


def _summary(result):
    """What the corpus step and the build's summary need of a document: its result without its quads
    (its tally holds the counts, so an unchanged document still counts its topics and organisations)."""
    return dataclasses.replace(result, nquads=b"")


def _lazily(process: Callable[[Iterable[Document]], Iterator], docs: Iterator[Document]) -> Iterator:
    """Start `process` (which loads spaCy or reaches a cluster) only once there is a changed document."""
    for first in docs:
        yield from process(itertools.chain([first], docs))
        return


def _gone(entry: Entry, sources: set[str]) -> bool:
    """A document's source is gone: its file was read and no longer holds it, or the file is no more."""
    return entry.source in sources or not Path(entry.source).exists()


def _bulk(store: ox.Store, ledger: Ledger, fresh: list[tuple[Entry, ox.NamedNode, bytes]]) -> None:
    ledger.mark_dirty()
    stores.add_document_graphs(store, ((graph, nquads) for _, graph, nquads in fresh))
    ledger.record(entry for entry, _, _ in fresh)
    ledger.mark_clean()


def _repair(store: ox.Store, known: dict[str, Entry], *, corpus_graph: ox.NamedNode) -> None:
    """After an interrupted bulk load: drop graphs the ledger does not vouch for, recompute the default graph."""
    for graph in list(store.named_graphs()):
        if isinstance(graph, ox.NamedNode) and graph.value not in known and graph != corpus_graph:
            stores.remove_graph(store, graph)
    stores.repair_default_graph(store)


def pack(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(payload: bytes) -> object:
    return pickle.loads(payload)
