"""RDF serialisations, written by pyoxigraph and read back by rdflib.

Turtle, N-Triples and RDF/XML hold one graph, so they get the union of the named graphs (each
triple once); TriG, N-Quads and JSON-LD keep every named graph. When a store has named graphs its
default graph is not written: graphkit.graph.io.load_store fills it with their merge, for queries.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graphkit.errors import GraphFileError
from graphkit.files import replacing
from graphkit.formats import BY_NAME
from graphkit.graph.vocab import PREFIXES

if TYPE_CHECKING:
    import rdflib

FORMATS: dict[str, ox.RdfFormat] = {n: f.oxigraph for n, f in BY_NAME.items()}


def write_rdf(store: ox.Store, path: str | Path, format: str) -> None:
    """Write the store as RDF in one of FORMATS (pyoxigraph's writers; atomic)."""
    fmt = FORMATS[format]
    source = stored_quads(store) if fmt.supports_datasets else _union(store)
    options = {"prefixes": PREFIXES} if BY_NAME[format].prefixes else {}
    with replacing(path) as tmp:
        try:
            ox.serialize(source, str(tmp), fmt, **options)
        except (ValueError, OSError) as exc:
            raise GraphFileError(f"{path}: cannot be written as {fmt.name} ({exc})") from None


def read_rdf(path: str | Path, format: str) -> rdflib.Dataset:
    """An rdflib Dataset parsed from a file in one of FORMATS (triple formats land in the default graph)."""
    with Path(path).open("rb") as handle:
        return _parse(file=handle, format=BY_NAME[format].rdflib)


def to_rdflib(store: ox.Store) -> rdflib.Dataset:
    """The store as an rdflib Dataset, named graphs kept (through N-Quads, which both libraries read fast)."""
    return _parse(data=ox.serialize(stored_quads(store), format=ox.RdfFormat.N_QUADS), format="nquads")


def stored_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The quads of the store's named graphs, or of its default graph when it has none."""
    graphs = list(store.named_graphs())
    if not graphs:
        yield from store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for graph in graphs:
        yield from store.quads_for_pattern(None, None, None, graph)


def _parse(**source: object) -> rdflib.Dataset:
    from rdflib import Dataset

    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib 7.6's parsers call its own deprecated ConjunctiveGraph API
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(**source)
    return dataset


def _union(store: ox.Store) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for quad in stored_quads(store):
        triple = ox.Triple(quad.subject, quad.predicate, quad.object)
        if triple not in seen:
            seen.add(triple)
            yield triple
