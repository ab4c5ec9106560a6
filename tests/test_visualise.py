"""The networkx projection, the views over it, the HTML page and the `graphkit visualise` command."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.graph.io import load_store
from graphkit.pipeline import build
from graphkit.projection import ATTRIBUTES, RELATIONS, TYPES, sentence
from graphkit.query import queries_dir, rows, run
from graphkit.visualise import (
    ViewError,
    ego,
    filter_types,
    find_node,
    group_by_organisation,
    min_weight,
    project,
    query_view,
    render_html,
    write_default_views,
)
from graphkit.visualise.html import LARGE, page_html
from graphkit.visualise.layout import positions

TEST_DATA = Path(__file__).resolve().parent / "data"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def network(sample_store) -> nx.DiGraph:
    return project(sample_store)


@pytest.fixture(scope="module")
def with_posts(sample_store) -> nx.DiGraph:
    return project(sample_store, include_posts=True)


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory, nlp) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "graph.trig"
    build([TEST_DATA / "hostile-names.json"], out)
    return out


def canned(store, name: str) -> list[dict[str, str]]:
    return rows(run(store, (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")))


def relations_of(graph: nx.DiGraph, relation: str) -> set[tuple[str, str]]:
    return {(u, v) for u, v, d in graph.edges(data=True) if relation in d["relations"].split("; ")}


def page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert found, "the page embeds its data"
    return json.loads(found.group(1))


# The projection


def test_every_node_has_a_known_type_and_the_same_scalar_attributes(network, with_posts):
    for graph in (network, with_posts):
        for node, data in graph.nodes(data=True):
            assert data["type"] in TYPES
            assert set(data) == {"type", "label", "degree", *ATTRIBUTES}, node
            assert all(isinstance(v, str | int | float) for v in data.values()), node
            assert data["label"]
            assert data["degree"] == graph.degree(node)
        for u, v, data in graph.edges(data=True):
            assert u != v
            assert data["relation"] in RELATIONS and data["relation"] == data["relations"].split("; ")[0]
            assert isinstance(data["weight"], int) and data["weight"] >= 1
    assert {t for _, t in network.nodes(data="type")} <= set(TYPES) - {"post"}
    assert "post" in {t for _, t in with_posts.nodes(data="type")}


def test_people_match_the_people_query(sample_store, network):
    people = {row["person"]: row for row in canned(sample_store, "people")}
    persons = {n for n, t in network.nodes(data="type") if t == "person"}
    assert persons == set(people)
    for iri, row in people.items():
        assert network.nodes[iri]["label"] == row["name"]
        assert network.nodes[iri]["kind"] == row["kind"]


def test_commenters_work_for_the_organisations_the_affiliations_query_gives(sample_store, network):
    affiliations = canned(sample_store, "affiliations")
    expected = {(row["person"], row["org"]) for row in affiliations if "org" in row}
    assert expected, "the sample has affiliations"
    assert relations_of(network, "works_for") == expected
    commenters = {row["person"] for row in canned(sample_store, "people") if row["kind"] == "commenter"}
    for person in commenters:
        assert network.nodes[person]["type"] == "person"
        orgs = {network.nodes[o]["label"] for p, o in expected if p == person}
        listed = {name for name in network.nodes[person]["organisations"].split("; ") if name}
        assert listed == orgs
        roles = {row["role"] for row in affiliations if row["person"] == person and "role" in row}
        assert set(filter(None, network.nodes[person]["roles"].split("; "))) == roles


def test_organisation_details_match_the_organisations_query(sample_store, network):
    for row in canned(sample_store, "organisations"):
        node = network.nodes[row["org"]]
        assert node["type"] == "organisation"
        assert node["org_type"] == row["type"]
        assert node["ods_code"] == row.get("odsCode", "")


def test_replies_between_commenters_become_replies_to_edges(sample_store, network):
    by_name = {data["label"]: n for n, data in network.nodes(data=True) if data["type"] == "person"}
    threads = canned(sample_store, "reply-threads")
    expected = {(by_name[r["author"]], by_name[r["repliedTo"]]) for r in threads if r["author"] != r["repliedTo"]}
    assert expected, "the sample has replies between comments"
    assert relations_of(network, "replies_to") == expected


def test_a_comments_mentions_go_to_its_author(sample_store, network):
    found = rows(
        run(sample_store, "SELECT ?a ?e WHERE { ?c a schema:Comment ; schema:author ?a ; schema:mentions ?e }")
    )
    expected = {(r["a"], r["e"]) for r in found if r["a"] != r["e"] and r["e"] in network}
    assert expected
    assert expected <= relations_of(network, "mentions")


def test_co_mentions_are_stored_once_from_the_smaller_iri(sample_store, network):
    pairs = relations_of(network, "co_mention")
    assert pairs
    assert all(u < v for u, v in pairs)
    mentioned = rows(run(sample_store, "SELECT ?p ?e WHERE { ?p schema:mentions ?e }"))
    per_post: dict[str, set[str]] = {}
    for r in mentioned:
        per_post.setdefault(r["p"], set()).add(r["e"])
    expected = {(a, b) for ents in per_post.values() for a in ents for b in ents if a < b}
    assert pairs == expected


def test_discusses_links_people_to_topics(sample_store, network):
    found = {(r["p"], r["t"]) for r in rows(run(sample_store, "SELECT ?p ?t WHERE { ?p gk:discusses ?t }"))}
    assert found and found <= relations_of(network, "discusses")
    assert {network.nodes[v]["type"] for _, v in relations_of(network, "discusses")} == {"topic"}


def test_evidence_names_a_post_and_a_web_address_only(sample_store, network):
    posts = {r["p"] for r in rows(run(sample_store, "SELECT ?p WHERE { ?p a sioc:Post }"))}
    with_source = [d for _, d in network.nodes(data=True) if d["source"]]
    assert len(with_source) >= network.number_of_nodes() // 2
    for data in with_source:
        assert data["source"] in posts
        assert data["evidence"]
        assert data["url"] == "" or data["url"].startswith(("http://", "https://"))
    for node, data in network.nodes(data=True):
        if data["kind"] == "commenter":
            assert data["evidence"] and data["source"], node


def test_posts_as_nodes(sample_store, with_posts):
    comments = canned(sample_store, "comments")
    posts = {n for n, t in with_posts.nodes(data="type") if t == "post"}
    assert {r["comment"] for r in comments} | {r["article"] for r in comments} == posts
    by_name = {d["label"]: n for n, d in with_posts.nodes(data=True) if d["type"] == "person"}
    wrote = relations_of(with_posts, "wrote")
    for row in comments:
        assert (by_name[row["author"]], row["comment"]) in wrote
    replies = {(r["c"], r["t"]) for r in rows(run(sample_store, "SELECT ?c ?t WHERE { ?c sioc:reply_of ?t }"))}
    assert replies and replies <= relations_of(with_posts, "replies_to")
    mentions = relations_of(with_posts, "mentions")
    assert mentions and all(with_posts.nodes[u]["type"] == "post" for u, _ in mentions)


def test_sentence_quotes_the_sentence_around_the_offset():
    text = "First one here. The King's Fund ran the day! Last bit"
    assert sentence(text, text.index("King"), "King's Fund") == "The King's Fund ran the day!"
    long = "Intro. " + "word " * 100 + "TARGET " + "word " * 100 + "end."
    quote = sentence(long, long.index("TARGET"), "TARGET")
    assert "TARGET" in quote and quote.startswith("…") and quote.endswith("…") and len(quote) <= 245


# Views


def test_filter_types(network):
    view = filter_types(network, ["person", "organisation"])
    assert {t for _, t in view.nodes(data="type")} == {"person", "organisation"}
    assert view.number_of_nodes() == sum(1 for _, t in network.nodes(data="type") if t in {"person", "organisation"})
    assert all(view.nodes[n]["degree"] == view.degree(n) for n in view)
    assert network.nodes[next(iter(view))]["degree"] == network.degree(next(iter(view))), "the input is unchanged"
    with pytest.raises(ViewError, match="unknown node type"):
        filter_types(network, ["people"])


def test_find_node_by_iri_label_or_part_of_it(network):
    person = next(n for n, d in network.nodes(data=True) if d["kind"] == "commenter")
    label = network.nodes[person]["label"]
    assert find_node(network, person) == person
    assert find_node(network, label.upper()) == person
    with pytest.raises(ViewError, match="no node named"):
        find_node(network, "Nobody Of That Name")
    with pytest.raises(ViewError, match="matches"):
        find_node(network, "e")


def test_ego_network(network):
    centre = max(network, key=network.degree)
    assert set(ego(network, centre, 0)) == {centre}
    near = set(ego(network, centre, 1))
    assert near == {centre} | set(network.successors(centre)) | set(network.predecessors(centre))
    assert set(ego(network, centre, 2)) >= near
    with pytest.raises(ViewError):
        ego(network, centre, -1)


def test_min_weight_keeps_heavy_edges_and_their_nodes(network):
    view = min_weight(network, 2)
    heavy = [(u, v) for u, v, w in network.edges(data="weight") if w >= 2]
    assert heavy and set(view.edges) == set(heavy)
    assert set(view) == {n for edge in heavy for n in edge}
    assert min_weight(network, 1).number_of_edges() == network.number_of_edges()


def test_query_view_from_select_and_construct(sample_store, network):
    text = (queries_dir() / "affiliations.rq").read_text(encoding="utf-8")
    view = query_view(network, sample_store, text)
    named = {v for row in canned(sample_store, "affiliations") for k, v in row.items() if k in {"person", "org"}}
    assert set(view) == named
    assert set(view.edges) == {(u, v) for u, v in network.edges if u in named and v in named}
    construct = "CONSTRUCT { ?p org:memberOf ?o } WHERE { ?p org:memberOf ?o }"
    assert set(query_view(network, sample_store, construct)) == {
        n for e in relations_of(network, "works_for") for n in e
    }
    with pytest.raises(ViewError, match="ASK"):
        query_view(network, sample_store, "ASK { ?s ?p ?o }")
    with pytest.raises(ViewError, match="names no node"):
        query_view(network, sample_store, "SELECT ?name WHERE { ?p foaf:name ?name }")


def test_group_by_organisation(network):
    grouped, message = group_by_organisation(network)
    movers = {
        u
        for u, v, d in network.edges(data=True)
        if d["relation"] == "works_for" and network.nodes[u]["kind"] == "commenter"
    }
    assert movers and not movers & set(grouped)
    assert message.startswith(f"grouped {len(movers)} commenter")
    members = {m for _, d in grouped.nodes(data=True) for m in str(d.get("members", "")).split("; ") if m}
    assert members == {network.nodes[p]["label"] for p in movers}
    assert sum(d.get("grouped", 0) for _, d in grouped.nodes(data=True)) == len(movers)
    assert all(u != v for u, v in grouped.edges)


# The page


def test_page_is_self_contained_and_embeds_the_graph(network):
    page = page_html(network, title="Sample <b>view</b>")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    assert not re.search(r"https?://[^\s\"'()]*(cdn|bootstrap|unpkg|jsdelivr|googleapis)", page, re.I)
    assert "<title>Sample &lt;b&gt;view&lt;/b&gt;</title>" in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp and html.unescape(csp.group(1)).startswith("default-src 'none'; script-src 'sha256-")
    data = page_data(page)
    assert len(data["nodes"]) == network.number_of_nodes()
    assert len(data["edges"]) == network.number_of_edges()
    assert {n["id"] for n in data["nodes"]} == set(network)


def test_hostile_names_cannot_leave_the_data_script(hostile_graph):
    graph = project(load_store(hostile_graph), include_posts=True)
    assert HOSTILE in {d["label"] for _, d in graph.nodes(data=True)}
    page = page_html(graph, note="<b>note</b>")
    assert HOSTILE not in page and "<img" not in page and "<b>markup" not in page and "<b>note" not in page
    assert "<script>alert" not in page and "</script><script>" not in page
    assert page.count("</script>") == 3  # the data, vis-network and the view's own script
    assert "\u2028" not in page
    assert "&lt;b&gt;note&lt;/b&gt;" in page
    labels = {n["label"] for n in page_data(page)["nodes"]}
    assert HOSTILE in labels and any("</script><script>" in label for label in labels)


def test_render_html_writes_atomically_and_only_the_page(network, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = render_html(network, Path("views") / "sample.html", title="Sample")
    assert out == Path("views/sample.html")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["sample.html", "views"]
    assert out.read_bytes().decode("utf-8").startswith("<!DOCTYPE html>")
    (tmp_path / "blocked").write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(GraphkitError, match="cannot be written"):
        render_html(network, tmp_path / "blocked" / "x.html")


def test_large_views_are_laid_out_in_python(tmp_path):
    graph = nx.DiGraph()
    for i in range(LARGE + 1):
        graph.add_node(f"n{i}", type="person", label=f"Person {i}", degree=0)
    for i in range(1, LARGE + 1):
        graph.add_edge(f"n{i // 4}", f"n{i}", relation="mentions", relations="mentions", weight=1)
    data = page_data(render_html(graph, tmp_path / "large.html").read_text(encoding="utf-8"))
    assert data["physics"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    small = page_data(page_html(nx.path_graph(3, create_using=nx.DiGraph)))
    assert small["physics"] is True and isinstance(small["nodes"][0]["x"], float)  # drawn at once, then settled


def test_layout_keeps_components_apart():
    graph = nx.DiGraph()
    graph.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("b1", "b2"), ("b2", "b3")], relation="mentions")
    graph.add_nodes_from(["lone1", "lone2"])
    pos = positions(graph)
    assert set(pos) == set(graph)
    assert len(set(pos.values())) == len(pos)

    def box(nodes):
        xs, ys = [pos[n][0] for n in nodes], [pos[n][1] for n in nodes]
        return min(xs), max(xs), min(ys), max(ys)

    a, b = box(["a1", "a2", "a3"]), box(["b1", "b2", "b3"])
    assert a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2]


# Command line and default views


def test_cli_writes_a_view(sample_graph, tmp_path, capsys):
    out = tmp_path / "people.html"
    assert main(["visualise", str(sample_graph), "-o", str(out), "--types", "person,organisation"]) == 0
    assert "wrote" in capsys.readouterr().err
    types = {n["type"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]}
    assert types == {"person", "organisation"}


def test_cli_focus_posts_query_and_grouping(sample_graph, network, tmp_path, capsys):
    centre = max(network, key=network.degree)
    out = tmp_path / "ego.html"
    assert main(["visualise", str(sample_graph), "-o", str(out), "--focus", centre, "--depth", "1"]) == 0
    nodes = {n["id"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]}
    assert nodes == set(ego(network, centre, 1))
    assert main(["visualise", str(sample_graph), "-o", str(out), "--posts"]) == 0
    assert "post" in {n["type"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]}
    query = queries_dir() / "affiliations.rq"
    assert main(["visualise", str(sample_graph), "-o", str(out), "--query", str(query)]) == 0
    assert main(["visualise", str(sample_graph), "-o", str(out), "--group-by-organisation"]) == 0
    assert "grouped" in capsys.readouterr().err
    assert "grouped" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "extra",
    [
        ["--types", "people"],
        ["--focus", "Nobody Of That Name"],
        ["--depth", "2"],
        ["--min-weight", "0"],
        ["--min-weight", "1000"],
        ["--query", "no-such-query.rq"],
        ["--query", "ASK"],
    ],
)
def test_cli_errors_are_one_line_and_exit_2(sample_graph, tmp_path, capsys, extra):
    if extra == ["--query", "ASK"]:
        (tmp_path / "ask.rq").write_text("ASK { ?s ?p ?o }", encoding="utf-8")
        extra = ["--query", str(tmp_path / "ask.rq")]
    out = tmp_path / "x.html"
    assert main(["visualise", str(sample_graph), "-o", str(out), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("graphkit: ") and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_cli_missing_graph_exits_2(tmp_path, capsys):
    assert main(["visualise", str(tmp_path / "missing.trig"), "-o", str(tmp_path / "x.html")]) == 2
    assert "no such graph" in capsys.readouterr().err


def test_write_default_views(sample_graph, network, tmp_path):
    written = write_default_views(sample_graph, tmp_path / "views")
    # named after the graph (graph.trig), so another corpus's build does not overwrite them
    assert [p.name for p in written] == [
        "graph-network.html",
        "graph-people-and-organisations.html",
        "graph-report.html",
    ]
    whole, people = (page_data(p.read_text(encoding="utf-8")) for p in written[:2])
    title = "Engaging clinicians: keeping the bright sparks burning"  # the article's title, not the file name
    assert f"<h1>The whole network — {title}</h1>" in written[0].read_text(encoding="utf-8")
    assert len(whole["nodes"]) == network.number_of_nodes()
    assert {n["type"] for n in people["nodes"]} == {"person", "organisation"}


def test_views_size_by_mentions_and_colour_communities_the_same_every_time(network):
    from graphkit.visualise.html import communities

    data = page_data(page_html(network))
    assert communities(network) == communities(network)  # seeded Louvain: the same colours on every build
    assert len(set(communities(network).values())) > 1
    by_id = {n["id"]: n for n in data["nodes"]}
    mentioned = max(network, key=lambda n: sum(1 for *_, r in network.in_edges(n, data="relation") if r == "mentions"))
    assert by_id[mentioned]["size"] > by_id[mentioned]["degree"]  # posts mentioning it add to its size
    assert data["hidden_relations"] == ["co_mention"]  # the sample's 128 co-mention edges start hidden


def test_evidence_names_the_post_by_its_article_title_and_organisations_by_their_own_words(network):
    data = page_data(page_html(network))
    title = "Engaging clinicians: keeping the bright sparks burning"
    sourced = [n for n in data["nodes"] if n.get("source")]
    assert sourced and all(title in n["source_label"] for n in sourced)
    assert not any("kingsfund-engaging-clinicians" in n["source_label"] for n in sourced)  # not the document id
    orgs = {n["label"]: n for n in data["nodes"] if n["type"] == "organisation"}
    checked = 0
    for person in (n for n in data["nodes"] if n.get("kind") == "commenter" and n.get("roles")):
        for name in person.get("organisations", "").split("; "):
            if name in orgs:  # named in the byline under the job titles: quoted by its own line there
                checked += 1
                assert not any(role in orgs[name]["evidence"] for role in person["roles"].split("; ")), orgs[name]
    assert checked >= 3


def test_cli_default_pages_are_named_after_the_graph_and_titled_by_the_corpus(sample_graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["visualise", str(sample_graph)]) == 0
    assert main(["visualise", str(sample_graph), "--types", "person,organisation"]) == 0
    assert sorted(p.name for p in (tmp_path / "visualisations").iterdir()) == ["graph-network.html", "graph-view.html"]
    page = (tmp_path / "visualisations" / "graph-view.html").read_text(encoding="utf-8")
    assert "<title>Engaging clinicians: keeping the bright sparks burning — person, organisation</title>" in page
