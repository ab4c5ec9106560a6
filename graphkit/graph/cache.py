"""Graph files opened as stores: parsed once, then opened in place, keyed by the file's content hash.

Parsing a TriG file of a million quads takes seconds and most of a gigabyte each time; opening an
on-disk store of the same graph takes milliseconds and little memory. So a graph file big enough
to be worth it is loaded once into a store (with the default graph the set-merge of its named
graphs, as for any graph graphkit queries) and later opened read-only:

- beside the file, as `<name>.store/`, when the build that wrote the file made it (graphkit build
  does, for its own output: e.g. build/graph.store/ beside build/graph.trig);
- else in the user's cache, `$XDG_CACHE_HOME/graphkit/stores/<hash>/` (~/.cache when unset),
  never in the repository. The newest few are kept.

A store is used only if the file's content hash is the one it was made from; a changed file gets
a new one. Stores are made in a temporary folder and renamed when complete, so a killed load never
leaves a half-made store to be opened.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from pathlib import Path

import pyoxigraph as ox

from graphkit.errors import GraphFileError
from graphkit.graph.store import add_graphs

MIN_BYTES = 2_000_000  # smaller files parse in memory faster than a store is made (bench/bench_query.py)
KEEP = 6  # cached stores kept in the user's cache
SOURCE = "source.json"  # in each cached store: the hash and size of the file it was made from


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "graphkit" / "stores"


def beside(path: Path) -> Path:
    """Where the build keeps the store of its graph file: build/graph.trig -> build/graph.store."""
    return path.with_name(f"{path.stem}.store")


def digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def open_cached(path: Path, fmt: ox.RdfFormat) -> ox.Store | None:
    """The read-only store of a graph file, made now if no store of this content exists; None if it cannot be."""
    key = digest(path)
    for folder in (beside(path), cache_root() / key):
        if _made_from(folder) == key:
            try:
                store = ox.Store.read_only(str(folder))
            except OSError:
                continue
            os.utime(folder)  # recently used: kept longest
            return store
    try:
        folder = make(path, fmt, cache_root() / key, key)
    except OSError:
        return None  # no writable cache: the caller parses the file in memory
    _trim(cache_root())
    return ox.Store.read_only(str(folder))


def make(path: Path, fmt: ox.RdfFormat, folder: Path, key: str | None = None) -> Path:
    """Load a graph file into a new store at `folder` (replacing any there), atomically; return the folder."""
    key = key or digest(path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        store = ox.Store(str(tmp))
        try:
            add_graphs(store, ox.parse(path=str(path), format=fmt))
        except (SyntaxError, ValueError) as exc:
            raise GraphFileError(f"{path}: cannot be read as {fmt.name} ({str(exc).splitlines()[0]})") from None
        store.optimize()
        store.flush()
        del store
        (tmp / SOURCE).write_text(json.dumps({"sha256": key, "file": str(path)}), encoding="utf-8")
        if folder.exists():
            old = folder.with_name(f".{folder.name}.{secrets.token_hex(4)}.old")
            folder.rename(old)
            shutil.rmtree(old, ignore_errors=True)
        tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def _made_from(folder: Path) -> str | None:
    try:
        return json.loads((folder / SOURCE).read_text(encoding="utf-8")).get("sha256")
    except (OSError, ValueError, AttributeError):
        return None


def _trim(root: Path) -> None:
    """Keep the newest KEEP cached stores; remove older ones and temporary folders of dead loads."""
    stores = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), key=_mtime, reverse=True)
    for old in stores[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
    for tmp in root.glob(".*.tmp"):
        pid = tmp.name.split(".")[2] if tmp.name.count(".") >= 3 else ""
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
