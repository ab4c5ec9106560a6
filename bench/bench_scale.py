"""Scale, in one run: build speed against bare spaCy, incremental rebuilds, Dask, canned queries, memory.

    python bench/bench_scale.py [--words 60000] [--docs 1000] [--memory-words 100000,400000]
                                 [--quads 100000,1000000] [--skip dask]

Each part runs in its own process, so its peak memory (max RSS of the process and its workers)
is its own:

- build: bare `nlp.pipe` over every post's text and title vs `graphkit build` to TriG, same pipeline and
  batch size, at 1 and 2 processes (a JSON Lines corpus of --words words made from the
  repository's own inputs, as bench/bench_build.py does); ratios graphkit / bare of wall time and of
  CPU time (the process and its worker processes: a loaded machine inflates it far less);
- incremental: a store of --docs documents built fresh, then rebuilt with 0%, 1% and 10% of the
  documents changed; times and the ratio to the full build;
- memory: for each size in --memory-words, one 2-process build to a TriG file and one into a
  store (--store), each alone in its process: time and peak memory, to see both stay flat;
- dask: the same corpus through a LocalCluster of 2 single-threaded worker processes on loopback
  (`build --dask`) vs a local 2-process build;
- query: synthetic graphs shaped like a build (bench/bench_store.py) of each size in --quads,
  loaded once into a store (what `query FILE` caches), opened, and every canned query run --runs
  times: open time, p50 and p99 per query, the time to its first row, the medians of the CPU time
  to the first row and to the last (a loaded machine inflates them less), the slowest query's p99.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


# --- parts, each run in a child process -----------------------------------------------------------


def part_build(args, tmp: Path) -> dict:
    from bench_build import make_corpus, texts

    from graphkit.extract.nlp import load_pipeline
    from graphkit.pipeline import build

    corpus = tmp / "corpus.jsonl"
    docs, words = make_corpus(corpus, args.words)
    nlp = load_pipeline()
    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts(corpus), batch_size=args.batch_size, n_process=args.processes):
        pass
    bare, bare_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    start, cpu = time.perf_counter(), cpu_seconds()
    report = build([corpus], tmp / "graph.trig", batch_size=args.batch_size, n_process=args.processes)
    full, full_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return {
        "docs": docs, "words": words, "bare": bare, "graphkit": full, "quads": report.quads,
        "bare_cpu": bare_cpu, "graphkit_cpu": full_cpu,
    }  # fmt: skip


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (worker processes): what a loaded machine
    does not inflate the way it inflates wall time, so the CPU ratio says more when others share it."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def part_incremental(args, tmp: Path) -> dict:
    from bench_build import make_corpus

    from graphkit.pipeline import build

    corpus = tmp / "corpus.jsonl"
    make_corpus(corpus, 10**9, limit=args.docs)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    store = tmp / "kg"
    start = time.perf_counter()
    build([corpus], store=store, n_process=args.processes)
    times = {"full": time.perf_counter() - start, "docs": len(lines)}
    rng = random.Random(5)
    for share in (0.0, 0.01, 0.10):
        changed = set(rng.sample(range(len(lines)), round(share * len(lines))))
        edited = []
        for i, line in enumerate(lines):
            record = json.loads(line)
            if i in changed:
                record["body"] += f" Edited {rng.random():.6f}: the trust board met again."
            edited.append(json.dumps(record))
        lines = edited
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        report = build([corpus], store=store, n_process=args.processes)
        times[f"{share:.0%}"] = time.perf_counter() - start
        times[f"{share:.0%} written"] = report.store.written
    return times


def part_memory(args, tmp: Path) -> dict:
    """One build of --words words, to a TriG file or (--store) into a store; its peak is the part's."""
    from bench_build import make_corpus

    from graphkit.pipeline import build

    corpus = tmp / "corpus.jsonl"
    docs, words = make_corpus(corpus, args.words)
    start = time.perf_counter()
    if args.store:
        report = build([corpus], store=tmp / "kg", n_process=args.processes)
    else:
        report = build([corpus], tmp / "graph.trig", n_process=args.processes)
    return {"docs": docs, "words": words, "seconds": time.perf_counter() - start, "quads": report.quads}


def part_dask(args, tmp: Path) -> dict:
    from bench_build import make_corpus
    from distributed import LocalCluster

    from graphkit.pipeline import build

    corpus = tmp / "corpus.jsonl"
    docs, words = make_corpus(corpus, args.words)
    start = time.perf_counter()
    build([corpus], tmp / "local.trig", n_process=2)
    local = time.perf_counter() - start
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:  # fmt: skip
        start = time.perf_counter()
        build([corpus], tmp / "dask.trig", dask=cluster.scheduler_address)
        dask = time.perf_counter() - start
    same = (tmp / "local.trig").read_bytes() == (tmp / "dask.trig").read_bytes()
    return {"docs": docs, "words": words, "local": local, "dask": dask, "same": same}


def part_query(args, tmp: Path) -> dict:
    import bench_store

    from graphkit.graph import cache
    from graphkit.graph.io import load_store
    from graphkit.query import canned, load_query, run

    size = args.size
    path, quads = bench_store.generate(size, tmp)
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")
    start = time.perf_counter()
    cache.make(path, cache.ox.RdfFormat.TRIG, cache.beside(path))
    made = time.perf_counter() - start
    start = time.perf_counter()
    store = load_store(path)
    opened = time.perf_counter() - start
    per_query = {}
    for name in sorted(canned()):
        text = load_query(name)
        samples, firsts, cpu_firsts, cpus = [], [], [], []
        for _ in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            answer = iter(run(store, text))
            next(answer, None)
            firsts.append(time.perf_counter() - t)
            cpu_firsts.append(time.process_time() - c)
            for _row in answer:
                pass
            samples.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        samples.sort()
        p99 = samples[min(len(samples) - 1, int(0.99 * len(samples)))]
        per_query[name] = (
            statistics.median(samples), p99, statistics.median(firsts),
            statistics.median(cpu_firsts), statistics.median(cpus),
        )  # fmt: skip
    return {"quads": quads, "made": made, "opened": opened, "queries": per_query}


PARTS = {
    "build": part_build,
    "incremental": part_incremental,
    "memory": part_memory,
    "dask": part_dask,
    "query": part_query,
}


def child(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("part")
    ap.add_argument("--words", type=int, default=60_000)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--store", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = PARTS[args.part](args, Path(tmp))
    result["peak_mb"] = peak_mb()
    print("RESULT " + json.dumps(result))


def run_part(*argv: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *argv], capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stderr[-3000:]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=60_000)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--quads", default="100000,1000000")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--memory-words", default="100000,400000", help="corpus sizes of the memory part")
    ap.add_argument(
        "--skip", default="", help="parts to leave out, comma-separated: build,incremental,memory,dask,query"
    )
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    print(f"bench_scale: {time.strftime('%Y-%m-%d %H:%M')}, {len(__import__('os').sched_getaffinity(0))} cores")
    if "build" not in skip:
        for n in (1, 2):
            r = run_part("build", "--words", str(args.words), "--processes", str(n))
            print(
                f"build, {n} process(es), {r['docs']} docs, {r['words']:,} words: bare nlp.pipe {r['bare']:.1f} s "
                f"({r['words'] / r['bare']:,.0f} words/s), graphkit {r['graphkit']:.1f} s "
                f"({r['words'] / r['graphkit']:,.0f} words/s, {r['quads']:,} quads): "
                f"{r['graphkit'] / r['bare']:.2f}x bare (CPU {r['bare_cpu']:.1f} s / {r['graphkit_cpu']:.1f} s: "
                f"{r['graphkit_cpu'] / r['bare_cpu']:.2f}x); peak {r['peak_mb']:.0f} MB"
            )
    if "incremental" not in skip:
        r = run_part("incremental", "--docs", str(args.docs), "--processes", "2")
        print(f"incremental store, {r['docs']} docs: full build {r['full']:.1f} s; peak {r['peak_mb']:.0f} MB")
        for share in ("0%", "1%", "10%"):
            print(
                f"  rebuild with {share:>3} changed ({r[share + ' written']} parsed): {r[share]:6.2f} s "
                f"= {100 * r[share] / r['full']:.1f}% of the full build"
            )
    if "memory" not in skip:
        for words in map(int, args.memory_words.split(",")):
            for kind in ("file", "store"):
                r = run_part(
                    "memory", "--words", str(words), "--processes", "2", *(["--store"] if kind == "store" else [])
                )
                print(
                    f"memory, {kind:5} build, {r['docs']} docs, {r['words']:,} words, {r['quads']:,} quads: "
                    f"{r['seconds']:.1f} s; peak {r['peak_mb']:.0f} MB"
                )
    if "dask" not in skip:
        r = run_part("dask", "--words", str(args.words))
        print(
            f"dask LocalCluster (2 workers x 1 thread) vs local 2 processes, {r['words']:,} words: "
            f"{r['dask']:.1f} s vs {r['local']:.1f} s ({r['dask'] / r['local']:.2f}x); same graph: {r['same']}; "
            f"peak {r['peak_mb']:.0f} MB"
        )
    if "query" not in skip:
        for size in map(int, args.quads.split(",")):
            r = run_part("query", "--size", str(size), "--runs", str(args.runs))
            worst = max(r["queries"].items(), key=lambda kv: kv[1][1])
            print(
                f"queries at {r['quads']:,} quads: store made once in {r['made']:.1f} s, opened in "
                f"{1000 * r['opened']:.0f} ms; slowest p99 {worst[0]} {1000 * worst[1][1]:.0f} ms; "
                f"peak {r['peak_mb']:.0f} MB"
            )
            for name, (p50, p99, first, cpu_first, cpu) in r["queries"].items():
                print(
                    f"  {name:32} p50 {1000 * p50:7.1f} ms  p99 {1000 * p99:7.1f} ms  first row {1000 * first:7.1f} ms"
                    f"  (CPU: first row {1000 * cpu_first:6.1f} ms, all {1000 * cpu:7.1f} ms)"
                )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()
