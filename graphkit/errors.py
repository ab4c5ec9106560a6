"""Errors graphkit raises on purpose, and the exit codes of the command line.

The CLI turns each GraphkitError into one line and its exit code; anything else is a bug, reported
as one line too (INTERNAL_ERROR; `graphkit --traceback …` shows where).
"""

from __future__ import annotations

import re
from enum import IntEnum

# Control characters (C0, DEL, C1) in a file name would reach the terminal raw: a newline splits the
# one-line message, an ESC starts a terminal command. They are shown escaped instead ('\\n', '\\x1b').
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(value: object) -> str:
    """A path or name as it is safe to print: control characters escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))


class ExitCode(IntEnum):
    """Every exit status of the `graphkit` command."""

    OK = 0  # done
    SKIPPED_INPUTS = 1  # built, but some inputs (or posts) were skipped; each was named on stderr
    VIOLATIONS = 1  # graphkit validate: the graph does not conform to the shapes
    USER_ERROR = 2  # nothing done: bad arguments, a missing or unreadable file, a bad query
    INTERNAL_ERROR = 70  # a bug in graphkit (sysexits' EX_SOFTWARE)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


class GraphkitError(Exception):
    """Base class: a problem the user can act on, reported as one line."""

    exit_code = ExitCode.USER_ERROR


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
