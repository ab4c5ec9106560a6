"""Shared fixtures: the real spaCy pipeline, loaded once, and graphs built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graphkit.extract.nlp import load_pipeline
from graphkit.graph.io import load_store
from graphkit.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "kingsfund-engaging-clinicians.txt"
TEST_DATA = Path(__file__).resolve().parent / "data"
GOLD = ROOT.parent / "shared" / "eval" / "kingsfund-engaging-clinicians.gold.json"


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
