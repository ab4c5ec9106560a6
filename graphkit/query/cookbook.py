"""The canned questions in queries/: one SPARQL file each, with a comment on top saying what it answers."""

from __future__ import annotations

import re
from pathlib import Path

from graphkit.errors import QueryError


def queries_dir() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "queries"


def canned() -> dict[str, Path]:
    """Every canned query by name (the file name without .rq), in name order."""
    return dict(sorted((path.stem, path) for path in queries_dir().glob("*.rq")))


def header(path: Path) -> list[str]:
    """The comment lines at the top of a query file, without their '#'."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return lines


def summary(path: Path) -> str:
    """The question a canned query answers: the first sentence of its header."""
    text = " ".join(line for line in header(path) if not line.startswith("Variables:"))
    match = re.match(r"(.*?[?.])(\s|$)", text)
    return match.group(1) if match else text


def documented_variables(path: Path) -> list[str]:
    """The variables a query's header promises, from its 'Variables:' line."""
    for line in header(path):
        if line.startswith("Variables:"):
            return re.findall(r"\?(\w+)", line)
    return []


def parameters(path: Path) -> list[str]:
    """The parameters a query's header offers, as written there: ['entity=<IRI>', 'name="…"']."""
    found = re.findall(r"--param\s+(\w+=(?:<IRI>|\"[^\"]*\"|\S+?))(?=[\s,.;)]|$)", " ".join(header(path)))
    return list(dict.fromkeys(found))


def load_query(name_or_path: str) -> str:
    """The text of a query file, or of a canned query named without its .rq (such as 'people')."""
    path = Path(name_or_path)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    queries = canned()
    if name_or_path in queries:
        return queries[name_or_path].read_text(encoding="utf-8")
    raise QueryError(f"{name_or_path}: no such query file or canned query (see graphkit query --list)")
