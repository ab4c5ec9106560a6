"""Build progress lines: how far through the input, in reading order, and an ETA only once there is a rate."""

from __future__ import annotations

import io

from graphkit.progress import Progress, input_files


def _lines(progress: Progress, stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_documents_of_one_big_json_lines_file_move_the_progress_on():
    # Sources of JSON Lines documents carry a locator ('corpus.jsonl:3'): they are of that file.
    stream = io.StringIO()
    progress = Progress({"in/corpus.jsonl": 60_000}, stream=stream, every=0)
    for n in range(1, 6):
        progress.advance(f"in/corpus.jsonl:{n}", 1_000)
    lines = _lines(progress, stream)
    assert len(lines) == 5
    assert "10% of the input" in lines[0] and "50% of the input" in lines[-1]  # 6 bytes a word until a file is done
    assert "left" not in lines[0]  # one document: no rate to go by yet
    assert "left" in lines[-1]


def test_files_read_for_nothing_before_a_document_count_as_done():
    # A folder whose CSV reference tables hold no comments: they are read first and give no documents.
    stream = io.StringIO()
    files = {"data/a-table.csv": 80_000, "data/b-table.csv": 10_000, "data/c.txt": 10_000}
    progress = Progress(files, stream=stream, every=0)
    progress.advance("data/c.txt", 10)
    assert "90% of the input" in _lines(progress, stream)[0]


def test_the_bytes_per_word_of_finished_files_measure_the_current_one():
    stream = io.StringIO()
    files = {"a.html": 50_000, "b.html": 50_000}
    progress = Progress(files, stream=stream, every=0)
    progress.advance("a.html", 1_000)  # 50 bytes of markup a word
    progress.advance("b.html", 500)
    assert "75% of the input" in _lines(progress, stream)[-1]


def test_quiet_prints_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    stream = io.StringIO()
    progress = Progress(input_files([tmp_path]), quiet=True, stream=stream, every=0)
    progress.advance(str(tmp_path / "a.txt"), 1)
    assert stream.getvalue() == "" and progress.documents == 1


def test_input_files_are_in_reading_order_with_their_sizes(tmp_path):
    for name, text in [("b.txt", "bb"), ("a.jsonl", "a"), ("notes.md", "ignored")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert input_files([tmp_path]) == {str(tmp_path / "a.jsonl"): 1, str(tmp_path / "b.txt"): 2}


def test_the_summary_counts_the_organisations_the_organisations_query_lists(tmp_path):
    # The input names trusts: their ICBs and regions join the graph from the register but are not
    # organisations of the debate, so the summary must not count them either.
    import re
    import subprocess
    import sys

    from graphkit.query import load_query, run
    from tests.conftest import TEST_DATA, load_store

    out = tmp_path / "g.trig"
    command = [sys.executable, "-m", "graphkit", "build", str(TEST_DATA / "nhs-structure.txt"), "-o", str(out)]
    done = subprocess.run(
        [*command, "--views", ""],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    counted = int(re.search(r"(\d+) organisations?", done.stderr.splitlines()[-1]).group(1))
    store = load_store(out)
    listed = len(list(run(store, load_query("organisations"))))
    everything = len(list(run(store, "SELECT DISTINCT ?o WHERE { ?o a org:Organization }")))
    assert everything > listed, "no register-only body in the input: the test would prove nothing"
    assert counted == listed
