"""The RDF formats graphkit reads and writes, in one table.

graph/io picks a format by file suffix, query prints CONSTRUCT results by name, export writes by
name and reads back through rdflib, serve answers by media type: all from the rows below.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True, slots=True)
class RdfFormat:
    name: str  # the name users type: --format turtle
    oxigraph: ox.RdfFormat
    suffixes: tuple[str, ...]  # file extensions, the first is the usual one
    rdflib: str  # rdflib's parser name
    media_types: tuple[str, ...]  # the first is the format's own; later ones are also accepted
    prefixes: bool  # written with prefix declarations

    @property
    def datasets(self) -> bool:
        """Whether the format holds named graphs (TriG, N-Quads, JSON-LD)."""
        return self.oxigraph.supports_datasets


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", ox.RdfFormat.TURTLE, (".ttl",), "turtle", ("text/turtle",), True),
    RdfFormat("ntriples", ox.RdfFormat.N_TRIPLES, (".nt",), "nt", ("application/n-triples", "text/plain"), False),
    RdfFormat("nquads", ox.RdfFormat.N_QUADS, (".nq",), "nquads", ("application/n-quads",), False),
    RdfFormat("trig", ox.RdfFormat.TRIG, (".trig",), "trig", ("application/trig",), True),
    RdfFormat("jsonld", ox.RdfFormat.JSON_LD, (".jsonld",), "json-ld", ("application/ld+json",), False),
    RdfFormat("rdfxml", ox.RdfFormat.RDF_XML, (".rdf", ".owl"), "xml", ("application/rdf+xml",), True),
)
BY_NAME: dict[str, RdfFormat] = {f.name: f for f in RDF_FORMATS}
BY_SUFFIX: dict[str, RdfFormat] = {suffix: f for f in RDF_FORMATS for suffix in f.suffixes}


def media_types() -> list[tuple[str, str]]:
    """(media type, format name) in order of preference: each format's own type, then the extra ones."""
    own = [(f.media_types[0], f.name) for f in RDF_FORMATS]
    extra = [(t, f.name) for f in RDF_FORMATS for t in f.media_types[1:]]
    return own + extra
