"""Stage boundaries: what each stage may import (README, "Architecture"). A crossing fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graphkit"

# stage -> graphkit modules it must never import (at any depth of its own files).
FORBIDDEN = {
    "ingest": ["graphkit.extract", "graphkit.resolve", "graphkit.graph", "graphkit.pipeline"],
    "knowledge": ["graphkit.extract", "graphkit.resolve", "graphkit.graph", "graphkit.pipeline"],
    "extract": ["graphkit.resolve", "graphkit.graph", "graphkit.pipeline"],
    "resolve": ["graphkit.extract", "graphkit.graph", "graphkit.pipeline"],
    "graph": ["graphkit.extract", "graphkit.resolve", "graphkit.ingest", "graphkit.pipeline"],
    "projection": ["graphkit.visualise", "graphkit.export"],
    "model": ["graphkit."],
}
# Libraries a stage must not import: ingest knows file formats, not NLP or RDF; graph and resolve no spaCy.
FORBIDDEN_LIBRARIES = {
    "ingest": ["spacy", "rdflib", "pyoxigraph"],
    "resolve": ["spacy", "rdflib", "pyoxigraph"],
    "graph": ["spacy"],
    "knowledge": ["spacy", "rdflib"],
    "model": ["spacy", "rdflib", "pyoxigraph"],
}


def imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def files(stage: str, package: Path) -> list[Path]:
    folder = package / stage
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [package / f"{stage}.py"]


def crossings(stage: str, package: Path = PACKAGE) -> list[str]:
    out = []
    for path in files(stage, package):
        for module in sorted(imports(path)):
            own = module.startswith("graphkit.") and not module.startswith(f"graphkit.{stage}")
            if own and any(
                module == f or module.startswith(f if f.endswith(".") else f + ".") for f in FORBIDDEN[stage]
            ):
                out.append(f"{path.relative_to(package)} imports {module}")
            if any(module == lib or module.startswith(lib + ".") for lib in FORBIDDEN_LIBRARIES.get(stage, [])):
                out.append(f"{path.relative_to(package)} imports {module}")
    return out


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_no_stage_imports_across_its_boundary(stage):
    assert crossings(stage) == []


def test_a_crossing_is_caught(tmp_path):
    """The check itself can fail: a resolve module that imports extract, a graph module that imports spaCy."""
    fake = tmp_path / "graphkit"
    (fake / "resolve").mkdir(parents=True)
    (fake / "resolve" / "bad.py").write_text("def f():\n    from graphkit.extract import bylines\n")
    (fake / "graph").mkdir()
    (fake / "graph" / "bad.py").write_text("import spacy\nfrom graphkit.resolve import resolve_document\n")
    assert crossings("resolve", fake) == [
        "resolve/bad.py imports graphkit.extract",
        "resolve/bad.py imports graphkit.extract.bylines",
    ]
    assert crossings("graph", fake) == [
        "graph/bad.py imports graphkit.resolve",
        "graph/bad.py imports graphkit.resolve.resolve_document",
        "graph/bad.py imports spacy",
    ]
