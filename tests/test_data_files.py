"""The knowledge files in data/: the two-level topic scheme, the current NHS layer, successions, places."""

from __future__ import annotations

import csv
from pathlib import Path

from graphkit.knowledge.topics import information_content, load_scheme

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / "gazetteers" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_scheme_has_broad_concepts_with_hundreds_of_narrower_ones():
    concepts = load_scheme()
    narrower = [c for c in concepts.values() if c.broader]
    assert len(narrower) >= 250
    assert all(b in concepts for c in narrower for b in c.broader)
    by_label = {c.label.casefold(): c for c in concepts.values()}
    for specific, broad in [
        ("corridor care", "emergency-care"),
        ("physician associates", "medical-profession"),
        ("junior doctors' strikes", "industrial-action"),
        ("gp appointment booking", "gp-access"),
        ("nhs dentistry access", "dentistry"),
        ("agency staff spending", "agency-staff"),
        ("integrated care systems", "integration"),
    ]:
        assert broad in by_label[specific].broader, specific


def test_every_label_names_one_concept():
    seen: dict[str, str] = {}
    for concept in load_scheme().values():
        for label in (concept.label, *concept.alt_labels):
            key = " ".join(label.casefold().replace("-", " ").split())
            assert seen.setdefault(key, concept.slug) == concept.slug, label


def test_a_concept_covering_more_of_the_scheme_is_less_specific():
    info = information_content(load_scheme())
    assert info["corridor-care"] == 1.0
    assert info["workforce"] < info["nursing"] < info["nurse-staffing-levels"]


def test_the_current_layer_has_the_2026_icbs_with_short_names():
    rows = {r["code"]: r for r in _rows("nhs_current.csv")}
    west_yorkshire = rows["QWO"]
    assert west_yorkshire["name"] == "NHS West Yorkshire Integrated Care Board"
    assert "West Yorkshire ICB" in west_yorkshire["aliases"].split("|")
    icbs = [r for r in rows.values() if r["kind"] == "icb"]
    assert len([r for r in icbs if r["status"] == "current"]) == 36
    assert len(icbs) == 48  # 42 of 2022 plus 6 new in 2026, 12 of them closed
    assert "Bwrdd Iechyd Prifysgol Bae Abertawe" in rows["7A3"]["aliases"]


def test_every_icb_has_a_region_and_every_open_english_trust_an_icb():
    rows = {r["code"]: r for r in _rows("nhs_current.csv")}
    regions = {c for c, r in rows.items() if c.startswith("Y") and r["type"] == "national_body"}
    icbs = [r for r in rows.values() if r["kind"] == "icb"]
    assert all(r["parent_code"] in regions for r in icbs), [r["code"] for r in icbs if r["parent_code"] not in regions]
    # a 2026 ICB takes the region its predecessors share: Essex from Mid and South Essex (East of England)
    successions = _rows("nhs_successions.csv")
    for s in successions:
        if s["event"].startswith("ICB"):
            assert rows[s["successor_code"]]["parent_code"] == rows[s["predecessor_code"]]["parent_code"], s
    trusts = [r for r in rows.values() if r["type"] == "nhs_trust" and r["country"] == "england"]
    open_trusts = [r for r in trusts if r["status"] == "current"]
    assert open_trusts and all(rows[r["parent_code"]]["kind"] == "icb" for r in open_trusts)


def test_a_rename_is_an_alias_and_a_merger_a_succession_with_a_date():
    rows = {r["code"]: r for r in _rows("nhs_current.csv")}
    assert "Plymouth Hospitals NHS Trust" in rows["RK9"]["aliases"].split("|")
    heart = rows["RR1"]
    assert heart["name"] == "Heart of England NHS Foundation Trust" and heart["status"] == "closed"
    successions = _rows("nhs_successions.csv")
    assert {
        "predecessor_code": "RR1",
        "predecessor_name": "Heart of England NHS Foundation Trust",
        "successor_code": "RRK",
        "successor_name": "University Hospitals Birmingham NHS Foundation Trust",
        "date": "2018-04-02",
        "event": "acquisition",
    } in successions
    codes = set(rows)
    assert all(s["successor_code"] in codes and s["predecessor_code"] in codes for s in successions)


def test_places_that_are_words_or_first_names_are_marked():
    places = {r["name"]: r for r in _rows("places_uk.csv")}
    assert len(places) > 1000
    assert places["Chelsea"]["ambiguity"] == "first_name"
    assert places["North Somerset"]["ambiguity"] == ""
    assert "Kent and Medway" in places
    hand = {r["name"]: r for r in _rows("places.csv")}
    assert hand["Reading"]["ambiguity"] == "word"
    assert hand["London"]["ambiguity"] == ""
