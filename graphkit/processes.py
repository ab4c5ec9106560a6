"""Worker processes of a build: `process_documents` over the documents in N processes, results in input order.

On Linux the workers are forked from a parent that has loaded the spaCy pipeline, the matchers and
the tables first (`prepare_workers`), so they share them copy-on-write instead of each loading its own.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphkit.model import Document
    from graphkit.pipeline import BuildOptions, DocumentResult

CHUNK = 4  # documents sent to a worker process at a time: few, so that the workers finish together
LOCAL_BELOW = 16  # documents per worker under which a build runs in one process: starting workers costs more


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_documents(docs: Iterable[Document], options: BuildOptions, n_process: int = 1) -> Iterator[DocumentResult]:
    """process_documents over the documents, in `n_process` worker processes; results in input order.

    An input of fewer than LOCAL_BELOW documents per worker is processed here: starting workers, each loading
    spaCy, would take longer than the work.
    """
    from graphkit import pipeline

    docs = iter(docs)
    first = list(islice(docs, LOCAL_BELOW * n_process))
    if n_process <= 1 or len(first) < LOCAL_BELOW * n_process:
        yield from pipeline.process_documents(_chain(first, docs), options)
        return
    import multiprocessing

    chunks = _chunks(_chain(first, docs), CHUNK)
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    if context.get_start_method() == "fork":
        prepare_workers()  # once here: the forked workers share the loaded pipeline and matchers (copy-on-write)
        settle()
    with ProcessPoolExecutor(n_process, mp_context=context) as pool:
        pending: list[Future] = []
        for chunk in chunks:
            pending.append(pool.submit(_process_chunk, chunk, options))
            if len(pending) > 2 * n_process:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


def prepare_workers() -> None:
    """Load what every worker needs before its first document: the spaCy pipeline, the extractors' matchers
    and tables, the resolver."""
    import graphkit.resolve  # noqa: F401  (imported, not called, here)
    from graphkit.extract import prepare
    from graphkit.extract.nlp import load_pipeline

    prepare(load_pipeline())


@cache
def settle() -> None:
    """Once per process, when the pipeline, matchers and tables are loaded: they live as long as the
    process, so they are moved out of the cyclic garbage collector's way (gc.freeze). Each full
    collection would walk their hundred thousand objects again (0.2 s per 30,000 words in all),
    and in a forked worker touch the pages it shares with its parent."""
    gc.freeze()


def _process_chunk(chunk: list[Document], options: BuildOptions) -> list[DocumentResult]:
    from graphkit.pipeline import process_documents

    return list(process_documents(chunk, options))


def _chain(first: list[Document], rest: Iterator[Document]) -> Iterator[Document]:
    yield from first
    yield from rest


def _chunks(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while chunk := list(islice(docs, size)):
        yield chunk
