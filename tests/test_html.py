"""HTML: a saved article page with its comments."""

from __future__ import annotations

import pytest

from graphkit.errors import InputError
from graphkit.graph.io import load_store
from graphkit.ingest import READERS, read_documents
from graphkit.ingest.html import read_html
from graphkit.pipeline import build
from graphkit.query import queries_dir, rows, run
from tests.conftest import TEST_DATA

WORDPRESS = TEST_DATA / "wp-community-pharmacy.html"
DRUPAL = TEST_DATA / "drupal-district-nursing.html"
EMPTY_PAGE = """<!DOCTYPE html><html><head><title>Nothing here</title><script>var x = "<p>no</p>";</script></head>
<body><nav><ul><li>Home</li></ul></nav><article><header><h1>A headline only</h1></header></article>
<div id="comments"><p>No comments yet.</p></div><footer><p>Footer text</p></footer></body></html>"""


def test_html_and_htm_are_read_as_html():
    assert READERS[".html"] is read_html and READERS[".htm"] is read_html


def test_wordpress_page_metadata_comes_from_the_meta_tags():
    (doc,) = read_html(WORDPRESS)
    assert doc.id == "wp-community-pharmacy"
    assert doc.title == "Why community pharmacies are closing on the high street"  # og:title before the <h1>
    assert doc.author == "Maeve Kerrigan"  # the byline's author element, not the screen-reader 'Author'
    assert doc.publisher == "Care Ledger"
    assert doc.published == "2023-05-17T08:30:00+00:00"
    assert doc.url == "https://careledger.example/2023/05/pharmacies-closing/"
    assert doc.source == str(WORDPRESS)


def test_wordpress_body_is_the_article_text_without_page_furniture():
    (doc,) = read_html(WORDPRESS)
    assert doc.body.startswith(
        "Community pharmacies in England are closing at a rate of around ten a week, according to figures "
        "published this spring.\n\nWhat is driving the closures?\n\n"
        "Owners point to the flat funding contract & rising wage bills. Dispensing fees have not kept pace."
    )
    assert "\n\nStaff shortages in rural areas\n\nCompetition from online dispensers\n\n" in doc.body
    assert "“We are running to stand still,” one owner told us." in doc.body
    assert doc.body.endswith("The Department of Health and Social Care says a new pharmacy plan will help.")
    furniture = ["Share this", "Closures by region", "Related articles", "Skip to content", "News", "Posted in",
                 "17 May 2023", "dataLayer", "thoughts on", "Olusegun", "Leave a Reply", "2023 Care"]  # fmt: skip
    assert [f for f in furniture if f in doc.body] == []


def test_wordpress_comments_with_a_nested_reply():
    (doc,) = read_html(WORDPRESS)
    assert [(c.id, c.author, c.reply_to) for c in doc.comments] == [
        ("810201", "Olusegun Adeyemi", None),
        ("810207", "Maeve Kerrigan", "810201"),  # in ul.children under the first comment
        ("810215", "Freya Lindqvist", None),  # a <cite class="fn">
    ]
    first, reply, third = doc.comments
    assert first.body == (
        "Our local branch in Halesowen shut in March.\n\n"
        "The nearest one is now a bus ride away – hard for older patients.\nNobody consulted us."
    )  # 'Reply' at the end of the comment is furniture; <br> is a line break
    assert reply.body == "Thank you – we would like to hear more about Halesowen."
    assert third.body == "Online dispensing is not the villain here; the contract is."
    assert [c.byline for c in doc.comments] == ["", "", ""]
    assert [c.posted for c in doc.comments] == ["2023-05-17T10:02:11+00:00", "2023-05-17T11:40:00+00:00", None]
    assert [c.position for c in doc.comments] == [1, 2, 3]


def test_drupal_page_metadata_from_meta_author_the_h1_and_the_first_time():
    (doc,) = read_html(DRUPAL)
    assert doc.id == "drupal-district-nursing"
    assert doc.title == "District nursing after the pandemic"  # no og:title: the <h1>
    assert doc.author == "Idris Pemberton"
    assert doc.publisher == "Northfield Health Forum"
    assert doc.published == "2021-11-02T09:00:00Z"
    assert (
        doc.url == "https://forum.northfield.example/blog/district-nursing-after-the-pandemic"
    )  # not the relative one


def test_drupal_body_leaves_out_the_menus_named_by_class_and_id():
    (doc,) = read_html(DRUPAL)
    assert doc.body.startswith("District nurses carried much of the load during the pandemic")
    assert doc.body.endswith("Teams want protected time for training and fewer handoffs between services.")
    assert "\n\nWhat teams are asking for\n\n" in doc.body
    for furniture in ("Home", "Blog", "Add new comment", "registered charity", "Comments", "Handoffs"):
        assert furniture not in doc.body


def test_drupal_comments_with_bylines_an_indented_reply_and_an_empty_comment_skipped():
    (doc,) = read_html(DRUPAL)
    assert [(c.id, c.author, c.reply_to) for c in doc.comments] == [
        ("90311", "Bronwen Ellis-Tate", None),
        ("90318", "Kwame Osei-Bonsu", "90311"),  # in div.indented right after 90311
        ("90330", "Anil Varma", None),  # 90325 has no text and is skipped
    ]
    assert [c.byline for c in doc.comments] == [
        "Community Matron\nValley Community Health Trust",  # the field label 'Job title:' is not a byline
        "GP partner",
        "Northfield Carers Network",
    ]
    assert [c.body for c in doc.comments] == [
        "Handoffs are the real problem. We lose hours every week chasing discharge letters.",  # 'Report' dropped
        "Agreed – the letters arrive days late.\nShared records would help.",
        "Carers notice the gaps first. Please ask us.",
    ]
    assert doc.comments[0].posted == "3 November 2021"


def test_pages_build_into_a_graph_and_a_page_without_text_is_one_error(tmp_path, nlp):
    empty = tmp_path / "empty-page.html"
    empty.write_text(EMPTY_PAGE, encoding="utf-8")
    out = tmp_path / "graph.trig"
    errors: list[InputError] = []
    report = build([WORDPRESS, DRUPAL, empty], out, on_error=errors.append)
    assert (report.documents, report.comments) == (2, 6)
    assert [str(e) for e in errors] == [f"{empty}: has no article text and no comments "
                                        "(p, li, blockquote or h2-h6 text, or a comment)"]  # fmt: skip
    found = rows(run(load_store(out), (queries_dir() / "comments.rq").read_text(encoding="utf-8")))
    answers = {r["id"]: (r["author"], r.get("replyToAuthor")) for r in found}
    assert answers["810207"] == ("Maeve Kerrigan", "Olusegun Adeyemi")
    assert answers["90318"] == ("Kwame Osei-Bonsu", "Bronwen Ellis-Tate")


def test_page_without_text_or_comments_is_one_error_line(tmp_path):
    path = tmp_path / "empty-page.htm"
    path.write_text(EMPTY_PAGE, encoding="utf-8")
    (item,) = read_documents([path])
    assert isinstance(item, InputError)
    assert str(item).startswith(f"{path}: has no article text and no comments") and "\n" not in str(item)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ],
)
def test_unreadable_html_file_is_one_error_naming_the_file(tmp_path, data, reason):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    (item,) = read_documents([path])
    assert isinstance(item, InputError)
    assert str(item).startswith(str(path)) and reason in str(item) and "\n" not in str(item)


def test_markup_in_a_commenter_name_is_plain_text(tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(
        "<html><body><article><p>An article about waiting lists.</p></article><ol>"
        '<li class="comment" id="comment-31"><span class="fn">Eve <img src=x onerror="alert(1)">Marsh</span>'
        '<div class="comment-content"><p>Hello <script>alert(2)</script>there.</p></div></li>'
        '<li class="comment" id="comment-32"><span class="fn">&lt;img src=x onerror=alert(1)&gt;</span>'
        '<div class="comment-content"><p>Second &lt;b&gt;comment&lt;/b&gt;.</p></div></li>'
        "</ol></body></html>",
        encoding="utf-8",
    )
    (doc,) = read_html(path)
    first, second = doc.comments
    assert (first.author, first.body) == ("Eve Marsh", "Hello there.")  # the element is dropped, its text kept
    assert (second.author, second.body) == (
        "<img src=x onerror=alert(1)>",
        "Second <b>comment</b>.",
    )  # text, as written


def test_page_title_byline_author_and_comment_anchors(tmp_path):
    path = tmp_path / "Blog Post.htm"
    path.write_text(
        "<html><head><title>Dental deserts | Mouth Matters</title>"
        '<meta property="og:site_name" content="Mouth Matters"></head><body>'
        '<div class="post"><p class="byline">By Carys Lloyd, Policy Officer, Smile Alliance</p>'
        "<p>Whole towns have no NHS dentist taking new patients.<p>Some people travel 50 miles.</div>"
        '<section class="comments"><a id="comment-7001"></a><div class="comment"><cite>Rhodri Bevan</cite>'
        "<p>Same here in Powys.</p></div><a id=\"comment-7002\"></a><div class='comment'>"
        "<p>No name given.</p></div></section></body></html>",
        encoding="utf-8",
    )
    (doc,) = read_documents([path])
    assert doc.id == "blog-post"
    assert doc.title == "Dental deserts"  # the <title> without the site's name
    assert (doc.author, doc.author_byline) == ("Carys Lloyd", "Policy Officer, Smile Alliance")
    assert doc.body == (
        "By Carys Lloyd, Policy Officer, Smile Alliance\n\n"
        "Whole towns have no NHS dentist taking new patients.\n\nSome people travel 50 miles."
    )
    assert [(c.id, c.author, c.body) for c in doc.comments] == [
        ("7001", "Rhodri Bevan", "Same here in Powys."),
        ("7002", "Anonymous", "No name given."),
    ]
