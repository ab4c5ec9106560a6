"""Canned queries rewritten for speed give the rows of their straightforward versions, and answers stream.

The references below (and in tests/data/query-references/ and queries/sparql11/) are the plain SPARQL each canned query
replaced: counts grouped over every mention or topic score (where the canned query now reads the
build's summary counts, graphkit/graph/summary.py), FILTER NOT EXISTS, names joined per post, one
ORDER BY over every row (where the canned query now sorts a small set, articles or entities or
topics, and answers each in turn through LATERAL). Both run on a real build of the sample and the
test inputs; rows must agree in content and order. A GROUP_CONCAT's parts come in no set order,
so those columns are compared as sets of parts.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.graph.summary import document_tally, summary_triples
from graphkit.graph.vocab import GK
from graphkit.query import load_query, run
from tests.conftest import TEST_DATA

REFERENCE_FILES = TEST_DATA / "query-references"
PORTABLE = Path(__file__).resolve().parent.parent / "queries" / "sparql11"  # plain versions users can run elsewhere
# Columns that a GROUP_CONCAT fills, with its separator: compared as sets of parts.
CONCATENATED = {
    "entity-mentions": {"quotes": " | "},
    "commenters-by-organisation": {"names": "; "},
    "roles": {"names": "; "},
    "topics-by-person": {"topics": "; "},
}

REFERENCES = {
    "organisations": """
SELECT ?org ?name ?type ?odsCode (COUNT(DISTINCT ?post) AS ?mentions) WHERE {
  {
    SELECT ?org (MIN(?n) AS ?name) (MIN(?t) AS ?type) (MIN(?c) AS ?odsCode) WHERE {
      ?org a org:Organization ; schema:name ?n ; gk:orgType ?t .
      OPTIONAL { ?org gk:odsCode ?c }
      FILTER EXISTS {
        { ?post schema:mentions ?org } UNION { ?m org:organization ?org } UNION { ?a schema:publisher ?org }
      }
    } GROUP BY ?org
  }
  OPTIONAL { ?post schema:mentions ?org }
}
GROUP BY ?org ?name ?type ?odsCode
ORDER BY DESC(?mentions) ?name
""",
    "places": """
SELECT ?place ?name (COUNT(DISTINCT ?post) AS ?mentions) WHERE {
  ?place a schema:Place ; schema:name ?name .
  OPTIONAL { ?post schema:mentions ?place }
}
GROUP BY ?place ?name
ORDER BY DESC(?mentions) ?name
""",
    "hashtags": """
SELECT ?tag (COUNT(DISTINCT ?post) AS ?posts) WHERE {
  ?h a gk:Hashtag ; skos:prefLabel ?tag .
  OPTIONAL { ?post schema:mentions ?h }
}
GROUP BY ?h ?tag
ORDER BY DESC(?posts) ?tag
""",
    "public-figures": """
SELECT ?person ?name (GROUP_CONCAT(DISTINCT ?role; separator="; ") AS ?roles)
       (COUNT(DISTINCT ?post) AS ?mentions) WHERE {
  ?person a foaf:Person ; gk:personKind "public_figure" ; foaf:name ?name .
  OPTIONAL { ?person schema:jobTitle ?role }
  OPTIONAL { ?post schema:mentions ?person }
}
GROUP BY ?person ?name
ORDER BY DESC(?mentions) ?name
""",
    "most-mentioned": """
SELECT ?entity ?name ?kind (COUNT(DISTINCT ?post) AS ?posts) WHERE {
  ?post schema:mentions ?entity .
  VALUES (?class ?kind) {
    (foaf:Person "person") (org:Organization "organisation") (schema:Place "place")
    (gk:Hashtag "hashtag") (gk:Handle "handle")
  }
  ?entity a ?class .
  { SELECT ?entity (MIN(?n) AS ?name) WHERE { ?entity schema:name|skos:prefLabel ?n } GROUP BY ?entity }
}
GROUP BY ?entity ?name ?kind
ORDER BY DESC(?posts) ?name
""",
    "topics": """
SELECT ?topic ?label (SAMPLE(?broaderLabel) AS ?broader) ?score ?posts WHERE {
  {
    # scores summed first: a concept with two broader concepts is not counted twice
    SELECT ?topic ?label (SUM(?w) AS ?score) (COUNT(DISTINCT ?post) AS ?posts) WHERE {
      ?post gk:topicScore ?s .
      ?s gk:topic ?topic ; gk:weight ?w .
      ?topic skos:prefLabel ?label .
    }
    GROUP BY ?topic ?label
  }
  OPTIONAL { ?topic skos:broader/skos:prefLabel ?broaderLabel }
}
GROUP BY ?topic ?label ?score ?posts
ORDER BY DESC(?score) ?label
""",
    "co-mentioned-organisations": """
SELECT ?org1 ?name1 ?org2 ?name2 (COUNT(DISTINCT ?post) AS ?posts) WHERE {
  ?post schema:mentions ?org1, ?org2 .
  ?org1 a org:Organization ; schema:name ?name1 .
  ?org2 a org:Organization ; schema:name ?name2 .
  FILTER(STR(?org1) < STR(?org2))
}
GROUP BY ?org1 ?name1 ?org2 ?name2
ORDER BY DESC(?posts) ?name1 ?name2
""",
    "affiliations": """
SELECT DISTINCT ?name ?role ?organisation ?person ?org WHERE {
  {
    ?m a org:Membership ; org:member ?person ; org:organization ?org .
    ?org schema:name ?organisation .
    OPTIONAL { ?m org:role/skos:prefLabel ?role }
  } UNION {
    ?person schema:jobTitle ?role .
    FILTER NOT EXISTS { ?m2 org:member ?person ; org:role/skos:prefLabel ?role }
  }
  ?person foaf:name ?name .
}
ORDER BY ?name ?organisation ?role
""",
}


def _rows(store: ox.Store, text: str, concatenated: dict[str, str] | None = None, params=None) -> list[tuple]:
    """Rows as tuples of values; numbers as Decimals, so 2.4 and 2.4000 (the same xsd:decimal) agree;
    a concatenated column as the set of its parts."""
    result = run(store, text, params)
    out = []
    for solution in result:
        row = []
        for var in result.variables:
            term = solution[var]
            if isinstance(term, ox.Literal) and term.datatype.value.endswith(("#integer", "#decimal")):
                row.append(Decimal(term.value))
            elif term is not None and var.value in (concatenated or {}):
                row.append(frozenset(term.value.split(concatenated[var.value])))
            else:
                row.append(None if term is None else term.value)
        out.append(tuple(row))
    return out


def _reference(name: str) -> str:
    if name in REFERENCES:
        return REFERENCES[name]
    path = PORTABLE / f"{name}.rq"
    return (path if path.exists() else REFERENCE_FILES / f"{name}.rq").read_text(encoding="utf-8")


_FILED = {p.stem for folder in (REFERENCE_FILES, PORTABLE) for p in folder.glob("*.rq")}


@pytest.mark.parametrize("name", sorted({*REFERENCES, *_FILED}))
def test_canned_query_gives_the_rows_of_its_reference(corpus_store, name):
    concatenated = CONCATENATED.get(name)
    found = _rows(corpus_store, load_query(name), concatenated)
    assert found, f"{name} found nothing on the corpus: the comparison would prove nothing"
    assert found == _rows(corpus_store, _reference(name), concatenated)


# Canned queries that take a parameter, and the variable it binds: bound to the value with the most rows.
PARAMETERS = {
    "evidence": "name", "entity-mentions": "name", "person-posts": "name", "topic-posts": "label",
    "topic-discussants": "label", "topics-by-person": "name",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_a_parameter_narrows_the_rewrite_as_it_narrows_its_reference(corpus_store, name):
    var = PARAMETERS[name]
    values = Counter(s[var] for s in run(corpus_store, _reference(name)) if s[var] is not None)
    value, count = values.most_common(1)[0]
    assert count < sum(values.values()), "the parameter would not narrow anything"
    concatenated = CONCATENATED.get(name)
    found = _rows(corpus_store, load_query(name), concatenated, {var: value})
    assert len(found) == count
    assert found == _rows(corpus_store, _reference(name), concatenated, {var: value})


def test_summary_counts_are_the_counts_of_the_merged_graph(corpus_store):
    mentions = _rows(
        corpus_store,
        """
        SELECT ?e (COUNT(DISTINCT ?post) AS ?n) WHERE { ?post schema:mentions ?e } GROUP BY ?e ORDER BY ?e""",
    )
    assert mentions == _rows(corpus_store, "SELECT ?e ?n WHERE { ?e gk:mentionCount ?n } ORDER BY ?e")
    topics = _rows(
        corpus_store,
        """
        SELECT ?t (SUM(?w) AS ?score) (COUNT(DISTINCT ?post) AS ?n) WHERE {
          ?post gk:topicScore ?s . ?s gk:topic ?t ; gk:weight ?w } GROUP BY ?t ORDER BY ?t""",
    )
    assert len(topics) > 20
    assert topics == _rows(
        corpus_store, "SELECT ?t ?score ?n WHERE { ?t gk:topicWeight ?score ; gk:postCount ?n } ORDER BY ?t"
    )
    discussed = _rows(
        corpus_store,
        "SELECT ?p (COUNT(DISTINCT ?t) AS ?n) WHERE { ?p gk:discusses ?t } GROUP BY ?p ORDER BY ?p",
    )
    assert len(discussed) > 5
    assert discussed == _rows(corpus_store, "SELECT ?p ?n WHERE { ?p gk:topicCount ?n } ORDER BY ?p")


def test_the_hand_written_query_graph_holds_the_summary_of_its_documents():
    quads = list(ox.parse(path=str(TEST_DATA / "query-graph.trig"), format=ox.RdfFormat.TRIG))
    corpus = ox.NamedNode("https://example.org/graphkit/graph/graphkit")
    documents = {q.graph_name for q in quads} - {corpus}
    tallies = [document_tally(q for q in quads if q.graph_name == g) for g in sorted(documents, key=str)]
    own = {GK.mentionCount.value, GK.topicWeight.value, GK.postCount.value, GK.topicCount.value}
    written = {(q.subject, q.predicate, q.object) for q in quads if q.graph_name == corpus and q.predicate.value in own}
    expected = set(summary_triples(tallies))
    assert {(s, p, Decimal(o.value)) for s, p, o in written} == {
        (s, p, Decimal(o.value)) for s, p, o in expected if p.value in own
    }
    # The observations of the co-mentioned pairs and of the topics by organisation type, term for term
    # (decimals as numbers: 1.1 and 1.1000 are one xsd:decimal).
    summary = "https://example.org/graphkit/summary/"
    observed = {
        (q.subject, q.predicate, q.object)
        for q in quads
        if q.graph_name == corpus and q.subject.value.startswith(summary)
    }
    drawn = {(s, p, o) for s, p, o in expected if s.value.startswith(summary)}
    assert len(drawn) > 20
    assert {_number(t) for t in observed} == {_number(t) for t in drawn}


def _number(triple: tuple) -> tuple:
    s, p, o = triple
    return (s, p, Decimal(o.value)) if isinstance(o, ox.Literal) and o.datatype.value.endswith("#decimal") else triple


def test_topics_by_article_counts_each_topic_score_once_however_many_broader_concepts(corpus_store):
    # A topic under two broader concepts once had its score summed twice (the SUM ran over the join).
    scores = _rows(
        corpus_store,
        """
        SELECT ?article ?t (SUM(?w) AS ?score) WHERE {
          { ?post a schema:BlogPosting . BIND(?post AS ?article) }
          UNION { ?post a schema:Comment ; dcterms:isPartOf ?article }
          ?post gk:topicScore ?s . ?s gk:topic ?t ; gk:weight ?w } GROUP BY ?article ?t""",
    )
    two_broader = _rows(corpus_store, "SELECT ?t WHERE { ?t skos:broader ?a, ?b FILTER(?a != ?b) } GROUP BY ?t")
    assert two_broader, "no topic with two broader concepts: the test would prove nothing"
    result = run(corpus_store, load_query("topics-by-article"))
    found = {(s["article"].value, s["topic"].value): Decimal(s["score"].value) for s in result}
    assert found == {(a, t): score for a, t, score in scores}


# Every solution of two unconstrained patterns: hundreds of millions of rows on the sample, so an
# answer gathered whole would never come; a streamed one prints its first row at once.
ENDLESS = "SELECT ?a ?b ?c ?d WHERE { ?a ?b ?c . ?d ?b ?c }"


@pytest.mark.parametrize(("fmt", "timeout"), [("csv", None), ("table", None), ("json", "600")])
def test_query_prints_its_first_rows_while_the_rest_is_still_being_computed(sample_graph, fmt, timeout):
    args = [sys.executable, "-m", "graphkit", "query", str(sample_graph), "-e", ENDLESS, "--format", fmt]
    if timeout:
        args += ["--timeout", timeout]  # the query runs in a forked child, which writes as it goes too
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 120)  # a bound on a hang, not a timing assert
        assert ready, "nothing was printed"
        first = os.read(proc.stdout.fileno(), 65536)
        assert first.strip()
        assert proc.poll() is None  # the answer is not finished: rows are printed before the whole is known
    finally:
        os.killpg(proc.pid, 9)
        proc.wait(30)
        proc.stdout.close()
        proc.stderr.close()


def test_the_endpoint_streams_a_long_answer_whole_and_stops_one_left_midway():
    import http.client
    import urllib.parse

    from graphkit.graph.io import load_store
    from graphkit.query import answer
    from tests.test_serve import GRAPH, get, serving

    store = load_store(GRAPH)
    long = "SELECT ?a ?b ?d WHERE { ?a ?b ?c . ?d ?e ?f }"  # ~90,000 rows: many 64 KiB pieces
    with serving(store, workers=1) as url:
        status, media, body = get(url, long, "text/csv")
        assert status == 200 and media.startswith("text/csv")
        assert body == answer(store, long, fmt="csv")  # every row, in order, though sent in pieces
        # One left unread after its first bytes: the worker is stopped and replaced; the next query is answered.
        address = urllib.parse.urlsplit(url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        connection.request(
            "GET", address.path + "?" + urllib.parse.urlencode({"query": ENDLESS}), headers={"Accept": "text/csv"}
        )
        response = connection.getresponse()
        assert response.status == 200 and response.getheader("Content-Length") is None
        assert response.read(1000).startswith(b"a,b,c,d")
        connection.close()
        status, _, body = get(url, "ASK { ?s ?p ?o }", "application/sparql-results+json")
        assert status == 200 and b"true" in body


def test_every_canned_query_using_lateral_has_a_plain_sparql_11_version_another_engine_parses():
    """LATERAL (SEP-0006) is run by Oxigraph and Jena, not by every store a graph is pushed to: each canned
    query using it has its plain SPARQL 1.1 version in queries/sparql11/ (compared above), which rdflib parses."""
    from rdflib.plugins.sparql import prepareQuery

    canned = Path(__file__).resolve().parent.parent / "queries"
    lateral = {q.stem for q in canned.glob("*.rq") if "LATERAL" in q.read_text(encoding="utf-8")}
    assert lateral, "no canned query uses LATERAL: this test and queries/sparql11/ can go"
    assert lateral == {p.stem for p in PORTABLE.glob("*.rq")}
    for name in sorted(lateral):
        text = (PORTABLE / f"{name}.rq").read_text(encoding="utf-8")
        assert not any("LATERAL" in line for line in text.splitlines() if not line.startswith("#"))
        prepareQuery(text)


def test_summary_observations_are_the_counts_of_the_merged_graph(corpus_store):
    # Every pair and every (type, topic), names and labels aside: the observations hold what the plain
    # queries count over the merged graph, no more and no fewer rows.
    pairs = _rows(
        corpus_store,
        """
        SELECT ?a ?b (COUNT(DISTINCT ?post) AS ?n) WHERE {
          ?post schema:mentions ?a, ?b . ?a a org:Organization . ?b a org:Organization FILTER(STR(?a) < STR(?b))
        } GROUP BY ?a ?b ORDER BY ?a ?b""",
    )
    assert len(pairs) > 50
    assert pairs == _rows(
        corpus_store,
        "SELECT ?a ?b ?n WHERE { ?o gk:organisation ?a ; gk:otherOrganisation ?b ; gk:postTotal ?n } ORDER BY ?a ?b",
    )
    by_type = _rows(
        corpus_store,
        """
        SELECT ?type ?t (COUNT(DISTINCT ?person) AS ?people) (COUNT(DISTINCT ?post) AS ?posts) (SUM(?w) AS ?score)
        WHERE {
          { SELECT DISTINCT ?person ?type WHERE { ?person org:memberOf ?org . ?org gk:orgType ?type } }
          ?post schema:author ?person ; gk:topicScore ?s . ?s gk:topic ?t ; gk:weight ?w .
        } GROUP BY ?type ?t ORDER BY ?type ?t""",
    )
    assert len(by_type) > 20
    assert by_type == _rows(
        corpus_store,
        """
        SELECT ?type ?t ?people ?posts ?score WHERE {
          ?o gk:memberType ?type ; gk:postTopic ?t ; gk:personTotal ?people ; gk:postTotal ?posts ;
            gk:weightTotal ?score
        } ORDER BY ?type ?t""",
    )


def test_topics_by_organisation_type_joins_members_and_posts_across_documents():
    # One person is a member in one document and writes in another; a post has two authors of one type:
    # it counts once among the posts and twice in the weight, as the plain query's SUM over the join does.
    from graphkit.graph.vocab import ORG, RDF, SCHEMA

    b = "https://example.org/graphkit/"
    ann, bob, trust, post, score, topic = (
        ox.NamedNode(b + x) for x in ("person/ann", "person/bob", "organisation/t", "post/d2", "ts/1", "topic/x")
    )
    first = [
        ox.Quad(trust, RDF.type, ORG.Organization),
        ox.Quad(trust, GK.orgType, ox.Literal("nhs_trust")),
        ox.Quad(ann, ORG.memberOf, trust),
        ox.Quad(bob, ORG.memberOf, trust),
    ]
    second = [
        ox.Quad(post, SCHEMA.author, ann),
        ox.Quad(post, SCHEMA.author, bob),
        ox.Quad(post, GK.topicScore, score),
        ox.Quad(score, GK.topic, topic),
        ox.Quad(
            score, GK.weight, ox.Literal("0.2500", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
        ),
    ]
    for order in ([first, second], [second, first]):
        triples = list(summary_triples(document_tally(quads) for quads in order))
        (row,) = {s for s, p, o in triples if p == GK.postTopic}
        values = {p: o.value for s, p, o in triples if s == row}
        assert values[GK.memberType] == "nhs_trust"
        assert (values[GK.personTotal], values[GK.postTotal], Decimal(values[GK.weightTotal])) == (
            "2",
            "1",
            Decimal("0.5"),
        )
