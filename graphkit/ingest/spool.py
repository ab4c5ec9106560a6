"""Rows grouped by a key without holding the file in memory: a throwaway SQLite file on disk.

Disqus exports list every thread, then every post in any order; CSV exports need not be sorted
by article. Rows go to disk as they are read and come back one group at a time, groups in the
order their first row came.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from typing import Any


class Spool:
    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="graphkit-spool-")
        self._db = sqlite3.connect(f"{self._dir.name}/rows.db")
        self._db.execute("CREATE TABLE rows (grp INTEGER, n INTEGER PRIMARY KEY, data TEXT)")
        self._groups: dict[str, int] = {}

    def add(self, key: str, row: Any) -> None:
        group = self._groups.setdefault(key, len(self._groups))
        self._db.execute("INSERT INTO rows (grp, data) VALUES (?, ?)", (group, json.dumps(row)))

    def groups(self) -> Iterator[tuple[str, list[Any]]]:
        """(key, rows) for each group in first-seen order; rows in the order they were added."""
        self._db.execute("CREATE INDEX by_group ON rows (grp, n)")
        for key, group in self._groups.items():
            rows = self._db.execute("SELECT data FROM rows WHERE grp = ? ORDER BY n", (group,))
            yield key, [json.loads(data) for (data,) in rows]

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
