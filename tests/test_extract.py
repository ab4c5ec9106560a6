"""Each extractor on inputs written for the tests: exact entities, types, ODS codes and evidence offsets."""

from __future__ import annotations

import pytest

from graphkit.extract import tags
from graphkit.ingest import read_documents
from graphkit.pipeline import resolve_stream
from tests.conftest import SAMPLE, TEST_DATA


@pytest.fixture(scope="module")
def resolved(nlp):
    docs = list(
        read_documents([TEST_DATA / n for n in ("winter-pressures.txt", "forum-thread.json", "two-articles.jsonl")])
    )
    return {r.doc.id: r for r in resolve_stream(docs)}


def _entities(res, kind):
    return {e.name: e for e in res.entities.values() if e.kind == kind}


def _text_of(res, post):
    return res.doc.body if post == "" else next(c.body for c in res.doc.comments if c.id == post)


def test_nhs_trusts_are_linked_to_their_ods_codes(resolved):
    orgs = _entities(resolved["winter-pressures"], "organisation")
    assert (orgs["Leeds Teaching Hospitals NHS Trust"].type, orgs["Leeds Teaching Hospitals NHS Trust"].ods_code) == (
        "nhs_trust", "RR8",
    )  # fmt: skip
    assert orgs["Guy's and St Thomas' NHS Foundation Trust"].ods_code == "RJ1"


def test_renamed_trust_resolves_to_its_code_under_either_name(resolved):
    orgs = _entities(resolved["winter-pressures"], "organisation")
    papworth = [e for e in orgs.values() if e.ods_code == "RGM"]
    assert len(papworth) == 1
    names = {papworth[0].name, *papworth[0].aliases}
    assert {"Papworth Hospital NHS Foundation Trust", "Royal Papworth Hospital NHS Foundation Trust"} <= names


def test_health_boards_are_typed(resolved):
    orgs = _entities(resolved["winter-pressures"], "organisation")
    assert orgs["NHS Greater Glasgow and Clyde"].type == "health_board"
    assert orgs["Betsi Cadwaladr University Health Board"].type == "health_board"
    assert orgs["Betsi Cadwaladr University Health Board"].ods_code == "7A1"


def test_politician_with_a_title_and_a_surname_reference(resolved):
    res = resolved["winter-pressures"]
    people = _entities(res, "person")
    assert people["Matt Hancock"].type == "public_figure"
    roles = {(m.person, m.role) for m in res.memberships}
    assert ("matt-hancock", "Health Secretary") in roles
    surname = [link for link in res.mentions if link.key == "matt-hancock" and link.mention.extractor == "surname"]
    assert [link.mention.span.text for link in surname] == ["Hancock"]


def test_apposition_gives_a_role(resolved):
    res = resolved["winter-pressures"]
    assert ("sarah-woolnough", "Director of Policy") in {(m.person, m.role) for m in res.memberships}


def test_first_name_reference_resolves_to_the_commenter(resolved):
    res = resolved["winter-pressures"]
    found = {(link.post, link.key, link.mention.span.text) for link in res.mentions if link.kind == "person"}
    assert ("700102", "priya-raman", "Priya") in found
    assert ("700103", "tomasz-nowak", "Tomasz") in found


def test_hashtag_in_two_cases_is_one_concept(resolved):
    res = resolved["winter-pressures"]
    tags_ = _entities(res, "hashtag")
    assert list(tags_) == ["WinterCrisis"]
    posts = sorted(link.post for link in res.mentions if link.kind == "hashtag")
    assert posts == ["", "700101"]


def test_handle_belongs_to_the_organisation_of_the_same_name(resolved):
    res = resolved["winter-pressures"]
    (handle,) = _entities(res, "handle").values()
    assert handle.owner == ("organisation", "nuffield-trust")


def test_places_from_bylines_and_text(resolved):
    res = resolved["winter-pressures"]
    assert {"Scotland", "Wales", "Leeds", "Bangor"} <= set(_entities(res, "place"))
    assert ("gwen-pritchard", "bangor") in [(loc.person, loc.place) for loc in res.locations]


def test_acronym_defined_in_text_resolves_to_the_full_name(resolved):
    res = resolved["gp-access-forum"]
    rcgp = [link for link in res.mentions if link.key == "royal-college-of-general-practitioners"]
    assert {link.post for link in rcgp} == {"", "c3"}


def test_every_evidence_span_quotes_its_source_exactly(resolved):
    for res in resolved.values():
        for link in res.mentions:
            span = link.mention.span
            source = res.doc.title if span.field == "title" else _text_of(res, span.post)
            assert source[span.start : span.end] == span.text, (res.doc.id, span)
        bylines = {c.id: c.byline for c in res.doc.comments}
        for m in res.memberships:
            if m.evidence is not None:
                e = m.evidence
                source = bylines[e.post] if e.field == "byline" else _text_of(res, e.post)
                assert source[e.start : e.end] == e.text


def test_the_title_counts_for_the_article_and_quotes_the_title(backlog):
    title = [link for link in backlog.mentions if link.mention.span.field == "title"]
    assert {link.post for link in title} == {""}
    # 'elective backlog' names the most specific concept; its broader one counts for the article too
    assert ("topic", "elective-backlog") in {(link.kind, link.key) for link in title}
    assert {"elective-backlog", "waiting-times"} <= set(backlog.post_topics[""])
    assert backlog.post_topics[""]["elective-backlog"] > backlog.post_topics[""]["waiting-times"]
    for link in title:
        span = link.mention.span
        assert backlog.doc.title[span.start : span.end] == span.text


def test_keyphrases_are_the_documents_own_noun_phrases_not_names(nlp):
    import re

    from graphkit.extract.topics import keyphrases, phrases

    text = SAMPLE.read_text(encoding="utf-8")
    found = list(phrases(nlp(text), ""))
    ranked = keyphrases(found)
    assert len(ranked) == 8 and {name for name, _ in ranked} <= {m.name for m in found}
    for name, _ in ranked:  # lemmas of common nouns and adjectives: each word is written in lower case somewhere
        assert all(re.search(rf"\b{re.escape(word)}", text) for word in name.split()), name
    weights = [w for _, w in ranked]
    assert weights == sorted(weights, reverse=True) and all(0 < w <= 0.5 for w in weights)


def test_a_phrase_the_document_comes_back_to_outranks_one_said_once(nlp):
    from graphkit.extract.topics import keyphrases, phrases

    text = (
        "The surgical waiting list grew again. Each waiting list is managed locally, and waiting lists "
        "for hip surgery are longest. One surgeon blamed the lack of theatre capacity. "
        "A colleague mentioned the bright blue sky."
    )
    ranked = dict(keyphrases(list(phrases(nlp(text), ""))))
    assert "waiting list" in ranked
    assert "blue sky" not in ranked  # said once, in words the document uses nowhere else
    assert ranked["waiting list"] == max(ranked.values())


def test_a_phrase_of_words_for_anything_is_not_a_topic(nlp):
    from graphkit.extract.topics import phrases

    text = (
        "My medical colleagues saw a different element of corridor care. "
        "Several important workforce plans mention agency staff spending."
    )
    found = {m.name for m in phrases(nlp(text), "")}
    assert {"corridor care", "agency staff spending"} <= found
    assert "workforce plan" in found  # 'important' stripped: the phrase is the workforce plans
    assert not any(
        name.endswith(("colleague", "element")) or name.startswith(("different", "important")) for name in found
    )


def test_topics_are_scheme_concepts_found_on_lemmas(resolved):
    res = resolved["winter-pressures"]
    topics = {e.name.casefold() for e in res.entities.values() if e.kind == "topic" and e.scheme}
    assert {"staff morale", "waiting times"} <= topics


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Join #NHS70 and #nhs70 today", ["NHS70", "nhs70"]),
        ("Comment #544346 is not a tag; nor is C#", []),
        ("mail me@example.org or follow @Some_Body.", []),
    ],
)
def test_hashtag_pattern(text, expected):
    assert [m.name for m in tags.hashtags(text, "")] == expected


def test_handles_and_links():
    text = "Follow @NHSEngland, mail a@b.org, see www.kingsfund.org.uk/blog and reginald.org."
    assert [m.name for m in tags.handles(text, "")] == ["NHSEngland"]
    assert [m.name for m in tags.links(text, "")] == ["http://www.kingsfund.org.uk/blog", "http://reginald.org"]


@pytest.fixture(scope="module")
def backlog(nlp):
    (res,) = resolve_stream(read_documents([TEST_DATA / "elective-backlog.txt"]))
    return res


def test_titles_before_names_in_any_case_with_the_organisation_of_a_possessive(backlog):
    roles = {(m.person, m.role, m.organisation) for m in backlog.memberships}
    assert ("amanda-pritchard", "chief executive", "nhs-england") in roles  # "NHS England's chief executive X"
    assert ("adrian-boyle", "president", None) in roles  # "its president X"
    assert ("steve-barclay", "Health and Social Care Secretary", None) in roles
    assert ("matthew-taylor", "chief executive", "nhs-confederation") in roles  # "X, chief executive of Y"


def test_a_name_after_a_title_is_a_person_not_an_organisation(backlog):
    assert "Amanda Pritchard" in _entities(backlog, "person")
    assert "Amanda Pritchard" not in _entities(backlog, "organisation")


def test_honorifics_are_not_part_of_a_commenters_name(backlog):
    people = _entities(backlog, "person")
    assert "Omar Siddiqui" in people and "Dr Omar Siddiqui" in people["Omar Siddiqui"].aliases
    assert {r.comment: r.target for r in backlog.replies}["900003"] == "900002"  # 'Thanks Omar.'


def test_a_local_branch_is_not_split_into_its_parent_and_a_place(backlog):
    orgs = _entities(backlog, "organisation")
    assert "Healthwatch Cornwall" in orgs and "Healthwatch England" not in orgs


@pytest.fixture(scope="module")
def blog(nlp):
    (res,) = resolve_stream(read_documents([TEST_DATA / "integrated-care.txt"]))
    return res


def test_a_place_in_a_byline_is_where_they_work(blog):
    assert [(loc.person, loc.place) for loc in blog.locations] == [("mark-jennings", "bristol")]
    assert "Bristol" not in _entities(blog, "organisation")


def test_a_greeting_is_not_an_organisation_and_the_author_who_comments_is_one_person(blog):
    assert not any(name.startswith("Dear") for name in _entities(blog, "organisation"))
    people = _entities(blog, "person")
    assert blog.author == "hannah-ellis" and people["Hannah Ellis"].type == "commenter"


def test_anonymous_commenters_are_not_merged(blog):
    anonymous = [e for e in blog.entities.values() if e.kind == "person" and e.name == "Anonymous"]
    assert [e.key for e in anonymous] == ["anonymous-integrated-care-811002"]
    assert anonymous[0].type == "account"  # a commenter's account that names nobody, not a person


def test_former_titles_and_titles_with_honorifics(blog):
    roles = {(m.person, m.role, m.organisation) for m in blog.memberships}
    assert ("chris-ham", "former chief executive", "the-kings-fund") in roles
    assert ("richard-leese", "former leader", "manchester-city-council") in roles


def test_at_a_commenters_first_name_addresses_them_and_is_no_handle(blog):
    assert _entities(blog, "handle") == {}
    at = [link for link in blog.mentions if link.mention.span.text == "@Hannah"]
    assert [(link.post, link.kind, link.key) for link in at] == [("811001", "person", "hannah-ellis")]


@pytest.mark.parametrize(
    ("name", "kept"),
    [("Long Term Plan", False), ("Francis Report", False), ("Dear Dr Ellis", False), ("Acme Health Partnership", True),
     ("Leeds City Council", True)],
)  # fmt: skip
def test_names_the_model_calls_organisations_are_checked(name, kept):
    from graphkit.extract.organisations import _from_ner

    mention = _from_ner(f"{name} said.", "", name, 0, len(name), frozenset())
    assert (mention is not None) == kept


def test_a_name_from_or_at_an_organisation_works_there(nlp):
    (res,) = resolve_stream(read_documents([TEST_DATA / "mental-health-beds.txt"]))
    found = {(m.person, m.role, m.organisation) for m in res.memberships}
    assert found == {
        ("sarah-jones", None, "royal-college-of-psychiatrists"),
        ("tom-wilson", None, "nhs-providers"),
        ("alan-reid", None, "mind"),
    }  # and 'John Smith of Manchester' is a place, not an employer


def test_the_authors_byline_gives_her_role_and_organisation(nlp, tmp_path):
    path = tmp_path / "by.txt"
    path.write_text(
        "Title\n\nBy Dr Jane Okoro, Senior Fellow, Nuffield Trust\nSocial care needs reform.\n", encoding="utf-8"
    )
    (res,) = resolve_stream(read_documents([path]))
    assert res.author == "jane-okoro"
    assert {(m.person, m.role, m.organisation) for m in res.memberships} == {
        ("jane-okoro", "Senior Fellow", "nuffield-trust")
    }
    (membership,) = res.memberships
    assert res.doc.author_byline[membership.evidence.start : membership.evidence.end] == "Senior Fellow"
