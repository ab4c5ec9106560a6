"""The command line as a user meets it: help everywhere, one-line errors, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.cli import COMMANDS, main
from graphkit.errors import ExitCode
from tests.conftest import TEST_DATA


def _run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graphkit", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "usage: graphkit" in capsys.readouterr().out


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_build_skips_bad_files_with_one_line_each_and_exit_1(tmp_path):
    out = tmp_path / "g.trig"
    done = _run(
        "build",
        str(TEST_DATA / "forum-thread.json"),
        str(TEST_DATA / "bad-broken.json"),
        "-o",
        str(out),
        "--quiet",
        cwd=tmp_path,
    )  # from tmp_path: the default views go to ./visualisations, never the repository's; --quiet: no progress
    # lines (a slow machine prints one every 10 s), while unreadable inputs are still reported
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("graphkit: ")]
    assert errors == [f"graphkit: {TEST_DATA / 'bad-broken.json'}: is not valid JSON (line 1, column 26: "
                      "Unterminated string starting at)"]  # fmt: skip
    assert "Traceback" not in done.stderr and out.exists()


def test_build_of_nothing_readable_is_exit_2_without_traceback(tmp_path):
    done = _run("build", str(TEST_DATA / "bad-empty.txt"), "-o", str(tmp_path / "g.trig"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("graphkit: no document could be read")


def test_build_without_arguments_builds_data_into_the_default_output(tmp_path):
    # Run from a copy of the layout: data/ with one article, output under build/.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.json").write_text((TEST_DATA / "forum-thread.json").read_text(encoding="utf-8"))
    done = _run("build", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "build" / "graph.trig").stat().st_size > 0
    views = sorted(p.name for p in (tmp_path / "visualisations").iterdir())
    assert views == ["graph-network.html", "graph-people-and-organisations.html", "graph-report.html"]
    assert "Amara Singh" in (tmp_path / "visualisations" / "graph-network.html").read_text(encoding="utf-8")
    assert "Amara Singh" in (tmp_path / "visualisations" / "graph-report.html").read_text(encoding="utf-8")
    assert not (tmp_path / "lib").exists()  # nothing written outside the output paths


def test_stats_counts_types(sample_graph):
    done = _run("stats", str(sample_graph))
    assert done.returncode == 0
    lines = {what.strip(): int(n) for n, what in (line.split(None, 1) for line in done.stdout.splitlines()[1:])
             if n.isdigit()}  # fmt: skip
    assert lines["schema:Comment"] == 9
    assert lines["foaf:Person"] >= 8
    # in the reader's terms: the sample's one article, nine comments, eight commenters
    assert (lines["documents"], lines["comments"], lines["commenter"]) == (1, 9, 8)
    assert lines["organisations"] == sum(lines[t] for t in ("company", "health board", "nhs trust", "national body"
                                                            , "professional body", "charity or think tank", "other")
                                         if t in lines)  # fmt: skip


def test_stats_on_a_missing_graph_is_one_line_and_exit_2(tmp_path):
    done = _run("stats", str(tmp_path / "nope.trig"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"graphkit: {tmp_path / 'nope.trig'}: no such graph file or store"


def test_unknown_graph_format_is_one_line(tmp_path):
    path = tmp_path / "graph.xyz"
    path.write_text("x", encoding="utf-8")
    done = _run("stats", str(path))
    assert done.returncode == 2 and "unknown graph format '.xyz'" in done.stderr and "Traceback" not in done.stderr


def test_a_canned_query_alone_asks_the_graph_the_default_build_wrote(sample_graph, tmp_path):
    (tmp_path / "build").mkdir()
    shutil.copy(sample_graph, tmp_path / "build" / "graph.trig")
    named = _run("query", "build/graph.trig", "people", cwd=tmp_path)
    alone = _run("query", "people", cwd=tmp_path)
    assert named.returncode == alone.returncode == 0
    assert alone.stdout == named.stdout and "rows)" in alone.stdout
    counted = _run("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv", cwd=tmp_path)
    assert counted.returncode == 0 and int(counted.stdout.split()[1]) > 0


def test_a_canned_query_alone_without_a_build_says_so_in_one_line(tmp_path):
    done = _run("query", "people", cwd=tmp_path)
    assert done.returncode == 2
    expected = "give a GRAPH (a graph file or store folder): there is no build/graph.trig here to query"
    assert done.stderr.strip() == f"graphkit: {expected}"


@pytest.mark.parametrize("command", ["stats", "validate"])
def test_commands_that_read_a_graph_read_the_default_build_without_one(command, sample_graph, tmp_path):
    assert _run(command, cwd=tmp_path).stderr.strip() == "graphkit: build/graph.trig: no such graph file or store"
    (tmp_path / "build").mkdir()
    shutil.copy(sample_graph, tmp_path / "build" / "graph.trig")
    alone, named = _run(command, cwd=tmp_path), _run(command, "build/graph.trig", cwd=tmp_path)
    assert alone.returncode == named.returncode == 0
    assert (alone.stdout, alone.stderr) == (named.stdout, named.stderr) != ("", "")


@pytest.mark.parametrize(
    ("args", "never"),
    [
        (["--help"], ("spacy", "rdflib", "networkx")),
        (["query", "--help"], ("spacy", "rdflib", "networkx")),
        (["stats", "missing.trig"], ("spacy", "rdflib")),
        (["serve", "--help"], ("spacy", "rdflib")),
    ],
)
def test_light_commands_never_load_spacy(args, never):
    code = (
        "import sys\nfrom graphkit.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {never!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_an_unexpected_error_is_one_line_naming_it(monkeypatch, capsys):
    import graphkit.cli.stats

    def broken(args):
        raise RuntimeError("the index is\nmissing")

    monkeypatch.setattr(graphkit.cli.stats, "run_command", broken)
    assert main(["stats", "x.trig"]) == ExitCode.INTERNAL_ERROR == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "RuntimeError: the index is missing" in err and "run with --traceback for details" in err
    with pytest.raises(RuntimeError):
        main(["--traceback", "stats", "x.trig"])


def test_version_is_the_package_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"graphkit {version('graphkit')}\n"


def test_exit_codes_in_the_readme_are_the_enum():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"`{code.value}` {code.name}" in readme, code
