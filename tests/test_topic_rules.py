"""Topic rules on short texts written for them: which words name a scheme concept, which noun phrases
become emergent topics, and how those are named and grouped (graphkit.extract.topics, resolve.topics)."""

from __future__ import annotations

import pytest

from graphkit.extract import extract_document, extract_post, matchers
from graphkit.extract.topics import phrases
from graphkit.model import Comment, Document
from graphkit.resolve import resolve_document


@pytest.fixture(scope="module")
def found(nlp):
    return matchers.build(nlp)


def concepts(nlp, found, text: str) -> list[tuple[str, str]]:
    """(concept slug, quoted text) of the scheme topics named in one post."""
    return [(m.attrs["concept"], m.span.text) for m in extract_post(nlp(text), "", found) if m.kind == "topic"]


def resolved_topics(nlp, found, body: str, comments: list[Comment] = ()) -> dict[str, float]:
    """Topic label -> the article's weight for it, after extraction and resolution of a one-article document."""
    doc = Document(id="d", title="", body=body, comments=list(comments))
    posts = [("", body)] + [(c.id, c.body) for c in doc.comments]
    mentions = [m for key, text in posts for m in extract_post(nlp(text), key, found, [])]
    res = resolve_document(doc, extract_document(doc, mentions), found.topics)
    labels = {e.key: e.name for e in res.entities.values() if e.kind == "topic"}
    return {labels[key]: weight for key, weight in res.post_topics.get("", {}).items()}


def test_a_word_of_a_name_or_a_signature_block_names_no_topic(nlp, found):
    text = (
        "Dear Editor,\n\nCorridor care is routine while the Ministry of Housing, Communities and "
        "Local Government cuts council budgets.\n\nJane Example\nConsultant physician\n"
        "South London and Maudsley NHS Foundation Trust\nLondon"
    )
    got = dict(concepts(nlp, found, text))
    assert "corridor-care" in got
    assert not {"foundation-trusts", "consultants", "social-determinants"} & set(got)  # trust, signer, 'Housing'


def test_a_name_that_is_the_label_is_still_the_topic(nlp, found):
    assert ("nhs-app", "NHS App") in concepts(nlp, found, "My mother cannot use the NHS App at all.")


def test_the_icb_is_a_body_where_icbs_are_the_structure(nlp, found):
    assert not concepts(nlp, found, "I have written to the chief executive of the ICB about it.")
    assert [c for c, _ in concepts(nlp, found, "ICBs must plan for winter.")][:1] == ["integrated-care-systems"]


def test_a_verb_form_label_matches_only_as_written(nlp, found):
    """'Commissioning' is not 'the independent commission', 'staffing' not 'staff'."""
    got = {c for c, _ in concepts(nlp, found, "The independent commission met the staff on the ward.")}
    assert not {"commissioning", "workforce"} & got


def test_articles_and_possessives_are_skipped_in_labels(nlp, found):
    got = concepts(nlp, found, "Three practices are closing their lists, and a fourth closed its list in May.")
    assert [c for c, _ in got] == ["gp-surgery-closures", "gp-surgery-closures"]
    assert got[0][1] == "closing their lists"


def test_hyphened_compounds_and_named_policies_are_phrases(nlp):
    text = "The Employment Rights Bill will help, and we opened catch-up clinics and walk-in clinics."
    found = {m.name for m in phrases(nlp(text), "")}
    assert {"Employment Rights Bill", "catch-up clinic", "walk-in clinic"} <= found


def test_noun_phrases_keep_participles_and_staff_groups_not_titles_or_possessors(nlp):
    text = (
        "Newly qualified nurses cannot find jobs, and the medical director blamed delayed discharges. "
        "My mother's care package was cut during a twelve-week public consultation on the 8 week courses."
    )
    found = {m.name for m in phrases(nlp(text), "")}
    assert {"newly qualified nurse", "delayed discharge", "care package", "public consultation"} <= found
    assert not {"medical director", "mother's care package", "week public consultation", "week course"} & found


def test_a_phrase_is_named_as_written_with_its_head_lemmatised(nlp):
    text = "The junior doctors' strikes and the consultant-led units were debated."
    found = {m.name: m.attrs["lemmas"] for m in phrases(nlp(text), "")}
    assert found["junior doctors' strike"] == "junior doctor strike"
    assert "consultant-led unit" in found


def test_phrases_sharing_two_words_in_a_row_are_one_emergent_topic(nlp, found):
    body = (
        "The national insurance rise hits practices. Practices say the national insurance change costs "
        "them a salaried session, and employer national insurance contributions fund nothing new. "
        "The unpaid placement and the coffee shop were mentioned once."
    )
    weights = resolved_topics(nlp, found, body)
    insurance = [label for label in weights if "national insurance" in label and label[0].islower()]
    assert len(insurance) == 1  # one topic, not three
    assert weights.get("unpaid placement", 0) > weights.get("coffee shop", 0)  # the scheme's words say more


def test_a_word_for_how_good_big_or_new_a_thing_is_or_a_piece_of_discourse_is_no_topic(nlp, found):
    """REALPROBE's generic phrases: evaluative, size, time and order words before a noun, and nouns
    naming a piece of discourse or of a publication, say nothing of a subject."""
    text = (
        "This special issue was a massive effort. It is the biggest overhaul of the contract in recent years, "
        "and a new report calls the database a valuable resource. The present situation is a basic problem, "
        "as I said at the launch event and in my last blog entry. The anticipated shortage worries a fellow "
        "panellist. Patients were seen in the urgent care centre and the special care baby unit, and rota gaps "
        "and minor injuries units were debated."
    )
    got = {m.name for m in phrases(nlp(text), "", (), found.topics)}
    generic = ("issue", "effort", "overhaul", "year", "report", "resource", "situation", "problem", "event", "entry")
    assert not [name for name in got if name.endswith(generic) or name.endswith(("shortage", "panellist"))]
    assert {"urgent care centre", "special care baby unit"} <= got  # the scheme says 'urgent care', 'special care'


def test_one_person_is_no_topic_where_a_group_is(nlp, found):
    text = "The hospital patient and the care home resident waited, as care home residents do."
    got = {m.name for m in phrases(nlp(text), "", (), found.topics)}
    assert got == {"care home resident"}  # the plural, a group of people


def test_a_noun_and_what_of_joins_to_it_are_a_phrase(nlp, found):
    text = (
        "Conflicts of interest and the transparency of payments matter, as does the safety of medical devices "
        "and the shortage of GPs. A number of patients asked about the closure of the unit."
    )
    got = {m.name: m.attrs["lemmas"] for m in phrases(nlp(text), "", (), found.topics)}
    assert got["conflicts of interest"] == "conflict of interest"
    assert {"transparency of payments", "safety of medical devices", "shortage of GPs"} <= set(got)
    assert not [name for name in got if name.startswith("number") or name.startswith("closure")]


def test_phrases_sharing_only_of_are_two_topics(nlp, found):
    body = (
        "The shortage of porters worsened and the shortage of porters is acute. "
        "The shortage of beds is worse and the shortage of beds grows."
    )
    weights = resolved_topics(nlp, found, body)
    assert {"shortage of porters", "shortage of beds"} <= set(weights)


def test_one_everyday_word_said_once_is_a_topic_only_in_context(nlp, found):
    """'recognition' alone is staff recognition only where the page is about it: said again, or the
    concept named in other words."""
    assert "Staff recognition" not in resolved_topics(nlp, found, "The recognition of the problem came late.")
    assert "Travel times to hospital" not in resolved_topics(nlp, found, "Her distance from the party grew.")
    body = "Staff recognition schemes help. Recognition matters to nurses."
    assert "Staff recognition" in resolved_topics(nlp, found, body)


def test_a_concept_is_named_in_specific_words_not_one_vague_word(nlp, found):
    body = "Recruitment is failing and pay is falling behind; recruitment of nurses stalls while pay rises elsewhere."
    weights = resolved_topics(nlp, found, body)
    assert {"Staff recruitment", "Staff pay"} <= set(weights)
    assert not {"Recruitment", "Pay"} & set(weights)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("He declared no conflicts of interest.", "conflicts-of-interest"),
        ("Disclosure UK lists payments to doctors.", "transparency-of-payments"),
        ("Women harmed by vaginal mesh want redress.", "pelvic-mesh"),
        ("The minor injuries unit closes at night.", "minor-injuries-units"),
        ("Our cottage hospital has lost its beds.", "community-hospitals"),
        ("She needed convalescent care near home.", "convalescent-care"),
        ("The health scrutiny committee will meet.", "health-scrutiny"),
        ("The Five Year Forward View promised new care models.", "five-year-forward-view"),
        ("Locums fill the rota gaps.", "rota-gaps"),
        ("The hospital declared a black alert.", "escalation-alerts"),
        ("GP workload is unsafe.", "gp-workload"),
    ],
)
def test_subjects_uk_readers_name_are_in_the_scheme(nlp, found, text, concept):
    assert concept in [c for c, _ in concepts(nlp, found, text)]
