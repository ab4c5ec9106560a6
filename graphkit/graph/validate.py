"""Validate a graph against graphkit's SHACL shapes (data/shapes.ttl), with pyshacl.

The shapes apply to the merge of the graph's named graphs, as queries see it: a person described in
two documents is one node with the statements of both.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graphkit.resources import data_dir

SHAPES = "shapes.ttl"


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


def validate(store: ox.Store, shapes: str | Path | None = None) -> list[Violation]:
    """Every violation of the shapes by the store's default graph (graph.io.load_store merges the
    named graphs into it), sorted; an empty list when the graph conforms."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    data = rdflib.Graph()
    triples = (
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    )
    data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    shapes_graph = rdflib.Graph().parse(Path(shapes) if shapes else data_dir() / SHAPES, format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", advanced=True)
    found = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage) or report.value(result, SH.sourceConstraintComponent)
        found.add(Violation(str(focus), str(path) if path is not None else "", " ".join(str(message).split())))
    found.update(quote_violations(store))
    return sorted(found, key=lambda v: (v.focus, v.path, v.message))


_QUOTES = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX sioc: <http://rdfs.org/sioc/ns#>
SELECT ?target ?exact ?start ?end ?content WHERE {
  ?target oa:hasSource ?source ; oa:hasSelector ?quote, ?position .
  ?quote oa:exact ?exact . ?position oa:start ?start ; oa:end ?end .
  OPTIONAL { ?source sioc:content ?content }
}"""


def quote_violations(store: ox.Store) -> list[Violation]:
    """Annotation targets whose quote is not their source's text at their offsets."""
    out = []
    for row in store.query(_QUOTES):
        target, exact = row["target"].value, row["exact"].value
        if row["content"] is None:
            out.append(Violation(target, "", "the annotated source has no sioc:content"))
            continue
        start, end = int(row["start"].value), int(row["end"].value)
        if row["content"].value[start:end] != exact:
            out.append(Violation(target, "", f"the quote {exact!r} is not the source's text at {start}..{end}"))
    return out
