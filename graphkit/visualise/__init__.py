"""Visualise: the graph projected onto networkx, narrowed into views, drawn as offline HTML pages.

store = load_store("build/graph.trig")
graph = project(store)
render_html(ego(graph, "Priya Raman", 2), "visualisations/priya.html", title="Priya Raman")
"""

from __future__ import annotations

from pathlib import Path

from graphkit.graph.io import load_store
from graphkit.projection import project
from graphkit.visualise.filters import (
    ViewError,
    ego,
    filter_types,
    find_node,
    group_by_organisation,
    min_weight,
    query_view,
)
from graphkit.visualise.html import render_html

__all__ = [
    "ViewError",
    "ego",
    "filter_types",
    "find_node",
    "group_by_organisation",
    "min_weight",
    "project",
    "query_view",
    "render_html",
    "view_path",
    "write_default_views",
]

DEFAULT_VIEWS = {
    "network": ("The whole network", None),
    "people-and-organisations": ("People and organisations", ("person", "organisation")),
}


def view_path(graph_path: str | Path, name: str, out_dir: str | Path = "visualisations") -> Path:
    """Where the `name` page of a graph goes: `visualisations/graph-network.html` for build/graph.trig, so
    that the views of one corpus never overwrite another's."""
    return Path(out_dir) / f"{Path(graph_path).stem or 'graph'}-{name}.html"


def write_default_views(
    graph_path: str | Path, out_dir: str | Path = "visualisations", *, report: bool = True
) -> list[Path]:
    """Write the standard pages of a built graph into `out_dir`, named after the graph: the whole network,
    people with their organisations, and (with `report`) the debate report. Returns the paths written."""
    from graphkit.report import corpus_name, write_report

    store = load_store(graph_path)
    graph = project(store)
    corpus = corpus_name(store, Path(graph_path).name)
    written = []
    for name, (title, types) in DEFAULT_VIEWS.items():
        view = filter_types(graph, types) if types else graph
        written.append(render_html(view, view_path(graph_path, name, out_dir), title=f"{title} — {corpus}"))
    if report:
        written.append(write_report(store, view_path(graph_path, "report", out_dir), name=Path(graph_path).name))
    return written
