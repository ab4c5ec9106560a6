"""Reading SPARQL text without running it: its keywords, variables and form.

A small lexer that knows where SPARQL's comments, strings, IRIs, variables and prefixed names
begin and end, so a keyword is only ever a bare word of the query itself: an `INSERT` inside a
string, an IRI, a comment or a prefixed name such as `ex:insert` is not one. pyoxigraph's own
parser then decides whether the text is valid; `Store.query` only ever accepts a query, so an
update can never run, and this lexer is what gives the user a clear reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.errors import QueryError

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
              |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'
              |"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w[\w\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[\w\-.]+)
  | (?P<pname>(?:[^\W\d_][\w\-.]*)?:(?:[\w\-.:%]|\\\S)*)
  | (?P<word>[^\W\d][\w]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


@dataclass
class Scan:
    """What the lexer found: bare keywords (upper case, in order) and variable names."""

    words: list[str] = field(default_factory=list)
    variables: set[str] = field(default_factory=set)

    @property
    def form(self) -> str | None:
        """SELECT, CONSTRUCT, ASK or DESCRIBE: the first query form named (None for an update or garbage)."""
        return next((w for w in self.words if w in FORMS), None)

    @property
    def update_words(self) -> list[str]:
        return [w for w in self.words if w in UPDATE_WORDS]


def scan(text: str) -> Scan:
    """Split SPARQL text into tokens and keep the bare words and the variables."""
    found = Scan()
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            found.words.append(match.group().upper())
        elif kind == "var":
            found.variables.add(match.group()[1:])
    return found


def check_read_only(text: str, *, allow_service: bool = False) -> Scan:
    """Refuse SPARQL Update, and SERVICE (a query that calls other servers) unless allowed."""
    found = scan(text)
    if found.update_words:
        raise QueryError(f"SPARQL Update ({found.update_words[0]}) is not allowed: graphkit queries are read-only")
    if "SERVICE" in found.words and not allow_service:
        raise QueryError("the query calls a remote endpoint (SERVICE); pass --allow-service to permit it")
    return found
