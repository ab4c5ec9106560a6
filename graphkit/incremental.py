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

from graphkit.graph import store as stores
from graphkit.graph.ledger import Entry, Ledger
from graphkit.model import Document

PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Built:
    """One document's work, ready for the store."""

    doc: Document
    graph: str  # its named graph IRI
    ntriples: bytes  # the triples of its graph, as N-Triples
    payload: bytes  # what the cross-document step needs from it (pickled)
    quads: int


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
    text = json.dumps(dataclasses.asdict(doc), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{settings}\n{text}".encode()).hexdigest()


def update_store(
    documents: Iterable[Document],
    directory: str | Path,
    *,
    graph_of: Callable[[str], ox.NamedNode],
    settings: str,
    process: Callable[[Iterable[Document]], Iterator[Built]],
    corpus: Callable[[list[bytes]], Iterable[ox.Quad]],
    prune: bool = False,
    on_document: Callable[[Document, bool], None] | None = None,
) -> StoreReport:
    """Bring a store up to date with the documents.

    `process` turns the changed documents into Built results (it may load spaCy, or use a cluster);
    `corpus` turns every document's payload (in graph order) into the corpus graph's quads;
    `on_document(doc, parsed)` is told of each document as it is dealt with.
    """
    report = StoreReport()
    store = stores.open_store(directory)
    ledger = Ledger(directory)
    try:
        known = ledger.entries()
        if ledger.dirty:
            _repair(store, known, corpus_graph=graph_of("graphkit"))
            ledger.mark_clean()
            report.repaired = True
        # A first build loads in bulk (not atomic: the ledger marks it dirty meanwhile); a rebuild
        # writes every document in its own transaction, so readers only ever see whole documents.
        first_build = not known and not any(True for _ in store.named_graphs())
        seen: set[str] = set()
        sources: set[str] = set()
        keys: dict[str, str] = {}

        def changed() -> Iterator[Document]:
            for doc in documents:
                graph = graph_of(doc.id).value
                seen.add(graph)
                sources.add(doc.source)
                key = document_key(doc, settings)
                entry = known.get(graph)
                if entry is not None and entry.key == key:
                    report.unchanged += 1
                    if on_document:
                        on_document(doc, False)
                    continue
                keys[graph] = key
                yield doc

        fresh: list[Built] = []
        fresh_quads = 0
        for built in _lazily(process, changed()):
            report.written += 1
            entry = Entry(built.graph, built.doc.id, built.doc.source, keys[built.graph], built.payload)
            graph = ox.NamedNode(built.graph)
            if not first_build or built.graph in known or store.contains_named_graph(graph):
                # The old row goes first: a row may be missing or stale, never claim a graph the store lacks.
                ledger.forget(built.graph)
                stores.replace_graph(store, graph, built.ntriples)
                ledger.record([entry])
            else:
                fresh.append(built)
                fresh_quads += built.quads
                if fresh_quads >= 100_000:
                    _bulk(store, ledger, fresh, keys)
                    fresh, fresh_quads = [], 0
            known[built.graph] = entry
            if on_document:
                on_document(built.doc, True)
        if fresh:
            _bulk(store, ledger, fresh, keys)
        if prune:
            for graph, entry in sorted(known.items()):
                if graph not in seen and _gone(entry, sources):
                    ledger.forget(graph)
                    stores.remove_graph(store, ox.NamedNode(graph))
                    report.pruned += 1
            known = {g: e for g, e in known.items() if g in seen or not _gone(e, sources)}
        corpus_graph = graph_of("graphkit")
        payloads = [e.payload for _, e in sorted(known.items())]
        stores.replace_graph(
            store, corpus_graph, [ox.Triple(q.subject, q.predicate, q.object) for q in corpus(payloads)]
        )
        if report.written > 100:
            store.optimize()
        return report
    finally:
        ledger.close()
        stores.close_store(store)
        del store


def _lazily(process: Callable[[Iterable[Document]], Iterator[Built]], docs: Iterator[Document]) -> Iterator[Built]:
    """Start `process` (which loads spaCy or reaches a cluster) only once there is a changed document."""
    for first in docs:
        yield from process(itertools.chain([first], docs))
        return


def _gone(entry: Entry, sources: set[str]) -> bool:
    """A document's source is gone: its file was read and no longer holds it, or the file is no more."""
    return entry.source in sources or not Path(entry.source).exists()


def _bulk(store: ox.Store, ledger: Ledger, fresh: list[Built], keys: dict[str, str]) -> None:
    ledger.mark_dirty()
    stores.add_graphs(store, (q for b in fresh for q in _quads(b)))
    ledger.record(Entry(b.graph, b.doc.id, b.doc.source, keys[b.graph], b.payload) for b in fresh)
    ledger.mark_clean()


def _quads(built: Built) -> Iterator[ox.Quad]:
    graph = ox.NamedNode(built.graph)
    for t in ox.parse(built.ntriples, format=ox.RdfFormat.N_TRIPLES):
        yield ox.Quad(t.subject, t.predicate, t.object, graph)


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
