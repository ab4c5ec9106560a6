"""build = ingest → extract → resolve → graph, one document at a time, in worker processes.

Per-document work is one plain function, `process_documents`: it parses a document's posts with
spaCy (the pipeline loaded once per process), extracts mentions, resolves them within the
document and draws the document's quads, and returns a picklable `DocumentResult` (the quads as
N-Quads bytes, counts, and the names the cross-document step needs). `build` runs it in worker
processes over chunks of documents (or in the calling process for a small input) and runs only the
cross-document step, `corpus_quads`, in the parent. Results come back in input order, so the
output is the same for any number of processes.

Long posts are parsed in windows of at most WINDOW characters, cut at paragraph or sentence ends,
with every offset kept exact; a post over MAX_POST_CHARS is not analysed (one line says so).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from graphkit.errors import GraphkitError, InputError
from graphkit.graph.summary import Tally
from graphkit.graph.vocab import DEFAULT_BASE, PREFIXES
from graphkit.model import TITLE, Document, Mention
from graphkit.processes import run_documents, settle, usable_cores

DEFAULT_OUTPUT = "build/graph.trig"
MAX_POST_CHARS = 1_000_000  # as graphkit.ingest.limits, whose readers skip longer posts; a guard for other callers
WINDOW = 2_000  # characters parsed by spaCy at a time: with batches of 32 texts, at most 64,000 at once


@dataclass(frozen=True)
class BuildOptions:
    """What a worker needs to process documents; picklable."""

    base: str = DEFAULT_BASE
    batch_size: int = 32
    keyphrases_per_doc: int = 8
    max_post_chars: int = MAX_POST_CHARS
    window: int = WINDOW
    trig: bool = False  # each document's graph comes back as a TriG block (for a TriG file) instead of N-Quads


@dataclass(frozen=True)
class DocumentResult:
    """One document processed: its named graph as N-Quads (or, with BuildOptions.trig, as a TriG block in
    `trig`) and what the corpus step needs. Picklable."""

    id: str
    source: str
    locator: str
    nquads: bytes
    quads: int
    comments: int
    words: int
    entities: tuple[tuple[str, str, str], ...]  # (kind, key, name) of its people and organisations
    extractors: tuple[str, ...]
    problems: tuple[str, ...] = ()  # one line each: a post not analysed, a document that failed
    tally: Tally = field(default_factory=Tally)  # its mention and topic counts, summed into the corpus graph
    trig: bytes = b""  # its graph as a TriG block without prefix lines (graph/io.trig_block), with BuildOptions.trig

    @property
    def where(self) -> str:
        return f"{self.source} ({self.locator})" if self.locator else self.source


@dataclass
class BuildReport:
    output: Path
    documents: int = 0
    comments: int = 0
    words: int = 0
    quads: int = 0
    errors: list[InputError] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # what readers left out, by reason ('spam comment': 3)
    store: object = None  # for a store build: graphkit.incremental.StoreReport (written, unchanged, pruned)


def build(
    inputs: Iterable[str | Path] = ("data",),
    output: str | Path = DEFAULT_OUTPUT,
    *,
    base: str = DEFAULT_BASE,
    strict: bool = False,
    batch_size: int = 32,
    n_process: int | None = None,
    keyphrases_per_doc: int = 8,
    on_error: Callable[[InputError], None] | None = None,
    store: str | Path | None = None,
    prune: bool = False,
    dask: str | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
    columns: dict[str, str] | None = None,
) -> BuildReport:
    """Build one graph file from every readable document in the inputs.

    Unreadable files are reported through `on_error` (default: one line on stderr) and
    skipped; with `strict` the first one stops the build. The output is written atomically.
    With `store` (a folder), the graph goes into that persistent store instead of a file, each
    document replacing its own named graph there (graphkit.graph.store). `n_process` worker
    processes (default: the usable cores) parse the documents; with `dask` (a scheduler address)
    the workers of that Dask cluster do (graphkit.distributed). A store build is incremental
    (graphkit.incremental): unchanged documents are skipped, and `prune` removes those whose
    source is gone. `on_result` is told of every document done (progress, summaries).
    `columns` maps fields to CSV/TSV header names (graphkit.ingest.tables). What readers skip is
    counted in `skipped`; their notes and size-cap skips are printed as one line each on stderr.
    """
    from graphkit import ingest
    from graphkit.graph.build import check_base
    from graphkit.graph.io import format_for, trig_block, write_quads, write_trig_blocks
    from graphkit.ingest.notes import Note, Skipped

    check_base(base)
    # A TriG file is written from the documents' own TriG blocks: the parent parses no quads again.
    trig = store is None and format_for(output) == ox.RdfFormat.TRIG
    options = BuildOptions(base=base, batch_size=batch_size, keyphrases_per_doc=keyphrases_per_doc, trig=trig)
    report = BuildReport(output=Path(store if store is not None else output))
    report_error = on_error or (lambda exc: print(f"graphkit: {exc}", file=sys.stderr))

    def problem(error: InputError) -> None:
        if strict:
            raise error
        report.errors.append(error)
        report_error(error)

    def documents() -> Iterator[Document]:
        seen: dict[str, str] = {}
        for item in ingest.read_documents(inputs, columns=columns):
            if isinstance(item, (Skipped, Note)):
                if isinstance(item, Skipped):
                    report.skipped[item.reason] += item.count
                if isinstance(item, Note) or item.detail:
                    print(f"graphkit: {item}", file=sys.stderr)
                continue
            if isinstance(item, Document) and item.id in seen:
                item = InputError(
                    item.source, f"has the document id '{item.id}' of {seen[item.id]}; give it another id"
                )
            elif isinstance(item, Document):
                seen[item.id] = item.source
            if isinstance(item, InputError):
                problem(item)
            else:
                yield item

    def run(docs: Iterable[Document]) -> Iterator[DocumentResult]:
        if dask:
            from graphkit.distributed import dask_documents

            return dask_documents(docs, options, dask)
        return run_documents(docs, options, n_process or usable_cores())

    summaries: list[DocumentResult] = []

    def results() -> Iterator[DocumentResult]:
        for result in run(documents()):
            for line in result.problems:
                problem(InputError(result.where, line))
            if not result.quads:
                continue  # not processed
            count_result(report, result, on_result)
            summaries.append(replace(result, nquads=b"", trig=b""))
            yield result
        if report.documents == 0:
            # Raised inside the stream: the atomic writer drops its temporary file and an
            # earlier graph at the output path stays as it was.
            raise GraphkitError("no document could be read from the inputs; nothing was written")

    def quads() -> Iterator[ox.Quad]:
        for result in results():
            yield from ox.parse(result.nquads, ox.RdfFormat.N_QUADS)
        for quad in corpus_quads(summaries, options):
            report.quads += 1
            yield quad

    def blocks() -> Iterator[bytes]:
        for result in results():
            yield result.trig
        corpus = list(corpus_quads(summaries, options))
        report.quads += len(corpus)
        yield trig_block(corpus, PREFIXES)

    if store is not None:
        from graphkit.incremental import build_store

        report.store = build_store(
            documents(), store, options, run, report=report, problem=problem, prune=prune, on_result=on_result
        )
    elif trig:
        write_trig_blocks(blocks(), output, PREFIXES)
    else:
        write_quads(quads(), output, PREFIXES)
    return report


def count_result(report: BuildReport, result: DocumentResult, on_result: Callable | None) -> None:
    """Add one document's figures to the build's report, and tell `on_result` of it."""
    report.documents += 1
    report.comments += result.comments
    report.words += result.words
    report.quads += result.quads
    if on_result:
        on_result(result)


def process_documents(docs: Iterable[Document], options: BuildOptions) -> Iterator[DocumentResult]:
    """Each document parsed, extracted, resolved and drawn as quads, in input order.

    A document whose processing fails is reported in its result's `problems` (with no quads);
    the others go on.
    """
    from graphkit.graph.build import Iris, document_quads
    from graphkit.graph.io import trig_block
    from graphkit.graph.summary import document_tally

    iris = Iris(options.base)
    for doc, resolved, problems in _resolved(docs, options):
        if isinstance(resolved, Exception):
            detail = str(resolved).splitlines()[0] if str(resolved) else ""
            reason = f"document '{doc.id}' could not be processed ({type(resolved).__name__}: {detail})"
            yield DocumentResult(doc.id, doc.source, doc.locator, b"", 0, 0, 0, (), (), (*problems, reason))
            continue
        quads = list(document_quads(resolved, iris))
        people = sorted(
            (e.kind, e.key, e.name) for e in resolved.entities.values() if e.kind in {"person", "organisation"}
        )
        extractors = {link.mention.extractor for link in resolved.mentions}
        extractors |= {m.extractor for m in resolved.memberships} | {r.extractor for r in resolved.replies}
        yield DocumentResult(
            id=doc.id,
            source=doc.source,
            locator=doc.locator,
            nquads=b"" if options.trig else ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
            quads=len(quads),
            comments=len(doc.comments),
            words=len(doc.body.split()) + sum(len(c.body.split()) for c in doc.comments),
            entities=tuple(people),
            extractors=tuple(sorted(extractors)),
            problems=tuple(problems),
            tally=document_tally(quads),
            trig=trig_block(quads, PREFIXES) if options.trig else b"",
        )


def resolve_stream(docs: Iterable[Document], options: BuildOptions | None = None) -> Iterator:
    """Each document resolved (graphkit.resolve.Resolved), in input order; a failure raises."""
    for _doc, resolved, _problems in _resolved(docs, options or BuildOptions()):
        if isinstance(resolved, Exception):
            raise resolved
        yield resolved


@dataclass
class _Pending:
    doc: Document
    pieces: int  # pieces still to come back from spaCy
    known: list[str]  # the commenters' names, which extract_post matches in every post
    problems: list[str]
    mentions: list[Mention] = field(default_factory=list)
    failure: Exception | None = None


def _resolved(docs: Iterable[Document], options: BuildOptions) -> Iterator[tuple[Document, object, list[str]]]:
    """(document, Resolved or the exception its processing raised, problems), in input order.

    Posts go through `nlp.pipe(..., as_tuples=True)` in batches across documents, each long post
    in windows; a document is extracted and resolved as soon as its last piece is parsed.
    """
    from graphkit.extract import extract_document, extract_post, prepare
    from graphkit.extract.nlp import load_pipeline
    from graphkit.resolve import resolve_document

    nlp = load_pipeline()
    found = prepare(nlp)
    settle()
    pending: dict[int, _Pending] = {}

    def pieces() -> Iterator[tuple[str, tuple[int, str, int]]]:
        for n, doc in enumerate(docs):
            texts = [("", doc.body)] + [(c.id, c.body) for c in doc.comments]
            if doc.title:
                texts.append((TITLE, doc.title))
            problems, parts = [], []
            for key, text in texts:
                if len(text) > options.max_post_chars:
                    what = "the article" if key == "" else "the title" if key == TITLE else f"comment '{key}'"
                    problems.append(
                        f"{what} has {len(text):,} characters, over the limit of {options.max_post_chars:,}; "
                        "its text is kept but not analysed"
                    )
                    continue
                parts += [(key, offset, piece) for offset, piece in windows(text, options.window)]
            parts = parts or [("", 0, "")]
            pending[n] = _Pending(doc, len(parts), [c.author for c in doc.comments], problems)
            for key, offset, piece in parts:
                yield piece, (n, key, offset)

    for spacy_doc, (n, key, offset) in nlp.pipe(pieces(), as_tuples=True, batch_size=options.batch_size):
        state = pending[n]
        if state.failure is None:
            try:
                state.mentions += [m.shifted(offset) for m in extract_post(spacy_doc, key, found, state.known)]
            except Exception as exc:
                state.failure = exc
        state.pieces -= 1
        if state.pieces:
            continue
        del pending[n]
        resolved: object = state.failure
        if resolved is None:
            try:
                readable = _without_long_posts(state.doc, options.max_post_chars)
                extracted = extract_document(readable, state.mentions, options.keyphrases_per_doc)
                resolved = resolve_document(state.doc, extracted, found.topics)
            except Exception as exc:
                resolved = exc
        yield state.doc, resolved, state.problems


def _without_long_posts(doc: Document, limit: int) -> Document:
    """The document as extract sees it: posts over the size limit left empty (the graph keeps their text)."""
    if len(doc.body) <= limit and all(len(c.body) <= limit for c in doc.comments) and len(doc.title or "") <= limit:
        return doc
    comments = [c if len(c.body) <= limit else replace(c, body="") for c in doc.comments]
    title = doc.title if len(doc.title or "") <= limit else ""
    return replace(doc, body=doc.body if len(doc.body) <= limit else "", comments=comments, title=title)


_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def windows(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering the text in pieces of at most `size` characters, cut after the last
    paragraph break, else sentence end, else space, in each window; offsets index the whole text."""
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = None
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(text, start + size // 2, end)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or end
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def corpus_quads(results: Iterable[DocumentResult], options: BuildOptions) -> Iterator[ox.Quad]:
    """The cross-document step: the topic scheme, the extractors, near matches across documents, and the
    summary counts (graph/summary.py)."""
    from graphkit.graph.build import Iris
    from graphkit.graph.scheme import corpus_quads as scheme_quads
    from graphkit.graph.summary import summary_triples
    from graphkit.resolve.matching import NameRegistry

    results = list(results)
    registry = NameRegistry()
    entities: set[tuple[str, str, str]] = set()  # added once each: the registry keeps the least form per key
    for result in results:
        entities.update(result.entities)
        registry.add((), result.extractors)
    registry.add(sorted(entities))
    iris = Iris(options.base)
    yield from scheme_quads(iris, registry.extractors, registry.close_matches())
    graph = iris.graph("graphkit")
    yield from (ox.Quad(s, p, o, graph) for s, p, o in summary_triples((r.tally for r in results), iris.base))
