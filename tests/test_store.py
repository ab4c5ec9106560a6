"""The persistent store: a rebuilt document replaces its own named graph and nothing else."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.cli import main
from graphkit.errors import GraphFileError
from graphkit.graph.io import load_store
from graphkit.graph.store import open_store, replace_document_graphs, replace_graph, write_store
from graphkit.pipeline import build
from graphkit.query import load_query, rows, run
from tests.conftest import TEST_DATA

BASE = "https://example.org/graphkit/"
DEFAULT = ox.DefaultGraph()


def _n(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"urn:x:{name}")


def _q(s: str, o: str, graph: str) -> ox.Quad:
    return ox.Quad(_n(s), _n("p"), _n(o), _n(graph))


def _graph(store: ox.Store, graph) -> set[tuple]:
    return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)}


def _union_of_named(store: ox.Store) -> set[tuple]:
    return set().union(*(_graph(store, g) for g in store.named_graphs()))


def test_replacing_a_graph_touches_no_other(tmp_path):
    store = open_store(tmp_path / "store")
    replace_document_graphs(store, [_q("a", "old", "A"), _q("shared", "x", "A"), _q("b", "1", "B"),
                                    _q("shared", "x", "B")])  # fmt: skip
    before_b = _graph(store, _n("B"))
    written = replace_document_graphs(store, [_q("a", "new", "A")])
    assert written == {"urn:x:A": 1}
    assert _graph(store, _n("A")) == {(_n("a"), _n("p"), _n("new"))}
    assert _graph(store, _n("B")) == before_b
    # The default graph stays the merge of the named graphs: the old triple is gone, the shared one
    # stays because B still holds it.
    assert _graph(store, DEFAULT) == _union_of_named(store)
    assert (_n("a"), _n("p"), _n("old")) not in _graph(store, DEFAULT)
    assert (_n("shared"), _n("p"), _n("x")) in _graph(store, DEFAULT)


_TERMS = [_n("a"), _n("b"), ox.Literal("x"), ox.Literal("x", language="en"), ox.Literal("1", datatype=_n("int"))]
_TRIPLES = st.builds(ox.Triple, st.sampled_from(_TERMS[:2]), st.sampled_from(_TERMS[:2]), st.sampled_from(_TERMS))
_CHANGES = st.lists(st.tuples(st.sampled_from("ABC"), st.sets(_TRIPLES, max_size=6)), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=_CHANGES)
def test_any_sequence_of_replacements_leaves_each_graph_as_given_and_the_default_graph_their_merge(
    tmp_path_factory, changes
):
    store = open_store(tmp_path_factory.mktemp("store"))
    wanted: dict[str, set] = {}
    for name, triples in changes:
        changed = replace_graph(store, _n(name), triples)
        new = {(t.subject, t.predicate, t.object) for t in triples}
        assert changed == len(new ^ wanted.get(name, set()))
        wanted[name] = new
        for graph, expected in wanted.items():
            assert _graph(store, _n(graph)) == expected
        assert _graph(store, DEFAULT) == set().union(*wanted.values())


def test_kept_graphs_are_added_to_and_a_graph_seen_twice_is_not_cleared_twice(tmp_path):
    store = open_store(tmp_path / "store")
    replace_document_graphs(store, [_q("s", "1", "corpus")], keep=[_n("corpus")])
    replace_document_graphs(store, [_q("s", "2", "corpus"), _q("a", "1", "A"), _q("b", "1", "B"), _q("a", "2", "A")],
                            keep=[_n("corpus")])  # fmt: skip
    assert len(_graph(store, _n("corpus"))) == 2
    assert len(_graph(store, _n("A"))) == 2


def test_a_default_graph_quad_is_refused(tmp_path):
    store = open_store(tmp_path / "store")
    with pytest.raises(GraphFileError, match="named graphs"):
        replace_document_graphs(store, [ox.Quad(_n("s"), _n("p"), _n("o"), DEFAULT)])


def test_open_store_refuses_files_foreign_folders_and_a_second_writer(tmp_path):
    (tmp_path / "file.trig").write_text("", encoding="utf-8")
    with pytest.raises(GraphFileError, match="is a file"):
        open_store(tmp_path / "file.trig")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(GraphFileError, match="not a graph store"):
        open_store(tmp_path / "docs")
    held = open_store(tmp_path / "store")
    with pytest.raises(GraphFileError, match="in use"):
        open_store(tmp_path / "store")
    del held


def _write_docs(path, docs) -> None:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")


def test_rebuilding_a_changed_document_replaces_only_its_graph(tmp_path, nlp):
    a, b = (json.loads(line) for line in (TEST_DATA / "two-articles.jsonl").read_text(encoding="utf-8").splitlines())
    store_dir = tmp_path / "store"
    _write_docs(tmp_path / "both.jsonl", [a, b])
    build([tmp_path / "both.jsonl"], store=store_dir)

    graph_a, graph_b = ox.NamedNode(f"{BASE}graph/{a['id']}"), ox.NamedNode(f"{BASE}graph/{b['id']}")
    with_store = ox.Store.read_only(str(store_dir))
    old_a, old_b = _graph(with_store, graph_a), _graph(with_store, graph_b)
    del with_store
    assert old_a and old_b

    changed = dict(a, comments=[dict(a["comments"][0], author="Priya Sharma",
                                     byline="Ward Manager\nOxleas NHS Foundation Trust",
                                     body="Our ward waits for beds every night.")])  # fmt: skip
    _write_docs(tmp_path / "a.jsonl", [changed])
    build([tmp_path / "a.jsonl"], store=store_dir)
    build([tmp_path / "a.jsonl"], tmp_path / "a-alone.trig")  # the same document built on its own

    store = ox.Store.read_only(str(store_dir))
    new_a = _graph(store, graph_a)
    assert _graph(store, graph_b) == old_b, "the other document's graph changed"
    assert new_a == _graph(load_store(tmp_path / "a-alone.trig"), graph_a)
    gone = old_a - new_a
    assert any("owen-tranter" in str(s) for s, _, _ in gone), "the old commenter should be gone"
    assert not gone & _graph(store, DEFAULT) - old_b
    assert _graph(store, DEFAULT) == _union_of_named(store)
    names = {r["name"] for r in rows(run(store, load_query("people")))}
    assert "Priya Sharma" in names and "Owen Tranter" not in names


def test_build_and_query_a_store_from_the_command_line(tmp_path, capsys, nlp):
    store_dir = tmp_path / "kg"
    views = tmp_path / "views"  # never the repository's visualisations/
    assert main(["build", str(TEST_DATA / "two-articles.jsonl"), "--store", str(store_dir), "--views", str(views)]) == 0
    assert main(["query", str(store_dir), "documents", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "graph,article,title,created,publisher,comments"
    assert sorted(line.split(",")[2] for line in out[1:]) == ["Mental health beds", "Nurse pay"]


def test_write_store_closes_the_store(tmp_path):
    write_store([_q("a", "1", "A")], tmp_path / "s")
    write_store([_q("a", "2", "A")], tmp_path / "s")  # would fail if the first left it locked
    assert _graph(ox.Store.read_only(str(tmp_path / "s")), _n("A")) == {(_n("a"), _n("p"), _n("2"))}


def test_a_graphs_nquads_become_the_same_triples_as_ntriples_written_or_not_by_oxigraph():
    from graphkit.graph.store import nquads_as_ntriples

    g = _n("G")
    quads = [_q("a", "b", "G"), ox.Quad(_n("a"), _n("p"), ox.Literal('say "hi" <G> .\n', language="en"), g)]
    expected = {(q.subject, q.predicate, q.object) for q in quads}
    written = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    by_hand = b"<urn:x:a>\t<urn:x:p>  <urn:x:b> <urn:x:G>.\n"  # valid N-Quads Oxigraph would not write
    for nquads, want in ((written, expected), (by_hand, {(_n("a"), _n("p"), _n("b"))})):
        triples = ox.parse(nquads_as_ntriples(nquads, g), format=ox.RdfFormat.N_TRIPLES)
        assert {(t.subject, t.predicate, t.object) for t in triples} == want
