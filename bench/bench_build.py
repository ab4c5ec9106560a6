"""Build speed: graphkit's whole build against bare spaCy `nlp.pipe` on the same texts.

    python bench/bench_build.py [--words 1000000] [--batch-size 32] [--processes 1]

Makes a JSON Lines corpus of at least --words words from the repository's own inputs (the
sample and tests/data, each copy under a new id), then times (1) bare `nlp.pipe` over every
post's text and every article's title (the texts a build parses) with the same pipeline, batch
size and processes, and (2) `graphkit.build` on the corpus, writing TriG.
Prints words per second for both and their ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from itertools import cycle
from pathlib import Path

from graphkit.extract.nlp import load_pipeline
from graphkit.ingest import read_documents
from graphkit.model import Document
from graphkit.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "data" / "kingsfund-engaging-clinicians.txt", *sorted((ROOT / "tests" / "data").glob("[!b]*.*"))]


def make_corpus(path: Path, words: int, limit: int | None = None) -> tuple[int, int]:
    templates = [d for d in read_documents(SOURCES) if isinstance(d, Document)]
    total = n = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in cycle(templates):
            if total >= words or (limit is not None and n >= limit):
                break
            n += 1
            record = {
                "id": f"{doc.id}-{n}",
                "title": doc.title,
                "publisher": doc.publisher,
                "body": doc.body,
                "comments": [
                    {"id": c.id, "author": c.author, "byline": c.byline, "body": c.body} for c in doc.comments
                ],
            }
            out.write(json.dumps(record) + "\n")
            total += len(doc.body.split()) + sum(len(c.body.split()) for c in doc.comments)
    return n, total


def texts(path: Path):
    """Every text graphkit's build parses with spaCy: each article, its comments and its title."""
    for doc in read_documents([path]):
        yield doc.body
        for c in doc.comments:
            yield c.body
        if doc.title:
            yield doc.title


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--processes", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        docs, words = make_corpus(corpus, args.words)
        print(f"corpus: {docs} documents, {words:,} words")
        nlp = load_pipeline()
        start = time.perf_counter()
        for _ in nlp.pipe(texts(corpus), batch_size=args.batch_size, n_process=args.processes):
            pass
        bare = time.perf_counter() - start
        print(f"bare nlp.pipe:  {bare:8.1f} s  {words / bare:9,.0f} words/s")
        start = time.perf_counter()
        report = build([corpus], Path(tmp) / "graph.trig", batch_size=args.batch_size, n_process=args.processes)
        full = time.perf_counter() - start
        size = (Path(tmp) / "graph.trig").stat().st_size
        rate = f"{words / full:9,.0f} words/s"
        print(f"graphkit build: {full:8.1f} s  {rate}  ({report.quads:,} quads, {size / 1e6:.0f} MB)")
        print(f"ratio (graphkit / bare time): {full / bare:.2f}x")
        print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
