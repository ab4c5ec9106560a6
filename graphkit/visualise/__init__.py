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
    "write_default_views",
]

DEFAULT_VIEWS = {
    "network.html": ("The whole network", None),
    "people-and-organisations.html": ("People and organisations", ("person", "organisation")),
}


def write_default_views(graph_path: str | Path, out_dir: str | Path = "visualisations") -> list[Path]:
    """Write the standard views of a built graph into `out_dir`: the whole network, and people with
    their organisations. Returns the paths written."""
    graph = project(load_store(graph_path))
    written = []
    for name, (title, types) in DEFAULT_VIEWS.items():
        view = filter_types(graph, types) if types else graph
        written.append(render_html(view, Path(out_dir) / name, title=f"{title} — {Path(graph_path).name}"))
    return written
