"""Benchmark: build and draw a 5,000-node network view, and time it in headless Chromium.

    python bench/bench_views.py [--nodes 5000] [--out DIR] [--no-browser] [--no-pyvis]

Prints: the time to build a synthetic projection (same node and edge attributes as
graphkit.projection.project), to lay it out, to write the page, the time until the page
is interactive in headless Chromium (window.graphkit.ready: drawn once, physics off), and the same
graph through pyvis's own Network.from_nx + write_html for comparison (in a child process, given a
minute at most).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from graphkit.projection import ATTRIBUTES, add_edge, set_degrees
from graphkit.visualise.html import render_html
from graphkit.visualise.layout import positions

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SHARES = {"person": 0.5, "organisation": 0.2, "topic": 0.12, "place": 0.08, "hashtag": 0.06, "handle": 0.04}
PYVIS_LIMIT = 60.0


def synthetic(n_nodes: int = 5000, seed: int = 1) -> nx.DiGraph:
    """A projection-shaped graph: articles with commenters who work somewhere, reply, and mention things."""
    rng = random.Random(seed)
    graph = nx.DiGraph()
    pools: dict[str, list[str]] = {}
    for kind, share in SHARES.items():
        pools[kind] = [f"https://example.org/graphkit/{kind}/{kind}-{i}" for i in range(max(1, int(n_nodes * share)))]
        for i, iri in enumerate(pools[kind]):
            graph.add_node(iri, type=kind, label=f"{kind.title()} {i}", degree=0, **dict.fromkeys(ATTRIBUTES, ""))
            graph.nodes[iri]["evidence"] = f"A sentence in which {kind} {i} is first seen."
            graph.nodes[iri]["source"] = f"https://example.org/graphkit/post/doc-{i % 200}"

    def popular(kind: str) -> str:  # a Zipf-like pick: a few very common, a long tail
        pool = pools[kind]
        return pool[min(len(pool) - 1, int(len(pool) * rng.random() ** 3))]

    people = pools["person"]
    commenters = people[: int(len(people) * 0.8)]
    for iri in commenters:
        graph.nodes[iri].update(kind="commenter", roles="Consultant", organisations="")
    for iri in people[len(commenters) :]:
        graph.nodes[iri]["kind"] = "public_figure"
    for iri in pools["organisation"]:
        graph.nodes[iri]["org_type"] = rng.choice(["nhs_trust", "national_body", "charity_or_think_tank", "company"])
    articles = max(1, len(commenters) // 10)
    order = commenters[:]
    rng.shuffle(order)
    for a in range(articles):
        publisher = popular("organisation")
        thread = order[a * 10 : (a + 1) * 10]
        for j, person in enumerate(thread):
            org = popular("organisation")
            add_edge(graph, person, org, "works_for", 1)
            graph.nodes[person]["organisations"] = graph.nodes[org]["label"]
            if j and rng.random() < 0.3:
                add_edge(graph, person, thread[rng.randrange(j)], "replies_to", 1)
            for _ in range(rng.randint(1, 3)):
                add_edge(graph, person, popular("topic"), "discusses", 1)
        for speaker in [publisher, *thread]:
            mentioned = {
                popular(rng.choice(["organisation", "person", "place", "hashtag", "handle"]))
                for _ in range(rng.randint(0, 5))
            }
            mentioned.discard(speaker)
            for entity in mentioned:
                add_edge(graph, speaker, entity, "mentions", 1)
            ordered = sorted(mentioned)
            for i, u in enumerate(ordered):
                for v in ordered[i + 1 :]:
                    add_edge(graph, u, v, "co_mention", 1)
    set_degrees(graph)
    return graph


def time_in_browser(page: Path) -> dict[str, float]:
    """Seconds until window.graphkit.ready; then a search-and-focus, a full redraw, and a click-free zoom in."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        tab.goto(page.resolve().as_uri())
        tab.wait_for_function("() => window.graphkit && window.graphkit.ready", timeout=180_000, polling=50)
        figures = {"ready": time.perf_counter() - start}
        figures.update(
            tab.evaluate(
                """() => {
                  const g = window.graphkit, out = {};
                  let t = performance.now();
                  g.search('Organisation 0');
                  out.search = performance.now() - t;
                  g.network.fit();
                  t = performance.now();
                  for (let i = 0; i < 5; i++) g.network.redraw();
                  out.redraw = (performance.now() - t) / 5;
                  t = performance.now();
                  g.network.moveTo({scale: 1});
                  g.network.redraw();
                  out.zoomed = performance.now() - t;
                  return out;
                }"""
            )
        )
        browser.close()
    return figures


_PYVIS = """
import pickle, sys, time
from pyvis.network import Network
graph = pickle.load(open(sys.argv[1], "rb"))
start = time.perf_counter()
net = Network(height="900px", width="100%", directed=True, cdn_resources="remote")
net.from_nx(graph)
net.write_html(sys.argv[2], notebook=False)
print(time.perf_counter() - start)
"""


def time_pyvis(graph: nx.DiGraph, folder: Path) -> float | None:
    """pyvis's from_nx + write_html on the same graph, in a child process run in `folder`; None past the limit."""
    import pickle

    data = folder / "graph.pickle"
    data.write_bytes(pickle.dumps(graph))
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PYVIS, str(data), str(folder / "pyvis.html")],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=PYVIS_LIMIT,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--out", type=Path, help="folder for the pages (default: a temporary folder)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-pyvis", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        start = time.perf_counter()
        graph = synthetic(args.nodes)
        built = time.perf_counter() - start
        print(
            f"synthetic projection: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
            f"built in {built:.2f} s"
        )

        start = time.perf_counter()
        positions(graph)
        print(f"layout (python, sampled spring layout): {time.perf_counter() - start:.2f} s")

        page = out / "bench-view.html"
        start = time.perf_counter()
        render_html(graph, page, title=f"bench: {graph.number_of_nodes()} nodes")
        wrote = time.perf_counter() - start
        print(f"render_html (layout + page): {wrote:.2f} s, {page.stat().st_size / 1e6:.1f} MB")
        start = time.perf_counter()
        render_html(graph, out / "bench-view-physics.html", physics=True)
        page_only = time.perf_counter() - start
        print(f"render_html without the Python layout (physics left to the browser): {page_only:.2f} s")

        if not args.no_browser and os.path.exists(CHROMIUM):
            f = time_in_browser(page)
            print(
                f"headless chromium: interactive after {f['ready']:.2f} s (window.graphkit.ready); "
                f"search + select + focus {f['search']:.0f} ms; full redraw zoomed out {f['redraw']:.0f} ms, "
                f"at 100 % zoom {f['zoomed']:.0f} ms"
            )

        if not args.no_pyvis:
            pyvis_time = time_pyvis(graph, Path(tmp))
            if pyvis_time is None:
                print(f"pyvis from_nx + write_html: over {PYVIS_LIMIT:.0f} s, stopped")
            else:
                ratio = pyvis_time / page_only if page_only else math.inf
                print(
                    f"pyvis from_nx + write_html: {pyvis_time:.2f} s ({ratio:.1f}x graphkit's page without layout; "
                    f"pyvis's page also needs its CDN scripts and lays out in the browser)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
