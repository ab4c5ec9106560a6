"""The Python API: the README example runs as written, and the handle's methods delegate faithfully."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys

import networkx as nx
import pytest
from rdflib import Dataset, URIRef

import graphkit
from graphkit.errors import QueryError
from tests.conftest import ROOT, SAMPLE


def readme_example() -> str:
    """The Python block under '## Python API' in README.md: the README's example runs as this test."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


@pytest.fixture(scope="module")
def kg(sample_graph) -> graphkit.KnowledgeGraph:
    return graphkit.load(sample_graph)


def test_readme_example(tmp_path, monkeypatch, nlp, capsys):
    (tmp_path / "data").mkdir()
    shutil.copy(SAMPLE, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    exec(compile(readme_example(), "README example", "exec"), {})
    out = capsys.readouterr().out
    assert "people, first:" in out
    assert "NHS Tayside in Engaging clinicians" in out  # the organisation's own words, and the article by title
    assert (tmp_path / "build" / "kg.trig").is_file() and (tmp_path / "build" / "kg.graphml").is_file()
    assert (tmp_path / "build" / "kg-report.html").is_file()


def test_query_binds_python_values_as_terms(kg):
    sam = kg.query("SELECT ?p ?name WHERE { ?p foaf:name ?name }", name="Sam Majumdar")
    assert [row["name"] for row in sam] == ["Sam Majumdar"]
    iri = sam[0]["p"]
    assert kg.query("SELECT ?p ?name WHERE { ?p foaf:name ?name }", p=f"<{iri}>") == sam
    assert kg.query("SELECT ?p ?name WHERE { ?p foaf:name ?name }", p=URIRef(iri)) == sam
    row = kg.query(
        "SELECT ?n ?b ?f ?s (?n + 1 AS ?next) (DATATYPE(?n) AS ?tn) (DATATYPE(?b) AS ?tb) (DATATYPE(?f) AS ?tf)"
        " (isLiteral(?s) AS ?plain) WHERE {}",
        n=41,
        b=True,
        f=2.5,
        s="42",
    )[0]
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert row["next"] == "42"
    assert (row["tn"], row["tb"], row["tf"]) == (xsd + "integer", xsd + "boolean", xsd + "double")
    assert row["plain"] == "true" and row["s"] == "42"


def test_query_refuses_what_it_cannot_bind_or_return(kg):
    with pytest.raises(QueryError, match="cannot bind"):
        kg.query("SELECT ?x WHERE {}", x=[1, 2])
    with pytest.raises(QueryError, match="not a valid IRI"):
        kg.query("SELECT ?x WHERE {}", x="<not an iri>")
    with pytest.raises(QueryError, match="SELECT"):
        kg.query("ASK { ?s ?p ?o }")


def test_to_rdflib_keeps_the_named_graphs(kg):
    dataset = kg.to_rdflib()
    assert isinstance(dataset, Dataset)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {g.value for g in kg.store.named_graphs()}
    assert sum(len(g) for g in dataset.graphs()) == sum(
        len(list(kg.store.quads_for_pattern(None, None, None, g))) for g in kg.store.named_graphs()
    )


def test_export_and_to_networkx_share_the_projection(kg, tmp_path):
    network = kg.to_networkx(include_posts=True)
    path = kg.export("node-link", tmp_path / "g.json", include_posts=True)
    back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    assert set(back.nodes) == set(network.nodes)
    assert set(back.edges) == set(network.edges)


def test_show_embeds_the_view_page_escaped_in_an_iframe(kg):
    view = kg.show(title='People & "organisations"')
    markup = view._repr_html_()
    assert markup.startswith('<iframe srcdoc="') and markup.endswith("</iframe>")
    srcdoc = markup[len('<iframe srcdoc="') : markup.index('" style=')]
    assert '"' not in srcdoc and "<" not in srcdoc
    assert html.unescape(srcdoc) == view.page
    assert not hasattr(kg, "_repr_html_")


def test_import_graphkit_is_light():
    code = "import sys, graphkit; print(sorted(m for m in ('spacy', 'rdflib', 'networkx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_show_with_focus_draws_only_the_network_around_that_node(kg):
    whole, around = kg.show(), kg.show(focus="Abid Hussain", depth=1)
    assert "Abid Hussain" in around.page and "Public Health England" in around.page
    assert len(around.page) < len(whole.page)
    assert "Jill Stoddart" not in around.page  # a commenter with no link to her


def test_canned_names_stats_report_and_pandas(kg, tmp_path):
    by_name = kg.query("evidence", name="NHS Tayside")
    assert by_name and {row["exact"] for row in by_name} == {"NHS Tayside"}
    assert by_name.variables[:3] == ["entity", "name", "body"]
    counted = kg.stats()
    assert (counted["documents"], counted["comments"]) == (1, 9)
    assert counted["people"] == len(kg.query("people"))
    page = kg.report(tmp_path / "r.html", title="Sample")
    assert "<h1>Sample</h1>" in page.read_text(encoding="utf-8")
    pd = pytest.importorskip("pandas")
    frame = kg.query("people").to_pandas()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["person", "name", "kind"]
    assert len(frame) == counted["people"]
    empty = kg.query("people-by-organisation-type", type="no_such_type").to_pandas()
    assert list(empty.columns) == ["type", "people", "organisations"] and len(empty) == 0
