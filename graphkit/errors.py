"""Errors graphkit raises on purpose; the CLI turns each into one line and an exit code."""

from __future__ import annotations

import re

# Control characters (C0, DEL, C1) in a file name would reach the terminal raw: a newline splits the
# one-line message, an ESC starts a terminal command. They are shown escaped instead ('\\n', '\\x1b').
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(value: object) -> str:
    """A path or name as it is safe to print: control characters escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))


class GraphkitError(Exception):
    """Base class: a problem the user can act on, reported as one line."""

    exit_code = 2


class InputError(GraphkitError):
    """A source file that cannot be read as a document (names the file and the reason)."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{shown(self.path)}: {shown(reason)}")


class SetupError(GraphkitError):
    """Something missing from the installation, such as the spaCy pipeline."""


class QueryError(GraphkitError):
    """A SPARQL query that cannot be run (syntax, refused feature, timeout)."""


class GraphFileError(GraphkitError):
    """A graph file or store that cannot be read or written."""
