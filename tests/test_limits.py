"""Query limits: the read-only pre-check (linear, size and nesting caps), memory and answer caps,
the deadline, and query children that never outlive the command that started them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.errors import QueryError
from graphkit.graph.io import load_store
from graphkit.query import QueryLimit, QueryTimeout, answer, check_read_only, run
from graphkit.query.limits import run_with_deadline
from graphkit.query.sparql import MAX_NESTING, MAX_QUERY_CHARS, scan
from tests import processes
from tests.conftest import ROOT, TEST_DATA

GRAPH = TEST_DATA / "query-graph.trig"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
HUNGRY = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
PROPERTY = settings(
    max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store(GRAPH)


# --- the pre-check --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    ['"\\', "'\\", "a-", "a.", '"""\\\n', "<a", "@a-", "'''\\'", "#\\"],
    ids=["escaped-quote", "escaped-apostrophe", "hyphen-run", "dot-run", "long-string", "iri", "langtag", "q3", "c"],
)
def test_the_pre_check_is_linear_in_the_query_length(unit):
    """Token starts that never close used to be re-read from every position: 39 KB took 7.5 s."""
    text = unit * ((MAX_QUERY_CHARS - 10) // len(unit))
    start = time.process_time()  # CPU time: other processes on the machine do not count
    scan(text)
    took = time.process_time() - start
    assert took < 2.0, f"{len(text):,} characters took {took:.1f} s"  # linear: ~0.05 s; quadratic: minutes


def test_queries_over_the_size_limit_are_refused_before_reading():
    with pytest.raises(QueryError, match=f"the limit is {MAX_QUERY_CHARS:,}"):
        check_read_only("#" * (MAX_QUERY_CHARS + 1))
    check_read_only("ASK {}" + " " * (MAX_QUERY_CHARS - 6))  # at the limit: fine


@pytest.mark.parametrize("opener", ["{", "(", "["])
def test_deep_nesting_is_refused_before_parsing(store, opener):
    closer = {"{": "}", "(": ")", "[": "]"}[opener]
    deep = "SELECT * WHERE { FILTER(" + opener * 20_000 + closer * 20_000 + ") }"
    with pytest.raises(QueryError, match=f"the limit is {MAX_NESTING}"):
        run(store, deep)
    # Brackets inside strings, IRIs and comments do not count.
    text = 'SELECT * WHERE { ?s ?p "' + "{" * 500 + '" } # ' + "(" * 500
    assert scan(text).depth == 1


def test_deep_nesting_in_the_cli_is_one_line_not_a_crash():
    """20,000 nested braces used to overflow the parser's stack: rc 139 and no message."""
    query = "SELECT * WHERE " + "{ " * 20_000 + "?s ?p ?o " + "} " * 20_000
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "graphkit", "query", str(GRAPH), "-"],
        input=query,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert done.stderr.startswith("graphkit: the query nests") and done.stderr.count("\n") == 1


def test_the_pre_check_is_inside_the_deadline():
    """Time spent before the child starts (reading, checking) counts against the timeout."""
    with pytest.raises(QueryTimeout, match="stopped after 1 s"):
        run_with_deadline(lambda: b"never", 1.0, started=time.monotonic() - 2)


# --- properties -----------------------------------------------------------------------------------

_ATOMS = st.sampled_from(
    ["SELECT", "ASK", "WHERE", "INSERT", "SERVICE", "?x", "$y", "ex:a", ":b", "_:c", "a", ".", ";", ",", "*",
     "<urn:x>", "<bad", '"s"', "'t'", '"""long\n"""', "'''", '"\\', "#c\n", "@en", "^^", "1", "2.5", "FILTER",
     "OPTIONAL", "UNION", "GRAPH", "VALUES", "BIND", "AS", "\\", "\n", "\x00", "é", "\u2028"]
)  # fmt: skip


def _nested(children):
    return st.tuples(st.sampled_from(["{}", "()", "[]"]), st.lists(children, max_size=4)).map(
        lambda t: t[0][0] + " ".join(t[1]) + t[0][1]
    )


_QUERIES = st.recursive(_ATOMS, _nested, max_leaves=40).map(lambda body: f"SELECT * WHERE {body}")


@PROPERTY
@given(st.text(max_size=2000))
def test_any_text_gives_a_scan_or_a_query_error(text):
    try:
        found = check_read_only(text)
    except QueryError as exc:
        assert "\n" not in str(exc)
    else:
        assert found.depth <= MAX_NESTING


@PROPERTY
@given(st.lists(st.one_of(_ATOMS, _QUERIES), max_size=30).map(" ".join))
def test_nested_structures_run_or_give_a_query_error(store, text):
    """Whatever the pre-check lets through, the engine answers or refuses with QueryError: it never crashes."""
    try:
        result = run(store, text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except QueryError as exc:
        assert "\n" not in str(exc)


@PROPERTY
@given(st.integers(min_value=1, max_value=3 * MAX_NESTING), st.sampled_from(["{", "(", "["]))
def test_nesting_depth_is_measured_exactly(depth, opener):
    closer = {"{": "}", "(": ")", "[": "]"}[opener]
    assert scan(opener * depth + closer * depth).depth == depth


# --- memory and answer caps -----------------------------------------------------------------------


def test_a_memory_hungry_query_is_stopped_at_its_cap(store):
    with pytest.raises(QueryLimit, match="more than 256 MiB"):
        answer(store, HUNGRY, fmt="json", timeout=60, memory_mb=256)
    assert answer(store, "ASK { ?s ?p ?o }", fmt="json", timeout=60, memory_mb=256) == b'{"head":{},"boolean":true}'


def test_a_too_big_answer_is_refused(store):
    with pytest.raises(QueryLimit, match="over the 1 MiB cap"):
        answer(store, "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }", fmt="json", timeout=60, max_result=1 << 20)


# --- signals: a timed query's child never outlives the command ------------------------------------


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["TERM", "INT", "KILL"])
def test_a_signal_during_query_timeout_leaves_no_process(sig):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "query", str(GRAPH), "-e", SLOW, "--timeout", "120"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # As in a terminal: SIGINT is not ignored (it is in a non-interactive shell's background jobs).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    children: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not (children := processes.children(process.pid)):
            assert process.poll() is None and time.monotonic() < deadline, "the query child never started"
            time.sleep(0.05)
        time.sleep(0.3)
        process.send_signal(sig)
        process.wait(timeout=20)
        deadline = time.monotonic() + 10
        while any(processes.alive(child) for child in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(processes.alive(child) for child in children), f"query child {children} outlived the command"
        err = process.stderr.read()  # only now: a surviving child would hold the pipe open
        if sig != signal.SIGKILL:
            assert process.returncode == 130 and err.strip() == "graphkit: interrupted", err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
        for child in children:  # never leave one behind, even when the test failed
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
