"""Property tests over every reader: whatever the bytes, only Documents and one-line InputErrors come out.

Fixed seed (`derandomize=True`) and a bounded example budget, so CI is stable and quick.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.errors import InputError
from graphkit.ingest import READERS, Note, Skipped, read_documents
from graphkit.model import Document

SETTINGS = settings(
    derandomize=True, max_examples=50, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip


def _read(data: bytes | str, suffix: str) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
        items = list(read_documents([path]))
    for item in items:
        assert isinstance(item, (Document, InputError, Skipped, Note)), item
        if isinstance(item, (InputError, Note, Skipped)):
            assert "\n" not in str(item) and "\x1b" not in str(item)
        if isinstance(item, Document):
            assert all(isinstance(c.body, str) and c.body for c in item.comments)
    return items


@SETTINGS
@given(st.binary(max_size=2048), st.sampled_from(sorted(READERS)))
def test_arbitrary_bytes_in_every_reader(data, suffix):
    _read(data, suffix)


_SCALAR = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
_JSON = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_KEYS = st.sampled_from(["id", "url", "title", "author", "publisher", "published", "body", "comments", "byline",
                         "role", "organisation", "posted", "reply_to"])  # fmt: skip
_ARTICLE = st.dictionaries(_KEYS, _JSON | st.lists(st.dictionaries(_KEYS, _JSON, max_size=6), max_size=3), max_size=8)


@SETTINGS
@given(st.one_of(_JSON, _ARTICLE, st.lists(_ARTICLE, max_size=3)))
def test_arbitrary_json_shapes(value):
    text = json.dumps(value)
    _read(text, ".json")
    _read(text + "\n" + json.dumps(value), ".jsonl")


_TAGS = st.sampled_from(
    [
        "div",
        "p",
        "span",
        "article",
        "section",
        "aside",
        "li",
        "ol",
        "ul",
        "dl",
        "dt",
        "dd",
        "cite",
        "time",
        "a",
        "b",
        "blockquote",
        "table",
        "tr",
        "td",
        "pre",
        "h1",
        "h2",
        "script",
        "main",
    ]
)
_CLASSES = st.sampled_from(
    [
        "",
        "comment",
        "comments",
        "comment-author",
        "comment-content",
        "fn",
        "children",
        "pingback",
        "level-2",
        "depth-3",
        "widget",
        "comment--reply",
        "subscribe--comment",
        "leserbrief",
        "datum",
        "comment-likes",
        "expandable",
        "byline",
        "date",
        "sr-only",
    ]
)
_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)


@st.composite
def _html(draw, depth=0):
    if depth > 4 or draw(st.booleans()):
        return draw(_TEXT).replace("<", "&lt;")
    tag = draw(_TAGS)
    attrs = f' class="{draw(_CLASSES)}"'
    if draw(st.booleans()):
        attrs += f' id="comment-{draw(st.integers(0, 30))}"'
    if draw(st.booleans()):
        attrs += f' datetime="{draw(_TEXT).replace(chr(34), "")}"'
    children = "".join(draw(st.lists(_html(depth + 1), max_size=4)))
    close = f"</{tag}>" if draw(st.integers(0, 9)) else ""  # sometimes left open
    return f"<{tag}{attrs}>{children}{close}"


@SETTINGS
@given(st.lists(_html(), min_size=1, max_size=5), st.booleans())
def test_arbitrary_html_trees(parts, jsonld):
    head = ""
    if jsonld:
        head = ('<script type="application/ld+json">{"@type": "Article", "commentCount": "x", "comment": '
                '[{"@type": "Comment", "text": 5, "author": [1, {"name": null}]}]}</script>')  # fmt: skip
    _read(f"<html><head>{head}</head><body>{''.join(parts)}</body></html>", ".html")


_WP_FIELDS = st.sampled_from(
    [
        "comment_id",
        "comment_parent",
        "comment_author",
        "comment_content",
        "comment_approved",
        "comment_type",
        "comment_date",
        "post_id",
        "post_name",
        "status",
        "post_type",
    ]
)


@st.composite
def _wxr(draw):
    def field(name: str) -> str:
        return f"<wp:{name}><![CDATA[{draw(_TEXT).replace(']]>', '')}]]></wp:{name}>"

    items = []
    for _ in range(draw(st.integers(0, 3))):
        comments = "".join(
            "<wp:comment>" + "".join(field(draw(_WP_FIELDS)) for _ in range(draw(st.integers(0, 6)))) + "</wp:comment>"
            for _ in range(draw(st.integers(0, 4)))
        )
        fields = "".join(field(draw(_WP_FIELDS)) for _ in range(draw(st.integers(0, 4))))
        items.append(f"<item><title>{draw(_TEXT).replace('<', '')}</title>{fields}{comments}</item>")
    junk = draw(st.sampled_from(["", "\n", " \r\n", "\ufeff"]))
    return (f'{junk}<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.{draw(st.integers(0, 2))}/">'
            f"<channel>{''.join(items)}</channel></rss>")  # fmt: skip


@st.composite
def _disqus(draw):
    parts = []
    for n in range(draw(st.integers(0, 4))):
        link = draw(st.sampled_from(["", "https://x.example/a", "http://www.x.example/a/", draw(_TEXT)]))
        parts.append(
            f'<thread dsq:id="{n}"><id>{draw(_TEXT).replace("<", "")}</id><link>{link.replace("<", "")}</link></thread>'
        )
    for n in range(draw(st.integers(0, 6))):
        parent = f'<parent dsq:id="{draw(st.integers(0, 8))}"/>' if draw(st.booleans()) else ""
        flags = f"<isDeleted>{draw(st.sampled_from(['true', 'false', '']))}</isDeleted>"
        parts.append(f'<post dsq:id="{n}"><message><![CDATA[{draw(_TEXT).replace("]]>", "")}]]></message>{flags}'
                     f'<author><name>{draw(_TEXT).replace("<", "")}</name></author>'
                     f'<thread dsq:id="{draw(st.integers(0, 5))}"/>{parent}</post>')  # fmt: skip
    return f'<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">{"".join(parts)}</disqus>'


@SETTINGS
@given(st.one_of(_wxr(), _disqus()), st.integers(0, 200))
def test_arbitrary_exports(text, cut):
    _read(text, ".xml")
    _read(text[: len(text) * cut // 200], ".xml")  # cut short anywhere


_HEADERS = st.sampled_from(["article id", "url", "title", "comment id", "author", "byline", "date", "parent id",
                            "comment", "body", "Name", "", "x"])  # fmt: skip


@SETTINGS
@given(st.lists(_HEADERS, min_size=1, max_size=8), st.lists(st.lists(_TEXT, max_size=9), max_size=8), st.booleans())
def test_arbitrary_csv_and_tsv(header, rows, tabs):
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if tabs else ",")
    writer.writerow(header)
    writer.writerows(rows)
    _read(out.getvalue(), ".tsv" if tabs else ".csv")
