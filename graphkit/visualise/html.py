"""One self-contained HTML page per view: vis-network (the copy pyvis ships) inlined with graphkit's own
template, so the page works offline from file:// and loads nothing.

This is the only module that knows pyvis, and it uses only pyvis's bundled vis-network 9.1.2 asset:
pyvis's `Network.from_nx` is quadratic, its template fetches Bootstrap and vis from CDNs, and its popups
insert node titles as raw HTML. Here the graph goes into the page as JSON in a non-executable script
element (with <, > and & escaped, ASCII only, so neither `</script>` nor U+2028 can break out), the
page's own script puts every string into the DOM with textContent, and a Content-Security-Policy
allows only the page's own inline scripts (by hash) and no network access at all.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx

from graphkit.files import replacing
from graphkit.visualise.filters import ViewError
from graphkit.visualise.layout import positions

LARGE = 1000
"""Above this many nodes the layout is computed in Python and the browser's physics stays off."""

TYPE_STYLES = {
    "person": {"name": "person", "color": "#0072B2", "border": "#004f7c", "shape": "dot", "glyph": "●"},
    "organisation": {"name": "organisation", "color": "#E69F00", "border": "#a87400", "shape": "square", "glyph": "■"},
    "topic": {"name": "topic", "color": "#009E73", "border": "#006e50", "shape": "diamond", "glyph": "◆"},
    "place": {"name": "place", "color": "#CC79A7", "border": "#975a7c", "shape": "triangle", "glyph": "▲"},
    "hashtag": {"name": "hashtag", "color": "#56B4E9", "border": "#2f7fab", "shape": "star", "glyph": "★"},
    "handle": {"name": "handle", "color": "#D55E00", "border": "#963f00", "shape": "triangleDown", "glyph": "▼"},
    "post": {"name": "post", "color": "#8c8c8c", "border": "#5c5c5c", "shape": "hexagon", "glyph": "⬢"},
    "other": {"name": "other", "color": "#bbbbbb", "border": "#888888", "shape": "dot", "glyph": "●"},
}
RELATION_STYLES = {
    "works_for": {"name": "works for", "color": "#E69F00", "directed": True},
    "part_of": {"name": "part of", "color": "#a87400", "directed": True},
    "linked_to": {"name": "in ICB or region", "color": "#c9a45c", "directed": True},
    "replies_to": {"name": "replies to", "color": "#0072B2", "directed": True},
    "wrote": {"name": "wrote", "color": "#555555", "directed": True},
    "discusses": {"name": "discusses", "color": "#009E73", "directed": True},
    "about": {"name": "about", "color": "#66c5a9", "directed": True},
    "works_in": {"name": "works in", "color": "#CC79A7", "directed": True},
    "has_handle": {"name": "has handle", "color": "#D55E00", "directed": True},
    "mentions": {"name": "mentions", "color": "#9a9a9a", "directed": True},
    "co_mention": {"name": "mentioned together", "color": "#d0d0d0", "directed": False},
    "other": {"name": "other", "color": "#bbbbbb", "directed": True},
}
_DETAILS = (
    "kind", "roles", "organisations", "org_type", "ods_code", "evidence", "source", "source_label", "url", "members"
)  # fmt: skip
_SLOT = re.compile(r"\{\{([A-Z_]+)\}\}")


def render_html(
    graph: nx.DiGraph,
    path: str | Path,
    *,
    title: str = "graphkit network",
    note: str = "",
    physics: bool | None = None,
) -> Path:
    """Write `graph` as one offline HTML page at `path` (atomically, UTF-8) and return the path.

    With `physics` None, graphs of up to LARGE nodes settle in the browser (then physics stops) and
    larger ones are laid out in Python first.
    """
    page = page_html(graph, title=title, note=note, physics=physics)
    return _write_atomically(Path(path), page)


def page_html(
    graph: nx.DiGraph, *, title: str = "graphkit network", note: str = "", physics: bool | None = None
) -> str:
    """The page as a string (see render_html)."""
    if physics is None:
        physics = graph.number_of_nodes() <= LARGE
    data = _script_json(_payload(graph, physics))
    view_js = _asset("view.js")
    vis_js = _vis_js()
    scripts = [vis_js, view_js]
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(f"'sha256-{_sha256(s)}'" for s in scripts),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    slots = {
        "CSP": html.escape(csp),
        "TITLE": html.escape(title),
        "NOTE": html.escape(note),
        "VIS_CSS": _vis_css(),
        "CSS": _asset("view.css"),
        "DATA": data,
        "VIS_JS": vis_js,
        "VIEW_JS": view_js,
    }
    return _SLOT.sub(lambda m: slots[m.group(1)], _asset("page.html"))


COMMUNITY_COLOURS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#7f3c8d", "#11a579",
    "#3969ac", "#f2b701",
)  # fmt: skip
HIDE_CO_MENTIONS = 60
"""Above this many "mentioned together" edges the page opens with them hidden (a legend toggle shows them)."""


def communities(graph: nx.DiGraph, seed: int = 7) -> dict[str, int]:
    """Each node's community (networkx's Louvain on the undirected, weighted network; seeded, so the same
    graph always gets the same colours), numbered largest first."""
    if graph.number_of_edges() == 0:
        return {str(node): i for i, node in enumerate(graph)}
    found = nx.community.louvain_communities(graph.to_undirected(as_view=True), weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    return {str(node): i for i, part in enumerate(ordered) for node in part}


def _mentions(graph: nx.DiGraph, node: str) -> int:
    """How many posts mention a node: the weights of its incoming mentions edges (where they are known)."""
    return sum(
        int(d.get("weight", 1)) for _, _, d in graph.in_edges(node, data=True) if "mentions" in d.get("relations", "")
    )


def _payload(graph: nx.DiGraph, physics: bool) -> dict:
    # the first draw is at once, from these (a large graph the caller asks physics for is left to the browser)
    coords = positions(graph) if not physics or graph.number_of_nodes() <= LARGE else {}
    community = communities(graph)
    nodes = []
    for node, attrs in graph.nodes(data=True):
        degree = int(graph.degree(node))
        item = {
            "id": str(node),
            "label": str(attrs.get("label") or node),
            "type": str(attrs.get("type") or "other"),
            "degree": degree,
            "size": 1 + degree + _mentions(graph, node),
            "community": community.get(str(node), 0),
        }
        for key in _DETAILS:
            value = attrs.get(key)
            if value not in (None, "", 0):
                item[key] = value if isinstance(value, int | float) else str(value)
        if item.get("source") and not item.get("source_label"):
            item["source_label"] = _post_name(item["source"])
        if node in coords:
            item["x"], item["y"] = coords[node]
        nodes.append(item)
    index = {node: i for i, node in enumerate(graph.nodes)}
    edges = []
    for u, v, d in graph.edges(data=True):
        relation = str(d.get("relation") or "other")
        edge = {"from": index[u], "to": index[v], "relation": relation, "weight": max(1, int(d.get("weight", 1)))}
        if d.get("relations", relation) != relation:
            edge["relations"] = str(d["relations"])
        edges.append(edge)
    co_mentions = sum(1 for e in edges if e["relation"] == "co_mention")
    return {
        "nodes": nodes,
        "edges": edges,
        "types": TYPE_STYLES,
        "relations": RELATION_STYLES,
        "physics": physics,
        "large": LARGE,
        "hidden_relations": ["co_mention"] if co_mentions > HIDE_CO_MENTIONS else [],
        "community_colours": COMMUNITY_COLOURS,
    }


def _post_name(iri: str) -> str:
    """A readable name for a post IRI (<base>post/<doc>[/comment/<id>])."""
    match = re.search(r"/post/([^/]+)(?:/comment/([^/]+))?$", iri)
    if not match:
        return iri
    doc, comment = match.groups()
    return f"comment {comment} on {doc}" if comment else f"article {doc}"


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: ASCII only, and no <, > or & characters."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sha256(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


@cache
def _asset(name: str) -> str:
    return resources.files("graphkit.visualise").joinpath("assets", name).read_text(encoding="utf-8")


def _vis_dir():
    return resources.files("pyvis").joinpath("lib", "vis-9.1.2")


@cache
def _vis_js() -> str:
    return _inline("vis-network.min.js", r"//# sourceMappingURL=\S*", "script")


@cache
def _vis_css() -> str:
    return _inline("vis-network.css", r"/\*# sourceMappingURL=\S*\s*\*/", "style")


def _inline(name: str, source_map: str, tag: str) -> str:
    """A file of pyvis's bundled vis-network, without its source-map line, safe inside <tag>."""
    text = re.sub(source_map, "", _vis_dir().joinpath(name).read_text(encoding="utf-8"))
    if re.search(rf"</{tag}", text, re.IGNORECASE):
        raise ViewError(f"the bundled {name} cannot be inlined (it contains '</{tag}')")
    return text


def _write_atomically(path: Path, text: str) -> Path:
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return path
