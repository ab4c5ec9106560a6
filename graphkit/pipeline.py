"""build = ingest → extract → resolve → graph, streamed one document at a time.

Documents are read lazily, their posts go through `nlp.pipe(..., as_tuples=True)` in
batches with their metadata, and each document's quads are written as soon as its last
post comes out, so memory stays flat however long the corpus is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad

from graphkit import ingest
from graphkit.errors import GraphkitError, InputError
from graphkit.extract import extract_post, matchers
from graphkit.extract.nlp import load_pipeline
from graphkit.extract.replies import infer_replies
from graphkit.extract.topics import keyphrases
from graphkit.graph.build import Iris, document_quads
from graphkit.graph.io import write_quads
from graphkit.graph.scheme import corpus_quads
from graphkit.graph.vocab import DEFAULT_BASE, PREFIXES
from graphkit.model import Document, Mention
from graphkit.resolve import TITLE, resolve_document
from graphkit.resolve.matching import NameRegistry

DEFAULT_OUTPUT = "build/graph.trig"


@dataclass
class BuildReport:
    output: Path
    documents: int = 0
    comments: int = 0
    words: int = 0
    quads: int = 0
    errors: list[InputError] = field(default_factory=list)
    store: object = None  # graphkit.incremental.StoreReport, for builds into a store


def build(
    inputs: Iterable[str | Path] = ("data",),
    output: str | Path = DEFAULT_OUTPUT,
    *,
    base: str = DEFAULT_BASE,
    strict: bool = False,
    batch_size: int = 32,
    n_process: int = 1,
    keyphrases_per_doc: int = 8,
    on_error: Callable[[InputError], None] | None = None,
    store: str | Path | None = None,
    prune: bool = False,
) -> BuildReport:
    """Build one graph file from every readable document in the inputs.

    Unreadable files are reported through `on_error` (default: one line on stderr) and
    skipped; with `strict` the first one stops the build. The output is written atomically.
    With `store` (a folder), the graph goes into that persistent store instead of a file, each
    document replacing its own named graph there (graphkit.graph.store).
    """
    check_base(base)
    report = BuildReport(output=Path(store if store is not None else output))
    report_error = on_error or (lambda exc: print(f"graphkit: {exc}", file=sys.stderr))

    def documents() -> Iterator[Document]:
        seen: dict[str, str] = {}
        for item in ingest.read_documents(inputs):
            if isinstance(item, Document) and item.id in seen:
                item = InputError(
                    item.source, f"has the document id '{item.id}' of {seen[item.id]}; give it another id"
                )
            elif isinstance(item, Document):
                seen[item.id] = item.source
            if isinstance(item, InputError):
                if strict:
                    raise item
                report.errors.append(item)
                report_error(item)
            else:
                yield item

    iris = Iris(base)
    registry = NameRegistry()

    def quads() -> Iterator[Quad]:
        for resolved in resolve_stream(
            documents(), batch_size=batch_size, n_process=n_process, keyphrases_per_doc=keyphrases_per_doc
        ):
            report.documents += 1
            report.comments += len(resolved.doc.comments)
            registry.add(resolved)
            seen: set[Quad] = set()
            for quad in document_quads(resolved, iris):
                if quad not in seen:
                    seen.add(quad)
                    report.quads += 1
                    yield quad
        if report.documents == 0:
            # Raised inside the stream: the atomic writer drops its temporary file and an
            # earlier graph at the output path stays as it was.
            raise GraphkitError("no document could be read from the inputs; nothing was written")
        for quad in corpus_quads(iris, registry):
            report.quads += 1
            yield quad

    if store is not None:
        _build_store(documents(), store, iris, report, batch_size, n_process, keyphrases_per_doc, prune)
    else:
        write_quads(quads(), output, PREFIXES)
    return report


def check_base(base: str) -> None:
    """A base IRI must be absolute ('https://example.org/kg/', 'urn:kg:'), with nothing IRIs forbid."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", base):
        raise GraphkitError(f"--base '{base}' is not an absolute IRI such as https://example.org/graphkit/")


def resolve_stream(
    docs: Iterable[Document], *, batch_size: int = 32, n_process: int = 1, keyphrases_per_doc: int = 8
) -> Iterator:
    """Each document resolved, in input order, with its posts parsed by spaCy in batches."""
    nlp = load_pipeline()
    found = matchers.build(nlp)
    # document number -> (document, its commenters' names, mentions so far, posts still to come)
    pending: dict[int, tuple[Document, list[str], list[Mention], int]] = {}

    def posts() -> Iterator[tuple[str, tuple[int, str]]]:
        for n, doc in enumerate(docs):
            texts = [("", doc.body)] + [(c.id, c.body) for c in doc.comments]
            if doc.title:
                texts.append((TITLE, doc.title))
            pending[n] = (doc, [c.author for c in doc.comments], [], len(texts))
            for key, text in texts:
                yield text, (n, key)

    for spacy_doc, (n, key) in nlp.pipe(posts(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        doc, known, mentions, remaining = pending[n]
        mentions.extend(extract_post(spacy_doc, key, found, known))
        if remaining > 1:
            pending[n] = (doc, known, mentions, remaining - 1)
            continue
        del pending[n]
        text = "\n\n".join([doc.body] + [c.body for c in doc.comments])
        phrases = keyphrases(text, keyphrases_per_doc) if keyphrases_per_doc else []
        yield resolve_document(doc, infer_replies(doc), mentions, found.topics, phrases)


def _build_store(docs, directory, iris, report, batch_size, n_process, keyphrases_per_doc, prune) -> None:
    """Bring a store up to date: only changed documents are parsed (graphkit.incremental)."""
    from pyoxigraph import RdfFormat, Triple, serialize

    from graphkit import incremental

    def process(changed):
        for resolved in resolve_stream(
            changed, batch_size=batch_size, n_process=n_process, keyphrases_per_doc=keyphrases_per_doc
        ):
            part = NameRegistry()
            part.add(resolved)
            triples = list(
                dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in document_quads(resolved, iris))
            )
            yield incremental.Built(
                resolved.doc,
                iris.graph(resolved.doc.id).value,
                serialize(triples, format=RdfFormat.N_TRIPLES),
                incremental.pack(part),
                len(triples),
            )

    def corpus(payloads):
        registry = NameRegistry()
        for payload in payloads:
            part = incremental.unpack(payload)
            for kind, names in part.names.items():
                for key, name in names.items():
                    registry.names[kind].setdefault(key, name)
            registry.extractors |= part.extractors
        return corpus_quads(iris, registry)

    def counted(doc, parsed):
        report.documents += 1
        report.comments += len(doc.comments)

    settings = incremental.settings_key(base=iris.base, keyphrases=keyphrases_per_doc)
    result = incremental.update_store(
        docs,
        directory,
        graph_of=iris.graph,
        settings=settings,
        process=process,
        corpus=corpus,
        prune=prune,
        on_document=counted,
    )
    if report.documents == 0 and not result.pruned:
        raise GraphkitError("no document could be read from the inputs; nothing was written")
    report.store = result
