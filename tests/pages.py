"""What the tests over folders of small pages share: build the pages, ask the graph a canned query."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import graphkit

QUERIES = Path(__file__).resolve().parent.parent / "queries"
QUALITY = Path(__file__).resolve().parent / "data" / "quality"


def build_pages(folder: Path, pages: Iterable[Path]) -> graphkit.KnowledgeGraph:
    """The pages (their gold files left out) copied into `folder` and built into one graph there."""
    for path in pages:
        if not path.name.endswith(".gold.json"):
            shutil.copy(path, folder)
    out = folder / "graph.trig"
    graphkit.build([folder], out)
    return graphkit.load(out)


def canned(kg: graphkit.KnowledgeGraph, name: str) -> list[dict[str, str]]:
    """The rows of the canned query queries/<name>.rq."""
    return kg.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))


def held(kg: graphkit.KnowledgeGraph, name: str) -> set[tuple[str | None, str | None]]:
    """(role, organisation) of each affiliation the person called `name` has."""
    return {(r.get("role"), r.get("organisation")) for r in canned(kg, "affiliations") if r["name"] == name}


def people(kg: graphkit.KnowledgeGraph) -> dict[str, str]:
    """Each person's name and kind."""
    return {r["name"]: r["kind"] for r in canned(kg, "people")}


def organisations(kg: graphkit.KnowledgeGraph) -> dict[str, str]:
    """Each organisation's name and type."""
    return {r["name"]: r["type"] for r in canned(kg, "organisations")}


def places(kg: graphkit.KnowledgeGraph) -> set[str]:
    """The names of the places."""
    return {r["name"] for r in canned(kg, "places")}
