"""Faults: kill -9 a store rebuild anywhere, SIGTERM a build; nothing half-written, nothing left running."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

from graphkit.graph.ledger import NAME as LEDGER
from graphkit.graph.store import open_store
from tests import processes
from tests.test_incremental import corpus_records, dump, write_jsonl

DEFAULT = ox.DefaultGraph()
EDITIONS = (" The board of NHS England met again.", " Unison said so.")


def graphs(directory) -> dict[str, frozenset]:
    """Each named graph of a store as a set of triples."""
    found: dict[str, set] = {}
    for s, p, o, g in dump(directory):
        if g != DEFAULT:
            found.setdefault(g.value, set()).add((s, p, o))
    return {g: frozenset(t) for g, t in found.items()}


def ledger_keys(directory) -> set[str]:
    try:
        with sqlite3.connect(f"file:{directory / LEDGER}?mode=ro", uri=True, timeout=1) as db:
            return {row[0] for row in db.execute("SELECT key FROM documents")}
    except sqlite3.Error:
        return set()


# A helper process loads spaCy once, touches no store, and forks one child per rebuild: each kill
# then costs the rebuild's own time, not a pipeline load. (Forking the test process itself is not
# safe: the stores it has opened leave threads behind.)
FORKER = """
import os, sys
from graphkit.extract.nlp import load_pipeline
from graphkit.pipeline import build
import functools
from graphkit.extract import matchers
matchers.build = functools.cache(matchers.build)  # built once here, inherited by every child
matchers.build(load_pipeline())
print("ready", flush=True)
for line in sys.stdin:
    *inputs, store = line.split()
    pid = os.fork()
    if pid == 0:
        try:
            build(inputs, store=store)
        except BaseException:
            import traceback
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print("exit", status, flush=True)
"""


class Forker:
    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        self.proc = subprocess.Popen([sys.executable, "-c", FORKER], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)  # fmt: skip
        assert self.proc.stdout.readline().strip() == "ready"

    def start(self, inputs, store) -> int:
        self.proc.stdin.write(" ".join(map(str, [*inputs, store])) + "\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def wait(self) -> int:
        return int(self.proc.stdout.readline().split()[1])

    def build(self, inputs, store) -> None:
        """A whole build in a child, to the end."""
        self.start(inputs, store)
        assert self.wait() == 0

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def forker():
    f = Forker()
    try:
        yield f
    finally:
        f.close()


def test_kill_9_at_ten_points_of_a_store_rebuild_leaves_every_graph_whole_and_a_rerun_converges(tmp_path, forker):
    rng = random.Random(11)
    inputs = [tmp_path / "in.jsonl"]
    store = tmp_path / "kg"
    write_jsonl(inputs[0], corpus_records(6, chars=200))
    forker.build(inputs, store)
    editions = [graphs(store)]
    keys = []
    # Two editions in turn: every document changes each time (and one is added), so each rebuild
    # rewrites all of them.
    for n, text in enumerate(EDITIONS):
        write_jsonl(tmp_path / "in.jsonl", corpus_records(7, edition=text, chars=200))
        forker.build(inputs, tmp_path / f"fresh-{n}")
        editions.append(graphs(tmp_path / f"fresh-{n}"))
        keys.append(ledger_keys(tmp_path / f"fresh-{n}"))

    kills = 0
    for i in range(11):
        edition = i % 2
        write_jsonl(
            tmp_path / "in.jsonl",
            corpus_records(7, edition=EDITIONS[edition], chars=200),
        )
        done = len(ledger_keys(store) & keys[edition])
        target = done + rng.randrange(0, max(1, 7 - done))  # kill once this many are rewritten, after a pause
        pid = forker.start(inputs, store)
        deadline = time.monotonic() + 60
        while processes.alive(pid) and len(ledger_keys(store) & keys[edition]) < target and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.03))
        if processes.alive(pid):
            os.kill(pid, signal.SIGKILL)
            kills += 1
        forker.wait()

        now = graphs(store)
        for graph, triples in now.items():
            assert triples in [e.get(graph) for e in editions], f"{graph} is not whole: none of its editions"
        named = set().union(*now.values())
        default = {(s, p, o) for s, p, o, g in dump(store) if g == DEFAULT}
        assert default == named, f"{len(default - named)} stale, {len(named - default)} missing default triples"
    assert kills >= 10

    forker.build(inputs, store)  # the last edition, to the end
    assert dump(store) == dump(tmp_path / f"fresh-{edition}")


def test_kill_9_during_a_first_bulk_load_is_repaired_by_the_next_build(tmp_path, forker):
    inputs = [tmp_path / "in.jsonl"]
    write_jsonl(inputs[0], corpus_records(12))
    forker.build(inputs, tmp_path / "fresh")
    for pause in (0.1, 0.4):
        store = tmp_path / f"kg-{pause}"
        pid = forker.start(inputs, store)
        deadline = time.monotonic() + 60
        while processes.alive(pid) and not (store / LEDGER).exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(pause)
        if processes.alive(pid):
            os.kill(pid, signal.SIGKILL)
        forker.wait()
        forker.build(inputs, store)
        assert not list(store.glob("bulk-*.sst"))
        assert dump(store) == dump(tmp_path / "fresh")


def _graphkit(*args, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", *args], env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs,
    )  # fmt: skip


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_during_a_build_leaves_no_part_file_no_process_and_no_lock(tmp_path, sig):
    write_jsonl(tmp_path / "in.jsonl", corpus_records(40))
    out = tmp_path / "out" / "graph.trig"
    out.parent.mkdir()
    (out.parent / f".graph.trig.{2**22 + 17}.0123456789ab.part").write_bytes(b"left by a killed build")
    proc = _graphkit("build", str(tmp_path / "in.jsonl"), "-o", str(out), "--views", "", "--processes", "2")
    deadline = time.monotonic() + 60
    while not any(str(proc.pid) in p.name
                  for p in out.parent.glob("*.part")) and time.monotonic() < deadline:  # fmt: skip
        time.sleep(0.01)
    time.sleep(0.5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (128 + sig, 130), err
    assert "Traceback" not in err
    assert not list(out.parent.glob("*.part")), "a temporary file was left (or a stale one kept)"
    assert not out.exists()
    deadline = time.monotonic() + 10
    while not _group_gone(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group_gone(proc.pid), "a worker process outlived the build"


def test_sigterm_during_a_store_build_leaves_the_store_writable(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", corpus_records(40))
    store = tmp_path / "kg"
    proc = _graphkit("build", str(tmp_path / "in.jsonl"), "--store", str(store), "--views", "")
    deadline = time.monotonic() + 60
    while not (store / LEDGER).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "Traceback" not in err
    del_me = open_store(store)  # the lock is free
    del del_me
