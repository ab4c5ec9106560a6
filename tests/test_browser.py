"""The view pages in a real browser: Debian's Chromium, headless, driven by Playwright.

Each page is opened from file:// with every request recorded and anything but file: and data: refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graphkit.graph.io import load_store
from graphkit.pipeline import build
from graphkit.query import load_query, rows, run
from graphkit.report import write_report
from graphkit.report.page import kind_name
from graphkit.visualise import project, render_html, write_default_views

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TEST_DATA = Path(__file__).resolve().parent / "data"
HOSTILE = "<img src=x onerror=alert(1)>"

# A developer without Chromium skips these; CI (CI=true) installs it and must run them.
pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK) and not os.environ.get("CI"), reason=f"{CHROMIUM} is not installed (make chromium)"
)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page opened from file://, with what it logged, requested and tried to pop up."""

    def __init__(self, browser, path: Path, *, view: bool = True) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in {"error", "warning"} else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        if view:  # a network view says when it has drawn; the report is static
            self.page.wait_for_function("() => window.graphkit && window.graphkit.ready === true", timeout=30_000)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def node_on_screen(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        box = self.page.locator("#network").bounding_box()
        point = self.js(
            "id => { const n = window.graphkit.network; return n.canvasToDOM(n.getPositions([id])[id]); }", node_id
        )
        return box["x"] + point["x"], box["y"] + point["y"]

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def sample_view(sample_store, tmp_path_factory):
    graph = project(sample_store)
    return graph, render_html(graph, tmp_path_factory.mktemp("views") / "sample.html", title="Sample")


@pytest.fixture(scope="module")
def hostile_view(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("hostile")
    build([TEST_DATA / "hostile-names.json"], folder / "graph.trig")
    graph = project(load_store(folder / "graph.trig"), include_posts=True)
    return graph, render_html(graph, folder / "hostile.html", title="</title><script>alert('title')</script>")


def test_page_loads_offline_with_no_errors_and_the_projections_counts(browser, sample_view):
    graph, path = sample_view
    visit = Visit(browser, path)
    try:
        assert visit.js("() => [window.graphkit.nodes, window.graphkit.edges]") == [
            graph.number_of_nodes(),
            graph.number_of_edges(),
        ]
        drawn = visit.js(
            "() => [window.graphkit.network.body.data.nodes.length, window.graphkit.network.body.data.edges.length]"
        )
        assert drawn == [graph.number_of_nodes(), graph.number_of_edges()]
        assert visit.js("() => window.graphkit.network.physics.options.enabled") is False, "physics stops once settled"
        legend = visit.page.locator("#legend-types li").all_inner_texts()
        assert {line.split()[1] for line in legend} == {t for _, t in graph.nodes(data="type")}
        assert visit.errors == []
        assert visit.refused == []
        assert all(url.startswith(("file:", "data:")) for url in visit.requests), visit.requests
    finally:
        visit.close()


def test_search_box_finds_and_focuses_a_node(browser, hostile_view):
    graph, path = hostile_view
    target = next(n for n, d in graph.nodes(data=True) if d["label"] == "Priya Raman")
    visit = Visit(browser, path)
    try:
        visit.page.fill("#search", "priya")
        visit.page.press("#search", "Enter")
        visit.page.wait_for_function("id => window.graphkit.selected === id", arg=target)
        assert visit.js("() => window.graphkit.network.getSelectedNodes()") == [target]
        assert visit.page.locator("#details h3").inner_text() == "Priya Raman"
        assert "Staff Nurse" in visit.page.locator("#details").inner_text()
        visit.page.wait_for_timeout(1200)  # the focus animation
        centre = visit.js("() => window.graphkit.network.getViewPosition()")
        at = visit.js("id => window.graphkit.network.getPositions([id])[id]", target)
        # Centred to within a few canvas units: the easing can stop a unit or two short.
        assert abs(centre["x"] - at["x"]) < 5 and abs(centre["y"] - at["y"]) < 5
        visit.page.fill("#search", "nothing called this")
        visit.page.press("#search", "Enter")
        assert "No node matches" in visit.page.locator("#search-result").inner_text()
        assert visit.errors == []
    finally:
        visit.close()


def test_hostile_names_render_as_text_and_run_nothing(browser, hostile_view):
    graph, path = hostile_view
    hostile = next(n for n, d in graph.nodes(data=True) if d["label"] == HOSTILE)
    visit = Visit(browser, path)
    try:
        assert visit.page.title() == "</title><script>alert('title')</script>"
        x, y = visit.node_on_screen(hostile)
        visit.page.mouse.move(x, y)
        visit.page.wait_for_selector("div.vis-tooltip", state="visible")
        assert HOSTILE in visit.page.locator("div.vis-tooltip").inner_text()
        visit.page.mouse.click(x, y)
        visit.page.wait_for_function("id => window.graphkit.selected === id", arg=hostile)
        assert visit.page.locator("#details h3").text_content() == HOSTILE
        details = visit.page.locator("#details").text_content()
        assert "<script>alert(2)</script>" in details  # the byline's role, shown as typed
        visit.js("q => window.graphkit.search(q)", "markup")  # the article, whose title holds </script>
        assert "</script><script>" in visit.page.locator("#details h3").text_content()
        assert visit.js("() => document.querySelectorAll('img, b, [onerror], [onmouseover]').length") == 0
        assert visit.js("() => document.scripts.length") == 3
        visit.page.wait_for_timeout(300)
        assert visit.dialogs == []
        assert visit.errors == []
        assert visit.refused == []
    finally:
        visit.close()


def test_type_toggles_hide_nodes_and_their_edges(browser, sample_view):
    graph, path = sample_view
    people = {n for n, t in graph.nodes(data="type") if t == "person"}
    # edges touching a person, and the "mentioned together" edges the page hides from the start
    touching = sum(1 for u, v, r in graph.edges(data="relation") if u in people or v in people or r == "co_mention")
    visit = Visit(browser, path)
    try:
        visit.page.locator("#legend-types input[data-type='person']").uncheck()
        hidden = visit.js(
            "() => { const d = window.graphkit.network.body.data; return ["
            "d.nodes.get({filter: n => n.hidden}).map(n => n.id), d.edges.get({filter: e => e.hidden}).length]; }"
        )
        assert set(hidden[0]) == people and hidden[1] == touching
        visit.page.locator("#legend-types input[data-type='person']").check()
        assert visit.js("() => window.graphkit.network.body.data.nodes.get({filter: n => n.hidden}).length") == 0
        assert visit.errors == []
    finally:
        visit.close()


def test_clicking_a_node_shows_its_details_and_evidence(browser, sample_view):
    graph, path = sample_view
    node = next(n for n, d in graph.nodes(data=True) if d["kind"] == "commenter" and d["organisations"])
    data = graph.nodes[node]
    visit = Visit(browser, path)
    try:
        visit.page.mouse.click(*visit.node_on_screen(node))
        visit.page.wait_for_function("id => window.graphkit.selected === id", arg=node)
        panel = visit.page.locator("#details")
        assert panel.locator("h3").text_content() == data["label"]
        text = panel.text_content()
        assert data["organisations"].split("; ")[0] in text
        assert data["evidence"] == panel.locator("blockquote").text_content()
        assert node in text
    finally:
        visit.close()


# --- the report ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_report(sample_store, tmp_path_factory):
    return write_report(sample_store, tmp_path_factory.mktemp("report") / "report.html")


def _bars(visit: Visit) -> dict[str, dict[str, str]]:
    return visit.js(
        """() => Object.fromEntries([...document.querySelectorAll('svg.chart')].map(svg => [
             svg.getAttribute('aria-label'),
             Object.fromEntries([...svg.querySelectorAll('g.bar')].map(g => [g.dataset.label, g.dataset.count]))]))"""
    )


def test_report_draws_offline_with_the_query_counts(browser, sample_store, sample_report):
    visit = Visit(browser, sample_report, view=False)
    try:
        bars = _bars(visit)
        by_type = rows(run(sample_store, load_query("commenters-by-organisation-type")))
        assert bars["Commenters by organisation type"] == {kind_name(r["type"]): r["commenters"] for r in by_type}
        figures = rows(run(sample_store, load_query("public-figures")))
        assert bars["Public figures by mentions"] == {r["name"]: r["mentions"] for r in figures}
        # the bars are drawn: as wide as their counts, in proportion
        widths = visit.js(
            "() => [...document.querySelectorAll('svg.chart')][0].querySelectorAll('rect')"
            ".length && [...[...document.querySelectorAll('svg.chart')][0].querySelectorAll('g.bar')]"
            ".map(g => [Number(g.dataset.count), g.querySelector('rect').getBoundingClientRect().width])"
        )
        top = max(c for c, _ in widths)
        assert all(abs(w / widths[0][1] - c / widths[0][0]) < 0.02 for c, w in widths if c) and top > 0
        # a number's link lands on its evidence, which quotes the text
        visit.page.locator("svg.chart a").first.click()
        target = visit.js("() => location.hash")
        assert visit.page.locator(f"{target} mark").count() + visit.page.locator(f"{target} li").count() > 0
        assert visit.page.locator(f"{target}").is_visible()
        assert visit.errors == []
        assert visit.refused == []
        assert all(url.startswith("file:") for url in visit.requests), visit.requests
    finally:
        visit.close()


def test_report_keeps_hostile_names_as_text(browser, tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("hostile-report")
    build([TEST_DATA / "hostile-names.json"], folder / "graph.trig")
    path = write_report(load_store(folder / "graph.trig"), folder / "report.html", title="<script>alert(0)</script>")
    visit = Visit(browser, path, view=False)
    try:
        assert visit.page.title() == "Debate report: <script>alert(0)</script>"
        assert HOSTILE in visit.page.locator("main").inner_text()
        assert visit.js("() => document.querySelectorAll('img, b, script, [onerror]').length") == 0
        visit.page.wait_for_timeout(300)
        assert visit.dialogs == []
        assert visit.errors == []
        assert visit.refused == []
    finally:
        visit.close()


def test_report_and_view_show_where_each_nhs_body_sits(browser, tmp_path, nlp):
    build([TEST_DATA / "nhs-structure.txt"], tmp_path / "graph.trig")
    store = load_store(tmp_path / "graph.trig")
    expected = {
        r["name"]: [
            f"{r['icbName']} ({r['icbCode']})" if r.get("icbName") else "",
            f"{r['regionName']} ({r['regionCode']})" if r.get("regionName") else r.get("nation", ""),
        ]
        for r in rows(run(store, load_query("nhs-organisations")))
    }
    network, _, report = write_default_views(tmp_path / "graph.trig", tmp_path / "views")
    visit = Visit(browser, report, view=False)
    try:
        table = visit.page.locator("#who table").last
        assert table.locator("th").all_inner_texts()[4:6] == ["integrated care board", "region or nation"]
        shown = visit.js(
            """() => Object.fromEntries([...document.querySelectorAll('#who table')].pop().querySelectorAll('tbody tr')
                 .values().map(tr => [tr.cells[0].innerText,
                   [tr.querySelector('[data-col=icb]').innerText, tr.querySelector('[data-col=region]').innerText]]))"""
        )
        assert shown == expected
        assert shown["Leeds Teaching Hospitals NHS Trust"][0].endswith("Integrated Care Board (QWO)")
        assert shown["Swansea Bay University Health Board"][1] == "Wales"
        assert visit.errors == [] and visit.refused == []
    finally:
        visit.close()
    visit = Visit(browser, network)
    try:
        legend = visit.page.locator("#legend-relations").inner_text()
        assert "in ICB or region" in legend
        # finding a trust names it and its neighbours (its ICB among them), whatever the default zoom left off
        trust = visit.js("() => window.graphkit.search('Leeds Teaching Hospitals NHS Trust')")
        near = visit.js("id => window.graphkit.network.getConnectedNodes(id)", trust)
        labels = visit.js("ids => ids.map(id => window.graphkit.network.body.nodes[id].options.label)", [trust, *near])
        assert "NHS West Yorkshire Integrated Care Board" in labels and all(labels), labels
        visit.page.locator("#search").fill("NHS England North East and Yorkshire")
        visit.page.locator("#search-form button").click()
        assert "NHS register" in visit.page.locator("#details").inner_text()  # no post names it
        assert visit.errors == [] and visit.refused == []
    finally:
        visit.close()


def test_default_views_name_the_corpus_and_draw(browser, sample_graph, tmp_path):
    pages = write_default_views(sample_graph, tmp_path)
    assert [p.name for p in pages] == ["graph-network.html", "graph-people-and-organisations.html", "graph-report.html"]
    for page in pages[:2]:
        visit = Visit(browser, page)
        try:
            heading = visit.page.locator("h1").inner_text()
            assert "Engaging clinicians" in heading and "graph.trig" not in heading
            assert visit.errors == [] and visit.refused == []
        finally:
            visit.close()


def test_view_draws_at_once_and_tells_the_story(browser, sample_view):
    graph, path = sample_view
    visit = Visit(browser, path, view=False)
    try:
        # a first draw straight away, with the status saying the layout is settling
        visit.page.wait_for_function("() => window.graphkit && window.graphkit.network", timeout=10_000)
        assert visit.page.locator("#status").inner_text() in {"laying out…", ""}
        visit.page.wait_for_function("() => window.graphkit.ready === true", timeout=30_000)
        assert visit.page.locator("#status").inner_text() == ""
        # "mentioned together" edges start hidden (they are most of the sample's edges), a toggle shows them
        co = sum(1 for *_, r in graph.edges(data="relation") if r == "co_mention")
        hidden = "() => window.graphkit.network.body.data.edges.get({filter: e => e.hidden}).length"
        assert co > 60 and visit.js(hidden) == co
        visit.page.locator("#legend-relations input[data-relation='co_mention']").check()
        assert visit.js(hidden) == 0
        # no two labels drawn at the default zoom overlap
        boxes = visit.js(
            """() => { const n = window.graphkit.network, d = n.body.data.nodes;
                 return d.get({filter: x => x.label && !x.hidden}).map(x => n.getBoundingBox(x.id)); }"""
        )
        assert len(boxes) > 20
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not (a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"]
                            and b["top"] < a["bottom"]), (a, b)  # fmt: skip
        # the busiest nodes are drawn biggest and keep their labels
        sizes = visit.js("() => Object.values(window.graphkit.network.body.nodes).map(n => [n.id, n.options.size])")
        biggest = max(sizes, key=lambda s: s[1])[0]
        assert graph.degree(biggest) == max(d for _, d in graph.degree())
        # colour by community: Louvain's groups, one colour each
        visit.page.locator("#colour-community").check()
        assert visit.js("() => window.graphkit.colourBy") == "community"
        colours = visit.js("() => window.graphkit.network.body.data.nodes.get().map(n => [n.id, n.color.background])")
        assert len({c for _, c in colours}) > 2
        assert visit.page.locator("#legend-communities").is_visible()
        assert visit.errors == [] and visit.refused == []
    finally:
        visit.close()
