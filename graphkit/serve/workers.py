"""Query workers for the endpoint: a fixed set of forked processes that run queries, one at a time each.

A worker is forked from the serving process once the graph is loaded (copy-on-write: nothing is
reloaded) and then answers query after query, so a request costs a pipe round trip, not a fork.
Each worker is held to the query limits (graphkit.query.limits): its address space is capped, it
dies with the server, and a query past its deadline is stopped by killing the worker, which is
then replaced. A query that has run for a while is lowered in CPU priority, so a runaway query
takes what the other clients leave over. The serving process itself never evaluates a query.
"""

from __future__ import annotations

import contextlib
import functools
import io
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from graphkit.errors import QueryError
from graphkit.query import QueryLimit, QueryTimeout, run, write
from graphkit.query.limits import ended_without_answer, outcome, prepare_child

# A query still running after this many seconds yields the CPU to the others: at niceness 10 it
# gets about a tenth of what a normal process does (19 starves it on a busy machine).
DEMOTE_AFTER = 0.25
DEMOTED_NICENESS = 10
# A worker sends its answer up the pipe in pieces of this many bytes; one longer than a piece is streamed.
CHUNK = 1 << 16


@dataclass(frozen=True)
class Job:
    """One query for a worker: plain values only (they cross a pipe)."""

    text: str
    fmt: str
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


class Worker:
    def __init__(self, store: ox.Store, memory_mb: int | None, max_result: int | None) -> None:
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_work, args=(store, send, os.getpid(), memory_mb, max_result), daemon=True
        )
        self.process.start()
        send.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
        with contextlib.suppress(OSError):
            self.receive.close()


class Workers:
    """`size` query workers over one store; `answer(job, deadline)` runs a job on a free one."""

    def __init__(
        self, store: ox.Store, size: int, *, memory_mb: int | None = None, max_result: int | None = None
    ) -> None:
        self.store = store
        self.memory_mb = memory_mb
        self.max_result = max_result
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[Worker] = set()
        self._closed = False
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())

    def _spawn(self) -> Worker:
        worker = Worker(self.store, self.memory_mb, self.max_result)
        with self._lock:
            if self._closed:
                worker.stop()
                raise QueryError("the server is stopping")
            self._all.add(worker)
        return worker

    def _retire(self, worker: Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        if not self._closed:
            with contextlib.suppress(QueryError):
                self._idle.put(self._spawn())

    def answer(self, job: Job, timeout: float, started: float) -> bytes:
        """The serialized answer to `job`, whole, within `timeout` seconds counted from `started` (time.monotonic)."""
        return b"".join(self.stream(job, timeout, started))

    def stream(self, job: Job, timeout: float, started: float) -> Iterator[bytes]:
        """The serialized answer to `job` in pieces of about CHUNK bytes, as the worker writes them.

        The deadline covers the whole answer. A failure raises where it happens: before the first
        piece (nothing was sent) or after some (the answer is cut there). A stream closed before its
        end stops its worker, which is replaced.
        """
        try:
            worker = self._idle.get(timeout=max(timeout - (time.monotonic() - started), 0.001))
        except queue.Empty:
            busy = f"the query was stopped after {timeout:g} s (its timeout): every worker was busy"
            raise QueryTimeout(busy) from None
        finished = False
        demoted = False
        try:
            worker.receive.send(job)
            while True:
                answered, demoted = self._wait(worker, timeout, started, demoted)
                if not answered:
                    raise QueryTimeout(f"the query was stopped after {timeout:g} s (its timeout)")
                status, payload = worker.receive.recv()
                if status != "chunk":
                    break
                yield payload
            finished = True
        except (EOFError, OSError):
            worker.process.join(1)
            if self._closed:
                raise QueryError("the server is stopping") from None
            raise ended_without_answer(worker.process.exitcode, self.memory_mb) from None
        finally:
            if not finished:
                self._retire(worker)
        if status == "limit" or (demoted and not _renice(worker, 0)):
            self._retire(worker)  # out of memory, or stuck at a low priority without the right to raise it
        else:
            self._idle.put(worker)
        if status == "limit":
            raise QueryLimit(payload)
        if status == "error":
            raise QueryError(payload)
        if payload:
            yield payload

    def _wait(self, worker: Worker, timeout: float, started: float, demoted: bool = False) -> tuple[bool, bool]:
        """Wait for the worker's next message, lowering its priority if it runs long: (answered, demoted)."""
        while True:
            remaining = timeout - (time.monotonic() - started)
            if remaining <= 0:
                return False, demoted
            if worker.receive.poll(remaining if demoted else min(remaining, DEMOTE_AFTER)):
                return True, demoted
            if not demoted:
                demoted = _renice(worker, DEMOTED_NICENESS)

    def close(self) -> None:
        """Kill every worker, in-flight queries included."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


def _renice(worker: Worker, niceness: int) -> bool:
    """Set a worker's CPU niceness; False when not allowed (raising priority back may need privileges)."""
    try:
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, niceness)
    except (OSError, TypeError):
        return False
    return True


def _work(store: ox.Store, pipe, parent: int, memory_mb: int | None, max_result: int | None) -> None:
    prepare_child(parent, memory_mb)
    while True:
        try:
            job: Job = pipe.recv()
        except (EOFError, OSError):
            os._exit(0)
        sink = _Chunks(pipe, max_result)
        message = outcome(functools.partial(_answer, store, job, sink), memory_mb)
        try:
            pipe.send(message)
        except (OSError, MemoryError):
            os._exit(1)
        if message[0] == "limit":
            os._exit(0)


class _Chunks(io.RawIOBase):
    """Where a worker writes an answer: sent up the pipe every CHUNK bytes, held to the answer-size cap."""

    def __init__(self, pipe, max_result: int | None) -> None:
        self.pipe = pipe
        self.max_result = max_result
        self.pending = bytearray()
        self.total = 0
        self.over = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.total += len(data)
        if self.max_result is not None and self.total > self.max_result:
            self.over = True
            raise OSError("the answer is over its size cap")
        self.pending += data
        if len(self.pending) >= CHUNK:
            try:
                self.pipe.send(("chunk", bytes(self.pending)))
            except (OSError, MemoryError):
                os._exit(1)  # the server is gone
            self.pending.clear()
        return len(data)

    def rest(self) -> bytes:
        return bytes(self.pending)


def _answer(store: ox.Store, job: Job, sink: _Chunks) -> bytes:
    result = run(store, job.text, default_graph=_nodes(job.default_graph), named_graphs=_nodes(job.named_graphs))
    try:
        write(result, job.fmt, sink)
    except (OSError, RuntimeError) as exc:
        if sink.over:
            raise QueryLimit(f"the answer is over the {sink.max_result >> 20} MiB cap; ask for less (LIMIT)") from None
        raise QueryError(f"the query failed: {exc}") from None
    return sink.rest()


def _nodes(iris: tuple[str, ...] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(iri) for iri in iris]
