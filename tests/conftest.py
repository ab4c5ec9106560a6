"""Shared fixtures: the real spaCy pipeline, loaded once, and graphs built once per session.

Every graph the suite builds in-process (graphkit.pipeline.build, directly or through the API or the
CLI) is validated when the test that built it ends: it must conform to data/shapes.ttl, and each
annotation's quote must be its source's text at its offsets (graphkit.graph.validate).
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import graphkit.pipeline
from graphkit.extract.nlp import load_pipeline
from graphkit.graph.io import load_store
from graphkit.graph.validate import validate

# The suite's caches (the compiled topic index, graph files made into stores) go into a temporary
# folder, for this process and the graphkit processes it starts, never into the user's own cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="graphkit-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)

_BUILT: list[Path] = []
_build = graphkit.pipeline.build


@functools.wraps(_build)
def _recording_build(*args, **kwargs):
    report = _build(*args, **kwargs)
    _BUILT.append(report.output)
    return report


graphkit.pipeline.build = _recording_build  # before the test modules import it
build = _recording_build


def assert_valid(path: Path) -> None:
    """The graph conforms to the shapes and every quote is its source's text at its offsets."""
    violations = validate(load_store(path))
    assert not violations, f"{path}: " + "; ".join(map(str, violations[:5]))


_VALID: set[str] = set()  # digests of graph files already validated (many tests build the same input)


@pytest.fixture(autouse=True)
def _validate_built_graphs():
    yield
    built, _BUILT[:] = list(_BUILT), []
    for path in built:
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in _VALID:
                assert_valid(path)
                _VALID.add(digest)
        elif path.exists():
            assert_valid(path)


ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "kingsfund-engaging-clinicians.txt"
TEST_DATA = Path(__file__).resolve().parent / "data"
GOLD = ROOT.parent / "shared" / "eval" / "kingsfund-engaging-clinicians.gold.json"


_CACHES = ("__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", ".egg-info")


def _untracked() -> set[str] | None:
    """Files in the checkout that git does not track (ignored ones too), or None outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--ignored", "--untracked-files=all"],
            capture_output=True, text=True, timeout=30, check=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return {  # new files only ('??' untracked, '!!' ignored): edits to tracked files are the developer's
        line[3:]
        for line in done.stdout.splitlines()
        if line[:2] in {"??", "!!"} and not any(c in line for c in _CACHES)
    }


@pytest.fixture(scope="session", autouse=True)
def repository_untouched():
    """Tests write only into tmp_path: fail the run if the checkout gained files (views, graphs, exports)."""
    before = _untracked()
    yield
    after = _untracked()
    if before is not None and after is not None:
        new = sorted(after - before)
        assert not new, f"tests wrote into the repository: {new[:10]}"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def sample_graph(tmp_path_factory, nlp) -> Path:
    """The sample article built into a TriG file."""
    out = tmp_path_factory.mktemp("sample") / "graph.trig"
    build([SAMPLE], out)
    return out


@pytest.fixture(scope="session")
def sample_store(sample_graph):
    return load_store(sample_graph)


@pytest.fixture(scope="session")
def corpus_graph(tmp_path_factory, nlp) -> Path:
    """The sample plus the small inputs written for the tests (tests/data/*.txt|json|jsonl)."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(SAMPLE, folder)
    for path in TEST_DATA.glob("*"):
        if path.suffix in {".txt", ".json", ".jsonl"} and not path.name.startswith("bad-"):
            shutil.copy(path, folder)
    out = folder / "graph.trig"
    build([folder], out)
    return out


@pytest.fixture(scope="session")
def corpus_store(corpus_graph):
    return load_store(corpus_graph)
