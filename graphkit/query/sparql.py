"""Reading SPARQL text without running it: its keywords, variables, form and nesting depth.

A small lexer that knows where SPARQL's comments, strings, IRIs, variables and prefixed names
begin and end, so a keyword is only ever a bare word of the query itself: an `INSERT` inside a
string, an IRI, a comment or a prefixed name such as `ex:insert` is not one. pyoxigraph's own
parser then decides whether the text is valid; `Store.query` only ever accepts a query, so an
update can never run, and this lexer is what gives the user a clear reason.

The lexer is linear in the query's length: every token pattern, once started, consumes all it
read (an unterminated string runs to the end of its line or of the text), so no character is
read more than a bounded number of times. It also measures how deeply (), {} and [] nest, so a
query that would overflow the parser's stack is refused before pyoxigraph sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.errors import QueryError

# A query longer than this is refused before it is read (characters).
MAX_QUERY_CHARS = 100_000
# (), {} and [] nested deeper than this are refused: pyoxigraph's parser recurses per level (it
# overflows its stack near 5,000) and nested blank-node brackets cost it time cubic in the depth.
MAX_NESTING = 64

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|\\\Z|'(?!''))*(?:'''|\Z)
              |\"\"\"(?:[^"\\]|\\.|\\\Z|"(?!""))*(?:\"\"\"|\Z)
              |'(?:[^'\\\n\r]|\\[^\n\r]|\\(?=[\n\r])|\\\Z)*(?:'|(?=[\n\r])|\Z)
              |"(?:[^"\\\n\r]|\\[^\n\r]|\\(?=[\n\r])|\\\Z)*(?:"|(?=[\n\r])|\Z))
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w[\w\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[\w\-.]*)
  | (?P<name>[^\W\d][\w\-.]*(?::(?:[\w\-.:%]|\\\S)*)?)
  | (?P<pname>:(?:[\w\-.:%]|\\\S)*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# The keywords inside a name run that is not a prefixed name (`a-b.c` reads as a, b, c).
_WORD = re.compile(r"[^\W\d]\w*")

FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


@dataclass
class Scan:
    """What the lexer found: bare keywords (upper case, in order), variable names, deepest nesting."""

    words: list[str] = field(default_factory=list)
    variables: set[str] = field(default_factory=set)
    depth: int = 0

    @property
    def form(self) -> str | None:
        """SELECT, CONSTRUCT, ASK or DESCRIBE: the first query form named (None for an update or garbage)."""
        return next((w for w in self.words if w in FORMS), None)

    @property
    def update_words(self) -> list[str]:
        return [w for w in self.words if w in UPDATE_WORDS]


def scan(text: str) -> Scan:
    """Split SPARQL text into tokens and keep the bare words, the variables and the deepest nesting."""
    found = Scan()
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "name":
            token = match.group()
            if ":" not in token:
                found.words.extend(word.upper() for word in _WORD.findall(token))
        elif kind == "var":
            found.variables.add(match.group()[1:])
        elif kind == "open":
            depth += 1
            found.depth = max(found.depth, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
    return found


def check_size(text: str, *, max_chars: int = MAX_QUERY_CHARS) -> None:
    """Refuse a query longer than `max_chars` characters."""
    if len(text) > max_chars:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {max_chars:,}")


def check_read_only(
    text: str, *, allow_service: bool = False, max_chars: int = MAX_QUERY_CHARS, max_depth: int = MAX_NESTING
) -> Scan:
    """Refuse over-long or over-nested queries, SPARQL Update, and SERVICE (calls to other servers) unless allowed."""
    if not isinstance(text, str):
        raise QueryError("the query is not text")
    check_size(text, max_chars=max_chars)
    found = scan(text)
    if found.depth > max_depth:
        raise QueryError(f"the query nests (), {{}} or [] {found.depth} deep; the limit is {max_depth}")
    if found.update_words:
        raise QueryError(f"SPARQL Update ({found.update_words[0]}) is not allowed: graphkit queries are read-only")
    if "SERVICE" in found.words and not allow_service:
        raise QueryError("the query calls a remote endpoint (SERVICE); pass --allow-service to permit it")
    return found
