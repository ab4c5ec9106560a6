"""People rules of issue 9, each on a small page written for its test (tests/data/people/): handles
the text gives to a person, kinds of people in a news report, fragments that are not names, short
forms of trust names, near spellings, and placeholder commenters."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphkit

PAGES = Path(__file__).resolve().parent / "data" / "people"
QUERIES = Path(__file__).resolve().parent.parent / "queries"
GK = "https://example.org/graphkit/"


@pytest.fixture(scope="module")
def kg(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("people") / "graph.trig"
    graphkit.build([PAGES], out)
    return graphkit.load(out)


def canned(kg, name: str) -> list[dict[str, str]]:
    return kg.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))


def people(kg) -> dict[str, str]:
    return {r["name"]: r["kind"] for r in canned(kg, "people")}


def test_a_handle_beside_a_name_or_spelling_it_is_that_persons_account(kg):
    owners = {r["handle"]: r.get("ownerName") for r in canned(kg, "handles")}
    assert owners["JaneDoeMD"] == "Jane Doe"  # 'Jane Doe (@JaneDoeMD)'
    assert owners["DrMarkStone"] == "Mark Stone"  # 'tweeted @DrMarkStone, Mark Stone'
    assert owners["PriyaPatelGP"] == "Priya Patel"  # quoted alone; Priya Patel is named in the text
    # a commenter's name with a handle after it: the person, and the account they hold
    assert owners["NurseNina"] == "Nina Cole" and people(kg)["Nina Cole"] == "commenter"
    # a list of handles and names is not a list of pairs
    assert owners["WardWatch"] is None and owners["RotaFacts"] is None
    rows = kg.query(
        "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name ; foaf:account ?h . ?h schema:name 'JaneDoeMD' }"
    )
    assert [r["name"] for r in rows] == ["Jane Doe"]  # the standard term, from the person to the account


def test_executives_chairs_and_board_members_are_public_figures_journalists_are_not(kg):
    kinds = people(kg)
    for name in ("Robert Hale", "Alice Turner", "Mark Dunn", "Jo Bloggs", "Rob Hailey"):
        assert kinds[name] == "public_figure", name
    for name in ("Peter Grant", "Emma Stokes", "Tom Reed", "Sam Hill"):
        assert kinds[name] == "other", name
    assert kinds["Lucy Farrow"] == "author"
    roles = {(r["name"], r.get("role")) for r in canned(kg, "affiliations")}
    assert ("Jo Bloggs", "Non-executive director") in roles and ("Alice Turner", "Board member") in roles
    assert ("Rob Hailey", "Health Secretary") in roles  # 'The Health Secretary, Rob Hailey,'
    # a reporter's publisher, which its name does not type, is a news title: a company
    assert {r["name"]: r["type"] for r in canned(kg, "organisations")}["Westfield Courier"] == "company"


def test_a_common_word_a_surname_and_a_noun_is_not_a_person(kg):
    kinds = people(kg)
    assert not any("Random" in name for name in kinds)
    assert "Jane Smith" in kinds and "Boris Johnson" in kinds  # given names used as modifiers stay people
    assert kinds["Sarah Lowe"] == "public_figure"


def test_a_short_form_of_a_trust_name_is_the_trust_and_its_parts_are_not_places(kg):
    orgs = {r["name"]: r["type"] for r in canned(kg, "organisations")}
    assert orgs["Royal Devon University Healthcare NHS Foundation Trust"] == "nhs_trust"  # today's name (RH8)
    assert orgs["South London and Maudsley NHS Foundation Trust"] == "nhs_trust"
    assert orgs["Leeds Teaching Hospitals NHS Trust"] == "nhs_trust"  # less its suffix, still a provider's name
    assert "Royal Devon" not in orgs
    places = {r["name"] for r in canned(kg, "places")}
    assert "Plymouth" in places and "Exeter" not in places
    # two places joined are places, even where a trust has that short name
    assert {"Lewisham", "Greenwich"} <= places and "Lewisham and Greenwich NHS Trust" not in orgs
    # in a byline too: the organisation line is the trust
    roles = {(r["name"], r.get("role"), r.get("organisation")) for r in canned(kg, "affiliations")}
    trust = "Guy's and St Thomas' NHS Foundation Trust"
    assert ("Helen Marsh", "Consultant anaesthetist", trust) in roles and orgs[trust] == "nhs_trust"


def test_near_spellings_in_one_document_are_one_person_with_the_variant_as_alias(kg):
    warbricks = [name for name in people(kg) if name.startswith("Helen Warbri")]
    assert warbricks == ["Helen Warbrick"]
    rows = kg.query("SELECT ?alt WHERE { ?p foaf:name 'Helen Warbrick' ; skos:altLabel ?alt }")
    assert "Helen Warbrik" in {r["alt"] for r in rows}


def test_placeholder_commenters_are_accounts_not_people(kg):
    kinds = people(kg)
    assert kinds["Rita Olsen"] == "commenter"
    assert not {"Anonymous", "A GP", "Name withheld"} & set(kinds)
    rows = kg.query(
        "SELECT ?name (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c sioc:has_creator ?a . "
        "?a a sioc:UserAccount, foaf:OnlineAccount ; foaf:accountName ?name } GROUP BY ?name"
    )
    accounts = {r["name"]: int(r["n"]) for r in rows}
    assert accounts == {
        "Anonymous": 2,
        "A GP": 1,
        "Name withheld": 1,
        "Retired GP": 1,  # a title alone
        "NHS Manager": 1,
        "Dr Anon": 1,
        "Disgusted of Tunbridge Wells": 1,  # someone of a place
    }
    assert kinds["Jane Baker"] == "commenter"  # a surname that is also a trade is still a name


def test_the_person_a_response_answers_is_named_and_a_practice_is_not_a_person(kg):
    kinds = people(kg)
    assert kinds["Karen Holt"] == "other"  # 'Reply to Dr Karen Holt'
    assert "Elmwood Surgery" not in kinds and "Parkside Medical Centre" not in kinds
    roles = {(r["name"], r.get("role"), r.get("organisation")) for r in canned(kg, "affiliations")}
    assert ("Omar Siddiqui", "GP partner", "Elmwood Surgery") in roles
