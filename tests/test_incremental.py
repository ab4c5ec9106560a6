"""Incremental builds into a store: unchanged documents are skipped, the store always equals a fresh build."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from graphkit import pipeline
from graphkit.extract import nlp as nlp_module
from graphkit.graph.ledger import Ledger
from graphkit.ingest import read_documents
from graphkit.pipeline import build
from tests.conftest import TEST_DATA

DEFAULT = ox.DefaultGraph()


def corpus_records(n: int, *, edition: str = "", chars: int = 700) -> list[dict]:
    """n small documents made from the test inputs, each under its own id."""
    templates = [
        d for d in read_documents([*sorted(TEST_DATA.glob("[!bh]*.txt")), TEST_DATA / "two-articles.jsonl"])
        if not isinstance(d, Exception)
    ]  # fmt: skip
    records = []
    for i in range(n):
        doc = templates[i % len(templates)]
        records.append({
            "id": f"doc-{i}",
            "title": doc.title,
            "publisher": doc.publisher,
            "body": doc.body[:chars] + edition,
            "comments": [{"id": c.id, "author": c.author, "byline": c.byline, "body": c.body[: chars // 2]}
                         for c in doc.comments[: 1 + chars // 200]],
        })  # fmt: skip
    return records


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def dump(directory) -> set[tuple]:
    store = ox.Store.read_only(str(directory))
    quads = {(q.subject, q.predicate, q.object, q.graph_name) for q in store}
    del store
    return quads


def observed(directory) -> dict[str, int]:
    """The summary observations (qb:Observation) of the store, counted by data set."""
    store = ox.Store.read_only(str(directory))
    found: dict[str, int] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode("http://purl.org/linked-data/cube#dataSet"), None, DEFAULT):
        name = q.object.value.rsplit("/", 1)[1]
        found[name] = found.get(name, 0) + 1
    del store
    return found


def check_whole(directory) -> None:
    """The default graph is exactly the set-merge of the named graphs."""
    store = ox.Store.read_only(str(directory))
    named = {(q.subject, q.predicate, q.object) for q in store if q.graph_name != DEFAULT}
    default = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, DEFAULT)}
    del store
    assert default == named, f"{len(default - named)} stale and {len(named - default)} missing default triples"


def test_unchanged_rebuild_skips_every_document_without_loading_spacy(tmp_path, nlp, monkeypatch):
    write_jsonl(tmp_path / "a.jsonl", corpus_records(4))
    build([tmp_path / "a.jsonl"], store=tmp_path / "kg")
    before = dump(tmp_path / "kg")

    def no_spacy(*args, **kwargs):
        raise AssertionError("spaCy was loaded for an unchanged corpus")

    monkeypatch.setattr(nlp_module, "load_pipeline", no_spacy)
    monkeypatch.setattr(pipeline, "process_documents", no_spacy)
    report = build([tmp_path / "a.jsonl"], store=tmp_path / "kg")
    assert (report.store.unchanged, report.store.written) == (4, 0)
    assert dump(tmp_path / "kg") == before


def test_store_after_changes_and_prune_equals_a_fresh_build(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    records = corpus_records(6)
    write_jsonl(folder / "a.jsonl", records[:3])
    write_jsonl(folder / "b.jsonl", records[3:5])
    write_jsonl(folder / "c.jsonl", records[5:])
    store = tmp_path / "kg"
    build([folder], store=store)

    # Change one document, drop one from a file, add one, delete a whole file.
    changed = dict(records[0], body=records[0]["body"] + " Jane Doe of the Royal College of Nursing agreed.")
    write_jsonl(folder / "a.jsonl", [changed, records[1]])
    write_jsonl(folder / "b.jsonl", records[3:5] + corpus_records(7, edition=" New.")[6:])
    (folder / "c.jsonl").unlink()
    report = build([folder], store=store, prune=True)
    assert report.store.written == 2 and report.store.pruned == 2

    build([folder], store=tmp_path / "fresh")
    assert dump(store) == dump(tmp_path / "fresh")
    check_whole(store)
    # The equality covers the corpus step's observations (graph/summary.py), recomputed after the changes:
    # pairs of organisations named together, and topics by organisation type.
    assert observed(store) == observed(tmp_path / "fresh")
    assert set(observed(store)) == {"co-mentioned-organisations", "topics-by-organisation-type"}
    graphs = {e.doc_id for e in Ledger(store).entries().values()}
    assert graphs == {"doc-0", "doc-1", "doc-3", "doc-4", "doc-6"}


def test_without_prune_a_removed_document_stays(tmp_path, nlp):
    records = corpus_records(2)
    write_jsonl(tmp_path / "a.jsonl", records)
    build([tmp_path / "a.jsonl"], store=tmp_path / "kg")
    write_jsonl(tmp_path / "a.jsonl", records[:1])
    report = build([tmp_path / "a.jsonl"], store=tmp_path / "kg")
    assert report.store.pruned == 0
    assert {e.doc_id for e in Ledger(tmp_path / "kg").entries().values()} == {"doc-0", "doc-1"}


@pytest.mark.parametrize("change", ["base"])
def test_a_changed_setting_rebuilds_every_document(tmp_path, nlp, change):
    write_jsonl(tmp_path / "a.jsonl", corpus_records(2))
    build([tmp_path / "a.jsonl"], store=tmp_path / "kg")
    report = build([tmp_path / "a.jsonl"], store=tmp_path / "kg", base="https://example.org/graphkit/")
    assert report.store.written == 0
    report = build([tmp_path / "a.jsonl"], store=tmp_path / "kg", base="urn:kg:")
    assert report.store.written == 2


def test_a_document_key_changes_with_any_field_of_the_document_or_its_comments():
    from dataclasses import replace

    from graphkit.incremental import document_key
    from graphkit.model import Comment, Document

    comment = Comment(id="c1", author="Ann Lee", body="Agreed.")
    doc = Document(id="d", body="Text.", title="T", comments=[comment], source="a.jsonl", locator="line 1")
    key = document_key(doc, "settings")
    assert document_key(replace(doc, comments=[replace(comment)]), "settings") == key
    variants = [
        replace(doc, body="Text!"),
        replace(doc, title=None),
        replace(doc, tags=["nhs"]),
        replace(doc, locator="line 2"),
        replace(doc, comments=[replace(comment, reply_to="c0")]),
        replace(doc, comments=[replace(comment, position=1)]),
        replace(doc, comments=[replace(comment, body="Agreed.\ud800")]),  # a lone surrogate still hashes
    ]
    keys = {document_key(v, "settings") for v in variants}
    assert len(keys) == len(variants) and key not in keys
    assert document_key(doc, "other settings") != key


def test_an_unchanged_rebuild_counts_the_same_people_organisations_and_topics(tmp_path, nlp):
    from graphkit.progress import Tally

    write_jsonl(tmp_path / "a.jsonl", corpus_records(4))
    first, again = Tally(), Tally()
    build([tmp_path / "a.jsonl"], store=tmp_path / "kg", on_result=first.add)
    report = build([tmp_path / "a.jsonl"], store=tmp_path / "kg", on_result=again.add)
    assert report.store.unchanged == 4
    assert first.topics and first.people
    counts = [(t.documents, t.comments, t.words, t.people, t.organisations, t.topics) for t in (first, again)]
    assert counts[0] == counts[1]
