"""The pipeline's contract: per-document work in worker processes, the same quads whatever the
number of processes or the order of the inputs; long posts in windows; IRIs safe from any text."""

from __future__ import annotations

import json
import pickle
import random

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.graph.build import Iris, web_iri
from graphkit.ingest import read_documents
from graphkit.pipeline import BuildOptions, build, process_documents, windows
from graphkit.processes import LOCAL_BELOW
from tests.conftest import SAMPLE


def _records(n: int) -> list[dict]:
    """n small articles, each with comments that reply to each other and name people and organisations."""
    out = []
    for i in range(n):
        out.append({
            "id": f"doc-{i}",
            "title": f"Waiting lists in week {i}",
            "publisher": "The King's Fund" if i % 2 else None,
            "body": f"Matt Hancock, the Health Secretary, said NHS England would cut waiting lists by {i} weeks. "
                    "Hancock spoke to the BMA. Follow us at @NuffieldTrust.",
            "comments": [
                {"id": "1", "author": f"Priya Raman {i % 3}", "byline": "GP\nNHS Fife",
                 "body": "The Trust is slow to cut the waiting list."},
                {"id": "2", "author": "Tomasz Nowak", "byline": "", "body": f"Priya, I agree. See http://x.org/a|{i}"},
            ],
        })  # fmt: skip
    return out


QB_DATASET = "http://purl.org/linked-data/cube#dataSet"


def _quads(path) -> set[ox.Quad]:
    return set(ox.parse(path=str(path)))


def test_one_or_two_processes_and_any_input_order_give_the_same_quads(tmp_path):
    records = _records(LOCAL_BELOW * 2 + 3)  # enough for two workers to run
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    ordered, shuffled = tmp_path / "a" / "corpus.jsonl", tmp_path / "b" / "corpus.jsonl"
    ordered.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    random.Random(7).shuffle(records)
    shuffled.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    one = build([ordered], tmp_path / "one.nq", n_process=1)
    two = build([ordered], tmp_path / "two.nq", n_process=2)
    mixed = build([shuffled], tmp_path / "mixed.nq", n_process=2)
    assert one.documents == two.documents == mixed.documents == len(records)
    assert one.quads == two.quads == mixed.quads
    assert _quads(tmp_path / "one.nq") == _quads(tmp_path / "two.nq") == _quads(tmp_path / "mixed.nq")
    # The corpus step's observations (pairs of organisations named together, topics by organisation type)
    # are among the quads compared.
    datasets = {
        q.object.value.rsplit("/", 1)[1] for q in _quads(tmp_path / "two.nq") if q.predicate.value == QB_DATASET
    }
    assert datasets == {"co-mentioned-organisations", "topics-by-organisation-type"}
    # Each quad is written once: no duplicates for a later pass to remove.
    lines = (tmp_path / "two.nq").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == one.quads


def test_a_trig_file_joined_from_the_workers_blocks_is_the_file_one_writer_makes(tmp_path):
    from graphkit.graph.vocab import PREFIXES

    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _records(LOCAL_BELOW * 2 + 3)), encoding="utf-8")
    one = build([path], tmp_path / "one.trig", n_process=1)
    two = build([path], tmp_path / "two.trig", n_process=2)
    build([path], tmp_path / "all.nq", n_process=1)
    # The same quads in the same order, written as TriG by one serialisation in one process:
    whole = ox.serialize(ox.parse(path=str(tmp_path / "all.nq")), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    assert (tmp_path / "one.trig").read_bytes() == (tmp_path / "two.trig").read_bytes() == whole
    assert one.quads == two.quads == len(list(ox.parse(whole, ox.RdfFormat.TRIG)))


def test_document_results_are_picklable_and_hold_no_library_objects(nlp):
    (result,) = process_documents(read_documents([SAMPLE]), BuildOptions())
    again = pickle.loads(pickle.dumps(result))
    assert again == result
    assert len(list(ox.parse(result.nquads, ox.RdfFormat.N_QUADS))) == result.quads
    assert ("person", "jill-stoddart", "Jill Stoddart") in result.entities
    assert result.comments == 9 and result.words > 1000


@pytest.mark.parametrize("size", [50, 200, 1000])
def test_windows_cover_the_text_exactly_and_stay_bounded(size):
    text = ("A sentence about beds. Another one here!\n\nA new paragraph " * 60) + "x" * (size * 2)
    pieces = list(windows(text, size))
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(len(piece) <= size for _, piece in pieces)


def test_a_long_post_is_parsed_in_windows_with_exact_offsets(tmp_path, nlp):
    body = " ".join(f"Paragraph {i}: Matt Hancock met the BMA in Leeds.\n" for i in range(400))
    record = {"id": "long", "body": body, "comments": []}
    path = tmp_path / "long.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    (result,) = process_documents(read_documents([path]), BuildOptions(window=2_000))
    assert not result.problems
    store = ox.Store()
    store.load(result.nquads, ox.RdfFormat.N_QUADS)
    starts = {
        int(row["start"].value): row["exact"].value
        for row in store.query("""PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?exact ?start WHERE { GRAPH ?g { ?q oa:exact ?exact . ?p oa:start ?start .
              ?t oa:hasSelector ?q, ?p } }""")
    }
    assert len([s for s, e in starts.items() if e == "Matt Hancock"]) >= 300  # found in every window
    assert all(body[s : s + len(e)] == e for s, e in starts.items())


def test_a_post_over_the_size_cap_is_skipped_with_one_line(tmp_path, nlp):
    record = {"id": "huge", "body": "word " * 50, "comments": [{"id": "9", "author": "A B", "body": "y" * 3000}]}
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    (result,) = process_documents(read_documents([path]), BuildOptions(max_post_chars=2_000))
    assert result.quads > 0
    assert (
        len(result.problems) == 1 and "comment '9'" in result.problems[0] and "3,000 characters" in result.problems[0]
    )


def test_a_post_too_long_for_spacy_builds_the_rest_with_one_line(tmp_path, nlp, capsys):
    """A 1,000,011-character comment (past spaCy's max_length, E088) is named once and the rest builds."""
    comments = [{"id": "1", "author": "Ann Lee", "body": "Ann here. " + "x" * 1_000_001}, {"id": "2", "author": "Bo Yu",
                "body": "Thanks Ann, I agree with the King's Fund."}]  # fmt: skip
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"id": "big", "body": "An article.", "comments": comments}), encoding="utf-8")
    report = build([path], tmp_path / "out.trig", n_process=1)
    assert report.documents == 1 and report.comments == 1
    (line,) = [line for line in capsys.readouterr().err.splitlines() if line.startswith("graphkit: ")]
    assert str(path) in line and "comment 1" in line and "1,000,011 characters" in line


BAD_URLS = [
    "http://example.org/report|2019",
    "http://example.org/{x}",
    "http://example.org/a^b",
    "http://example.org/%zz",
    "http://example.org/[1]",
    "http://example.org:80a/x",
    "http://[example.org]/",
    "http://exa mple.org/",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_web_address_that_is_no_iri_is_percent_encoded_at_minting(url):
    node = web_iri(url)
    assert ox.NamedNode(node.value) == node


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text())
def test_no_text_makes_an_invalid_iri(text):
    iris = Iris("https://example.org/graphkit/")
    for node in (web_iri(text), web_iri("http://" + text), iris.post(text, text), iris.entity("person", text)):
        assert ox.NamedNode(node.value) == node


def test_comment_urls_that_are_no_iris_do_not_stop_a_build(tmp_path, nlp):
    comments = [
        {"id": str(i), "author": f"Reader {i}", "body": f"See {url} for more."} for i, url in enumerate(BAD_URLS)
    ]
    path = tmp_path / "urls.json"
    path.write_text(json.dumps({"id": "urls", "body": "An article.", "comments": comments}), encoding="utf-8")
    report = build([path], tmp_path / "out.trig", n_process=1)
    assert report.documents == 1 and not report.errors
    links = {
        q.object.value for q in ox.parse(path=str(tmp_path / "out.trig")) if q.predicate.value.endswith("links_to")
    }
    assert "http://example.org/report%7C2019" in links and len(links) >= 6


def test_a_file_name_with_a_colon_is_its_source(tmp_path, nlp):
    path = tmp_path / "notes:2019.json"
    path.write_text(json.dumps({"id": "n", "body": "Some text about beds."}), encoding="utf-8")
    build([path], tmp_path / "out.trig", n_process=1)
    sources = {
        q.object.value for q in ox.parse(path=str(tmp_path / "out.trig")) if q.predicate.value.endswith("source")
    }
    assert sources == {"notes:2019.json"}


_WORDS = st.sampled_from([
    "NHS", "the Trust", "Dr", "Ann Lee", "@Ann", "#beds", "http://", "www.", ".org", "|", "{", "%zz", "[", "]", "^",
    ":80a", "'s", "The Fund's", "\n\n", "\u0301", "\ufff0", "王小明", "Thanks Ann,",
])  # fmt: skip
_TEXT = st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=25).map(" ".join)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(body=_TEXT, comment=_TEXT, author=st.text(max_size=20), doc_id=st.text(min_size=1, max_size=12))
def test_any_text_in_any_post_builds_a_valid_graph(nlp, body, comment, author, doc_id):
    from graphkit.graph.validate import quote_violations
    from graphkit.model import Comment, Document

    doc = Document(doc_id, body, title=comment[:30], comments=[Comment("1", author or "A", comment, position=1)])
    (result,) = process_documents([doc], BuildOptions())
    assert not result.problems
    store = ox.Store()
    store.load(result.nquads, ox.RdfFormat.N_QUADS)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert quote_violations(store) == []


def test_a_document_that_fails_is_one_line_and_the_rest_builds(tmp_path, nlp, monkeypatch):
    import graphkit.extract

    real = graphkit.extract.extract_document

    def failing(doc, *args, **kwargs):
        if doc.id == "doc-1":
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(graphkit.extract, "extract_document", failing)
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _records(3)), encoding="utf-8")
    errors = []
    report = build([path], tmp_path / "out.trig", n_process=1, on_error=errors.append)
    assert report.documents == 2 and len(errors) == 1
    assert str(errors[0]) == (
        f"{path} (line 2): document 'doc-1' could not be processed (RecursionError: maximum recursion depth exceeded)"
    )
