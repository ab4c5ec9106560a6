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
        ("Abid Hussain", "commenter"), ("Róisín Carter", "commenter"), ("Sam Majumdar", "commenter"),
        ("Vijaya Nath", "commenter"), ("Ann Author", "author"), ("J Hunt", "public_figure"),
        ("Jeremy Hunt", "public_figure"),
    ]  # fmt: skip
    assert found[0]["person"] == B + "person/abid-hussain"


@answers("affiliations")
def _affiliations(found):
    assert pick(found, "name", "role", "organisation") == [
        ("Abid Hussain", "Director of Infection Prevention", "Public Health England"),
        ("Jeremy Hunt", "Secretary of State", ""),
        ("Róisín Carter", "Clinical Director", "University Hospitals Plymouth NHS Trust"),
        ("Sam Majumdar", "Consultant Surgeon", "NHS Tayside"),
        ("Vijaya Nath", "", "The King's Fund"),
    ]


@answers("organisations")
def _organisations(found):
    assert pick(found, "name", "type", "odsCode", "mentions") == [
        ("The King's Fund", "charity_or_think_tank", "", "3"),
        ("British Medical Association", "professional_body", "", "2"),
        ("Derriford Hospital", "nhs_trust", "RK950", "1"),
        ("University Hospitals Plymouth NHS Trust", "nhs_trust", "RK9", "1"),
        ("NHS Tayside", "health_board", "", "0"),
        ("Public Health England", "national_body", "", "0"),
    ]


@answers("places")
def _places(found):
    assert pick(found, "name", "mentions") == [("UK", "2"), ("Birmingham", "0")]


@answers("hashtags")
def _hashtags(found):
    assert pick(found, "tag", "posts") == [("ImInWorkJeremy", "2")]


@answers("handles")
def _handles(found):
    assert pick(found, "handle", "owner", "ownerName") == [
        ("TheKingsFund", B + "organisation/the-kings-fund", "The King's Fund")
    ]


@answers("topics")
def _topics(found):
    assert [(r["label"], round(float(r["score"]), 4), r["posts"]) for r in found] == [
        ("staff morale", 2.4, "4"),
        ("seven-day services", 2.0, "3"),
        ("bright sparks", 0.3, "1"),
    ]


@answers("comments")
def _comments(found):
    assert pick(found, "id", "author", "replyToAuthor", "position") == [
        ("c1", "Sam Majumdar", "", "1"), ("c2", "Vijaya Nath", "Sam Majumdar", "2"),
        ("c3", "Róisín Carter", "", "3"), ("d1", "Sam Majumdar", "", "1"), ("d2", "Abid Hussain", "Sam Majumdar", "2"),
    ]  # fmt: skip


@answers("commenters-by-organisation")
def _commenters_by_organisation(found):
    assert pick(found, "organisation", "commenters", "names") == [
        ("NHS Tayside", "1", "Sam Majumdar"), ("Public Health England", "1", "Abid Hussain"),
        ("The King's Fund", "1", "Vijaya Nath"), ("University Hospitals Plymouth NHS Trust", "1", "Róisín Carter"),
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
        ("Jeremy Hunt", "Jeremy Hunt", B + "post/alpha"),
        ("Jeremy Hunt", "Secretary of State", B + "post/alpha"),
        ("Jeremy Hunt", "Jeremy Hunt", B + "post/beta/comment/d1"),
        ("NHS Tayside", "NHS Tayside", B + "post/alpha/comment/c1/byline"),
        ("Sam Majumdar", "NHS Tayside", B + "post/alpha/comment/c1/byline"),
        ("The King's Fund", "The King's Fund", B + "post/alpha"),
        ("The King's Fund", "the Fund", B + "post/alpha/comment/c1"),
        ("The King's Fund", "King's Fund", B + "post/beta/comment/d1"),
    ]


@answers("person-posts")
def _person_posts(found):
    assert pick(found, "name", "comment", "position") == [
        ("Abid Hussain", B + "post/beta/comment/d2", "2"),
        ("Róisín Carter", B + "post/alpha/comment/c3", "3"),
        ("Sam Majumdar", B + "post/alpha/comment/c1", "1"),
        ("Sam Majumdar", B + "post/beta/comment/d1", "1"),
        ("Vijaya Nath", B + "post/alpha/comment/c2", "2"),
    ]
    assert found[0]["title"] == "Engaging clinicians" and found[0]["text"] == "Morale is the hardest part."


@answers("reply-threads")
def _reply_threads(found):
    assert pick(found, "author", "repliedTo", "because") == [
        ("Vijaya Nath", "Sam Majumdar", "Sam"),
        ("Abid Hussain", "Sam Majumdar", ""),
    ]


@answers("public-figures")
def _public_figures(found):
    assert pick(found, "name", "roles", "mentions") == [("Jeremy Hunt", "Secretary of State", "2"), ("J Hunt", "", "1")]


@answers("most-mentioned")
def _most_mentioned(found):
    assert pick(found, "name", "kind", "posts") == [
        ("The King's Fund", "organisation", "3"), ("British Medical Association", "organisation", "2"),
        ("ImInWorkJeremy", "hashtag", "2"), ("Jeremy Hunt", "person", "2"), ("UK", "place", "2"),
        ("Derriford Hospital", "organisation", "1"), ("J Hunt", "person", "1"), ("TheKingsFund", "handle", "1"),
        ("University Hospitals Plymouth NHS Trust", "organisation", "1"),
    ]  # fmt: skip


@answers("topics-by-person")
def _topics_by_person(found):
    assert [(r["name"], set(r["topics"].split("; ")), r["count"]) for r in found] == [
        ("Róisín Carter", {"staff morale", "bright sparks"}, "2"),
        ("Abid Hussain", {"staff morale"}, "1"),
        ("Sam Majumdar", {"seven-day services"}, "1"),
    ]


@answers("topic-discussants")
def _topic_discussants(found):
    assert [(r["label"], r["name"], round(float(r["weight"]), 4), r["posts"]) for r in found] == [
        ("bright sparks", "Róisín Carter", 0.3, "1"),
        ("seven-day services", "Sam Majumdar", 1.1, "2"),  # comments c1 (0.6) and d1 (0.5)
        ("seven-day services", "Ann Author", 0.9, "1"),  # her article
        ("staff morale", "Abid Hussain", 0.7, "1"),
        ("staff morale", "Ann Author", 0.5, "1"),
        ("staff morale", "Róisín Carter", 0.4, "1"),
    ]


@answers("co-mentioned-organisations")
def _co_mentioned_organisations(found):
    assert pick(found, "name1", "name2", "posts") == [
        ("British Medical Association", "The King's Fund", "2"),
        ("Derriford Hospital", "The King's Fund", "1"),
    ]


@answers("nhs-organisations")
def _nhs_organisations(found):
    ods = "https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/"
    assert pick(found, "name", "type", "odsCode", "record", "parent", "people") == [
        ("University Hospitals Plymouth NHS Trust", "nhs_trust", "RK9", ods + "RK9", "", "1"),
        ("Derriford Hospital", "nhs_trust", "RK950", ods + "RK950", "University Hospitals Plymouth NHS Trust", "0"),
    ]


@answers("near-duplicates")
def _near_duplicates(found):
    assert pick(found, "entity", "name", "other", "otherName") == [
        (B + "person/jeremy-hunt", "Jeremy Hunt", B + "person/j-hunt", "J Hunt")
    ]


@answers("entity-mentions")
def _entity_mentions(found):
    assert len(found) == 15  # every (entity, post) pair of schema:mentions in the graph
    kf = [r for r in found if r["name"] == "The King's Fund"]
    assert pick(kf, "post", "author", "quotes") == [
        (B + "post/alpha", "Ann Author", "The King's Fund"),
        (B + "post/alpha/comment/c1", "Sam Majumdar", "the Fund"),
        (B + "post/beta/comment/d1", "Sam Majumdar", "King's Fund"),
    ]


@answers("documents")
def _documents(found):
    assert pick(found, "graph", "title", "created", "publisher", "comments") == [
        (B + "graph/alpha", "Seven-day services and morale", "2015-07-21", "The King's Fund", "3"),
        (B + "graph/beta", "Engaging clinicians", "2016-01-05", "The King's Fund", "2"),
    ]


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
    assert pick(ask(store, "person-posts", name="Sam Majumdar"), "comment") == [
        (B + "post/alpha/comment/c1",),
        (B + "post/beta/comment/d1",),
    ]
    hunt = ask(store, "evidence", entity=f"<{B}person/jeremy-hunt>")
    assert pick(hunt, "exact") == [("Jeremy Hunt",), ("Secretary of State",), ("Jeremy Hunt",)]
    assert pick(ask(store, "topic-discussants", label="staff morale"), "name") == [
        ("Abid Hussain",),
        ("Ann Author",),
        ("Róisín Carter",),
    ]
    by_iri = ask(store, "topic-discussants", topic=f"<{B}topic/bright-sparks>")
    assert pick(by_iri, "label", "name") == [("bright sparks", "Róisín Carter")]
    assert pick(ask(store, "topics-by-person", name="Abid Hussain"), "topics") == [("staff morale",)]
    kf = ask(store, "entity-mentions", entity=f"<{B}organisation/the-kings-fund>")
    assert pick(kf, "post") == [(B + "post/alpha",), (B + "post/alpha/comment/c1",), (B + "post/beta/comment/d1",)]
    assert ask(store, "entity-mentions", name="The King's Fund") == kf


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
        ("Sam Majumdar", ox.Literal("Sam Majumdar")),
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
    hostile = 'Sam Majumdar" } } SELECT * WHERE { ?s ?p ?o } #'
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
    assert run(store, 'SELECT ?s WHERE { ?s ?p "SERVICE" } # SERVICE <x>') is not None


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
    assert out.decode().splitlines() == ["tag,posts", "ImInWorkJeremy,2"]
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
    code, out, _ = _cli(capsys, str(GRAPH), "person-posts", "-p", "name=Abid Hussain", "-f", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 2
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY ?name LIMIT 1", encoding="utf-8")
    _, out, _ = _cli(capsys, str(GRAPH), str(query), "-f", "csv")
    assert out.splitlines() == ["name", "Abid Hussain"]
    monkeypatch.setattr("sys.stdin", io.StringIO(query.read_text(encoding="utf-8")))
    _, out, _ = _cli(capsys, str(GRAPH), "-f", "csv")
    assert out.splitlines() == ["name", "Abid Hussain"]


def test_cli_lists_the_cookbook(capsys):
    code, out, _ = _cli(capsys, "--list")
    names = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and names == sorted(canned())
    assert all(line.rstrip().endswith(("?", ".")) for line in out.splitlines())


def test_help_documents_parameter_syntax(capsys):
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    out = capsys.readouterr().out
    assert '"1"^^xsd:int' in out and "<https://" in out and "--allow-service" in out and "--timeout" in out


def test_queries_dir_holds_the_canned_files():
    assert all(isinstance(path, Path) and path.suffix == ".rq" for path in canned().values())
