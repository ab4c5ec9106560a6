"""Bad inputs give one line naming the file, and the rest builds (issue 13, 'any input must give one line')."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from graphkit.errors import InputError
from graphkit.ingest import Note, Skipped, read_documents
from graphkit.ingest.limits import MAX_POST_CHARS
from graphkit.model import Document


def test_deeply_nested_json_is_one_error_naming_the_file(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    lines = tmp_path / "deep.jsonl"
    lines.write_text('{"body": "fine"}\n' + '{"a":' * 10_000 + "1" + "}" * 10_000 + "\n", encoding="utf-8")
    (error,) = read_documents([path])
    assert isinstance(error, InputError) and str(error).startswith(str(path)) and "deeply" in str(error)
    doc, error = read_documents([lines])
    assert isinstance(doc, Document) and str(error).startswith(f"{lines}:2:")


def test_huge_json_integer_is_one_error(tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"body": "x", "id": ' + "9" * 5000 + "}", encoding="utf-8")
    (error,) = read_documents([path])
    assert isinstance(error, InputError) and str(error).startswith(str(path))


def test_named_pipe_is_one_error_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    found: list = []
    reader = threading.Thread(target=lambda: found.extend(read_documents([fifo, tmp_path])), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading a named pipe hangs"
    assert [type(i).__name__ for i in found] == ["InputError", "InputError"]  # given, and found in the folder
    assert all("named pipe" in str(e) and "only regular files" in str(e) for e in found)


def test_file_removed_mid_build_is_reported(tmp_path):
    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text(f"Title {n}\n\nSome text about the NHS.\n", encoding="utf-8")
    items = []
    for item in read_documents([tmp_path]):
        items.append(item)
        (tmp_path / "a2.txt").unlink(missing_ok=True)  # removed after the folder was listed
    assert [type(i).__name__ for i in items] == ["Document", "Document", "InputError"]
    assert "a2.txt" in str(items[2]) and "removed" in str(items[2])


def test_file_removed_mid_build_is_one_error_and_the_rest_builds(tmp_path, nlp):
    # Removed between the folder listing and its reading (before: rc 0 and no message).
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Title\n\nSome text about the NHS in Leeds.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Title\n\nMore text.\n", encoding="utf-8")
    from graphkit.pipeline import build

    errors = []

    def gone(item):
        errors.append(item)

    from graphkit import ingest

    real = ingest.find_sources

    def sources(inputs):
        for source in real(inputs):
            if str(source).endswith("b.txt"):
                (folder / "b.txt").unlink()
            yield source

    ingest.find_sources = sources
    try:
        report = build([folder], tmp_path / "g.trig", on_error=gone)
    finally:
        ingest.find_sources = real
    assert report.documents == 1 and len(errors) == 1 and "b.txt" in str(errors[0])


def test_utf16_without_a_byte_order_mark_is_text(tmp_path):
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes("Title\n\nSome text about the NHS.\n\n#123456 Zoë Ash\n\nA comment.\n".encode(encoding))
        note, doc = read_documents([path])
        assert isinstance(note, Note) and encoding.upper() in str(note)
        assert doc.comments[0].author == "Zoë Ash"


def test_control_characters_in_a_file_name_are_escaped(tmp_path):
    path = tmp_path / "evil\n\x1b[31mname.json"
    path.write_text("{not json", encoding="utf-8")
    (error,) = read_documents([path])
    message = str(error)
    assert "\n" not in message and "\x1b" not in message and "evil\\n\\x1b[31mname.json" in message


def test_control_characters_never_reach_the_terminal_from_the_cli(tmp_path):
    path = tmp_path / "bad\x1b]0;owned\x07.txt"
    path.write_bytes(b"")
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    result = subprocess.run(
        [sys.executable, "-m", "graphkit", "build", str(path), "-o", str(tmp_path / "g.trig"), "--views", ""],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert result.returncode != 0 and "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;owned\\x07.txt: is empty" in result.stderr


def test_post_over_the_size_cap_is_skipped_with_a_line_naming_it(tmp_path):
    path = tmp_path / "long.json"
    path.write_text(
        '{"body": "An article.", "comments": [{"id": "c1", "author": "A", "body": "short"},'
        f'{{"id": "c2", "author": "B", "body": "{"x" * (MAX_POST_CHARS + 1)}"}}]}}',
        encoding="utf-8",
    )
    skipped, doc = read_documents([path])
    assert isinstance(skipped, Skipped) and skipped.reason == "post over the size cap"
    assert "comment c2" in str(skipped) and str(skipped).startswith(str(path))
    assert [c.id for c in doc.comments] == ["c1"]


def test_100000_nested_divs_read_in_linear_time(tmp_path):
    path = tmp_path / "deep.html"
    n = 100_000
    path.write_text(
        "<html><body><article><p>An article about beds.</p></article>" + "<div>" * n + "deep" + "</div>" * n
        + '<ol><li class="comment" id="comment-1"><cite>Ann</cite><p>Hello.</p></li></ol></body></html>',
        encoding="utf-8",
    )  # fmt: skip
    started = time.monotonic()
    items = list(read_documents([path]))
    assert time.monotonic() - started < 30  # quadratic was > 120 s; linear is a few seconds under load
    doc = next(i for i in items if isinstance(i, Document))
    assert doc.body.startswith("An article about beds.")


def test_20000_nested_comments_and_stray_end_tags_read_in_linear_time_with_a_note(tmp_path):
    path = tmp_path / "nested-comments.html"
    n = 20_000
    path.write_text(
        "<html><body><article><p>" + "An article about beds. " * 5 + "</p></article>"
        + '<div class="comment"><span class="fn">A</span><p>x</p></span></b>' * n + "</div>" * n + "</body></html>",
        encoding="utf-8",
    )  # fmt: skip
    started = time.monotonic()
    items = list(read_documents([path]))
    assert time.monotonic() - started < 60  # was > 80 s (a subtree walk per comment, a stack scan per stray end tag)
    doc = next(i for i in items if isinstance(i, Document))
    assert doc.comments and all(c.author == "A" for c in doc.comments)
    assert any(isinstance(i, Note) and "more than 400 deep" in str(i) for i in items)
