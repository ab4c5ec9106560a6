"""Views of a projection: plain functions from a graph to a smaller graph, never changing their input.

Each returns a new graph whose `degree` attributes count the edges left in it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from graphkit.errors import GraphkitError
from graphkit.projection import TYPES, add_edge, set_degrees
from graphkit.query import run
from graphkit.resources import fold


class ViewError(GraphkitError):
    """A view that cannot be drawn: an unknown node or type, a query that selects nothing."""


def find_node(graph: nx.DiGraph, name: str) -> str:
    """The node whose IRI is `name`, or whose label is `name` (ignoring case and accents), or contains it."""
    if name in graph:
        return name
    wanted = fold(name)
    if not wanted:
        raise ViewError("give a name or an IRI to focus on")
    labels = {node: fold(str(data.get("label", ""))) for node, data in graph.nodes(data=True)}
    exact = sorted(node for node, label in labels.items() if label == wanted)
    partial = sorted(node for node, label in labels.items() if wanted in label)
    found = exact or partial
    if len(found) == 1:
        return found[0]
    if found:
        listed = ", ".join(f"{graph.nodes[n]['label']} <{n}>" for n in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise ViewError(f"'{name}' matches {len(found)} nodes: {listed}{more}; give the IRI")
    close = difflib.get_close_matches(wanted, list(set(labels.values())), n=3, cutoff=0.6)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise ViewError(f"no node named '{name}' in the graph{hint}")


def ego(graph: nx.DiGraph, focus: str, depth: int = 1) -> nx.DiGraph:
    """The node named `focus` and every node within `depth` edges of it, in either direction."""
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}")
    centre = find_node(graph, focus)
    view = nx.ego_graph(graph, centre, radius=depth, undirected=True).copy()
    set_degrees(view)
    return view


def filter_types(graph: nx.DiGraph, types: Iterable[str]) -> nx.DiGraph:
    """The nodes of the given types (person, organisation, topic, place, hashtag, handle, post)."""
    wanted = {t.strip().lower() for t in types if t.strip()}
    unknown = sorted(wanted - set(TYPES))
    if unknown:
        raise ViewError(f"unknown node type(s): {', '.join(unknown)} (known: {', '.join(TYPES)})")
    return _subgraph(graph, [n for n, t in graph.nodes(data="type") if t in wanted])


def min_weight(graph: nx.DiGraph, n: int) -> nx.DiGraph:
    """Only edges of weight `n` or more, and only the nodes that still have an edge."""
    if n <= 1:
        return _subgraph(graph, graph.nodes)
    view = nx.DiGraph()
    view.graph.update(graph.graph)
    kept = [(u, v, dict(data)) for u, v, data in graph.edges(data=True) if int(data.get("weight", 1)) >= n]
    for u, v, _ in kept:
        for node in (u, v):
            if node not in view:
                view.add_node(node, **graph.nodes[node])
    view.add_edges_from(kept)
    set_degrees(view)
    return view


def query_view(graph: nx.DiGraph, store: ox.Store, sparql: str) -> nx.DiGraph:
    """The nodes a SPARQL query names, and the edges among them.

    SELECT: every IRI in the results that is a node of the graph. CONSTRUCT: the subjects and
    objects of its triples that are nodes of the graph.
    """
    result = run(store, sparql)
    if isinstance(result, ox.QueryBoolean):
        raise ViewError("an ASK query selects no nodes: use SELECT or CONSTRUCT")
    terms: list = []
    if isinstance(result, ox.QueryTriples):
        for triple in result:
            terms += [triple.subject, triple.object]
    else:
        for solution in result:
            terms += [solution[v] for v in result.variables]
    nodes = {t.value for t in terms if isinstance(t, ox.NamedNode) and t.value in graph}
    if not nodes:
        raise ViewError("the query names no node of the graph (it must return entity IRIs, not only names)")
    return _subgraph(graph, nodes)


def group_by_organisation(graph: nx.DiGraph) -> tuple[nx.DiGraph, str]:
    """Commenters folded into the organisation they work for, with a line saying what was grouped.

    A commenter with several organisations goes to the one with the heaviest works_for edge (then
    the first by name). Their other edges move to the organisation, weights added; the
    organisation's `members` lists them and `grouped` counts them.
    """
    view = _subgraph(graph, graph.nodes)
    moves: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        if data.get("type") != "person" or data.get("kind") != "commenter":
            continue
        employers = [
            (-int(d["weight"]), str(graph.nodes[org].get("label", "")), org)
            for _, org, d in graph.out_edges(node, data=True)
            if d.get("relation") == "works_for" and graph.nodes[org].get("type") == "organisation"
        ]
        if employers:
            moves[node] = min(employers)[2]
    if not moves:
        return view, "no commenter has an organisation: nothing grouped"
    for person, org in sorted(moves.items()):
        attrs = view.nodes[org]
        names = [m for m in str(attrs.get("members", "")).split("; ") if m]
        attrs["members"] = "; ".join(sorted([*names, str(graph.nodes[person].get("label", person))]))
        attrs["grouped"] = int(attrs.get("grouped", 0)) + 1
    for u, v, data in graph.edges(data=True):
        if u not in moves and v not in moves:
            continue
        view.remove_edge(u, v)
        a, b = moves.get(u, u), moves.get(v, v)
        if a != b:
            for relation in data["relations"].split("; "):
                add_edge(view, a, b, relation, int(data["weight"]) if relation == data["relation"] else 0)
    view.remove_nodes_from(moves)
    for _, attrs in view.nodes(data=True):
        attrs.setdefault("members", "")
        attrs.setdefault("grouped", 0)
    set_degrees(view)
    orgs = len(set(moves.values()))
    message = (
        f"grouped {len(moves)} commenter{'s' if len(moves) != 1 else ''} into the "
        f"{orgs} organisation{'s' if orgs != 1 else ''} they work for"
    )
    return view, message


def _subgraph(graph: nx.DiGraph, nodes: Iterable[str]) -> nx.DiGraph:
    view = graph.subgraph(nodes).copy()
    set_degrees(view)
    return view
