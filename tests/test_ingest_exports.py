"""WordPress (WXR) and Disqus exports and CSV/TSV of comments, on exports written for the tests."""

from __future__ import annotations

import pytest

from graphkit.errors import InputError
from graphkit.ingest import Note, Skipped, read_documents, reader_for
from graphkit.ingest.disqus import read_disqus
from graphkit.ingest.tables import parse_columns
from graphkit.ingest.wxr import read_wxr
from graphkit.model import Document
from tests.conftest import TEST_DATA

INPUTS = TEST_DATA / "inputs"
WXR = INPUTS / "care-notes-wxr.xml"
DISQUS = INPUTS / "disqus-export.xml"
CSV = INPUTS / "comments.csv"


def _split(items):
    docs = [i for i in items if isinstance(i, Document)]
    skipped: dict[str, int] = {}
    for item in items:
        if isinstance(item, Skipped):
            skipped[item.reason] = skipped.get(item.reason, 0) + item.count
    notes = [i for i in items if isinstance(i, Note)]
    errors = [i for i in items if isinstance(i, InputError)]
    return docs, skipped, notes, errors


def test_xml_is_told_apart_by_its_root_element():
    assert reader_for(WXR) is read_wxr and reader_for(DISQUS) is read_disqus


def test_wxr_posts_with_metadata_categories_and_tags():
    docs, skipped, notes, errors = _split(list(read_documents([WXR])))
    assert errors == []
    first, second = docs
    assert first.title == "Why district nurses are leaving – and what would keep them"  # &#8211; as text
    assert first.author == "Nia Rhys-Evans"  # the display name of the login 'nia'
    assert first.publisher == "Care Notes" and first.published == "2024-03-12 09:00:00"
    assert first.url == "https://carenotes.example/2024/03/district-nurses/"
    assert first.categories == ["Workforce"] and first.tags == ["District nursing", "Powys"]
    assert first.body == (
        "District nursing teams in Powys lost a fifth of their staff in two years’ time.\n\n"
        "Caseloads have doubled » and travel time is not counted."
    )
    assert second.id != first.id and second.comments[0].id == "101"  # comment ids are unique only per post
    assert skipped["attachment item"] == 1 and skipped["draft post"] == 1
    assert any("before the first tag" in str(n) for n in notes)  # the blank line before <?xml


def test_wxr_comments_nested_with_spam_pingback_and_trash_left_out():
    doc = next(d for d in read_documents([WXR]) if isinstance(d, Document))
    assert [(c.id, c.author, c.reply_to) for c in doc.comments] == [
        ("101", "Gareth Pugh", None),
        ("102", "Nia Rhys-Evans", "101"),
        ("103", "Gareth Pugh", "102"),
        ("105", "Ffion Davies", None),  # its parent was spam: attached to the nearest kept ancestor, the article
        ("107", "王小明", None),  # its parent is not in the file: attached to the article
    ]
    first, reply, _, _, _ = doc.comments
    assert first.body == "I left after nine years. The mileage rate hasn’t changed since 2011."  # doubly escaped
    assert first.author_url == "https://garethpugh.example" and first.posted == "2024-03-12 10:15:00"
    assert reply.body == "Thank you, Gareth.\nWas it the mileage or the caseload that decided it?"
    assert "🚗" in doc.comments[2].body
    _, skipped, _, _ = _split(list(read_documents([WXR])))
    reasons = ("spam comment", "pingback or trackback", "trashed comment", "duplicate comment")
    assert {k: skipped[k] for k in reasons} == dict.fromkeys(reasons, 1)
    assert skipped["orphan reply (attached to the article)"] == 1
    assert skipped["reply under a removed comment (attached to its nearest kept one)"] == 1


@pytest.mark.parametrize(
    "namespace",
    ["http://wordpress.org/export/1.0/", "http://wordpress.org/export/1.1/", "https://wordpress.org/export/1.2/"],
)
def test_wxr_versions_crlf_and_repaired_markup(tmp_path, namespace):
    text = WXR.read_text(encoding="utf-8").replace("http://wordpress.org/export/1.2/", namespace)
    # CRLF line ends, an unquoted attribute and a stray '&' that a recovering parse must get past
    text = text.replace('nicename="powys"', "nicename=powys").replace("<title>A second post", "<title>A second & post")
    path = tmp_path / "export.xml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    docs, _, notes, errors = _split(list(read_documents([path])))
    assert errors == [] and len(docs) == 2
    assert [c.author for c in docs[0].comments][:3] == ["Gareth Pugh", "Nia Rhys-Evans", "Gareth Pugh"]
    assert docs[0].comments[1].body == "Thank you, Gareth.\nWas it the mileage or the caseload that decided it?"
    assert docs[0].tags == ["District nursing", "Powys"]
    assert docs[1].title == "A second & post"
    (note,) = notes
    assert "quoted 1 unquoted attribute value" in str(note) and "escaped 1 bare '&'" in str(note)


def test_disqus_threads_posts_deleted_spam_and_merged_urls():
    docs, skipped, _, errors = _split(list(read_documents([DISQUS])))
    assert errors == []
    gp, ambulance = docs  # the thread with no post is skipped and counted
    assert gp.title == "GP opening hours to be extended" and gp.url == "https://healthwire.example/news/gp-hours/"
    # thread 5002 (empty id, the same page under http://www. with a tracking tag) is merged into 5001
    assert [(c.id, c.author, c.reply_to) for c in gp.comments] == [
        ("7001", "Aisha Karim", None),
        ("7002", "Dr Tom Ellery", "7001"),
        ("7004", "guest_991", "7002"),  # its parent was deleted: it hangs from the deleted post's parent
    ]
    assert gp.comments[1].body == "Who will staff them?\n\nOur practice already can't fill sessions."
    assert gp.comments[0].posted == "2022-06-01T08:12:00Z"
    assert ambulance.title == "Ambulance waits & handovers"
    assert [(c.author, c.body) for c in ambulance.comments] == [
        ("Bethan Morris", "Handover delays at our A&E were four hours on Monday.")
    ]
    assert skipped["deleted post"] == 1 and skipped["spam post"] == 1 and skipped["thread with no post"] == 1


def test_csv_rows_grouped_by_article_with_quoted_newlines_and_bylines():
    docs, _, _, errors = _split(list(read_documents([CSV])))
    assert errors == []
    beds, pharmacy = docs
    assert (beds.title, beds.url) == ("Mental health beds", "https://mh.example/beds")
    assert [(c.id, c.author, c.reply_to) for c in beds.comments] == [
        ("c1", "Priya Raman", None),
        ("c2", "Tomasz Nowak", "c1"),
        ("c3", "Priya Raman", "c2"),
    ]  # fmt: skip  (c3 comes after another article's row: rows are grouped, not only consecutive)
    assert beds.comments[0].body == "Out-of-area placements are up.\n\nWe sent 40 people away last month."
    assert beds.comments[0].byline == "Consultant Psychiatrist\nLeeds and York Partnership"
    assert beds.comments[1].body == 'Do you mean "away" as in out of the county?'
    assert beds.comments[0].posted == "2023-01-04"
    assert [(c.id, c.author) for c in pharmacy.comments] == [("c1", "Gwen Pritchard")]


def test_tsv_and_columns_named_on_the_command_line(tmp_path):
    (doc,) = [d for d in read_documents([INPUTS / "export.tsv"]) if isinstance(d, Document)]
    assert doc.title == "Ward closures" and [c.author for c in doc.comments] == ["Huw Jenkins", "Lowri Bell"]
    path = tmp_path / "cms.csv"
    path.write_text("Thread;Poster;Said;Ref\nA&E;Ann Lee;Long waits.;9\nA&E;Bo Chan;Agreed.;10\n", encoding="utf-8")
    columns = parse_columns("article_title=Thread, author=Poster, body=Said, id=Ref")
    (doc,) = [d for d in read_documents([path], columns=columns) if isinstance(d, Document)]
    assert [(c.id, c.author, c.body) for c in doc.comments] == [
        ("9", "Ann Lee", "Long waits."),
        ("10", "Bo Chan", "Agreed."),
    ]
    with pytest.raises(ValueError, match="unknown field"):
        parse_columns("writer=Name")


def test_csv_without_a_text_column_is_one_error(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("x,y\n1,2\n", encoding="utf-8")
    (error,) = read_documents([path])
    assert isinstance(error, InputError) and "no comment text column" in str(error) and "--columns" in str(error)


def test_a_folder_s_tables_without_comment_text_are_other_files_not_errors(tmp_path):
    # data/ holds gazetteer and lexicon CSVs beside the articles: walking it must not report them.
    (tmp_path / "gazetteers").mkdir()
    (tmp_path / "gazetteers" / "places.csv").write_text("name,kind\nLeeds,city\n", encoding="utf-8")
    (tmp_path / "comments.csv").write_text("author,comment\nJane Doe,Beds are short.\n", encoding="utf-8")
    items = list(read_documents([tmp_path]))
    assert [type(item) for item in items] == [Document]
    assert items[0].comments[0].author == "Jane Doe"


def test_xml_that_is_no_export_is_one_error(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<?xml version='1.0'?><feed><entry>x</entry></feed>", encoding="utf-8")
    (error,) = read_documents([path])
    assert isinstance(error, InputError) and "neither a WordPress export" in str(error)


def test_build_on_one_file_of_each_format_gives_one_graph_with_every_document(tmp_path, nlp):
    import shutil

    from graphkit.graph.io import load_store
    from graphkit.pipeline import build
    from graphkit.query import rows, run

    folder = tmp_path / "in"
    folder.mkdir()
    for path in [WXR, DISQUS, CSV, INPUTS / "export.tsv", TEST_DATA / "winter-pressures.txt",
                 TEST_DATA / "forum-thread.json", TEST_DATA / "two-articles.jsonl",
                 TEST_DATA / "wp-community-pharmacy.html", INPUTS / "layout-levels.html"]:  # fmt: skip
        shutil.copy(path, folder)
    (folder / "layout-levels.html").rename(folder / "levels.xhtml")
    report = build([folder], tmp_path / "g.trig")
    assert report.errors == []
    assert report.documents == 2 + 2 + 2 + 1 + 1 + 1 + 2 + 1 + 1
    assert report.skipped["spam comment"] == 1 and report.skipped["deleted post"] == 1
    assert report.skipped["pingback or trackback"] == 1
    found = rows(run(load_store(tmp_path / "g.trig"), "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"))
    assert int(found[0]["n"]) >= report.documents


def test_windows_1252_csv_and_json_lines_are_read_as_streams_with_a_note(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("author;comment\r\nRenée Dubois;Très bien – merci\r\n".encode("cp1252"))
    note, doc = read_documents([path])
    assert isinstance(note, Note) and "not UTF-8" in str(note)
    assert (doc.comments[0].author, doc.comments[0].body) == ("Renée Dubois", "Très bien – merci")
    lines = tmp_path / "old.jsonl"
    lines.write_bytes('{"body": "Café santé résumé"}\n{"body": "Deux"}\n'.encode("cp1252"))
    note, first, second = read_documents([lines])
    assert isinstance(note, Note) and first.body == "Café santé résumé" and second.locator == "line 2"


def test_cli_columns_option_and_the_summary_counts_by_reason(tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(WXR, folder / "site.html")  # named .html, but its content says WordPress export
    (folder / "cms.csv").write_text("Thread,Poster,Said\nA&E,Ann Lee,Long waits at the front door.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "graphkit", "build", str(folder), "-o", str(tmp_path / "g.trig"), "--views", "",
         "--columns", "article_title=Thread,author=Poster,body=Said"],
        capture_output=True, text=True, timeout=300, env=dict(os.environ, PYTHONPATH=os.getcwd()),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"built {tmp_path / 'g.trig'}: 3 documents, ")
    assert "readers skipped:" in summary and "1 spam comment" in summary and "1 pingback or trackback" in summary
    bad = subprocess.run(
        [sys.executable, "-m", "graphkit", "build", str(folder), "--columns", "writer=Name"],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=os.getcwd()),
    )  # fmt: skip
    assert bad.returncode == 2 and "unknown field 'writer'" in bad.stderr


def test_wordpress_categories_and_tags_become_topics_of_the_post(tmp_path, nlp):
    from graphkit.graph.io import load_store
    from graphkit.pipeline import build
    from graphkit.query import queries_dir, rows, run

    build([WXR], tmp_path / "g.trig")
    found = rows(run(load_store(tmp_path / "g.trig"), (queries_dir() / "topics.rq").read_text(encoding="utf-8")))
    labels = {r["label"].casefold() for r in found}
    assert "workforce" in labels  # the category: the word is nowhere in the post's text
    assert "powys" not in labels  # a tag that names a place stays a place, not a topic


def test_wxr_post_without_an_id_or_a_slug_gets_its_position(tmp_path):
    text = WXR.read_text(encoding="utf-8")
    text = text.replace("<wp:post_id>57</wp:post_id>", "").replace("<wp:post_name>second</wp:post_name>", "")
    path = tmp_path / "noid.xml"
    path.write_text(text, encoding="utf-8")
    docs = [d for d in read_documents([path]) if isinstance(d, Document)]
    assert [d.id for d in docs] == ["noid-district-nurses", "noid-2"]
    assert docs[1].locator == "item 2" and docs[1].comments[0].author == "Owain Lloyd"
