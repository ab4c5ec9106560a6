"""Per-document work on an existing Dask cluster (`graphkit build --dask tcp://SCHEDULER:8786`).

Documents go to the cluster in partitions; each task runs graphkit.pipeline.process_documents on
one partition in a worker, where the spaCy pipeline is loaded once per worker process (the cached
loader) and kept for every later task. Results stream back as tasks finish (as_completed) and are
handed on in input order, so the cross-document step in this process, and so the graph, are the
same as a local build's. A bounded number of partitions is in flight at a time: memory stays flat
however long the corpus.

Workers need graphkit (the same version) installed: `pip install graphkit[dask]` on each.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Iterator
from itertools import islice

from graphkit.errors import GraphkitError
from graphkit.model import Document

PARTITION = 16  # documents per task
CONNECT_TIMEOUT = "10s"
_ONE_AT_A_TIME = threading.Lock()  # a worker with several threads runs one spaCy pipeline at a time


def dask_documents(docs: Iterable, options, address: str, *, partition: int = PARTITION) -> Iterator:
    """process_documents over the documents on the cluster at `address`; DocumentResults in input order."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise GraphkitError("--dask needs dask.distributed: pip install 'graphkit[dask]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise GraphkitError(f"cannot reach the Dask scheduler at {address} ({str(exc).splitlines()[0]})") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        in_flight = 2 * workers + 1
        parts = _partitions(iter(docs), partition)
        futures = as_completed(loop=client.loop)
        index: dict[str, int] = {}  # task key -> its partition's place in input order
        done: dict[int, list] = {}
        submitted = following = 0
        run = uuid.uuid4().hex[:8]

        def submit() -> bool:
            nonlocal submitted
            part = next(parts, None)
            if part is None:
                return False
            key = f"graphkit-{run}-{submitted}"
            index[key] = submitted
            futures.add(client.submit(process_partition, part, options, key=key))
            submitted += 1
            return True

        while submitted < in_flight and submit():
            pass
        for future in futures:
            try:
                done[index.pop(future.key)] = future.result()
            except Exception as exc:  # a worker's failure, raised here: one line, not a remote traceback
                raise GraphkitError(f"a Dask worker failed: {type(exc).__name__}: {str(exc).splitlines()[0]}") from None
            future.release()
            while following in done:
                yield from done.pop(following)
                following += 1
            while submitted - following < in_flight and submit():
                pass
    finally:
        client.close()


def process_partition(docs: list[Document], options) -> list:
    """One task: a partition of documents processed in a worker (spaCy loaded once per worker process)."""
    from graphkit.pipeline import process_documents

    with _ONE_AT_A_TIME:
        return list(process_documents(docs, options))


def _partitions(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while part := list(islice(docs, size)):
        yield part
