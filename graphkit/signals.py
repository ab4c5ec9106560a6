"""SIGTERM handled while a command runs, so that its `finally` blocks clean up (temporary files,
stores, worker processes) instead of the process dying where it stands."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def on_sigterm(handler: Callable[[int, object], None], *, keep_existing: bool = False) -> Iterator[None]:
    """`handler` answers SIGTERM inside the block (main thread only: elsewhere signals cannot be set).

    With `keep_existing`, a handler someone else installed (an enclosing command's) stays in charge.
    """
    current = signal.getsignal(signal.SIGTERM)
    if threading.current_thread() is not threading.main_thread() or (
        keep_existing and current not in (signal.SIG_DFL, None)
    ):
        yield
        return
    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, current)
