"""The store's ledger: what each document graph in a store was built from, kept beside the store.

A small SQLite file in the store folder. Per document graph: the document id, its source file, the
key (a hash of the document's content and of everything that shapes its triples) and what the
cross-document step needs from it, so an unchanged document is neither parsed nor loaded again.

The builder (graphkit.incremental) removes a document's row before it replaces the graph and
writes the new row after, so a build killed in between leaves the row missing, never one that
claims a graph the store does not have: the next build redoes that document. `dirty` marks a
bulk load in progress (not atomic).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

NAME = "graphkit-ledger.sqlite"


@dataclass(frozen=True, slots=True)
class Entry:
    graph: str  # the document's named graph IRI
    doc_id: str
    source: str  # the file it was read from, as given
    key: str  # hash of its content and of the build's settings
    payload: bytes  # what the cross-document step needs (pickled)


class Ledger:
    def __init__(self, store_dir: str | Path) -> None:
        self.path = Path(store_dir) / NAME
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # safe against a killed process; commits stay cheap
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS documents (graph TEXT PRIMARY KEY, doc_id TEXT, source TEXT, key TEXT, "
            "payload BLOB)"
        )
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")

    def entries(self) -> dict[str, Entry]:
        rows = self.db.execute("SELECT graph, doc_id, source, key, payload FROM documents")
        return {row[0]: Entry(*row) for row in rows}

    def record(self, entries: Iterable[Entry]) -> None:
        """Write rows for graphs now in the store, in one SQLite transaction."""
        rows = [(e.graph, e.doc_id, e.source, e.key, e.payload) for e in entries]
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)", rows)

    def forget(self, graph: str) -> None:
        self.db.execute("DELETE FROM documents WHERE graph = ?", (graph,))

    def get(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set(self, name: str, value: str | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM meta WHERE name = ?", (name,))
        else:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    @property
    def dirty(self) -> bool:
        return self.get("dirty") is not None

    def mark_dirty(self) -> None:
        self.set("dirty", "bulk load in progress")

    def mark_clean(self) -> None:
        self.set("dirty", None)

    def close(self) -> None:
        self.db.close()
