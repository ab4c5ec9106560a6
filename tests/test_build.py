"""The whole build on real spaCy and rdflib: what the sample yields, stability, formats, bad inputs."""

from __future__ import annotations

import json
import shutil

import pytest
import rdflib
from rdflib.compare import isomorphic

from graphkit.errors import GraphkitError, InputError
from graphkit.graph import vocab
from graphkit.pipeline import build
from graphkit.query import rows, run
from tests.conftest import GOLD, SAMPLE, TEST_DATA

STANDARD = [vocab.RDF, vocab.RDFS, vocab.XSD, vocab.OWL, vocab.DCTERMS, vocab.FOAF, vocab.SKOS, vocab.PROV,
            vocab.SIOC, vocab.SCHEMA, vocab.ORG, vocab.OA, vocab.QB]  # fmt: skip


def test_sample_has_nine_comments_by_eight_commenters(sample_store):
    comments = rows(run(sample_store, "SELECT ?c ?a WHERE { ?c a schema:Comment ; schema:author ?a }"))
    assert len(comments) == 9
    assert len({r["a"] for r in comments}) == 8


def test_commenter_who_writes_twice_is_one_person(sample_store):
    found = rows(run(sample_store, """
        SELECT ?p (COUNT(?c) AS ?n) WHERE { ?c a schema:Comment ; schema:author ?p } GROUP BY ?p HAVING (COUNT(?c) > 1)
    """))  # fmt: skip
    assert [int(r["n"]) for r in found] == [2]


def test_replies_follow_the_gold_file(sample_store):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["comments"]
    got = {r["id"]: r.get("replyToAuthor") for r in rows(run(sample_store, _canned("comments")))}
    assert got == {c["id"]: c["reply_to_author"] for c in gold}


def test_rebuild_gives_an_isomorphic_graph(tmp_path, sample_graph):
    again = tmp_path / "again.trig"
    build([SAMPLE], again)
    first, second = rdflib.Dataset(), rdflib.Dataset()
    first.parse(sample_graph, format="trig")
    second.parse(again, format="trig")
    assert len(first) > 0
    graphs = sorted(str(g.identifier) for g in first.graphs())
    assert graphs == sorted(str(g.identifier) for g in second.graphs())
    for name in graphs:
        assert isomorphic(first.graph(rdflib.URIRef(name)), second.graph(rdflib.URIRef(name))), name


def test_one_named_graph_per_document_under_the_base(tmp_path):
    out = tmp_path / "g.nq"
    build([TEST_DATA / "two-articles.jsonl"], out, base="http://kg.test/")
    ds = rdflib.Dataset()
    ds.parse(out, format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {"http://kg.test/graph/mh-beds", "http://kg.test/graph/nurse-pay", "http://kg.test/graph/graphkit"}
    subjects = {str(s) for s, _, _, _ in ds.quads()}
    assert all(s.startswith("http://kg.test/") for s in subjects)


@pytest.mark.parametrize(("suffix", "rdflib_format"), [(".trig", "trig"), (".nq", "nquads"), (".ttl", "turtle"),
                                                       (".jsonld", "json-ld"), (".nt", "nt")])  # fmt: skip
def test_output_format_follows_the_extension_and_rdflib_reads_it(tmp_path, suffix, rdflib_format):
    out = tmp_path / f"graph{suffix}"
    build([TEST_DATA / "forum-thread.json"], out)
    graph = rdflib.Dataset(default_union=True) if suffix in {".trig", ".nq", ".jsonld"} else rdflib.Graph()
    graph.parse(out, format=rdflib_format)
    names = set(graph.objects(None, rdflib.URIRef(vocab.FOAF.name.value)))
    assert rdflib.Literal("Daniel Frost") in names and rdflib.Literal("Amara Singh") in names


def test_every_term_is_standard_or_defined_in_the_vocabulary_module(sample_graph):
    ds = rdflib.Dataset()
    ds.parse(sample_graph, format="trig")
    terms = {p for _, p, _, _ in ds.quads()} | {o for _, p, o, _ in ds.quads() if p == rdflib.RDF.type}
    own = {t.value for t in vocab.OWN.values()}
    for term in terms:
        term = str(term)
        if term.startswith(str(vocab.GK)):
            assert term in own, term
        elif not term.startswith(("https://example.org/graphkit/",)):
            assert any(term.startswith(str(ns)) for ns in STANDARD), term


def test_bad_files_are_reported_and_the_rest_builds(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ["bad-empty.txt", "bad-binary.txt", "bad-broken.json", "bad-latin1.txt", "forum-thread.json"]:
        shutil.copy(TEST_DATA / name, folder)
    errors: list[InputError] = []
    report = build([folder], tmp_path / "out.trig", on_error=errors.append)
    assert report.documents == 2  # Windows-1252 text is decoded (with a note), not refused
    assert sorted(e.path.rsplit("/", 1)[-1] for e in errors) == ["bad-binary.txt", "bad-broken.json", "bad-empty.txt"]
    assert (tmp_path / "out.trig").exists()


def test_strict_stops_and_leaves_an_earlier_graph_untouched(tmp_path):
    out = tmp_path / "out.trig"
    build([TEST_DATA / "forum-thread.json"], out)
    before = out.read_bytes()
    with pytest.raises(InputError):
        build([TEST_DATA / "forum-thread.json", TEST_DATA / "bad-broken.json"], out, strict=True)
    assert out.read_bytes() == before
    assert not list(tmp_path.glob("*.part"))


def test_nothing_readable_is_an_error_and_writes_nothing(tmp_path):
    out = tmp_path / "out.trig"
    with pytest.raises(GraphkitError):
        build([TEST_DATA / "bad-empty.txt"], out, on_error=lambda e: None)
    assert not out.exists()


def test_markup_in_names_stays_literal_text(corpus_graph):
    ds = rdflib.Dataset(default_union=True)
    ds.parse(corpus_graph, format="trig")
    assert rdflib.Literal("<img src=x onerror=alert(1)>") in set(ds.objects(None, rdflib.URIRef(vocab.FOAF.name.value)))


def _canned(name: str) -> str:
    from graphkit.query import queries_dir

    return (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")


def test_a_turtle_graph_without_named_graphs_is_queryable(tmp_path):
    from graphkit.graph.io import load_store

    out = tmp_path / "graph.ttl"
    build([TEST_DATA / "forum-thread.json"], out)
    found = rows(run(load_store(out), "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"))
    assert [r["name"] for r in found] == ["Amara Singh", "Daniel Frost", "Helen Okafor"]


def test_people_and_organisations_are_listed_once_each(corpus_graph):
    from graphkit.graph.io import load_store

    store = load_store(corpus_graph)
    for name, key in (("people", "person"), ("organisations", "org")):
        found = rows(run(store, _canned(name)))
        assert found, name
        assert len({r[key] for r in found}) == len(found), name
        assert len({r["name"].casefold() for r in found}) == len(found), name


def test_same_name_across_documents_is_one_entity_and_near_spellings_a_close_match(tmp_path):
    from graphkit.graph.io import load_store

    for n, author in enumerate(["Priya Raman", "Priya Raman", "Priya Ramann"]):
        article = {
            "id": f"a{n}",
            "body": "Waiting lists are growing.",
            "comments": [{"author": author, "body": "Yes."}],
        }
        (tmp_path / f"a{n}.json").write_text(json.dumps(article), encoding="utf-8")
    out = tmp_path / "g.trig"
    build([tmp_path], out)
    store = load_store(out)
    people = rows(run(store, "SELECT DISTINCT ?p WHERE { ?c schema:author ?p }"))
    assert len(people) == 2
    close = rows(run(store, "SELECT ?a ?b WHERE { ?a skos:closeMatch ?b }"))
    assert [(r["a"].rsplit("/", 1)[1], r["b"].rsplit("/", 1)[1]) for r in close] == [("priya-raman", "priya-ramann")]


def test_a_build_of_nothing_readable_keeps_the_earlier_graph(tmp_path):
    out = tmp_path / "keep.trig"
    build([TEST_DATA / "forum-thread.json"], out)
    before = out.read_bytes()
    with pytest.raises(GraphkitError):
        build([TEST_DATA / "bad-empty.txt"], out, on_error=lambda e: None)
    assert out.read_bytes() == before


def test_the_graph_file_is_readable_by_others_like_any_file(tmp_path):
    import os
    import stat

    out = tmp_path / "g.trig"
    build([TEST_DATA / "forum-thread.json"], out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_two_documents_with_one_id_build_the_first_and_report_the_second(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(f"Title {folder}\n\nText {folder}.\n", encoding="utf-8")
    errors: list[InputError] = []
    report = build([tmp_path / "a", tmp_path / "b"], tmp_path / "g.trig", on_error=errors.append)
    assert report.documents == 1
    assert [str(e) for e in errors] == [f"{tmp_path / 'b' / 'same.txt'}: has the document id 'same' of "
                                        f"{tmp_path / 'a' / 'same.txt'}; give it another id"]  # fmt: skip


def test_names_in_other_scripts_stay_distinct_people(tmp_path):
    from graphkit.graph.io import load_store

    comments = [{"author": name, "body": "Agreed."} for name in ("王小明", "李华", "Priya Raman")]
    (tmp_path / "a.json").write_text(json.dumps({"body": "Staff morale.", "comments": comments}), encoding="utf-8")
    build([tmp_path / "a.json"], tmp_path / "g.trig")
    found = rows(run(load_store(tmp_path / "g.trig"), "SELECT DISTINCT ?p ?name WHERE { ?p foaf:name ?name }"))
    assert sorted(r["name"] for r in found) == ["Priya Raman", "李华", "王小明"]
    assert len({r["p"] for r in found}) == 3
