"""Report: one offline HTML page that tells a reader, without SPARQL, who engaged from which organisations
about what and around whom, with the evidence for every number a click away.

store = load_store("build/graph.trig")
write_report(store, "visualisations/graph-report.html")
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graphkit.files import replacing
from graphkit.report.page import report_html
from graphkit.report.stats import Stats, corpus_name, stats

__all__ = ["Stats", "corpus_name", "report_html", "stats", "write_report"]


def write_report(store: ox.Store, path: str | Path, *, title: str | None = None) -> Path:
    """Write the report of `store` at `path` (atomically, UTF-8) and return the path."""
    page = report_html(store, title=title)
    with replacing(path) as tmp:
        tmp.write_text(page, encoding="utf-8", newline="\n")
    return Path(path)
