"""A deadline for queries: pyoxigraph cannot be interrupted, so a timed query runs in a child process.

The child is forked, so it shares the loaded graph with the parent (copy-on-write, nothing is
reloaded); it runs the query, serializes the answer and sends the bytes back through a pipe.
At the deadline the parent kills it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

from graphkit.errors import GraphkitError, QueryError


class QueryTimeout(QueryError):
    """A query stopped at its deadline."""


def run_with_deadline(task: Callable[[], bytes], timeout: float | None) -> bytes:
    """`task()` in this process when there is no timeout, else in a forked child stopped after `timeout` seconds."""
    if timeout is None:
        return task()
    if timeout <= 0:
        raise QueryError(f"the timeout must be a positive number of seconds, not {timeout:g}")
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        raise QueryError("a query timeout needs os.fork, which this platform lacks; run without --timeout") from None
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(task, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryTimeout(f"the query was stopped after {timeout:g} s (its timeout)")
        try:
            status, payload = receive.recv()
        except EOFError:
            child.join(1)
            raise QueryError(f"the query process ended without an answer (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if status == "error":
        raise QueryError(payload)
    return payload


def _child(task: Callable[[], bytes], send) -> None:
    try:
        message = ("ok", task())
    except GraphkitError as exc:
        message = ("error", str(exc))
    except Exception as exc:
        message = ("error", f"the query failed: {exc}")
    send.send(message)
    send.close()
