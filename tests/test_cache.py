"""Graph files are parsed once into a store and opened from it afterwards, keyed by their content."""

from __future__ import annotations

import shutil

import pytest

from graphkit.cli import main
from graphkit.graph import cache
from graphkit.graph.io import load_store
from graphkit.query import load_query, rows, run


@pytest.fixture
def small_files_cached(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "graphkit" / "stores"


def people(store) -> list:
    return sorted(r["name"] for r in rows(run(store, load_query("people"))))


def test_a_graph_file_is_loaded_once_into_a_cached_store_keyed_by_its_content(
    tmp_path, sample_graph, small_files_cached
):
    graph = tmp_path / "graph.trig"
    shutil.copy(sample_graph, graph)
    in_memory = people(_in_memory(graph))
    first = load_store(graph)
    assert people(first) == in_memory
    made = list(small_files_cached.iterdir())
    assert len(made) == 1 and made[0].name == cache.digest(graph)
    with pytest.raises(RuntimeError, match="read-write"):
        first.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # opened read-only
    stamp = (made[0] / cache.SOURCE).stat().st_mtime_ns
    assert people(load_store(graph)) == in_memory
    assert (made[0] / cache.SOURCE).stat().st_mtime_ns == stamp, "the file was parsed again"
    graph.write_text(graph.read_text(encoding="utf-8").replace("Sam Majumdar", "Sam Majumdarr"), encoding="utf-8")
    assert "Sam Majumdarr" in people(load_store(graph))
    assert len(list(small_files_cached.iterdir())) == 2


def _in_memory(graph):
    import graphkit.graph.cache as c

    saved, c.MIN_BYTES = c.MIN_BYTES, 10**12
    try:
        return load_store(graph)
    finally:
        c.MIN_BYTES = saved


def test_the_build_leaves_its_store_beside_the_graph_and_query_opens_it(tmp_path, nlp, small_files_cached, capsys):
    from tests.conftest import SAMPLE

    out = tmp_path / "build" / "graph.trig"
    assert main(["build", str(SAMPLE), "-o", str(out), "--views", ""]) == 0
    assert cache._made_from(tmp_path / "build" / "graph.store") == cache.digest(out)
    capsys.readouterr()
    assert main(["query", str(out), "people", "--format", "csv"]) == 0
    assert "Sam Majumdar" in capsys.readouterr().out
    assert not small_files_cached.exists(), "query made another store instead of opening the build's"


def test_an_unreadable_file_makes_no_store(tmp_path, small_files_cached):
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .", encoding="utf-8")
    from graphkit.errors import GraphFileError

    with pytest.raises(GraphFileError, match=r"bad\.trig"):
        load_store(bad)
    assert not any(p for p in small_files_cached.glob("*") if not p.name.startswith("."))
    assert not list(small_files_cached.glob(".*"))
