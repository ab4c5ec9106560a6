"""Atomic writes: every export goes to a temporary file beside its target and is renamed when complete.

The temporary file is `.<name>.<pid>.<random>.part`. A writer killed outright (kill -9) cannot
remove its own; the next writer of the same target removes every one whose process is gone.
"""

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
    remove_stale_parts(path)
    tmp = path.with_name(
        f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.part"
    )  # the writer creates it: umask applies
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise GraphFileError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_parts(path: Path) -> list[Path]:
    """Remove temporary files of earlier writers of `path` that are no longer running; return them."""
    removed = []
    for part in path.parent.glob(f".{glob_escape(path.name)}.*.part"):
        pid = part.name[len(path.name) + 2 :].split(".")[0]
        if not pid.isdigit() or not _running(int(pid)):
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
