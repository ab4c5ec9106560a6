"""Knowledge compiled from the data files, kept on disk between runs.

Compiling the topic index (tagging every label with spaCy, weighing its words) and tokenising
the gazetteers' names takes seconds at every start, always with the same result for the same
data files and pipeline. So the result is kept as JSON in the user's cache,
`$XDG_CACHE_HOME/graphkit/knowledge/` (~/.cache when unset; never in the repository), under a
key that hashes everything it depends on: the data files, graphkit's version, and the spaCy
pipeline's name and version. A changed data file gets a new key; a cache entry that cannot be
read (corrupt, truncated, another format) is rebuilt silently; a cache that cannot be written
is left alone. Entries are written to a temporary file and renamed, so none is half-written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

FORMAT = 1  # bump when the layout of a cached value changes
T = TypeVar("T")
KEEP = 8  # entries of one name kept; older ones (other data, other versions) are removed


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "graphkit" / "knowledge"


@cache
def data_hash(data: Path) -> str:
    """A hash of every file under the data folder (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(data)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _release(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def key(nlp=None, **extra: str) -> str:
    """What a compiled value depends on: the data files, graphkit's version, the pipeline (if it takes
    one), the format, and `extra` (the versions of other packages it was made with)."""
    from graphkit.resources import data_dir

    meta = getattr(nlp, "meta", {}) or {}
    parts = {
        "format": FORMAT,
        "graphkit": _release("graphkit"),
        "data": data_hash(data_dir().resolve()),
        "spacy": _release("spacy"),
        "pipeline": f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}" if nlp else "",
        "pipes": list(getattr(nlp, "pipe_names", ())),
        **extra,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def cached(name: str, make: Callable[[], Any], decode: Callable[[Any], T], nlp=None, **extra: str) -> T:
    """`decode(make())`, where make's JSON value is read from the cache when an entry for this data exists.

    An entry that is not JSON, or that `decode` cannot read (it raises on a value of the wrong
    shape), is made again and replaced.
    """
    path = cache_root() / f"{name}-{key(nlp, **extra)}.json"
    try:
        return decode(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        pass  # absent or unreadable: made again below
    value = make()
    _store(path, value)
    return decode(value)


def _store(path: Path, value: Any) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
        _prune(path)
    except OSError:  # a read-only or full cache, or a file where its folder should be: the value is still returned
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _prune(path: Path) -> None:
    """Keep the newest KEEP entries of this name."""
    name = path.name.rsplit("-", 1)[0]
    entries = sorted(path.parent.glob(f"{name}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
