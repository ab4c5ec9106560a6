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
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass

import pyoxigraph as ox

from graphkit.errors import QueryError
from graphkit.query import QueryLimit, QueryTimeout, answer
from graphkit.query.limits import ended_without_answer, outcome, prepare_child

# A query still running after this many seconds yields the CPU to the others: at niceness 10 it
# gets about a tenth of what a normal process does (19 starves it on a busy machine).
DEMOTE_AFTER = 0.25
DEMOTED_NICENESS = 10


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
        """The serialized answer to `job`, within `timeout` seconds counted from `started` (time.monotonic)."""
        try:
            worker = self._idle.get(timeout=max(timeout - (time.monotonic() - started), 0.001))
        except queue.Empty:
            busy = f"the query was stopped after {timeout:g} s (its timeout): every worker was busy"
            raise QueryTimeout(busy) from None
        try:
            worker.receive.send(job)
            answered, demoted = self._wait(worker, timeout, started)
            if not answered:
                self._retire(worker)
                raise QueryTimeout(f"the query was stopped after {timeout:g} s (its timeout)")
            status, payload = worker.receive.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            self._retire(worker)
            if self._closed:
                raise QueryError("the server is stopping") from None
            raise ended_without_answer(worker.process.exitcode, self.memory_mb) from None
        if status == "limit" or (demoted and not _renice(worker, 0)):
            self._retire(worker)  # out of memory, or stuck at a low priority without the right to raise it
        else:
            self._idle.put(worker)
        if status == "limit":
            raise QueryLimit(payload)
        if status == "error":
            raise QueryError(payload)
        return payload

    def _wait(self, worker: Worker, timeout: float, started: float) -> tuple[bool, bool]:
        """Wait for the worker's answer, lowering its priority if it runs long: (answered, demoted)."""
        demoted = False
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
        message = outcome(functools.partial(_answer, store, job, max_result), memory_mb)
        try:
            pipe.send(message)
        except (OSError, MemoryError):
            os._exit(1)
        if message[0] == "limit":
            os._exit(0)


def _answer(store: ox.Store, job: Job, max_result: int | None) -> bytes:
    return answer(
        store,
        job.text,
        fmt=job.fmt,
        max_result=max_result,
        default_graph=_nodes(job.default_graph),
        named_graphs=_nodes(job.named_graphs),
    )


def _nodes(iris: tuple[str, ...] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(iri) for iri in iris]
