"""Which store should hold a corpus: rdflib's in-memory Dataset, rdflib over oxrdflib, or pyoxigraph?

Generates synthetic graphs in graphkit's vocabulary, shaped like a real build (one named graph
per document with its article, comments, commenters, organisations, memberships, mentions,
topic scores and Web Annotation evidence; entities repeated in every document that names them;
a corpus graph with the topic scheme and near matches), then measures for each engine the load
time and the median time of every canned query in queries/, with ratios against pyoxigraph.

    python bench/bench_store.py                       # 100k and 1M triples, all engines
    python bench/bench_store.py --sizes 100000 --engines pyoxigraph,rdflib --runs 3

Engines:
    rdflib          rdflib.Dataset (Memory store), default graph = union; parse TriG
    oxrdflib        rdflib.Dataset over oxrdflib's Oxigraph store; SPARQL evaluated by Oxigraph
    pyoxigraph      graphkit.graph.io.load_store: Store.bulk_load + the merged default graph
    pyoxigraph-disk graphkit.graph.store.write_store into a folder (what `build --store` does),
                    then queried read-only (what `query DIR` does)

Each query runs in a forked child with a cap (--cap seconds); a capped query prints as '>cap', and
is not run again at larger sizes ('>cap*'). rdflib's SPARQL engine does not read LATERAL (SEP-0006,
which Oxigraph and Jena run), so the canned queries that use it print as 'error' there. Ratios cover
the queries both engines finished (a capped one shows the lower bound). Row counts that differ
between engines are flagged with '!'.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.errors import QueryError  # noqa: E402
from graphkit.graph.io import load_store  # noqa: E402
from graphkit.graph.store import write_store  # noqa: E402
from graphkit.graph.summary import document_tally, summary_triples  # noqa: E402
from graphkit.graph.vocab import PREFIXES  # noqa: E402
from graphkit.query import canned, run  # noqa: E402
from graphkit.query.limits import QueryTimeout, run_with_deadline  # noqa: E402

BASE = "https://example.org/graphkit/"
ERROR, CAPPED, SKIPPED = -2, -1, -3  # row counts that are not counts
ENGINES = ["rdflib", "oxrdflib", "pyoxigraph", "pyoxigraph-disk"]
ORG_TYPES = ["nhs_trust", "health_board", "national_body", "professional_body", "charity_or_think_tank", "company",
             "university", "political_party", "other"]  # fmt: skip


# --- synthetic data --------------------------------------------------------------------------------


def _ns(prefix: str) -> Callable[[str], ox.NamedNode]:
    iri = PREFIXES[prefix]
    return lambda local: ox.NamedNode(iri + local)


RDF, DCT, FOAF, SKOS, PROV = _ns("rdf"), _ns("dcterms"), _ns("foaf"), _ns("skos"), _ns("prov")
SIOC, SCHEMA, ORG, OA, GK, OWL = _ns("sioc"), _ns("schema"), _ns("org"), _ns("oa"), _ns("gk"), _ns("owl")
XSD = _ns("xsd")


def _iri(path: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + path)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _lit(value: object, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD(datatype)) if datatype else ox.Literal(str(value))


class Corpus:
    """Pools of people, organisations, places, hashtags and topics that documents draw from."""

    def __init__(self, rng: random.Random, scale: int) -> None:
        self.rng = rng
        self.people = [f"person-{i}" for i in range(max(200, scale // 40))]
        self.figures = [f"figure-{i}" for i in range(max(50, scale // 2000))]
        self.orgs = [(f"org-{i}", rng.choice(ORG_TYPES)) for i in range(max(100, scale // 300))]
        self.places = [f"place-{i}" for i in range(300)]
        self.tags = [f"tag-{i}" for i in range(max(50, scale // 5000))]
        self.topics = [f"topic-{i}" for i in range(85)]
        self.roles = [f"Role {i}" for i in range(400)]
        self.employer = {p: rng.choice(self.orgs) for p in self.people if rng.random() < 0.7}

        self._weights: dict[tuple[int, float], list[float]] = {}

    def pick(self, pool: list, skew: float = 1.0):
        """A Zipf choice (weight 1/rank**skew): a few entities come up far more often than the rest.

        At skew 1 the most mentioned of 3,000 organisations gets about 11% of the mentions, as a
        corpus's most-named body (the NHS, the government) does; commenters are picked at 0.8 (the
        most prolific of 25,000 writes about 3% of the comments). The earlier Pareto choice gave
        one entity over half of all mentions and one commenter half of all comments, so queries
        that join mentions with their evidence were measured on a degenerate graph.
        """
        if not pool:
            return None
        key = (id(pool), skew)
        if key not in self._weights:
            self._weights[key] = list(itertools.accumulate(1 / (rank + 1) ** skew for rank in range(len(pool))))
        cumulative = self._weights[key]
        return pool[min(bisect.bisect(cumulative, self.rng.random() * cumulative[-1]), len(pool) - 1)]


def synthetic_quads(target: int, seed: int = 7) -> Iterator[ox.Quad]:
    """About `target` quads in graphkit's vocabulary, document by document."""
    rng = random.Random(seed)
    corpus = Corpus(rng, target)
    count = 0
    doc = 0
    tallies = []
    while count < target:
        seen: set[ox.Quad] = set()  # as the pipeline does, each document's quads once
        for quad in _document(corpus, doc):
            if quad not in seen:
                seen.add(quad)
                count += 1
                yield quad
        tallies.append(document_tally(seen))  # what the build's worker tallies
        doc += 1
    yield from _corpus_graph(corpus, tallies)


def _document(c: Corpus, n: int) -> Iterator[ox.Quad]:
    rng = c.rng
    g = _iri(f"graph/doc-{n}")
    article = _iri(f"post/doc-{n}")
    entities: set[tuple[str, str]] = set()

    def t(s, p, o):
        return ox.Quad(s, p, o, g)

    yield from (t(article, RDF("type"), SIOC("Post")), t(article, RDF("type"), SCHEMA("BlogPosting")),
                t(article, DCT("identifier"), _lit(f"doc-{n}")), t(article, DCT("title"), _lit(f"Article {n}")),
                t(article, DCT("created"), _lit(f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}", "date")),
                t(article, SIOC("content"), _lit(f"Body of article {n}. " * 20)))  # fmt: skip
    publisher = c.pick(c.orgs)
    entities.add(("organisation", publisher[0]))
    yield t(article, SCHEMA("publisher"), _iri(f"organisation/{publisher[0]}"))
    posts = [(article, "")]
    previous = []
    for k in range(rng.randint(4, 16)):
        post = _iri(f"post/doc-{n}/comment/{k}")
        person = c.pick(c.people, 0.8)
        entities.add(("person", person))
        author = _iri(f"person/{person}")
        target = rng.choice(previous) if previous and rng.random() < 0.3 else article
        yield from (t(post, RDF("type"), SIOC("Post")), t(post, RDF("type"), SCHEMA("Comment")),
                    t(post, DCT("identifier"), _lit(k)), t(post, SCHEMA("author"), author),
                    t(post, DCT("isPartOf"), article), t(post, GK("position"), _lit(k + 1, "integer")),
                    t(post, SIOC("content"), _lit(f"Comment {k} on {n}. " * 8)),
                    t(post, SIOC("reply_of"), target))  # fmt: skip
        if target != article:
            statement = _iri(f"statement/doc-{n}-{k}")
            yield from (t(statement, RDF("type"), RDF("Statement")), t(statement, RDF("subject"), post),
                        t(statement, RDF("predicate"), SIOC("reply_of")),
                        t(statement, RDF("object"), target))  # fmt: skip
            yield from _annotation(t, f"doc-{n}-{k}-reply", statement, post, "reply-address")
        byline = _iri(f"post/doc-{n}/comment/{k}/byline")
        yield from (t(post, GK("byline"), byline), t(byline, RDF("type"), GK("Byline")),
                    t(byline, SIOC("content"), _lit("Job title\nOrganisation")),
                    t(byline, DCT("isPartOf"), post))  # fmt: skip
        if person in c.employer:
            org, _ = c.employer[person]
            entities.add(("organisation", org))
            membership = _iri(f"membership/{person}-{org}")
            role = rng.choice(c.roles)
            role_node = _iri(f"role/{c.roles.index(role)}")
            yield from (t(author, ORG("memberOf"), _iri(f"organisation/{org}")),
                        t(membership, RDF("type"), ORG("Membership")), t(membership, ORG("member"), author),
                        t(membership, ORG("organization"), _iri(f"organisation/{org}")),
                        t(author, SCHEMA("jobTitle"), _lit(role)), t(membership, ORG("role"), role_node),
                        t(role_node, RDF("type"), ORG("Role")),
                        t(role_node, SKOS("prefLabel"), _lit(role)))  # fmt: skip
            yield from _annotation(t, f"doc-{n}-{k}-member", membership, byline, "byline")
        posts.append((post, person))
        previous.append(post)
    for post, person in posts:
        for _ in range(rng.randint(0, 4)):
            roll = rng.random()
            if roll < 0.6:
                kind, key = "organisation", c.pick(c.orgs)[0]
            elif roll < 0.8:
                kind, key = "person", c.pick(c.figures)
            elif roll < 0.9:
                kind, key = "place", c.pick(c.places)
            else:
                kind, key = "tag", c.pick(c.tags)
            entities.add((kind, key))
            entity = _iri(f"{kind}/{key}")
            yield t(post, SCHEMA("mentions"), entity)
            yield from _annotation(t, f"{post.value}-{key}", entity, post, "gazetteer")
        for topic in rng.sample(c.topics, rng.randint(2, 10)):  # the sample build: 8.6 topics a post
            score = _iri(f"topicscore/{_key(post.value + topic)}")
            yield from (t(post, DCT("subject"), _iri(f"topic/{topic}")), t(post, GK("topicScore"), score),
                        t(score, RDF("type"), GK("TopicScore")), t(score, GK("topic"), _iri(f"topic/{topic}")),
                        t(score, GK("weight"), _lit(f"{rng.random():.4f}", "decimal")))  # fmt: skip
            if person:
                yield t(_iri(f"person/{person}"), GK("discusses"), _iri(f"topic/{topic}"))
    for kind, key in sorted(entities):
        yield from _entity(t, c, kind, key)


def _entity(t, c: Corpus, kind: str, key: str) -> Iterator[ox.Quad]:
    node = _iri(f"{kind}/{key}")
    if kind == "person":
        figure = key.startswith("figure")
        yield from (t(node, RDF("type"), FOAF("Person")), t(node, RDF("type"), SCHEMA("Person")),
                    t(node, FOAF("name"), _lit(key.title())), t(node, SCHEMA("name"), _lit(key.title())),
                    t(node, GK("personKind"), _lit("public_figure" if figure else "commenter")))  # fmt: skip
    elif kind == "organisation":
        org_type = dict(c.orgs)[key]
        yield from (t(node, RDF("type"), ORG("Organization")), t(node, RDF("type"), SCHEMA("Organization")),
                    t(node, SCHEMA("name"), _lit(key.title())), t(node, SKOS("prefLabel"), _lit(key.title())),
                    t(node, GK("orgType"), _lit(org_type)))  # fmt: skip
        if org_type == "nhs_trust":
            code = f"R{key.split('-')[1]}"
            record = ox.NamedNode(f"https://directory.spineservices.nhs.uk/ORD/{code}")
            yield from (t(node, GK("odsCode"), _lit(code)), t(node, OWL("sameAs"), record))
            yield from _nhs_register(t, node, int(key.split("-")[1]))
    elif kind == "place":
        yield from (t(node, RDF("type"), SCHEMA("Place")), t(node, SCHEMA("name"), _lit(key.title())))
    else:
        yield from (t(node, RDF("type"), GK("Hashtag")), t(node, RDF("type"), SKOS("Concept")),
                    t(node, SKOS("prefLabel"), _lit(key)))  # fmt: skip


def _nhs_register(t, trust, n: int) -> Iterator[ox.Quad]:
    """A trust's ICB and the ICB's NHS England region, as a build adds them (register facts, not mentions)."""
    icb, region = _iri(f"organisation/icb-{n % 42}"), _iri(f"organisation/region-{n % 42 % 7}")
    yield from (t(trust, ORG("linkedTo"), icb), t(trust, SCHEMA("areaServed"), _lit("England")))
    for node, name, kind, code, above in (
        (icb, f"NHS Area {n % 42} Integrated Care Board", "health_board", f"Q{n % 42:02d}", region),
        (region, f"NHS England Region {n % 42 % 7}", "national_body", f"Y{56 + n % 42 % 7}", None),
    ):
        yield from (t(node, RDF("type"), ORG("Organization")), t(node, RDF("type"), SCHEMA("Organization")),
                    t(node, SCHEMA("name"), _lit(name)), t(node, SKOS("prefLabel"), _lit(name)),
                    t(node, GK("orgType"), _lit(kind)), t(node, GK("odsCode"), _lit(code)),
                    t(node, SCHEMA("areaServed"), _lit("England")))  # fmt: skip
        if above is not None:
            yield t(node, ORG("linkedTo"), above)


def _annotation(t, key: str, body, source, extractor: str) -> Iterator[ox.Quad]:
    ann = _iri(f"annotation/{_key(key)}")
    target, quote, position = (ox.NamedNode(f"{ann.value}/{part}") for part in ("target", "quote", "position"))
    yield from (t(ann, RDF("type"), OA("Annotation")), t(ann, OA("motivatedBy"), OA("identifying")),
                t(ann, OA("hasBody"), body), t(ann, OA("hasTarget"), target),
                t(ann, PROV("wasAttributedTo"), _iri(f"extractor/{extractor}")),
                t(ann, GK("confidence"), _lit("0.90", "decimal")), t(target, RDF("type"), OA("SpecificResource")),
                t(target, OA("hasSource"), source), t(target, OA("hasSelector"), quote),
                t(target, OA("hasSelector"), position), t(quote, RDF("type"), OA("TextQuoteSelector")),
                t(quote, OA("exact"), _lit("quoted words")), t(position, RDF("type"), OA("TextPositionSelector")),
                t(position, OA("start"), _lit(10, "integer")), t(position, OA("end"), _lit(22, "integer")))  # fmt: skip


def _corpus_graph(c: Corpus, tallies: list) -> Iterator[ox.Quad]:
    g = _iri("graph/graphkit")
    scheme = _iri("topic/")
    yield ox.Quad(scheme, RDF("type"), SKOS("ConceptScheme"), g)
    for topic in c.topics:
        node = _iri(f"topic/{topic}")
        for p, o in ((RDF("type"), SKOS("Concept")), (SKOS("inScheme"), scheme), (SKOS("prefLabel"), _lit(topic)),
                     (SKOS("altLabel"), _lit(topic.upper()))):  # fmt: skip
            yield ox.Quad(node, p, o, g)
    for i in range(0, len(c.people) - 1, 50):
        yield ox.Quad(_iri(f"person/{c.people[i]}"), SKOS("closeMatch"), _iri(f"person/{c.people[i + 1]}"), g)
    yield from (ox.Quad(s, p, o, g) for s, p, o in summary_triples(tallies, BASE))


def generate(target: int, folder: Path) -> tuple[Path, int]:
    """The TriG file of about `target` quads (made once per folder) and its exact quad count."""
    path, count_file = folder / f"synthetic-{target}.trig", folder / f"synthetic-{target}.count"
    if not path.exists() or not count_file.exists():
        counted = [0]

        def counting() -> Iterator[ox.Quad]:
            for quad in synthetic_quads(target):
                counted[0] += 1
                yield quad

        ox.serialize(counting(), str(path), ox.RdfFormat.TRIG)
        count_file.write_text(str(counted[0]), encoding="utf-8")
    return path, int(count_file.read_text(encoding="utf-8"))


# --- engines ---------------------------------------------------------------------------------------


def load(engine: str, path: Path, work: Path):
    """Load the file into the engine; returns a `query(text) -> row count` function."""
    if engine in {"rdflib", "oxrdflib"}:
        import rdflib

        if engine == "rdflib":
            dataset = rdflib.Dataset(default_union=True)
            dataset.parse(str(path), format="trig")
        else:
            dataset = rdflib.Dataset(store="Oxigraph", default_union=True)
            dataset.parse(str(path), format="ox-trig")
        return lambda text: len(list(dataset.query(text, initNs=PREFIXES)))
    if engine == "pyoxigraph":
        store = load_store(path)
        return lambda text: len(list(run(store, text)))
    folder = work / f"store-{path.stem}"
    shutil.rmtree(folder, ignore_errors=True)
    write_store((q for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG)), folder, keep=[_iri("graph/graphkit")])
    store = ox.Store.read_only(str(folder))
    return lambda text: len(list(run(store, text)))


def time_query(query: Callable[[str], int], text: str, runs: int, cap: float) -> tuple[float | None, int]:
    """Median seconds of up to `runs` runs (fewer when slow) and the row count; None when capped or failed."""

    def task() -> bytes:
        times, count = [], 0
        while len(times) < runs and (not times or sum(times) < cap / 3):
            start = time.perf_counter()
            count = query(text)
            times.append(time.perf_counter() - start)
        return json.dumps([statistics.median(times), count]).encode()

    try:
        median, count = json.loads(run_with_deadline(task, cap))
    except QueryTimeout:
        return None, CAPPED
    except QueryError as exc:
        print(f"    {exc}", file=sys.stderr)
        return None, ERROR
    return median, count


# --- report ----------------------------------------------------------------------------------------


def _ms(seconds: float | None, count: int, cap: float) -> str:
    if count == ERROR:
        return "error"
    if count == SKIPPED:
        return f">{cap:g}s*"
    return f">{cap:g}s" if seconds is None else f"{seconds * 1000:.1f}"


def bench(
    size: int, engines: list[str], names: list[str], runs: int, cap: float, work: Path, capped: set[tuple[str, str]]
) -> None:
    """One size: load every engine, time every query. `capped` (engine, query) pairs that hit the cap at a
    smaller size are not run again (printed with '*'), and new ones are added to it."""
    start = time.perf_counter()
    path, quads = generate(size, work)
    graphs = sum(1 for line in path.open(encoding="utf-8") if line.startswith("<") and line.rstrip().endswith("{"))
    print(
        f"\n== {quads:,} quads in {graphs} named graphs ({path.stat().st_size / 1e6:.0f} MB of TriG, "
        f"made in {time.perf_counter() - start:.1f} s)"
    )
    texts = {name: canned()[name].read_text(encoding="utf-8") for name in names}
    loads: dict[str, float] = {}
    medians: dict[str, dict[str, float | None]] = {}
    counts: dict[str, dict[str, int]] = {}
    for engine in engines:
        start = time.perf_counter()
        query = load(engine, path, work)
        loads[engine] = time.perf_counter() - start
        print(f"  {engine}: loaded in {loads[engine]:.2f} s", flush=True)
        medians[engine], counts[engine] = {}, {}
        for name, text in texts.items():
            if (engine, name) in capped:
                medians[engine][name], counts[engine][name] = None, SKIPPED
                continue
            medians[engine][name], counts[engine][name] = time_query(query, text, runs, cap)
            if medians[engine][name] is None and counts[engine][name] != ERROR:
                capped.add((engine, name))
        del query
    reference = "pyoxigraph" if "pyoxigraph" in engines else engines[0]
    load_ratios = "  ".join(f"{e} {loads[e] / loads[reference]:.1f}x" for e in engines if e != reference)
    print(
        "\n  load time (s): "
        + "  ".join(f"{e} {loads[e]:.2f}" for e in engines)
        + f"  | ratio to {reference}: {load_ratios}"
    )
    header = f"  {'query (median ms)':<28}" + "".join(f"{e:>17}" for e in engines)
    header += "".join(f"{e + '/' + reference[:4]:>22}" for e in engines if e != reference)
    print(header)
    ratios: dict[str, list[float]] = {e: [] for e in engines}
    mismatches: list[str] = []
    for name in names:
        cells, reference_time = [], medians[reference][name]
        agree = len({counts[e][name] for e in engines if counts[e][name] >= 0}) <= 1
        for engine in engines:
            cells.append(f"{_ms(medians[engine][name], counts[engine][name], cap):>16}{'' if agree else '!'}")
        for engine in engines:
            if engine == reference:
                continue
            mine = medians[engine][name]
            if mine is not None and reference_time:
                ratios[engine].append(mine / reference_time)
                cells.append(f"{mine / reference_time:>21.1f}x")
            elif reference_time and counts[engine][name] != ERROR:
                cells.append(f"{'>' + format(cap / reference_time, '.0f') + 'x':>22}")
            else:
                cells.append(f"{'-':>22}")
        print(f"  {name:<28}" + "".join(cells))
        if not agree:
            mismatches.append(f"{name}: " + ", ".join(f"{e} {counts[e][name]}" for e in engines))
    print(f"  {'geometric mean ratio':<28}" + " " * 17 * len(engines) + "".join(
        f"{statistics.geometric_mean(ratios[e]):>21.1f}x" if ratios[e] else f"{'-':>22}"
        for e in engines if e != reference))  # fmt: skip
    totals = "  ".join(f"{e} {sum(m for m in medians[e].values() if m) * 1000:.0f} ms"
                       + (f" (+{sum(1 for m in medians[e].values() if m is None)} capped)"
                          if any(m is None for m in medians[e].values()) else "")
                       for e in engines)  # fmt: skip
    print(f"  sum of query medians: {totals}")
    for line in mismatches:
        print(f"  ! rows differ: {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="triple counts, comma-separated")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated from {', '.join(ENGINES)}")
    parser.add_argument("--queries", default="", help="canned query names (default: all of queries/)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (fewer when a query is slow)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before a query is given up")
    parser.add_argument("--work", default="", help="folder for generated data and stores (default: a temp folder)")
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    names = [n for n in args.queries.split(",") if n] or list(canned())
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="graphkit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"graphkit store benchmark: engines {', '.join(engines)}; {len(names)} canned queries; "
        f"median of up to {args.runs} runs; cap {args.cap:g} s; data in {work}"
    )
    capped: set[tuple[str, str]] = set()
    for size in (int(s) for s in args.sizes.split(",") if s):
        bench(size, engines, names, args.runs, args.cap, work, capped)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
