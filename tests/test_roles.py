"""Role rules for the forms of real UK news, meeting notes, letters pages and press releases (the error
classes the lead measured on real pages), each on a small page written for its test (tests/data/roles/):
an organisation, a title and a name with no comma; 'Title, Name, told'; letters after a name before an
apposition; bullet-separated attendee lists; a name run into its title in an author list; letters with
'Town, County' lines and the writer's own role; a press release's media contact; photo credits."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphkit
from tests.pages import held, organisations, people, places

PAGES = Path(__file__).resolve().parent / "data" / "roles"


@pytest.fixture(scope="module")
def kg(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("roles") / "graph.trig"
    graphkit.build([PAGES], out)
    return graphkit.load(out)


def test_an_organisation_then_a_title_then_a_name_holds_the_title_there(kg):
    nlag = "Northern Lincolnshire and Goole NHS Foundation Trust"
    assert held(kg, "Tessa Marlow") == {("chief executive", nlag)}  # not 'Foundation Trust chief executive'
    assert held(kg, "Hal Brennan") == {("chief executive", "The King's Fund")}  # 'King’s Fund', a curly apostrophe
    assert held(kg, "Ivo Brandt") == {("director of research", "Nuffield Trust")}
    # 'Former RCGP chair Professor Lena Stroud': the honorific is no part of the role
    assert held(kg, "Lena Stroud") == {("chair", "Royal College of General Practitioners")}
    assert held(kg, "Priya Lal") == {("head of health", "Unison")}
    # 'Lewisham and Greenwich trust non-executive director': two places and 'trust' name the trust
    assert held(kg, "Cal Fenner") == {("non-executive director", "Lewisham and Greenwich NHS Trust")}


def test_a_news_title_before_a_reporter_is_a_company_and_not_a_place(kg):
    assert held(kg, "Ada Quill") == {("reporter", "Pulse")}  # 'Pulse reporter Ada Quill'
    assert organisations(kg)["Pulse"] == "company"  # and 'Pulse ran a special issue'
    assert "Pulse" not in places(kg) and people(kg)["Ada Quill"] == "other"
    assert "Chief Nurse" not in organisations(kg)  # 'The Chief Nurse, Eve Arlen, reported …': a title, no paper


def test_a_title_opening_a_sentence_before_a_comma_and_a_name_is_that_persons(kg):
    # 'Medical Director, Dr Nia Hollis, told the Westfield Courier that the trust had …'
    assert held(kg, "Nia Hollis") == {("Medical Director", "Lewisham and Greenwich NHS Trust")}
    assert organisations(kg)["Westfield Courier"] == "company"


def test_letters_after_a_name_do_not_stop_its_apposition(kg):
    # 'Sir Rowan Tate KCB CBE, chairman of NHS Kent and Medway Integrated Care Board,'
    assert held(kg, "Rowan Tate") == {("chairman", "NHS Kent and Medway Integrated Care Board")}
    assert "CBE" not in organisations(kg) and "KCB" not in organisations(kg)


def test_an_office_is_the_role_of_the_person_written_next_to_it_only(kg):
    assert held(kg, "Dan Oke") == {("MP", None)}  # 'Westfield MP Dan Oke said he had written to the Health Secretary'
    assert held(kg, "Zara Penn") == {("Secretary of State for Health", None)}  # 'Zara Penn the Secretary of State …'
    assert people(kg)["Zara Penn"] == "public_figure"


def test_a_question_a_place_and_a_credit_are_not_glued_to_names(kg):
    kinds = people(kg)
    assert "Graham Roe" in kinds and not any(name.startswith("Will ") for name in kinds)
    assert not any("Grimsby" in name for name in kinds) and not any("Grimsby" in name for name in organisations(kg))
    assert kinds["Cy Dorn"] == "other" and not any("/" in name for name in kinds)  # 'Photo: Cy Dorn/PA'


def test_a_bullet_list_names_each_attendee_with_their_role_at_the_body_the_note_is_of(kg):
    appg = "APPG on Hospice Care"  # the title: 'APPG on Hospice Care: note of the meeting …'
    assert appg in organisations(kg)
    assert held(kg, "Baroness Pellow") == {("Co-Chair", appg)}  # a peer named by title and surname
    assert ("Vice-Chair", appg) in held(kg, "Owen Hartley")  # '• Owen Hartley MP, Vice-Chair'
    assert held(kg, "Lord Dunmore") == {("Treasurer", appg)}
    assert held(kg, "Gita Rane") == {("President", "Royal College of Physicians")}
    review = "Independent Review of Palliative Care Funding"
    assert held(kg, "Mark Ellery") == {("panel member", review)}
    # no organisation or person runs over a bullet, and an action line is no byline
    names = list(organisations(kg)) + list(people(kg))
    assert not any("•" in name or name.startswith(("Co-Chair", "MP to")) for name in names)


def test_an_author_line_runs_the_name_into_its_titles_and_organisations(kg):
    # 'Dr Ruth Okonjo Consultant physician and honorary senior lecturer Leeds Teaching Hospitals NHS Trust and
    # University of Leeds'
    assert "Ruth Okonjo" in people(kg) and not any(name.endswith("Consultant") for name in people(kg))
    ruth = held(kg, "Ruth Okonjo")
    assert {r for r, _ in ruth} >= {"Consultant physician", "honorary senior lecturer"}
    assert {o for _, o in ruth} == {"Leeds Teaching Hospitals NHS Trust", "University of Leeds"}
    assert held(kg, "Sam Ibe") == {("Professor of Palliative Medicine", "University of Bristol")}
    assert "Bristol" not in places(kg)  # the place in the university's name is no place mention


def test_letters_give_each_writer_their_own_role_and_town(kg):
    assert held(kg, "Alan Wexby") == {("retired GP", None)}  # 'I am a retired GP, and …'
    assert held(kg, "Maria Tollan") == {("pharmacist", None)}  # 'As a pharmacist, I see …'
    # 'Bradwell-on-Sea, Essex' and 'Hythe, Kent' are places, not employers
    assert {"Bradwell-on-Sea", "Essex", "Hythe", "Kent"} <= places(kg) and "Bradwell" not in places(kg)
    assert not {"Essex", "Kent", "Bradwell-on-Sea"} & set(organisations(kg))


def test_a_press_releases_media_contact_is_of_the_body_their_email_names(kg):
    assert held(kg, "Jo Kemble") == {(None, "Queen's Nursing Institute")}  # 'E: jo.kemble@qni.org.uk'
    assert people(kg)["Jo Kemble"] == "other" and "Jo Kemble M" not in people(kg)
    assert held(kg, "Ann Pollock") == {("chief executive", "Queen's Nursing Institute")}


def test_a_name_spacy_misses_after_an_honorific_and_before_letters_is_found(kg):
    # 'Dame Janet Hale DBE FRCP, chair of the Anytown and District NHS Trust,': a place and 'District NHS Trust'
    assert held(kg, "Janet Hale") == {("chair", "Anytown and District NHS Trust")}
    assert organisations(kg)["Anytown and District NHS Trust"] == "nhs_trust"


def test_a_title_before_the_next_name_is_not_the_previous_persons(kg):
    # 'The panel heard from Tom Varley, UNISON head of health Jill Penrose and …'
    assert held(kg, "Jill Penrose") == {("head of health", "Unison")}
    assert held(kg, "Tom Varley") == set()


def test_our_member_of_parliament_holds_no_office_named_in_another_sentence(kg):
    # 'Our Member of Parliament Sir Alan Vickers said … refer the decision to the Health Secretary.'
    assert held(kg, "Alan Vickers") == {("Member of Parliament", None)}


def test_coordinated_roles_are_a_role_each_and_one_titles_fields_are_not_split(kg):
    # 'Wendy Arkwright, writer and broadcaster,'; 'Dr Pia Solberg, infectious disease doctor, broadcaster and academic,'
    assert held(kg, "Wendy Arkwright") == {("writer", None), ("broadcaster", None)}
    assert held(kg, "Pia Solberg") == {("infectious disease doctor", None), ("broadcaster", None), ("academic", None)}
    # 'Dr Hugo Trant, Medical Director and Director of Education and Standards, Barnsley Hospital NHS …,'
    barnsley = "Barnsley Hospital NHS Foundation Trust"
    assert held(kg, "Hugo Trant") == {("Medical Director", barnsley), ("Director of Education and Standards", barnsley)}
    # 'Rita Lowe, Secretary of State for Health and Social Care,': one office, no body 'State for Health …'
    assert held(kg, "Rita Lowe") == {("Secretary of State for Health and Social Care", None)}
    assert not any(name.startswith("State for") for name in organisations(kg))


def test_a_role_written_with_its_body_is_the_role_at_that_body(kg):
    review = "Eastfield Stroke Review"
    assert held(kg, "Omar Kitt") == {("vice chair", review)}  # 'vice chair of the Eastfield Stroke Review'
    assert held(kg, "Lena Varga") == {("senior researcher", review)}  # 'senior researcher to the …'
    assert held(kg, "Tom Ashby") == {("Secretary", review)}  # 'Secretary to the …'


def test_a_signature_split_by_a_blank_line_names_the_writer_and_their_town(kg):
    # '…\n\nReg Tolley\n\nChorley, Lancashire', '…\n\nJane Pellow\n\nAddress supplied', '…\n\nAnn Fisk\n\nvia email'
    kinds = people(kg)
    assert {kinds.get(name) for name in ("Reg Tolley", "Jane Pellow", "Colin Marden", "Ann Fisk")} == {"author"}
    assert {"Chorley", "Preston", "Lancashire"} <= places(kg)
    assert not {"Address supplied", "via email", "Chorley", "Preston"} & set(organisations(kg))
    # 'As a consultant surgeon in 1998, I saw …' in the letter the split signature ends
    assert held(kg, "Colin Marden") == {("consultant surgeon", None)}
    assert held(kg, "Reg Tolley") == set() and held(kg, "Jane Pellow") == set()


def test_a_title_after_a_closing_quote_is_held_at_the_body_the_next_sentence_names(kg):
    # '"… present form," Medical Director, Dr Omar Quilley told the BBC. He said the Trust had lost …'
    assert held(kg, "Omar Quilley") == {("Medical Director", "Salisbury NHS Foundation Trust")}
    # 'The Prime Minister has promised … Foreign Secretary, Rhys Calloway, will challenge …'
    assert held(kg, "Rhys Calloway") == {("Foreign Secretary", None)}


def test_a_salutation_names_the_addressee_and_the_letter_gives_them_their_office(kg):
    # 'Dear Mr Pendleby,' … 'As our local MP, you promised …': a person named by surname only
    assert people(kg)["Pendleby"] == "public_figure"
    assert held(kg, "Pendleby") == {("MP", None)}
    # 'As our local MP I am asking you to …': no comma, the 'you' later in the sentence
    assert held(kg, "Threlkeld") == {("MP", None)} and people(kg)["Threlkeld"] == "public_figure"
    # 'Dear Ms Quarmby,' when a later letter names 'Helen Quarmby': the same person, not a second one
    assert "Quarmby" not in people(kg) and "Helen Quarmby" in people(kg)
    assert "Editor" not in people(kg)  # 'Dear Editor,'


def test_an_author_name_is_two_words_when_its_third_opens_a_role(kg):
    # 'Dr Nina Falk Harkness fellow in clinical leadership, …'; 'Dr Owen Brisco Acute medicine ST7 trainee Leeds …'
    kinds = people(kg)
    assert "Nina Falk" in kinds and "Owen Brisco" in kinds
    assert not any(name.startswith(("Nina Falk ", "Owen Brisco ")) for name in kinds)
    assert held(kg, "Owen Brisco") == {("Acute medicine ST7 trainee", "Leeds Teaching Hospitals NHS Trust")}


def test_a_press_releases_media_contact_is_of_the_body_that_issues_it(kg):
    # no domain to go by: the body the release's title names, else the one its 'Notes to editors' name
    assert held(kg, "Lee Varnam") == {(None, "Patients Association")}
    assert held(kg, "Mia Coldwell") == {(None, "Patients Association")}  # 'Charity calls for …' + 'Notes to editors'


def test_towns_listed_before_one_plural_head_are_the_listed_hospitals(kg):
    # 'Axminster, Bideford and Bodmin hospitals issued alerts'; 'Crediton and Pontefract hospitals followed'
    orgs = organisations(kg)
    names = {"Axminster Hospital", "Bideford Hospital", "Bodmin Hospital", "Crediton Hospital", "Pontefract Hospital"}
    assert names <= set(orgs)
    assert not any(" and " in name and ("Bodmin" in name or "Pontefract" in name) for name in orgs)


def test_a_bare_title_is_held_at_the_one_trust_its_paragraph_or_the_one_before_names(kg):
    # 'Barnsley Hospital NHS Foundation Trust declared …' then 'Chief nurse Gail Hebden said …'
    assert held(kg, "Gail Hebden") == {("Chief nurse", "Barnsley Hospital NHS Foundation Trust")}
    # after a paragraph naming two trusts: no one trust to hold it at
    assert held(kg, "Mark Dunlop") == {("Chief operating officer", None)}
    # 'Local campaigner Neil Foster said …' after a paragraph on a trust: a campaigner is nobody's staff
    assert held(kg, "Neil Foster") == {("Local campaigner", None)}


def test_two_titles_opening_a_sentence_before_a_name_are_a_role_each(kg):
    assert held(kg, "Jane Pottle") == {("Writer", None), ("broadcaster", None)}  # 'Writer and broadcaster Jane …'
    assert held(kg, "Ada Kell") == {("Senior nurse", None), ("midwife", None)}


def test_a_salutation_to_a_title_names_no_one(kg):
    assert "Chairman" not in people(kg) and "Ron Vey" in people(kg)  # 'Dear Mr Chairman,'


def test_the_body_after_the_last_coordinated_role_is_every_roles(kg):
    barnsley, salisbury = "Barnsley Hospital NHS Foundation Trust", "Salisbury NHS Foundation Trust"
    # 'Jane Tarrant, chair and chief executive of Barnsley …': not a role 'chief executive of Barnsley …'
    assert held(kg, "Jane Tarrant") == {("chair", barnsley), ("chief executive", barnsley)}
    assert ("clinical director for urgent care", salisbury) in held(kg, "Colin Abbott")


def test_coordinated_titles_in_a_bulleted_list_are_a_role_each_and_a_body_after_the_is_theirs(kg):
    def roles(name: str) -> set[str | None]:
        return {role for role, _ in held(kg, name)}

    # '• Tilda Gorse, general practitioner, writer and broadcaster • …': the list's byline parts, split
    assert roles("Tilda Gorse") == {"general practitioner", "writer", "broadcaster"}
    assert roles("Amos Kirwin") == {"Medical Director", "Director of Education and Standards"}
    assert roles("Rufus Penhale") == {"ear surgeon", "broadcaster", "academic"}
    # 'Vice-Chair of the Fenwick Hearing Review', 'Secretary to the …': the title, held at the body
    review = "Fenwick Hearing Review"
    assert held(kg, "Basil Orchard") == {("Vice-Chair", review)}
    assert held(kg, "Nell Ashdown") == {("senior researcher", review)}
    assert held(kg, "Vera Quantock") == {("Secretary", review)}
    # one title's fields joined by 'and' stay one title
    college = "Royal College of Surgeons of England"
    assert held(kg, "Ida Moss") == {("Director of Infection Prevention and Control", college)}
