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
        self._indexed = False

    def add(self, key: str, row: Any) -> None:
        group = self._groups.setdefault(key, len(self._groups))
        self._db.execute("INSERT INTO rows (grp, data) VALUES (?, ?)", (group, json.dumps(row)))

    def groups(self) -> Iterator[tuple[str, list[Any]]]:
        """(key, rows) for each group in first-seen order; rows in the order they were added."""
        for key in self.group_keys():
            yield key, self.rows([key])

    def group_keys(self) -> list[str]:
        """The group keys, in the order their first row came."""
        return list(self._groups)

    def count(self, key: str) -> int:
        return self._db.execute("SELECT COUNT(*) FROM rows WHERE grp = ?", (self._groups[key],)).fetchone()[0]

    def rows(self, keys: list[str]) -> list[Any]:
        """The rows of several groups together, in the order they were added."""
        if not self._indexed:
            self._db.execute("CREATE INDEX by_group ON rows (grp, n)")
            self._indexed = True
        marks = ",".join("?" * len(keys))
        found = self._db.execute(
            f"SELECT data FROM rows WHERE grp IN ({marks}) ORDER BY n",  # only the "?" marks are formatted in
            [self._groups[k] for k in keys],
        )
        return [json.loads(data) for (data,) in found]

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
