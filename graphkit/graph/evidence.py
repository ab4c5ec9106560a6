"""Evidence in the graph: reified statements and the Web Annotations that tie them to exact text of a post."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from graphkit.graph.vocab import GK, OA, PROV, RDF, XSD, lit, n
from graphkit.model import Span

if TYPE_CHECKING:
    from graphkit.graph.build import Iris

_DECIMAL = XSD.decimal
_INTEGER = XSD.integer


def statement(node: NamedNode, s, p, o, done: set[NamedNode]):
    """A reified statement, drawn once per node."""
    if node in done:
        return
    done.add(node)
    yield node, n(RDF.type), n(RDF.Statement)
    yield node, n(RDF.subject), s
    yield node, n(RDF.predicate), p
    yield node, n(RDF.object), o


def annotation(
    iris: Iris, doc_id: str, body, span: Span | None, extractor: str, confidence: float, done: set[NamedNode]
):
    """A Web Annotation: this body, because of this exact text at these offsets of this post (once per node)."""
    if span is None:
        return
    post = iris.post(doc_id, span.post)
    source = NamedNode(f"{post.value}/{span.field}") if span.field in {"byline", "title"} else post
    ann = iris.minted("annotation", doc_id, span.post, span.field, span.start, span.end, body.value)
    if ann in done:
        return
    done.add(ann)
    target = NamedNode(f"{ann.value}/target")
    yield ann, n(RDF.type), n(OA.Annotation)
    yield ann, n(OA.motivatedBy), n(OA.identifying)
    yield ann, n(OA.hasBody), body
    yield ann, n(OA.hasTarget), target
    yield ann, n(PROV.wasAttributedTo), iris.extractor(extractor)
    yield ann, n(GK.confidence), lit(f"{confidence:.2f}", _DECIMAL)
    yield target, n(RDF.type), n(OA.SpecificResource)
    yield target, n(OA.hasSource), source
    quote, position = NamedNode(f"{ann.value}/quote"), NamedNode(f"{ann.value}/position")
    yield target, n(OA.hasSelector), quote
    yield target, n(OA.hasSelector), position
    yield quote, n(RDF.type), n(OA.TextQuoteSelector)
    yield quote, n(OA.exact), lit(span.text)
    yield position, n(RDF.type), n(OA.TextPositionSelector)
    yield position, n(OA.start), lit(span.start, _INTEGER)
    yield position, n(OA.end), lit(span.end, _INTEGER)
