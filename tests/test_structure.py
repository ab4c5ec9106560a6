"""Structure before NLP: bylines into titles / organisation / place, and who replies to whom."""

from __future__ import annotations

import json

import pytest

from graphkit.extract.bylines import parse_byline
from graphkit.extract.replies import infer_replies
from graphkit.ingest import read_documents
from graphkit.ingest.text import read_text_file
from tests.conftest import GOLD, SAMPLE, TEST_DATA


def _parsed(text: str) -> tuple[list[str], str | None, str | None]:
    b = parse_byline(text)
    return (
        [t.text for t in b.titles],
        b.organisation.text if b.organisation else None,
        b.place.text if b.place else None,
    )


@pytest.mark.parametrize(
    ("byline", "titles", "organisation", "place"),
    [
        ("Consultant Surgeon; QI lead\nNHS Tayside", ["Consultant Surgeon", "QI lead"], "NHS Tayside", None),
        ("Chief Executive, Nuffield Trust", ["Chief Executive"], "Nuffield Trust", None),
        ("Senior Lecturer at University of Leeds", ["Senior Lecturer"], "University of Leeds", None),
        ("Ward Sister / Practice Educator\nBetsi Cadwaladr University Health Board Bangor",
         ["Ward Sister", "Practice Educator"], "Betsi Cadwaladr University Health Board", "Bangor"),
        ("Head of Services", ["Head of Services"], None, None),
        ("Medical Director Leeds Teaching Hospitals NHS Trust", ["Medical Director"],
         "Leeds Teaching Hospitals NHS Trust", None),
        ("Acme Widgets Ltd", [], "Acme Widgets Ltd", None),
        ("GP partner\nRedland Surgery", ["GP partner"], "Redland Surgery", None),
        ("retired", ["retired"], None, None),
        ("Staff Nurse\nManchester", ["Staff Nurse"], None, "Manchester"),
    ],
)  # fmt: skip
def test_byline_rules(byline, titles, organisation, place):
    assert _parsed(byline) == (titles, organisation, place)


def test_byline_offsets_point_at_the_text():
    text = "Director of Nursing\nPublic Health England Leeds"
    b = parse_byline(text)
    for piece in [*b.titles, b.organisation, b.place]:
        assert text[piece.start : piece.end] == piece.text


def test_sample_bylines_match_the_gold_file():
    gold = {p["name"]: p for p in json.loads(GOLD.read_text(encoding="utf-8"))["people"]}
    (doc,) = read_text_file(SAMPLE)
    found: dict[str, tuple[list[str], set[str]]] = {}
    for comment in doc.comments:
        titles, organisation, _ = _parsed(comment.byline)
        have_titles, have_orgs = found.setdefault(comment.author.casefold(), ([], set()))
        have_titles.extend(t for t in titles if t not in have_titles)
        have_orgs.update([organisation] if organisation else [])
    for name, person in gold.items():
        if person["kind"] == "commenter":
            assert found[name.casefold()] == (person["roles"], set(person["organisations"])), name


def test_sample_replies_match_the_gold_file():
    gold = {c["id"]: c["reply_to_author"] for c in json.loads(GOLD.read_text(encoding="utf-8"))["comments"]}
    (doc,) = read_text_file(SAMPLE)
    authors = {c.id: c.author for c in doc.comments}
    got = {r.comment: authors[r.target] if r.target else None for r in infer_replies(doc)}
    assert got == gold


def test_replies_by_name_thanks_and_given_reply_to():
    docs = {d.id: d for d in read_documents([TEST_DATA / "winter-pressures.txt", TEST_DATA / "forum-thread.json"])}
    winter = {r.comment: r.target for r in infer_replies(docs["winter-pressures"])}
    assert winter == {"700101": None, "700102": "700101", "700103": "700102", "700104": None}
    forum = {r.comment: (r.target, r.extractor) for r in infer_replies(docs["gp-access-forum"])}
    assert forum["c2"] == ("c1", "input")


def test_a_lower_case_word_is_not_a_name_being_addressed(tmp_path):
    path = tmp_path / "will.txt"
    path.write_text(
        "Title\n\nBody.\n\n#100001 Will Jones\n\nFirst comment.\n\n#100002 Ann Lee\n\nwill this ever change?\n",
        encoding="utf-8",
    )
    (doc,) = read_documents([path])
    assert [r.target for r in infer_replies(doc)] == [None, None]
