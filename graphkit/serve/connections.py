"""Connections for the endpoint: accepted sockets wait, without a thread, until they send something.

A connection that is open but silent costs a selector entry, not a thread: only a connection with
bytes to read is handed to one of a fixed number of handler threads (which then read the request
under a socket timeout). A connection silent for `idle_timeout` seconds is closed, and past
`max_waiting` waiting connections the oldest is closed first.
"""

from __future__ import annotations

import contextlib
import queue
import selectors
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

Handle = Callable[[socket.socket, tuple], None]


class ConnectionPool:
    def __init__(self, handle: Handle, *, threads: int, idle_timeout: float, max_waiting: int) -> None:
        self._handle = handle
        self._idle_timeout = idle_timeout
        self._max_waiting = max_waiting
        self._new: queue.SimpleQueue = queue.SimpleQueue()
        self._ready: queue.SimpleQueue = queue.SimpleQueue()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._stopping = threading.Event()
        self._threads = [threading.Thread(target=self._wait_loop, name="gk-waiting", daemon=True)]
        self._threads += [
            threading.Thread(target=self._handle_loop, name=f"gk-handler-{i}", daemon=True) for i in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def add(self, connection: socket.socket, address: tuple) -> None:
        """A newly accepted connection: it waits here until it has bytes to read."""
        self._new.put((connection, address))
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")

    def close(self) -> None:
        if self._stopping.is_set():
            return
        self._stopping.set()
        for _ in self._threads[1:]:
            self._ready.put(None)
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")
        for thread in self._threads:
            thread.join(2)
        self._wake_read.close()
        self._wake_write.close()

    def _wait_loop(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._wake_read, selectors.EVENT_READ)
        waiting: OrderedDict[socket.socket, tuple[tuple, float]] = OrderedDict()
        try:
            while not self._stopping.is_set():
                timeout = None
                if waiting:  # the oldest waiting connection is first: wake up when it expires
                    _, since = next(iter(waiting.values()))
                    timeout = max(since + self._idle_timeout - time.monotonic(), 0)
                for key, _ in selector.select(timeout):
                    if key.fileobj is self._wake_read:
                        with contextlib.suppress(OSError):
                            self._wake_read.recv(4096)
                        continue
                    selector.unregister(key.fileobj)
                    address, _ = waiting.pop(key.fileobj)
                    self._ready.put((key.fileobj, address))
                while True:
                    try:
                        connection, address = self._new.get_nowait()
                    except queue.Empty:
                        break
                    try:
                        selector.register(connection, selectors.EVENT_READ)
                    except (OSError, ValueError):
                        _close(connection)
                        continue
                    waiting[connection] = (address, time.monotonic())
                    while len(waiting) > self._max_waiting:
                        oldest, _ = waiting.popitem(last=False)
                        selector.unregister(oldest)
                        _close(oldest)
                deadline = time.monotonic() - self._idle_timeout
                while waiting:
                    oldest, (_, since) = next(iter(waiting.items()))
                    if since > deadline:
                        break
                    del waiting[oldest]
                    selector.unregister(oldest)
                    _close(oldest)
        finally:
            for connection in waiting:
                _close(connection)
            selector.close()

    def _handle_loop(self) -> None:
        while True:
            item = self._ready.get()
            if item is None:
                return
            connection, address = item
            try:
                self._handle(connection, address)
            finally:
                _close(connection)


def _close(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_WR)
    with contextlib.suppress(OSError):
        connection.close()
