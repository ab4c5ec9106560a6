"""The Python API: build a graph, load it, ask it questions, draw it and export it.

`KnowledgeGraph` is a small read-only handle: it holds the loaded store and hands it to the plain
functions of graphkit.query, graphkit.visualise and graphkit.export, which callers may also use directly.
Imports are lazy, so `import graphkit` does not load spaCy, rdflib or networkx.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import QueryError

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox
    import rdflib

    from graphkit.pipeline import BuildReport

_IRI = re.compile(r"^<[^<>]*>$")


def build(inputs: str | Path | Iterable[str | Path], output: str | Path, **options: Any) -> BuildReport:
    """Build a graph file from articles and comments (files or folders); options as graphkit.pipeline.build."""
    from graphkit.pipeline import build as build_graph

    if isinstance(inputs, str | Path):
        inputs = [inputs]
    return build_graph(inputs, output, **options)


def load(path: str | Path) -> KnowledgeGraph:
    """Open a graph file (.trig, .nq, .ttl, …) or store folder for reading."""
    from graphkit.graph.io import load_store

    return KnowledgeGraph(load_store(path), Path(path))


class KnowledgeGraph:
    """A loaded graph, read-only. `store` is the pyoxigraph Store, for anything the methods do not cover."""

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path

    @property
    def store(self) -> ox.Store:
        return self._store

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return f"<KnowledgeGraph{where}: {len(list(self._store.named_graphs()))} named graphs>"

    def query(self, text: str, **params: object) -> Rows:
        """Run a SELECT query over the union of the graphs; one dict (variable -> value) per row.

        `text` is SPARQL, or the name of a canned query of queries/ as on the command line
        (`kg.query("evidence", name="Jane Doe")`). Keyword arguments bind variables of the SELECT
        clause, as terms (never spliced into the text):
        `kg.query("SELECT ?p ?name WHERE { ?p foaf:name ?name }", name="Priya Raman")`. A str binds a plain
        literal, or an IRI when written "<https://…>"; int, float and bool bind xsd:integer, xsd:double and
        xsd:boolean literals; rdflib and pyoxigraph terms bind as they are. The rows are a list with
        `.to_pandas()` for a DataFrame (where pandas is installed).
        """
        import pyoxigraph as ox

        from graphkit.query import canned, load_query, rows, run

        if text.strip() in canned():
            text = load_query(text.strip())
        result = run(self._store, text, {name: _term(name, value) for name, value in params.items()})
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("KnowledgeGraph.query runs SELECT queries; use graphkit.query.run(kg.store, text)")
        variables = [v.value for v in result.variables]
        return Rows(rows(result), variables)

    def stats(self) -> dict:
        """What the graph holds: documents, comments, people (and by kind), organisations (and by type),
        topics and the articles' date range; the numbers `graphkit stats` prints."""
        from graphkit.report import stats

        return stats(self._store).as_dict()

    def report(self, path: str | Path, *, title: str | None = None) -> Path:
        """Write the debate report (graphkit.report): one offline HTML page, the numbers linked to their evidence."""
        from graphkit.report import write_report

        return write_report(self._store, path, title=title, name=self.path.name if self.path else None)

    def to_networkx(self, include_posts: bool = False) -> nx.DiGraph:
        """The network the views draw and the network formats export (graphkit.projection)."""
        from graphkit.projection import project

        return project(self._store, include_posts=include_posts)

    def export(self, format: str, path: str | Path, *, include_posts: bool = False) -> Path:
        """Write the graph in a format of graphkit.export.EXPORTERS (e.g. "graphml", "neo4j", "turtle")."""
        from graphkit.export import export

        return export(self._store, format, path, include_posts=include_posts)

    def to_rdflib(self) -> rdflib.Dataset:
        """A copy of the graph as an rdflib Dataset, one named graph per document."""
        from graphkit.export.rdf import to_rdflib

        return to_rdflib(self._store)

    def show(
        self,
        *,
        focus: str | None = None,
        depth: int = 1,
        include_posts: bool = False,
        height: int = 640,
        **view_options: Any,
    ) -> View:
        """An interactive view of the projection for Jupyter: the page graphkit.visualise.html draws.

        `focus` (a name or IRI) narrows it to the network `depth` steps around that node;
        `view_options` go to graphkit.visualise.html.page_html (title, note, physics).
        """
        from graphkit.visualise.filters import ego
        from graphkit.visualise.html import LARGE, page_html

        graph = self.to_networkx(include_posts)
        if focus is not None:
            graph = ego(graph, focus, depth)
        view_options.setdefault("physics", graph.number_of_nodes() <= LARGE)
        return View(page_html(graph, **view_options), height)


class Rows(list):
    """Query results: a list of dicts (variable -> value, unbound ones left out), in the query's variable order."""

    def __init__(self, items: Iterable[dict[str, str]] = (), variables: list[str] | None = None) -> None:
        super().__init__(items)
        self.variables = list(variables or [])

    def to_pandas(self):
        """The rows as a pandas DataFrame, one column per variable (None where unbound). Needs pandas."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_pandas needs pandas: pip install pandas") from None
        columns = self.variables or sorted({key for row in self for key in row})
        return pd.DataFrame([[row.get(c) for c in columns] for row in self], columns=columns)


class View:
    """An HTML page that Jupyter shows inline, in an iframe of its own so its scripts and styles stay apart."""

    def __init__(self, page: str, height: int = 640) -> None:
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        # the page escaped as an attribute value; the browser decodes it back to the very same text, so the
        # page's Content-Security-Policy script hashes still match (no numeric references: &#x85; is not U+0085)
        srcdoc = html.escape(self.page, quote=True)
        style = f"width: 100%; height: {int(self.height)}px; border: 0"
        return f'<iframe srcdoc="{srcdoc}" style="{style}" sandbox="allow-scripts allow-popups"></iframe>'

    def save(self, path: str | Path) -> Path:
        """Write the page as a standalone HTML file."""
        from graphkit.files import replacing

        with replacing(path) as tmp:
            tmp.write_text(self.page, encoding="utf-8")
        return Path(path)


def _term(name: str, value: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A Python value as the RDF term a query variable is bound to."""
    import pyoxigraph as ox

    from graphkit.query import parse_value

    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    rdflib = sys.modules.get("rdflib")  # an rdflib term means rdflib is loaded already
    try:
        if rdflib is not None and isinstance(value, rdflib.term.Identifier):
            return _from_rdflib(value, rdflib)
        if isinstance(value, bool | int | float):
            return ox.Literal(value)
        if isinstance(value, str):
            return parse_value(value) if _IRI.match(value) else ox.Literal(value)
    except ValueError as exc:
        raise QueryError(f"parameter {name}: {value!r} is not a valid RDF term ({exc})") from None
    raise QueryError(f"parameter {name}: cannot bind a {type(value).__name__}; give a str, int, float, bool or IRI")


def _from_rdflib(value: Any, rdflib: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    import pyoxigraph as ox

    if isinstance(value, rdflib.URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, rdflib.BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, rdflib.Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)) if value.datatype else None)
    raise ValueError(f"unsupported rdflib term {type(value).__name__}")
