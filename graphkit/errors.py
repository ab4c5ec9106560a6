"""Errors graphkit raises on purpose; the CLI turns each into one line and an exit code."""

from __future__ import annotations


class GraphkitError(Exception):
    """Base class: a problem the user can act on, reported as one line."""

    exit_code = 2


class InputError(GraphkitError):
    """A source file that cannot be read as a document (names the file and the reason)."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class SetupError(GraphkitError):
    """Something missing from the installation, such as the spaCy pipeline."""


class QueryError(GraphkitError):
    """A SPARQL query that cannot be run (syntax, refused feature, timeout)."""


class GraphFileError(GraphkitError):
    """A graph file or store that cannot be read or written."""
