"""Connections for the endpoint: accepted sockets wait, without a thread, until their request is whole.

A connection that is open but silent, or sends its request a byte at a time, costs a selector entry
and a buffer, not a thread: one thread reads every waiting connection as bytes arrive, and only a
connection whose request head (and body, by its Content-Length) is complete is handed, with those
bytes, to one of a fixed number of handler threads, which never wait on a client's bytes. A
connection that has not sent a whole request within `idle_timeout` seconds is closed, and past
`max_waiting` waiting connections the oldest is closed first.
"""

from __future__ import annotations

import contextlib
import queue
import re
import selectors
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

Handle = Callable[[socket.socket, tuple, bytes], None]
MAX_HEAD = 64 << 10  # a request head longer than this is handed over as it is (and refused)
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)", re.IGNORECASE | re.MULTILINE)


def complete(data: bytes, max_body: int) -> bool:
    """Whether `data` holds a whole request (or enough to refuse it: an over-long head or body)."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return len(data) > MAX_HEAD
    found = _LENGTH.search(data, 0, end)
    length = int(found.group(1)) if found else 0
    return length > max_body or len(data) >= end + 4 + length


class ConnectionPool:
    def __init__(self, handle: Handle, *, threads: int, idle_timeout: float, max_waiting: int, max_body: int) -> None:
        self._handle = handle
        self._max_body = max_body
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
        waiting: OrderedDict[socket.socket, tuple[tuple, float, bytearray]] = OrderedDict()
        try:
            while not self._stopping.is_set():
                timeout = None
                if waiting:  # the oldest waiting connection is first: wake up when it expires
                    _, since, _ = next(iter(waiting.values()))
                    timeout = max(since + self._idle_timeout - time.monotonic(), 0)
                for key, _ in selector.select(timeout):
                    if key.fileobj is self._wake_read:
                        with contextlib.suppress(OSError):
                            self._wake_read.recv(4096)
                        continue
                    connection = key.fileobj
                    address, _, data = waiting[connection]
                    try:
                        chunk = connection.recv(65536)
                    except BlockingIOError:
                        continue
                    except OSError:
                        chunk = b""
                    if chunk:
                        data += chunk
                    if chunk and not complete(data, self._max_body):
                        continue
                    selector.unregister(connection)
                    del waiting[connection]
                    if chunk:
                        self._ready.put((connection, address, bytes(data)))
                    else:  # the client closed (or reset) before its request was whole
                        _close(connection)
                while True:
                    try:
                        connection, address = self._new.get_nowait()
                    except queue.Empty:
                        break
                    try:
                        connection.setblocking(False)
                        selector.register(connection, selectors.EVENT_READ)
                    except (OSError, ValueError):
                        _close(connection)
                        continue
                    waiting[connection] = (address, time.monotonic(), bytearray())
                    while len(waiting) > self._max_waiting:
                        oldest, _ = waiting.popitem(last=False)
                        selector.unregister(oldest)
                        _close(oldest)
                deadline = time.monotonic() - self._idle_timeout
                while waiting:
                    oldest, (_, since, _) = next(iter(waiting.items()))
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
            connection, address, data = item
            try:
                self._handle(connection, address, data)
            finally:
                _close(connection)


def _close(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_WR)
    with contextlib.suppress(OSError):
        connection.close()
