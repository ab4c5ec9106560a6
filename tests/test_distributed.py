"""A real Dask cluster on loopback (a scheduler and two worker processes) builds the same graph as a local build."""

from __future__ import annotations

import shutil

import pytest

from graphkit.errors import GraphkitError
from graphkit.pipeline import build
from tests.conftest import SAMPLE, TEST_DATA
from tests.test_incremental import corpus_records, write_jsonl

distributed = pytest.importorskip("distributed")


def quads(path) -> set[str]:
    import pyoxigraph as ox

    return {str(q) for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG)}


def test_a_dask_cluster_builds_the_same_graph_as_a_local_build(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder)
    for name in ("winter-pressures.txt", "two-articles.jsonl", "forum-thread.json"):
        shutil.copy(TEST_DATA / name, folder)
    write_jsonl(folder / "more.jsonl", corpus_records(14, chars=200))  # more than one partition
    build([folder], tmp_path / "local.trig", n_process=1)

    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        assert len(cluster.scheduler.workers) == 2
        report = build([folder], tmp_path / "dask.trig", dask=cluster.scheduler_address)
    finally:
        cluster.close()
    assert report.documents == 19
    assert quads(tmp_path / "dask.trig") == quads(tmp_path / "local.trig")
    assert (tmp_path / "dask.trig").read_bytes() == (tmp_path / "local.trig").read_bytes()


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, monkeypatch):
    from graphkit import distributed as runner

    monkeypatch.setattr(runner, "CONNECT_TIMEOUT", "2s")
    write_jsonl(tmp_path / "a.jsonl", corpus_records(1, chars=100))
    with pytest.raises(GraphkitError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        build([tmp_path / "a.jsonl"], tmp_path / "g.trig", dask="tcp://127.0.0.1:9")
    assert not (tmp_path / "g.trig").exists()
