"""Limits for queries: a deadline, a memory cap and a result-size cap, enforced in a child process.

pyoxigraph cannot be interrupted, so a limited query runs in a forked child: it shares the loaded
graph with the parent (copy-on-write, nothing is reloaded), runs the query, serializes the answer
and sends the bytes back through a pipe. At the deadline the parent kills it. The child

- dies with its parent (PR_SET_PDEATHSIG on Linux, and the parent kills it on SIGTERM/SIGINT),
- takes the default action on SIGTERM/SIGINT (a Python handler would wait for the query to end),
- may be capped in address space (RLIMIT_AS: what it has at fork plus `memory_mb`), so a
  memory-hungry query ends that child, not the machine.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import multiprocessing
import os
import signal
import time
from collections.abc import Callable

from graphkit.errors import GraphkitError, QueryError
from graphkit.signals import on_sigterm

# Defaults `graphkit serve` applies to every query (the CLI applies the timeout only when asked).
DEFAULT_TIMEOUT = 60.0  # seconds
DEFAULT_MEMORY_MB = 2048  # address space a query may add to its worker, MiB
DEFAULT_MAX_RESULT = 64 << 20  # bytes of serialized answer

_PR_SET_PDEATHSIG = 1


class QueryTimeout(QueryError):
    """A query stopped at its deadline."""


class QueryLimit(QueryError):
    """A query stopped because it needed more memory or produced a bigger answer than allowed."""


def run_with_deadline(
    task: Callable[[], bytes],
    timeout: float | None,
    *,
    memory_mb: int | None = None,
    max_result: int | None = None,
    started: float | None = None,
) -> bytes:
    """`task()` in this process when there is no limit, else in a forked child held to the limits given.

    The timeout counts from `started` (a time.monotonic() value) when given, so the work done before
    (reading and checking the query) is inside the deadline.
    """
    if timeout is None and memory_mb is None:
        return _capped(task(), max_result)
    if timeout is not None and timeout <= 0:
        raise QueryError(f"the timeout must be a positive number of seconds, not {timeout:g}")
    remaining = None if timeout is None else timeout - (time.monotonic() - started if started is not None else 0.0)
    if remaining is not None and remaining <= 0:
        raise QueryTimeout(f"the query was stopped after {timeout:g} s (its timeout)")
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        raise QueryError("a query timeout needs os.fork, which this platform lacks; run without --timeout") from None
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(task, send, os.getpid(), memory_mb, max_result), daemon=True)
    with on_sigterm(_interrupt, keep_existing=True):  # the parent kills the child in its finally
        try:
            child.start()
            send.close()
            if not receive.poll(remaining):
                raise QueryTimeout(f"the query was stopped after {timeout:g} s (its timeout)")
            try:
                status, payload = receive.recv()
            except EOFError:
                child.join(1)
                raise ended_without_answer(child.exitcode, memory_mb) from None
        finally:
            if child.is_alive():
                child.kill()
            child.join()
            receive.close()
    if status == "limit":
        raise QueryLimit(payload)
    if status == "error":
        raise QueryError(payload)
    return payload


def ended_without_answer(exitcode: int | None, memory_mb: int | None) -> QueryError:
    """The error for a query child that died: out of memory (abort) or another crash."""
    if memory_mb is not None and exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL):
        return QueryLimit(f"the query was stopped: it needed more than {memory_mb} MiB of memory (its cap)")
    return QueryError(f"the query process ended without an answer (exit code {exitcode})")


def prepare_child(parent: int, memory_mb: int | None) -> None:
    """In a freshly forked query child: default signals, die with the parent, cap the address space."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    # The child reports through its pipe; the runtime's own out-of-memory backtrace is noise.
    faulthandler.disable()
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    if memory_mb is not None:
        cap_memory(memory_mb)


def cap_memory(memory_mb: int) -> None:
    """Limit this process's address space to what it has now plus `memory_mb` MiB (Linux/Unix)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = size + (memory_mb << 20)
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no RLIMIT_AS: the deadline still holds


def _capped(data: bytes, max_result: int | None) -> bytes:
    if max_result is not None and len(data) > max_result:
        raise QueryLimit(
            f"the answer is {len(data) >> 20} MiB, over the {max_result >> 20} MiB cap; ask for less (LIMIT)"
        )
    return data


def outcome(task: Callable[[], bytes], memory_mb: int | None) -> tuple[str, bytes | str]:
    """Run a query in a child process: ("ok", answer), ("limit", why) or ("error", why), never an exception."""
    try:
        return ("ok", task())
    except QueryLimit as exc:
        return ("limit", str(exc))
    except MemoryError:
        return ("limit", f"the query was stopped: it needed more than {memory_mb} MiB of memory (its cap)")
    except GraphkitError as exc:
        return ("error", str(exc))
    except Exception as exc:
        return ("error", f"the query failed: {exc}")


def _child(task: Callable[[], bytes], send, parent: int, memory_mb: int | None, max_result: int | None) -> None:
    prepare_child(parent, memory_mb)
    send.send(outcome(lambda: _capped(task(), max_result), memory_mb))
    send.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
