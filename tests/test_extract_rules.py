"""Extraction rules of issue 9, each on a small text written for its test."""

from __future__ import annotations

import json
from pathlib import Path

import graphkit
from tests.pages import canned, organisations


def build(tmp_path: Path, body: str, **extra):
    page = {"id": "rules", "title": "Rules", "body": body, **extra}
    source = tmp_path / "page.json"
    source.write_text(json.dumps(page), encoding="utf-8")
    graphkit.build([source], tmp_path / "g.trig")
    return graphkit.load(tmp_path / "g.trig")


def roles(kg) -> set[tuple[str, str | None, str | None]]:
    return {(r["name"], r.get("role"), r.get("organisation")) for r in canned(kg, "affiliations")}


def test_each_person_of_a_listed_apposition_has_the_role(tmp_path, nlp):
    kg = build(
        tmp_path,
        "The review was written by the three advisers – Jane Doe, Mark Stone and Alan Grey – over a year. "
        "We then asked the panel: Sarah Jones, Peter Brown and Mary Clarke. "
        "Two directors, Anna Bell and Tom White, resigned. The adviser, Ruth Green, stayed.",
    )
    found = roles(kg)
    for name in ("Jane Doe", "Mark Stone", "Alan Grey"):
        assert (name, "adviser", None) in found
    for name in ("Sarah Jones", "Peter Brown", "Mary Clarke"):
        assert (name, "panel member", None) in found
    assert ("Anna Bell", "director", None) in found and ("Tom White", "director", None) in found


def test_a_body_named_as_a_provider_or_after_a_business_role_is_a_company(tmp_path, nlp):
    kg = build(
        tmp_path,
        "The contract went to private provider Kestrel Medical last year. Jane Roe, a consultant at "
        "Bluebird Partners, said the deal was poor. Mark Stone, chairman of Redwood Capital, defended it. "
        "Ann Lee, chair of the Royal College of Nursing, disagreed.",
    )
    found = organisations(kg)
    assert found["Kestrel Medical"] == "company" and found["Bluebird Partners"] == "company"
    assert found["Redwood Capital"] == "company"
    assert found["Royal College of Nursing"] == "professional_body"  # its name says what it is


def test_a_website_given_as_the_employer_in_a_byline_is_an_organisation_named_by_its_domain(tmp_path, nlp):
    comments = [
        {"id": "1", "author": "Sam Hill", "byline": "Nurse, carewatch.co.uk", "body": "Staffing is the issue."},
        {"id": "2", "author": "Ann Lee", "byline": "Retired GP", "body": "I agree with that."},
    ]
    kg = build(tmp_path, "Staffing on wards.", comments=comments)
    assert ("Sam Hill", "Nurse", "carewatch.co.uk") in roles(kg)
    assert organisations(kg)["carewatch.co.uk"] == "company"


def test_colleges_and_centres_of_universities_and_health_care_trusts_are_typed(tmp_path, nlp):
    kg = build(
        tmp_path,
        "Staff from Imperial College London and Exeter University met researchers of the University of Leeds. "
        "The Oxford University Centre for Health Economics and the Leeds University Institute of Health Sciences "
        "published a report. Northfield Health Care Trust and Sandford Healthcare NHS Trust also joined.",
    )
    found = organisations(kg)
    for name in ("Imperial College London", "Exeter University", "University of Leeds"):
        assert found[name] == "university"
    assert found["Oxford University Centre for Health Economics"] == "university"
    assert found["Leeds University Institute of Health Sciences"] == "university"
    assert (
        found["Northfield Health Care Trust"] == "nhs_trust" and found["Sandford Healthcare NHS Trust"] == "nhs_trust"
    )
    parents = kg.query(
        """SELECT ?name ?parent WHERE { ?o org:subOrganizationOf ?p ; schema:name ?name . ?p schema:name ?parent }"""
    )
    assert {(r["name"], r["parent"]) for r in parents} == {
        ("Oxford University Centre for Health Economics", "University of Oxford")
    }


def test_a_title_written_short_is_not_a_person(tmp_path, nlp):
    kg = build(
        tmp_path,
        "Jane Roe, Asst Dir Nursing at the trust, said wards were full. Dep Dir Ops Mark Stone agreed. "
        "Cllr Ann Lee disagreed.",
    )
    names = {r["name"] for r in canned(kg, "people")}
    assert {"Jane Roe", "Mark Stone"} <= names
    assert not any(n.split()[0] in {"Asst", "Dir", "Dep"} for n in names)
