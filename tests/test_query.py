"""Queries: every canned question's answer on a hand-written graph, parameters, read-only rules, timeouts, formats."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.cli import main
from graphkit.errors import QueryError
from graphkit.graph.io import load_store
from graphkit.query import (
    QueryTimeout,
    answer,
    canned,
    load_query,
    parse_params,
    parse_value,
    rows,
    run,
    scan,
)
from graphkit.query.cookbook import documented_variables, header
from tests.conftest import TEST_DATA

GRAPH = TEST_DATA / "query-graph.trig"
B = "https://example.org/graphkit/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store(GRAPH)


def ask(store: ox.Store, query: str, /, **params: str) -> list[dict[str, str]]:
    """A canned query's rows, with parameters written as on the command line."""
    return rows(run(store, load_query(query), {k: parse_value(v) for k, v in params.items()}))


def pick(found: list[dict[str, str]], *names: str) -> list[tuple[str, ...]]:
    return [tuple(row.get(n, "") for n in names) for row in found]


# One answer check per canned query, run by test_canned_query_answers on tests/data/query-graph.trig.
CHECKS: dict[str, Callable[[list[dict[str, str]]], None]] = {}


def answers(name: str):
    def register(check):
        CHECKS[name] = check
        return check

    return register


@answers("people")
def _people(found):
    assert pick(found, "name", "kind") == [
        ("Abel Hughes", "commenter"), ("Rósa Carr", "commenter"), ("Sara Malik", "commenter"),
        ("Vera Nash", "commenter"), ("Ann Author", "author"), ("J Hurst", "public_figure"),
        ("Jerome Hurst", "public_figure"),
    ]  # fmt: skip
    assert found[0]["person"] == B + "person/abel-hughes"


@answers("affiliations")
def _affiliations(found):
    assert pick(found, "name", "role", "organisation") == [
        ("Abel Hughes", "Director of Infection Prevention", "Public Health Scotland"),
        ("Jerome Hurst", "Secretary of State", ""),
        ("Rósa Carr", "Clinical Director", "University Hospitals Poole NHS Trust"),
        ("Sara Malik", "Consultant Surgeon", "NHS Tweedside"),
        ("Vera Nash", "", "The Kelvin Fund"),
    ]


@answers("organisations")
def _organisations(found):
    assert pick(found, "name", "type", "odsCode", "mentions") == [
        ("The Kelvin Fund", "charity_or_think_tank", "", "3"),
        ("British Medical Association", "professional_body", "", "2"),
        ("Derriford Hospital", "nhs_trust", "RX950", "1"),
        ("University Hospitals Poole NHS Trust", "nhs_trust", "RX9", "1"),
        ("NHS Tweedside", "health_board", "", "0"),
        ("Public Health Scotland", "national_body", "", "0"),
    ]


@answers("places")
def _places(found):
    assert pick(found, "name", "mentions") == [("UK", "2"), ("Bristol", "0")]


@answers("hashtags")
def _hashtags(found):
    assert pick(found, "tag", "posts") == [("ImOnCallJerome", "2")]


@answers("handles")
def _handles(found):
    assert pick(found, "handle", "owner", "ownerName") == [
        ("TheKelvinFund", B + "organisation/the-kelvin-fund", "The Kelvin Fund")
    ]


@answers("topics")
def _topics(found):
    assert [(r["label"], round(float(r["score"]), 4), r["posts"]) for r in found] == [
        ("staff morale", 2.4, "4"),
        ("seven-day services", 2.0, "3"),
        ("bright ideas", 0.3, "1"),
    ]


@answers("comments")
def _comments(found):
    assert pick(found, "id", "author", "replyToAuthor", "position") == [
        ("c1", "Sara Malik", "", "1"), ("c2", "Vera Nash", "Sara Malik", "2"),
        ("c3", "Rósa Carr", "", "3"), ("d1", "Sara Malik", "", "1"), ("d2", "Abel Hughes", "Sara Malik", "2"),
    ]  # fmt: skip


@answers("commenters-by-organisation")
def _commenters_by_organisation(found):
    assert pick(found, "organisation", "commenters", "names") == [
        ("NHS Tweedside", "1", "Sara Malik"), ("Public Health Scotland", "1", "Abel Hughes"),
        ("The Kelvin Fund", "1", "Vera Nash"), ("University Hospitals Poole NHS Trust", "1", "Rósa Carr"),
    ]  # fmt: skip


@answers("people-by-organisation-type")
def _people_by_organisation_type(found):
    assert pick(found, "type", "people", "organisations") == [
        ("charity_or_think_tank", "1", "1"), ("health_board", "1", "1"), ("national_body", "1", "1"),
        ("nhs_trust", "1", "1"),
    ]  # fmt: skip


@answers("evidence")
def _evidence(found):
    assert pick(found, "name", "exact", "source") == [
        ("Jerome Hurst", "Jerome Hurst", B + "post/alpha"),
        ("Jerome Hurst", "Secretary of State", B + "post/alpha"),
        ("Jerome Hurst", "Jerome Hurst", B + "post/beta/comment/d1"),
        ("NHS Tweedside", "NHS Tweedside", B + "post/alpha/comment/c1/byline"),  # its own words, not the title
        ("Sara Malik", "Consultant Surgeon", B + "post/alpha/comment/c1/byline"),
        ("The Kelvin Fund", "The Kelvin Fund", B + "post/alpha"),
        ("The Kelvin Fund", "the Fund", B + "post/alpha/comment/c1"),
        ("The Kelvin Fund", "Kelvin Fund", B + "post/beta/comment/d1"),
    ]


@answers("person-posts")
def _person_posts(found):
    assert pick(found, "name", "comment", "position") == [
        ("Abel Hughes", B + "post/beta/comment/d2", "2"),
        ("Rósa Carr", B + "post/alpha/comment/c3", "3"),
        ("Sara Malik", B + "post/alpha/comment/c1", "1"),
        ("Sara Malik", B + "post/beta/comment/d1", "1"),
        ("Vera Nash", B + "post/alpha/comment/c2", "2"),
    ]
    assert found[0]["title"] == "Engaging clinicians" and found[0]["text"] == "Morale is the hardest part."


@answers("reply-threads")
def _reply_threads(found):
    assert pick(found, "author", "repliedTo", "because") == [
        ("Vera Nash", "Sara Malik", "Sara"),
        ("Abel Hughes", "Sara Malik", ""),
    ]


@answers("public-figures")
def _public_figures(found):
    assert pick(found, "name", "roles", "mentions") == [
        ("Jerome Hurst", "Secretary of State", "2"),
        ("J Hurst", "", "1"),
    ]


@answers("most-mentioned")
def _most_mentioned(found):
    assert pick(found, "name", "kind", "posts") == [
        ("The Kelvin Fund", "organisation", "3"), ("British Medical Association", "organisation", "2"),
        ("ImOnCallJerome", "hashtag", "2"), ("Jerome Hurst", "person", "2"), ("UK", "place", "2"),
        ("Derriford Hospital", "organisation", "1"), ("J Hurst", "person", "1"), ("TheKelvinFund", "handle", "1"),
        ("University Hospitals Poole NHS Trust", "organisation", "1"),
    ]  # fmt: skip


@answers("topics-by-person")
def _topics_by_person(found):
    assert [(r["name"], set(r["topics"].split("; ")), r["count"]) for r in found] == [
        ("Rósa Carr", {"staff morale", "bright ideas"}, "2"),
        ("Abel Hughes", {"staff morale"}, "1"),
        ("Sara Malik", {"seven-day services"}, "1"),
    ]


@answers("topic-discussants")
def _topic_discussants(found):
    assert [(r["label"], r["name"], round(float(r["weight"]), 4), r["posts"]) for r in found] == [
        ("bright ideas", "Rósa Carr", 0.3, "1"),
        ("seven-day services", "Sara Malik", 1.1, "2"),  # comments c1 (0.6) and d1 (0.5)
        ("seven-day services", "Ann Author", 0.9, "1"),  # her article
        ("staff morale", "Abel Hughes", 0.7, "1"),
        ("staff morale", "Ann Author", 0.5, "1"),
        ("staff morale", "Rósa Carr", 0.4, "1"),
    ]


@answers("co-mentioned-organisations")
def _co_mentioned_organisations(found):
    assert pick(found, "name1", "name2", "posts") == [
        ("British Medical Association", "The Kelvin Fund", "2"),
        ("Derriford Hospital", "The Kelvin Fund", "1"),
    ]


@answers("nhs-organisations")
def _nhs_organisations(found):
    ods = "https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/"
    assert pick(found, "name", "type", "odsCode", "record", "parent", "people") == [
        ("University Hospitals Poole NHS Trust", "nhs_trust", "RX9", ods + "RX9", "", "1"),
        ("Derriford Hospital", "nhs_trust", "RX950", ods + "RX950", "University Hospitals Poole NHS Trust", "0"),
    ]


@answers("near-duplicates")
def _near_duplicates(found):
    assert pick(found, "entity", "name", "other", "otherName") == [
        (B + "person/jerome-hurst", "Jerome Hurst", B + "person/j-hurst", "J Hurst")
    ]


@answers("entity-mentions")
def _entity_mentions(found):
    assert len(found) == 15  # every (entity, post) pair of schema:mentions in the graph
    kf = [r for r in found if r["name"] == "The Kelvin Fund"]
    assert pick(kf, "post", "author", "quotes") == [
        (B + "post/alpha", "Ann Author", "The Kelvin Fund"),
        (B + "post/alpha/comment/c1", "Sara Malik", "the Fund"),
        (B + "post/beta/comment/d1", "Sara Malik", "Kelvin Fund"),
    ]


@answers("documents")
def _documents(found):
    assert pick(found, "graph", "title", "created", "publisher", "comments") == [
        (B + "graph/alpha", "Seven-day services and morale", "2015-07-21", "The Kelvin Fund", "3"),
        (B + "graph/beta", "Engaging clinicians", "2016-01-05", "The Kelvin Fund", "2"),
    ]


@answers("commenters-by-organisation-type")
def _commenters_by_organisation_type(found):
    # Jerome Hurst is a public figure, not a commenter: his organisation type is not counted
    assert pick(found, "type", "commenters", "organisations") == [
        ("charity_or_think_tank", "1", "1"), ("health_board", "1", "1"), ("national_body", "1", "1"),
        ("nhs_trust", "1", "1"),
    ]  # fmt: skip


@answers("roles")
def _roles(found):
    assert pick(found, "role", "people", "names") == [
        ("Clinical Director", "1", "Rósa Carr"), ("Consultant Surgeon", "1", "Sara Malik"),
        ("Director of Infection Prevention", "1", "Abel Hughes"), ("Secretary of State", "1", "Jerome Hurst"),
    ]  # fmt: skip


@answers("topics-by-article")
def _topics_by_article(found):
    got = [(r["title"], r["label"], round(float(r["score"]), 4), r["posts"]) for r in found]
    assert got == [
        ("Engaging clinicians", "staff morale", 1.5, "2"), ("Engaging clinicians", "seven-day services", 0.5, "1"),
        ("Seven-day services and morale", "seven-day services", 1.5, "2"),
        ("Seven-day services and morale", "staff morale", 0.9, "2"),
        ("Seven-day services and morale", "bright ideas", 0.3, "1"),
    ]  # fmt: skip
    # the articles' topics add up to the corpus's
    morale = sum(float(r["score"]) for r in found if r["label"] == "staff morale")
    assert round(morale, 4) == 2.4


@answers("topics-by-organisation-type")
def _topics_by_organisation_type(found):
    got = [(r["type"], r["label"], r["people"], r["posts"], round(float(r["score"]), 4)) for r in found]
    assert got == [
        ("health_board", "seven-day services", "1", "2", 1.1), ("national_body", "staff morale", "1", "1", 0.7),
        ("nhs_trust", "staff morale", "1", "1", 0.4), ("nhs_trust", "bright ideas", "1", "1", 0.3),
    ]  # fmt: skip


@answers("posts")
def _posts(found):
    got = pick(found, "id", "kind", "author", "replyTo", "replies", "created")
    assert got == [
        ("beta", "article", "The Kelvin Fund", "", "1", "2016-01-05"),  # no author: its publisher
        ("d1", "comment", "Sara Malik", B + "post/beta", "1", ""),
        ("d2", "comment", "Abel Hughes", B + "post/beta/comment/d1", "0", ""),
        ("alpha", "article", "Ann Author", "", "2", "2015-07-21"),
        ("c1", "comment", "Sara Malik", B + "post/alpha", "1", ""),
        ("c2", "comment", "Vera Nash", B + "post/alpha/comment/c1", "0", ""),
        ("c3", "comment", "Rósa Carr", B + "post/alpha", "0", ""),
    ]
    c1 = next(r for r in found if r["id"] == "c1")
    assert c1["byline"] == B + "post/alpha/comment/c1/byline" and "NHS Tweedside" in c1["bylineText"]
    assert all(r["text"] for r in found)


@answers("topic-posts")
def _topic_posts(found):
    morale = [(r["post"], r["weight"]) for r in found if r["label"] == "staff morale"]
    assert morale == [
        (B + "post/beta", "0.8"), (B + "post/beta/comment/d2", "0.7"), (B + "post/alpha", "0.5"),
        (B + "post/alpha/comment/c3", "0.4"),
    ]  # fmt: skip
    assert len(found) == 8


# --- the cookbook as a whole -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(canned()))
def test_canned_query_answers(store, name):
    path = canned()[name]
    assert name in CHECKS, f"queries/{name}.rq has no answer check in tests/test_query.py"
    assert header(path), f"queries/{name}.rq needs a comment on top saying what it answers"
    result = run(store, path.read_text(encoding="utf-8"))
    assert [v.value for v in result.variables] == documented_variables(path), "the 'Variables:' line is out of date"
    CHECKS[name](rows(result))


def test_every_canned_query_has_an_answer_check():
    assert sorted(set(canned()) - set(CHECKS)) == []
    assert sorted(set(CHECKS) - set(canned())) == [], "an answer check names a query that does not exist"


def test_the_cookbook_has_at_least_fifteen_questions():
    assert len(canned()) >= 15


# --- parameters --------------------------------------------------------------------------------


def test_parameters_narrow_canned_queries(store):
    assert pick(ask(store, "person-posts", name="Sara Malik"), "comment") == [
        (B + "post/alpha/comment/c1",),
        (B + "post/beta/comment/d1",),
    ]
    hurst = ask(store, "evidence", entity=f"<{B}person/jerome-hurst>")
    assert pick(hurst, "exact") == [("Jerome Hurst",), ("Secretary of State",), ("Jerome Hurst",)]
    assert pick(ask(store, "topic-discussants", label="staff morale"), "name") == [
        ("Abel Hughes",),
        ("Ann Author",),
        ("Rósa Carr",),
    ]
    by_iri = ask(store, "topic-discussants", topic=f"<{B}topic/bright-ideas>")
    assert pick(by_iri, "label", "name") == [("bright ideas", "Rósa Carr")]
    assert pick(ask(store, "topics-by-person", name="Abel Hughes"), "topics") == [("staff morale",)]
    kf = ask(store, "entity-mentions", entity=f"<{B}organisation/the-kelvin-fund>")
    assert pick(kf, "post") == [(B + "post/alpha",), (B + "post/alpha/comment/c1",), (B + "post/beta/comment/d1",)]
    assert ask(store, "entity-mentions", name="The Kelvin Fund") == kf


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<https://example.org/x>", ox.NamedNode("https://example.org/x")),
        ('"staff morale"', ox.Literal("staff morale")),
        ('"morale"@en', ox.Literal("morale", language="en")),
        ('"1"^^xsd:int', ox.Literal("1", datatype=ox.NamedNode(XSD + "int"))),
        ('"1"^^<http://www.w3.org/2001/XMLSchema#short>', ox.Literal("1", datatype=ox.NamedNode(XSD + "short"))),
        ("42", ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))),
        ("-2.5", ox.Literal("-2.5", datatype=ox.NamedNode(XSD + "decimal"))),
        ("true", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
        ("Sara Malik", ox.Literal("Sara Malik")),
        ("gk:Handle", ox.Literal("gk:Handle")),
        ("", ox.Literal("")),
    ],
)
def test_parameter_values_are_typed_terms(text, expected):
    assert parse_value(text) == expected


@pytest.mark.parametrize("bad", ["name", "=x", "1x=2", 'name="unclosed', "iri=<not an iri>", 'x="a", "b"'])
def test_bad_parameters_are_one_line_errors(bad):
    with pytest.raises(QueryError) as err:
        parse_params([bad])
    assert "\n" not in str(err.value)


def test_parameters_are_bound_not_spliced(store):
    hostile = 'Sara Malik" } } SELECT * WHERE { ?s ?p ?o } #'
    assert ask(store, "person-posts", name=hostile) == []
    with pytest.raises(QueryError, match="no variable"):
        run(store, load_query("people"), parse_params(["nosuch=1"]))


# --- read-only, SERVICE, timeout ----------------------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX ex: <urn:x:> DELETE WHERE { ?s ?p ?o }",
        "delete { ?s ?p ?o } insert { ?s ?p 1 } where { ?s ?p ?o }",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "CREATE GRAPH <urn:g>",
        "COPY DEFAULT TO <urn:g>",
        "# a comment first\nADD <urn:a> TO <urn:b>",
    ],
)
def test_updates_are_refused(store, update):
    before = len(store)
    with pytest.raises(QueryError, match=r"SPARQL Update .* not allowed"):
        run(store, update)
    assert len(store) == before


def test_update_words_in_strings_iris_comments_and_names_are_not_updates(store):
    text = """PREFIX ex: <https://example.org/insert/delete#>
    # DROP ALL; INSERT DATA { <a> <b> <c> }
    SELECT ?insert WHERE { VALUES ?insert { "DELETE WHERE { ?s ?p ?o }" '''LOAD <x>''' <urn:clear:all> ex:drop } }"""
    assert len(rows(run(store, text))) == 4
    assert scan(text).form == "SELECT" and scan(text).update_words == []


def test_service_is_refused_unless_allowed(store):
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="SERVICE"):
        run(store, text)
    # The word in a string or a comment is no SERVICE clause: the query runs (and finds nothing here).
    assert rows(run(store, 'SELECT ?s WHERE { ?s ?p "SERVICE" } # SERVICE <x>')) == []


def test_invalid_sparql_is_a_query_error(store):
    with pytest.raises(QueryError, match="not valid SPARQL"):
        run(store, "SELECT ?s WHERE { ?s ?p }")


def test_timeout_stops_a_runaway_query(store):
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="stopped after 1 s"):
        answer(store, SLOW, timeout=1)
    assert time.monotonic() - start < 10


def test_a_timed_query_answers_and_reports_errors_from_its_child(store):
    out = answer(store, load_query("hashtags"), fmt="csv", timeout=30)
    assert out.decode().splitlines() == ["tag,posts", "ImOnCallJerome,2"]
    with pytest.raises(QueryError, match="not valid SPARQL"):
        answer(store, "SELECT WHERE", timeout=30)


# --- formats and the command line ---------------------------------------------------------------


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["query", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_result_formats(capsys):
    code, out, _ = _cli(capsys, str(GRAPH), "hashtags", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["head"]["vars"] == ["tag", "posts"]
    assert data["results"]["bindings"][0]["posts"] == {
        "type": "literal", "value": "2", "datatype": XSD + "integer"
    }  # fmt: skip
    _, out, _ = _cli(capsys, str(GRAPH), "places", "-f", "csv")
    assert list(csv.reader(io.StringIO(out)))[1] == [B + "place/uk", "UK", "2"]
    _, out, _ = _cli(capsys, str(GRAPH), "places", "-f", "tsv")
    assert out.splitlines()[0] == "?place\t?name\t?mentions"
    _, out, _ = _cli(capsys, str(GRAPH), "places", "-f", "xml")
    assert "sparql-results" in out
    _, out, _ = _cli(capsys, str(GRAPH), "-e", "ASK { ?s a foaf:Person }")
    assert out == "true\n"
    _, out, _ = _cli(capsys, str(GRAPH), "places")
    assert out.splitlines()[-1] == "(2 rows)"


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"])
def test_cli_construct_in_every_rdf_format(capsys, fmt):
    query = "CONSTRUCT { ?p a foaf:Person ; foaf:name ?n } WHERE { ?p a foaf:Person ; foaf:name ?n }"
    code, out, _ = _cli(capsys, str(GRAPH), "-e", query, "--format", fmt)
    assert code == 0
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[fmt]
    assert len(list(ox.parse(out.encode(), format=rdf_format))) == 14  # seven people, a type and a name each


def test_cli_errors_are_one_line_and_exit_2(capsys, tmp_path):
    cases = [
        [str(GRAPH), "-e", "DELETE WHERE { ?s ?p ?o }"],
        [str(GRAPH), "-e", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"],
        [str(GRAPH), "people", "--format", "turtle"],
        [str(GRAPH), "no-such-query"],
        [str(GRAPH), "-e", "SELECT ?s {", "--param", "bad"],
        [str(tmp_path / "missing.trig"), "people"],
        [str(GRAPH), "-e", SLOW, "--timeout", "0.5"],
    ]
    for argv in cases:
        code, out, err = _cli(capsys, *argv)
        assert (code, out) == (2, ""), argv
        assert err.startswith("graphkit: ") and err.count("\n") == 1, err


def test_cli_reads_params_files_and_stdin(capsys, monkeypatch, tmp_path):
    code, out, _ = _cli(capsys, str(GRAPH), "person-posts", "-p", "name=Abel Hughes", "-f", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 2
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY ?name LIMIT 1", encoding="utf-8")
    _, out, _ = _cli(capsys, str(GRAPH), str(query), "-f", "csv")
    assert out.splitlines() == ["name", "Abel Hughes"]
    monkeypatch.setattr("sys.stdin", io.StringIO(query.read_text(encoding="utf-8")))
    _, out, _ = _cli(capsys, str(GRAPH), "-f", "csv")
    assert out.splitlines() == ["name", "Abel Hughes"]


def test_cli_lists_the_cookbook(capsys):
    code, out, _ = _cli(capsys, "--list")
    lines = out.splitlines()
    names = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert code == 0 and names == sorted(canned())
    assert all(line.rstrip().endswith(("?", ".")) for line in lines if not line.startswith(" "))
    # each query's parameters on the line under it
    params = {lines[i - 1].split()[0]: line.split() for i, line in enumerate(lines) if line.startswith(" ")}
    assert params["evidence"] == ["--param", "entity=<IRI>", "or", "--param", 'name="…"']
    assert "people" not in params


def test_tables_put_labels_before_iris_and_fit_the_width(store):
    text = answer(store, load_query("public-figures"), fmt="table").decode()
    head = text.splitlines()[0].split()
    assert head == ["name", "roles", "mentions", "person"]  # the IRI column last
    assert "person:jerome-hurst" in text and B not in text  # shortened
    from graphkit.query.formats import table

    for width in (60, 100):
        narrow = table(run(store, load_query("organisations")), width=width)
        assert max(len(line) for line in narrow.splitlines()) <= width
        if width == 100:
            assert narrow.splitlines()[2].startswith("The Kelvin Fund  ")  # IRIs give way before labels


def test_help_documents_parameter_syntax(capsys):
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    out = capsys.readouterr().out
    assert '"1"^^xsd:int' in out and "<https://" in out and "--allow-service" in out and "--timeout" in out


def test_queries_dir_holds_the_canned_files():
    assert all(isinstance(path, Path) and path.suffix == ".rq" for path in canned().values())
