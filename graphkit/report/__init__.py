"""Report: one offline HTML page that tells a reader, without SPARQL, who engaged from which organisations
about what and around whom, with the evidence for every number a click away.

from graphkit.report import write_report
write_report("build/graph.trig", "visualisations/graph-report.html")   # or kg.report(path), graphkit report GRAPH
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graphkit.files import replacing
from graphkit.report.stats import Stats, corpus_name, stats

__all__ = ["Stats", "corpus_name", "report_html", "stats", "write_report"]


def __getattr__(name: str):
    # The page renderer (and networkx under it) is imported when a page is drawn, so `graphkit stats` stays light.
    if name == "report_html":
        from graphkit.report.page import report_html

        return report_html
    raise AttributeError(name)


def write_report(
    graph: ox.Store | str | Path, path: str | Path, *, title: str | None = None, name: str | None = None
) -> Path:
    """Write the report of a graph (a loaded store, or a graph file or store folder to load) at `path`,
    atomically, UTF-8; return the path. `name` (default: the graph file's name) heads it when the corpus
    has no article titles or many articles."""
    if isinstance(graph, str | Path):
        from graphkit.graph.io import load_store

        name = name or Path(graph).name
        graph = load_store(graph)
    from graphkit.report.page import report_html

    page = report_html(graph, title=title, name=name or "graphkit corpus")
    with replacing(path) as tmp:
        tmp.write_text(page, encoding="utf-8", newline="\n")
    return Path(path)
