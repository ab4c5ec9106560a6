"""People rules of issue 9, each on a small page written for its test (tests/data/people/): handles
the text gives to a person, kinds of people in a news report, fragments that are not names, short
forms of trust names, near spellings, and placeholder commenters."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphkit
from tests.pages import canned, people

PAGES = Path(__file__).resolve().parent / "data" / "people"
GK = "https://example.org/graphkit/"


@pytest.fixture(scope="module")
def kg(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("people") / "graph.trig"
    graphkit.build([PAGES], out)
    return graphkit.load(out)


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


def affiliations(kg) -> set[tuple[str, str | None, str | None]]:
    return {(r["name"], r.get("role"), r.get("organisation")) for r in canned(kg, "affiliations")}


def organisation_names(kg) -> set[str]:
    return {r["name"] for r in canned(kg, "organisations")}


# --- roles in a news report (tests/data/people/roles-news.json)


def test_a_title_before_a_comma_and_an_honorific_is_held_at_the_body_named_before(kg):
    rows = affiliations(kg)
    # "The trust's medical director, Dr Felix Amadi": the honorific does not hide the title
    assert ("Felix Amadi", "medical director", "Sherwood Forest Hospitals NHS Foundation Trust") in rows
    # "In a statement, the ICB's chief executive, Oliver Brandt": 'the ICB' is the board named before
    assert ("Oliver Brandt", "chief executive", "NHS Nottingham and Nottinghamshire Integrated Care Board") in rows
    assert "ICB" not in organisation_names(kg)


def test_its_title_is_held_at_the_body_the_sentence_before_is_about(kg):
    # "Nottinghamshire Healthcare NHS Foundation Trust said … Its director of nursing, Priya Lal, said"
    assert ("Priya Lal", "director of nursing", "Nottinghamshire Healthcare NHS Foundation Trust") in affiliations(kg)


def test_an_apposition_names_the_whole_body_and_no_more(kg):
    rows = affiliations(kg)
    # the name the gazetteer knows runs past the comma and 'and' that end an apposition
    assert ("Nadia Haddad", "chief executive", "Barking, Havering and Redbridge University Hospitals NHS Trust") in rows
    # 'of the Royal College of Nursing in the East Midlands': the body, not 'in the'
    assert ("Tom Ashby", "regional director", "Royal College of Nursing") in rows
    assert not any(name.endswith(" in the") for name in organisation_names(kg))


def test_a_possessive_body_opens_an_apposition_or_a_copular_role(kg):
    rows = affiliations(kg)
    # "Cllr Rosa Finch, Nottingham City Council's cabinet member for adult care,"
    assert ("Rosa Finch", "cabinet member for adult care", "Nottingham City Council") in rows
    # "Amelia Stone is the Gazette's health correspondent": the Gazette is the publisher
    assert ("Amelia Stone", "health correspondent", "Westbury Gazette") in rows
    assert "Gazette" not in organisation_names(kg)


def test_a_field_after_a_title_then_the_body_in_the_next_part(kg):
    # 'Professor Ivan Petrov, Professor of Nursing, University of Nottingham,'
    assert ("Ivan Petrov", "Professor of Nursing", "University of Nottingham") in affiliations(kg)
    assert not any(name.startswith("Nursing") for name in organisation_names(kg))


def test_a_committee_of_a_body_is_held_at_the_body_and_a_verb_tells_a_role(kg):
    rows = affiliations(kg)
    # "chair of the BMA's consultants committee": an internal body of the BMA
    assert ("Ruth Okonjo", "chair", "British Medical Association") in rows
    # 'Graham Pike, who chairs the patient participation group at Bramcote Surgery,'
    assert ("Graham Pike", "chair", "Bramcote Surgery") in rows


def test_a_party_among_the_words_of_a_title_and_the_council_after_on(kg):
    rows = affiliations(kg)
    # 'Councillor Joe Walsh, the Liberal Democrat health spokesperson on Nottinghamshire County Council'
    assert ("Joe Walsh", "health spokesperson", "Nottinghamshire County Council") in rows
    assert ("Joe Walsh", None, "Liberal Democrats") in rows
    assert "Councillor Joe Walsh" not in people(kg)


def test_an_office_named_in_a_comment_is_nobody_the_article_names(kg):
    # 'The Secretary of State should come' (a comment) is not Sir Keith Lumb, who only 'said' in the article
    assert not {row for row in affiliations(kg) if row[0] == "Keith Lumb"}


# --- a letters page (tests/data/people/letters-page.txt)


def test_every_signature_block_of_a_letters_page_names_its_writer(kg):
    rows = affiliations(kg)
    assert ("Linda Harrow", "Registered manager", "Brookside Care Ltd") in rows  # a block inside the page
    assert ("Omari Black", "Professor of Social Policy", "University of Kent") in rows  # one line
    assert ("Hamid Karimi", "President", "Society for Acute Medicine") in rows  # a joint letter, a line each
    assert ("Joan Pell", "Chief Executive", "Care England") in rows
    # two signers and the organisation line they share
    assert ("Megan Rowe", "specialty registrar in public health", "UK Health Security Agency") in rows
    assert ("Samuel Idowu", "consultant in public health medicine", "UK Health Security Agency") in rows
    # a hospital and its board on one line, the board's Welsh name in brackets a gloss, not a third body
    assert ("Carys Lloyd", "Consultant physician", "Betsi Cadwaladr University Health Board") in rows
    assert ("Carys Lloyd", None, "Glan Clwyd Hospital") in rows
    assert not any("Bwrdd" in name for name in organisation_names(kg))
    kinds = people(kg)
    assert "By Nora Quill" not in kinds and kinds["Nora Quill"] == "author"  # the byline is no signature
    places = {r["name"] for r in canned(kg, "places")}
    assert {"Sheringham", "Rhyl"} <= places  # small towns are places


# --- names of bodies (tests/data/people/bodies.json)


def test_a_body_named_head_first_is_an_organisation_not_a_person(kg):
    orgs = organisation_names(kg)
    assert {"Healthwatch Norfolk", "Ysbyty Glan Clwyd", "NHS Property Services"} <= orgs
    assert not {"Healthwatch Norfolk", "Ysbyty Glan Clwyd"} & set(people(kg))


def test_short_names_of_a_body_the_text_names_are_that_body(kg):
    orgs = organisation_names(kg)
    # 'Devon LMC' and 'the LMC' after 'the Devon Local Medical Committee'
    assert "Devon Local Medical Committee" in orgs and not {"Devon LMC", "LMC"} & orgs
    # 'the Northern General' after 'the Northern General Hospital'
    assert "Northern General Hospital" in orgs and "Northern General" not in orgs
    # a listed hospital's name and a place is another hospital
    assert "Queen Elizabeth Hospital Birmingham" in orgs and "Queen Elizabeth Hospital" not in orgs
    # 'NHS Devon' is the ICB's everyday name
    assert ("Lena Voss", "chief medical officer", "NHS Devon Integrated Care Board") in affiliations(kg)


def test_places_that_bodies_are_named_after_stay_places(kg):
    orgs = organisation_names(kg)
    assert "NHS England Midlands" not in orgs  # 'right across the Midlands'
    assert not any(name.startswith("Lancashire") for name in orgs)  # 'In Lancashire and South Cumbria'
    places = {r["name"] for r in canned(kg, "places")}
    assert {"Lancashire", "Holt", "Cromer"} <= places


def test_a_peer_is_named_with_the_title(kg):
    assert people(kg)["Lord Darzi"] == "public_figure"


# --- web pages: a byline with a date, an author box (tests/data/people/author-*.html)


def test_a_byline_under_the_title_gives_the_named_author_a_role_without_the_date(kg):
    rows = affiliations(kg)
    assert ("Ruth Calder", "senior analyst", "Example Health Review") in rows
    # 'Our colleague Dr Tomas Berg, a research fellow': one of the publisher's
    assert ("Tomas Berg", "research fellow", "Example Health Review") in rows


def test_an_author_box_gives_the_author_a_role_and_her_biography_its_roles(kg):
    rows = affiliations(kg)
    assert people(kg)["Yara Osei"] == "author"
    assert ("Yara Osei", "Director of Research", "Example Health Institute") in rows
    # 'She joined … from NHS Lincolnshire Integrated Care Board, where she was director of strategy'
    assert ("Yara Osei", "director of strategy", "NHS Lincolnshire Integrated Care Board") in rows
    assert ("Yara Osei", None, "Care Quality Commission") in rows  # 'she worked at the Care Quality Commission'
    owners = {r["handle"]: r.get("ownerName") for r in canned(kg, "handles")}
    assert owners["YaraOseiEHI"] == "Yara Osei"
    assert "Follow Yara" not in people(kg)


def test_a_placeholder_phrase_before_a_title_is_an_account():
    from graphkit.resolve.people import placeholder

    assert placeholder("Fed up GP") and placeholder("Fed-up nurse")
    assert not placeholder("Fedora Upton")


def test_roles_in_brackets_and_a_place_after_a_title(kg):
    rows = affiliations(kg)
    assert ("Tim Gardner", "senior fellow", "The Health Foundation") in rows  # '(Health Foundation senior fellow)'
    assert ("Jo Bird", None, "Liberal Democrats") in rows  # '(Lib Dem)'
    assert "Lib Dem" not in people(kg)
    assert ("Amir Khan", "GP", None) in rows  # 'is a GP in Nottingham': the place is not part of the title


# --- board minutes (tests/data/people/minutes.txt)


def test_a_present_list_names_each_person_with_the_role_on_their_line(kg):
    rows = affiliations(kg)
    # held at the body the minutes are of ('Minutes of the Board of Directors, Wye Valley NHS Trust')
    wvt = "Wye Valley NHS Trust"
    assert ("Ursula Penhale", "Chair", wvt) in rows  # 'Dame Ursula Penhale, Chair (UP)': initials left out
    assert ("Gareth Moy", "Director of Finance and Information", wvt) in rows  # one title, not two
    assert ("Lorna Feist", "Director of People, Culture and Inclusion", wvt) in rows  # a title's fields
    assert {("Hugh Arden", "Director of Corporate Affairs", wvt), ("Hugh Arden", "Company Secretary", wvt)} <= rows
    # a council's scrutiny committee is held at the council; no person is 'Two members of the public'
    assert ("Wendy Pryce", "Chair", "Herefordshire Council") in rows
    orgs = organisation_names(kg)
    assert not any(name.startswith(("Herefordshire Council ", "Corporate")) for name in orgs)
    assert people(kg)["Gareth Moy"] == "public_figure"


def test_the_title_of_a_body_before_a_name_and_a_role_after_as(kg):
    rows = affiliations(kg)
    # 'the chair of Betsi Cadwaladr, Olwen Parry,': a Welsh board by the name it goes by
    assert ("Olwen Parry", "chair", "Betsi Cadwaladr University Health Board") in rows
    assert ("Hefin Rowlands", "Cabinet Secretary", None) in rows  # 'The Cabinet Secretary, Hefin Rowlands,'
    # 'The Welsh Conservative health spokesman, Idris Bowen,': the party among the title's words
    assert ("Idris Bowen", "health spokesman", "Conservative Party") in rows
    # ', who had stepped down as chief executive of X'; 'Dr Helena Sykes as interim chief executive of GHNHSFT'
    trust = "Gloucestershire Hospitals NHS Foundation Trust"
    assert ("Alan Crewe", "chief executive", trust) in rows
    assert ("Helena Sykes", "interim chief executive", trust) in rows  # the acronym spells out 'NHS'
    assert "Helena Sykes" not in organisation_names(kg)


def test_places_listed_together_are_places_and_st_is_how_saint_is_written(kg):
    places = {r["name"] for r in canned(kg, "places")}
    assert {"Narberth", "St Clears", "Milford Haven"} <= places  # the longest name: not 'Milford'
    assert "Narberth and St Clears" not in organisation_names(kg)
