"""Atomic writes: every export goes to a temporary file beside its target and is renamed when complete."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graphkit.errors import GraphFileError


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`, on failure it is removed."""
    path = Path(path)
    if path.is_dir():
        raise GraphFileError(f"{path}: is a folder, not a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")  # created by the writer, so umask applies
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise GraphFileError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
