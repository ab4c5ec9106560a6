"""HTML comment layouts, each on a page written for the tests: authors, ids, parents, dates and bodies."""

from __future__ import annotations

from graphkit.ingest import Note, Skipped, read_documents
from graphkit.model import Document
from tests.conftest import TEST_DATA

INPUTS = TEST_DATA / "inputs"


def _read(name: str):
    items = list(read_documents([INPUTS / name]))
    (doc,) = [i for i in items if isinstance(i, Document)]
    notes = [str(i) for i in items if isinstance(i, (Note, Skipped))]
    return doc, notes


def _rows(doc):
    return [(c.id, c.author, c.reply_to) for c in doc.comments]


def test_definition_list_comments_keep_their_authors_and_dates():
    doc, _ = _read("layout-dtdd.html")
    assert _rows(doc) == [("11", "Helen Achebe", None), ("12", "Marcus Webb", None), ("13", "Siân Parry", None)]
    assert [c.posted for c in doc.comments] == ["3 May 2023", "4 May 2023", "5 May 2023 at 9:40 am"]
    assert (
        doc.comments[1].body
        == "Who measures the fewer appointments? The practices themselves?\n\nAn independent look would help."
    )
    assert doc.published is None  # a comment's date is not the article's


def test_cite_authors_pingbacks_widgets_and_subscription_boxes():
    doc, notes = _read("layout-cite.html")
    assert _rows(doc) == [("21", "Ravi Shah", None), ("24", "Dr. Jo Ellis", None)]  # not 'Anonymous'
    assert doc.comments[0].posted == "4 June 2022 @ 9:14 am"
    assert doc.comments[0].body == "Nine hours in the back of an ambulance is not a handover, it is a ward."
    assert any("skipped 2 pingback or trackback" in n for n in notes)
    assert "Widget Person" not in [c.author for c in doc.comments]  # a 'recent comments' widget in <aside>
    assert not any("email when someone replies" in c.body for c in doc.comments)  # 'subscribe--comment'
    assert doc.author is None  # no commenter is taken for the article's author


def test_widget_text_is_stripped_and_dates_come_from_permalinks_and_date_elements():
    doc, _ = _read("layout-widgets.html")
    assert _rows(doc) == [("31", "Kirsty Armstrong", None), ("32", "Tom Little", "31")]
    first, reply = doc.comments
    assert (
        first.body == "We drove to Carlisle twice for a filling."
    )  # no 'Like', 'Liked by 21 people', 'Reply', 'Report'
    assert first.posted == "12 March 2024 at 10:02 am"  # the permalink's text
    assert reply.posted == "13 March 2024" and reply.body == "Same in Workington. Our practice went private in January."


def test_expandable_comment_is_read_whole():
    doc, _ = _read("layout-expandable.html")
    assert _rows(doc) == [("41", "Alison Grey", None), ("42", "Peter Hume", None)]
    assert doc.comments[0].body == (
        "My mother spent her last week in a hospice that is now closing six beds.\n\n"
        "The staff were extraordinary. They deserve better than a bake sale."
    )
    assert doc.published is None  # '2015' in a comment is not the article's date


def test_level_marked_flat_thread_is_nested():
    doc, _ = _read("layout-levels.html")
    assert _rows(doc) == [
        ("51", "Nurse Amaka", None),
        ("52", "Gavin Reid", "51"),
        ("53", "Nurse Amaka", "52"),
        ("54", "Leah Stone", "51"),
        ("55", "Owen Price", None),
    ]


def test_comment_blocks_named_in_german_and_a_declared_windows_1252_charset():
    doc, notes = _read("layout-german.html")
    assert _rows(doc) == [("501", "Klaus Meier", None), ("502", "Jürgen Groß", None)]
    assert [c.posted for c in doc.comments] == ["12.03.2024", "13.03.2024"]
    assert doc.comments[1].body == "Die Bezahlung ist nicht das einzige Problem. Es sind die Dienstpläne."
    assert "Pflegekräfte" in doc.body
    assert any("windows-1252" in n for n in notes)


def test_json_ld_metadata_and_comment_items_are_used_first_and_a_count_mismatch_is_one_line():
    doc, notes = _read("layout-jsonld.html")
    assert (doc.author, doc.publisher, doc.published) == ("Morag Kerr", "Later Life Review", "2024-02-01T08:00:00Z")
    assert _rows(doc) == [("61", "Iain Ross", None), ("62", "Morag Kerr", "61"), ("63", "Fiona Baird", None)]
    assert doc.comments[0].author_url == "https://iain.example"
    assert doc.comments[1].body == "That gap is the subject of the next piece."
    assert doc.comment_count == 4
    assert any("declares 4 comment(s), 3 read" in n for n in notes)


def test_page_with_no_comments_says_so(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text(
        "<html><body><article><h1>Beds</h1><p>" + "The trust has closed forty beds this winter. " * 4
        + "</p></article></body></html>",
        encoding="utf-8",
    )  # fmt: skip
    note, doc = read_documents([path])
    assert isinstance(note, Note) and str(note) == f"{path}: no comments found on the page"
    assert doc.body.startswith("The trust has closed forty beds")


def test_tables_and_code_in_an_article_are_kept(tmp_path):
    path = tmp_path / "table.html"
    path.write_text(
        "<html><body><article><h1>Waits</h1><p>Waiting times at the three hospitals rose again in the spring, "
        "the figures published by the board this week show clearly.</p><table><tr><th>Hospital</th><th>Weeks</th></tr>"
        "<tr><td>Ysbyty Gwynedd</td><td>31</td></tr></table><pre>median = 18.5</pre></article></body></html>",
        encoding="utf-8",
    )
    doc = next(i for i in read_documents([path]) if isinstance(i, Document))
    assert "Ysbyty Gwynedd | 31" in doc.body and "median = 18.5" in doc.body


def test_custom_comment_elements_with_author_and_depth_attributes():
    doc, _ = _read("layout-custom-elements.html")
    assert _rows(doc) == [
        ("1001", "night_nurse_84", None),
        ("1002", "ward_manager_k", "1001"),
        ("1003", "student_sam", None),
    ]
    assert doc.comments[1].body == "Because the cap is ignored when the ward is unsafe."
    assert doc.published == "2024-05-02T18:00:00Z"  # the meta tag first, then JSON-LD
    assert doc.author == "throwaway_rn"  # from JSON-LD


def test_share_related_and_like_furniture_is_not_article_text():
    doc, notes = _read("layout-furniture.html")
    assert doc.body == (
        "The trust opened forty escalation beds in December and closed them again in March, after the staff who ran "
        "them went back to their own wards.\n\nManagers say the beds cost twice what a permanent ward would, because "
        "every shift was filled by agency nurses."
    )
    assert any("no comments found" in n for n in notes)
