"""Query parameters: `name=value` from the command line, bound as typed RDF terms.

Values are never spliced into the query text; they are given to the engine as bindings
(pyoxigraph's `substitutions`). How a value is read:

    <https://…>          an IRI
    "text"  "text"@en    a literal, in Turtle syntax; "1"^^xsd:int (graphkit's prefixes) or "1"^^<iri>
    42  -3  2.5  true    an xsd:integer, xsd:decimal or xsd:boolean
    anything else        a plain string literal, as typed
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from graphkit.errors import QueryError
from graphkit.graph.vocab import PREFIXES

Term = ox.NamedNode | ox.Literal

PARAM_HELP = (
    'bind ?NAME to VALUE (repeatable): <iri> is an IRI; "text", "text"@en or "1"^^xsd:int a literal; '
    "bare integers, decimals and true/false are typed; anything else is a plain string"
)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_XSD = "http://www.w3.org/2001/XMLSchema#"


def parse_value(text: str) -> Term:
    """One parameter value as an RDF term (see the module docstring for the syntax)."""
    if text.startswith("<") and text.endswith(">"):
        try:
            return ox.NamedNode(text[1:-1])
        except ValueError as exc:
            raise QueryError(f"{text} is not a valid IRI ({exc})") from None
    if text.startswith(('"', "'")):
        return _turtle_literal(text)
    if _INTEGER.fullmatch(text):
        return ox.Literal(text, datatype=ox.NamedNode(_XSD + "integer"))
    if _DECIMAL.fullmatch(text):
        return ox.Literal(text, datatype=ox.NamedNode(_XSD + "decimal"))
    if text in {"true", "false"}:
        return ox.Literal(text, datatype=ox.NamedNode(_XSD + "boolean"))
    return ox.Literal(text)


def parse_params(items: Iterable[str] | None) -> dict[str, Term]:
    """`name=value` strings (as given to --param) as a dictionary of typed terms."""
    params: dict[str, Term] = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _NAME.fullmatch(name):
            raise QueryError(f'--param {item!r}: expected NAME=VALUE, such as name="Priya Raman" or org=<https://…>')
        params[name] = parse_value(value)
    return params


def _turtle_literal(text: str) -> ox.Literal:
    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    try:
        triples = list(ox.parse(f"{header}<urn:x:s> <urn:x:p> {text} .", format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise QueryError(f"{text} is not a valid literal ({str(exc).splitlines()[0]})") from None
    if len(triples) != 1 or not isinstance(triples[0].object, ox.Literal):
        raise QueryError(f"{text} is not a single literal")
    return triples[0].object
