"""CSV files for `neo4j-admin database import full`: PATH is a folder that receives two files.

    PATH/nodes.csv          id:ID,:LABEL,name,degree:int,kind,...   (one row per entity)
    PATH/relationships.csv  :START_ID,:END_ID,:TYPE,weight:int      (one row per edge)

    neo4j-admin database import full --nodes=PATH/nodes.csv --relationships=PATH/relationships.csv neo4j

`id` is the entity IRI, `:LABEL` the node type (Person, Organisation, ...), `name` its label and
`:TYPE` the relation in upper case (WORKS_FOR, MENTIONS, ...). Other attributes become columns typed
from their values (:int, :float, :boolean; text untyped). An empty cell is an unset property. Line
breaks inside values are written as spaces, so the import needs no --multiline-fields.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from graphkit.errors import GraphFileError
from graphkit.export.network import plain
from graphkit.files import replacing

NODES = "nodes.csv"
RELATIONSHIPS = "relationships.csv"
_TYPES = {bool: "boolean", int: "int", float: "float"}
_PARSERS = {"boolean": lambda v: v == "true", "int": int, "float": float, "string": str}


def write_neo4j_csv(graph: nx.DiGraph, path: str | Path) -> None:
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise GraphFileError(f"{folder}: is a file; the neo4j export writes a folder (nodes.csv, relationships.csv)")
    graph = plain(graph)
    nodes = [_node_row(n, d) for n, d in graph.nodes(data=True)]
    edges = [_edge_row(u, v, d) for u, v, d in graph.edges(data=True)]
    _write(folder / NODES, {"id": "id:ID", "labels": ":LABEL", "name": "name"}, nodes)
    _write(folder / RELATIONSHIPS, {"start": ":START_ID", "end": ":END_ID", "type": ":TYPE"}, edges)


def read_neo4j_csv(path: str | Path) -> nx.DiGraph:
    """The graph back from the two files, values typed by their headers, labels and types lower-cased."""
    folder = Path(path)
    graph = nx.DiGraph()
    for row in _read(folder / NODES):
        node = row.pop("id")
        labels = row.pop(":LABEL", "")
        graph.add_node(node, type=labels.split(";")[0].lower(), label=row.pop("name", None), **row)
    for row in _read(folder / RELATIONSHIPS):
        graph.add_edge(row.pop(":START_ID"), row.pop(":END_ID"), relation=row.pop(":TYPE").lower(), **row)
    return graph


def _node_row(node: str, data: dict) -> dict:
    row = {"id": node, "labels": _label(data.get("type", "node")), "name": data.get("label")}
    taken = {"type", "label", *row}
    row.update((k, v) for k, v in data.items() if k not in taken)
    return row


def _edge_row(start: str, end: str, data: dict) -> dict:
    row = {"start": start, "end": end, "type": str(data.get("relation", "related")).upper(), "weight": None}
    row.update((k, v) for k, v in data.items() if k not in {"relation", "start", "end", "type"})
    return row


def _label(node_type: str) -> str:
    """'organisation' -> 'Organisation', 'nhs_trust' -> 'NhsTrust' (Neo4j labels are CamelCase)."""
    return str(node_type).replace("_", " ").title().replace(" ", "")


def _write(path: Path, fixed: dict[str, str], rows: list[dict]) -> None:
    keys = list(fixed)
    for row in rows:
        keys.extend(k for k in row if k not in keys)
    header = [fixed.get(k) or _typed(k, (row[k] for row in rows if row.get(k) is not None)) for k in keys]
    with replacing(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([_cell(row.get(k)) for k in keys] for row in rows)


def _typed(key: str, values: Iterable[object]) -> str:
    kinds = {_TYPES.get(type(v), "string") for v in values}
    if kinds == {"int", "float"}:
        kinds = {"float"}
    return f"{key}:{kinds.pop()}" if len(kinds) == 1 and "string" not in kinds else key


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).splitlines()) if isinstance(value, str) else str(value)


def _read(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = [_column(h) for h in header]
        return [
            {name: parse(cell) for (name, parse), cell in zip(columns, row, strict=True) if cell != ""}
            for row in reader
        ]


def _column(header: str) -> tuple[str, object]:
    """A header cell as (key, parser): 'degree:int' -> ('degree', int); ':LABEL' and 'id:ID' stay text."""
    name, typed, kind = header.partition(":")
    if not name or not typed:
        return header, str
    return name, _PARSERS.get(kind, str)
