"""What readers report besides documents and errors: what they left out, and what they repaired.

Readers yield these alongside Documents and InputErrors; `read_documents` passes them on and the
build summary counts `Skipped` items by reason ('pingback', 'spam', ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from graphkit.errors import shown


@dataclass(frozen=True, slots=True)
class Skipped:
    """`count` items of one kind a reader left out of (or moved within) a file, for one reason."""

    path: str
    reason: str  # 'pingback', 'spam comment', 'empty thread', 'orphan reply attached to the article' ...
    count: int = 1
    detail: str = ""  # a line worth printing on its own, e.g. which post was over the size cap

    def __str__(self) -> str:
        detail = f": {shown(self.detail)}" if self.detail else ""
        return f"{shown(self.path)}: skipped {self.count} {shown(self.reason)}{detail}"


@dataclass(frozen=True, slots=True)
class Note:
    """One line about a file that was read, but not quite as written (a charset guessed, markup repaired)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{shown(self.path)}: {shown(self.message)}"
