"""What pages are about, in a reader's specific words: topic facts on eight pages written for the topics
work (tests/data/quality/t-*: a GP-magazine story, a politician's blog, a rapid-response thread, a
nursing-journal opinion piece, a council finance story, a think-tank explainer, a regional news report
and a public-health blog, each with reader comments) and four for the second (t2-*: a local paper's
letters page on a hospital-closure campaign, a union press release, an NHS trust's board news item and
a home-care provider's blog with comments).

Each fact is a topic of the page's gold file (what a careful reader says the page is about, with its
variants) that must be among the page's first 20 topics, matched as ../shared/eval/score.py matches
them. The last three t- pages, and the t2- pages, were held out while the rules were written. Facts
not established yet are xfail (strict: they fail the suite once they pass, so the mark comes off)."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

import graphkit

QUALITY = Path(__file__).resolve().parent / "data" / "quality"
QUERIES = Path(__file__).resolve().parent.parent / "queries"
todo = pytest.mark.xfail(strict=True, reason="not among the page's first 20 topics yet (issue 9)")


@pytest.fixture(scope="module")
def kg(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("topics-quality")
    for path in [*QUALITY.glob("t-*"), *QUALITY.glob("t2-*")]:
        if not path.name.endswith(".gold.json"):
            shutil.copy(path, folder)
    out = folder / "graph.trig"
    graphkit.build([folder], out)
    return graphkit.load(out)


def gold(page: str) -> dict:
    return json.loads((QUALITY / f"{page}.gold.json").read_text(encoding="utf-8"))


def first_topics(kg, page: str, top: int = 20) -> list[str]:
    """The page's topics, most important first, as topics-by-article lists them."""
    title = gold(page)["document"]["title"]
    rows = kg.query((QUERIES / "topics-by-article.rq").read_text(encoding="utf-8"))
    return [r["label"] for r in rows if r.get("title") == title][:top]


def norm(text: str) -> str:
    """score.py's comparison key: case, accents, quotes and punctuation folded, a leading 'the' dropped."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").casefold().strip().lstrip("#@")
    kept = "".join(c if c.isalnum() or c in " '" else " " if c in "-/&;,." else "" for c in text)
    text = " ".join(kept.replace("'", "").split())
    return text[4:] if text.startswith("the ") else text


def hit(labels: list[str], topic: dict) -> bool:
    """As score.py: a label equals a form, contains a form of more than three characters, or is a
    phrase of several words inside a form."""
    forms = {norm(topic["name"])} | {norm(v) for v in topic.get("variants", [])}
    labels = [norm(label) for label in labels]
    return any(
        lab == f or (len(f) > 3 and f in lab) or (len(lab) > 3 and lab in f and len(lab.split()) > 1)
        for lab in labels
        for f in forms
        if lab and f
    )


FACTS = [
    ("t-gp-magazine-ni", "employer national insurance rise"),
    ("t-gp-magazine-ni", "GP practice finances"),
    ("t-gp-magazine-ni", "Additional Roles Reimbursement Scheme"),
    ("t-gp-magazine-ni", "practices handing back contracts"),
    ("t-gp-magazine-ni", "access to GP appointments"),
    ("t-mp-blog-maternity", "maternity unit downgrade"),
    ("t-mp-blog-maternity", "travel times for women in labour"),
    ("t-mp-blog-maternity", "special care baby unit"),
    ("t-mp-blog-maternity", "public consultation on service change"),
    ("t-rapid-response-assisted-dying", "assisted dying"),
    ("t-rapid-response-assisted-dying", "palliative care funding"),
    ("t-rapid-response-assisted-dying", "conscientious objection"),
    ("t-rapid-response-assisted-dying", "mental capacity assessment"),
    ("t-nursing-opinion-graduates", "jobs for newly qualified nurses"),
    ("t-nursing-opinion-graduates", "recruitment freezes"),
    ("t-nursing-opinion-graduates", "preceptorship"),
    pytest.param("t-nursing-opinion-graduates", "student nurse debt", marks=todo),
    ("t-council-social-care", "council bankruptcy"),
    ("t-council-social-care", "council tax rises"),
    ("t-council-social-care", "children's residential placements"),
    ("t-council-social-care", "care provider fees"),
    # held out while the rules were written
    ("t-thinktank-fair-pay", "care worker visas"),
    ("t-thinktank-fair-pay", "social care workforce vacancies"),
    ("t-thinktank-fair-pay", "zero-hours contracts"),
    ("t-thinktank-fair-pay", "Employment Rights Bill"),
    ("t-regional-news-raac", "RAAC in hospital buildings"),
    ("t-regional-news-raac", "New Hospital Programme delays"),
    ("t-regional-news-raac", "NHS maintenance backlog"),
    ("t-regional-news-raac", "ward and theatre closures"),
    ("t-public-health-measles", "MMR vaccine uptake"),
    ("t-public-health-measles", "catch-up vaccination clinics"),
    ("t-public-health-measles", "public health grant cuts"),
    ("t-public-health-measles", "measles outbreak"),
    # the second topics work's pages: written with their gold before graphkit ran on them, held out
    # while its rules were written and scored once at the end
    pytest.param("t2-letters-ae-closure", "overnight A&E closure", marks=todo),
    ("t2-letters-ae-closure", "urgent treatment centre"),
    ("t2-letters-ae-closure", "travel to hospital"),
    ("t2-letters-ae-closure", "ambulance handover delays"),
    ("t2-letters-ae-closure", "ambulance response times"),
    ("t2-letters-ae-closure", "emergency department staffing"),
    ("t2-letters-ae-closure", "coastal and rural health services"),
    pytest.param("t2-letters-ae-closure", "stroke services centralisation", marks=todo),
    ("t2-letters-ae-closure", "public consultation on service change"),
    ("t2-letters-ae-closure", "health scrutiny"),
    ("t2-union-press-release", "strike by hospital support staff"),
    ("t2-union-press-release", "wholly owned subsidiary companies"),
    ("t2-union-press-release", "two-tier workforce"),
    ("t2-union-press-release", "Agenda for Change pay parity"),
    ("t2-union-press-release", "sick pay and pensions"),
    pytest.param("t2-union-press-release", "bringing staff back in-house", marks=todo),
    pytest.param("t2-union-press-release", "low pay and cost of living", marks=todo),
    pytest.param("t2-union-press-release", "VAT savings", marks=todo),
    ("t2-union-press-release", "support staff vacancies"),
    ("t2-union-press-release", "emergency cover during strikes"),
    ("t2-board-news-recovery", "financial recovery plan"),
    ("t2-board-news-recovery", "cost improvement programme"),
    ("t2-board-news-recovery", "cutting corporate posts"),
    ("t2-board-news-recovery", "agency staff spending"),
    ("t2-board-news-recovery", "elective waiting lists"),
    pytest.param("t2-board-news-recovery", "A&E four-hour standard", marks=todo),
    ("t2-board-news-recovery", "delayed discharge"),
    ("t2-board-news-recovery", "cancer waiting times"),
    ("t2-board-news-recovery", "community diagnostic centres"),
    ("t2-board-news-recovery", "virtual wards"),
    ("t2-board-news-recovery", "never events"),
    ("t2-board-news-recovery", "maternity services inspection"),
    ("t2-care-provider-blog", "council fee rates for home care"),
    ("t2-care-provider-blog", "providers handing back contracts"),
    ("t2-care-provider-blog", "rural home care rounds"),
    pytest.param("t2-care-provider-blog", "care workers' travel time", marks=todo),
    pytest.param("t2-care-provider-blog", "fifteen-minute care visits", marks=todo),
    ("t2-care-provider-blog", "unmet need for home care"),
    pytest.param("t2-care-provider-blog", "delayed hospital discharge", marks=todo),
    pytest.param("t2-care-provider-blog", "care worker pay", marks=todo),
    ("t2-care-provider-blog", "self-funders and a two-tier system"),
    ("t2-care-provider-blog", "social care funding"),
]


@pytest.mark.parametrize(("page", "topic"), FACTS)
def test_a_readers_topic_is_among_the_pages_first_twenty(kg, page, topic):
    (wanted,) = [t for t in gold(page)["topics"] if t["name"] == topic]
    labels = first_topics(kg, page)
    assert hit(labels, wanted), f"{topic!r} not in {labels}"


def test_a_page_lists_specific_topics_not_only_broad_ones(kg):
    """Each page's first five topics include a narrower concept or a key phrase, not only the scheme's
    broad concepts ('Workforce', 'Funding')."""
    broad = {r["label"] for r in kg.query("SELECT ?label WHERE { ?c skos:narrower ?n ; skos:prefLabel ?label }")}
    for gold_file in QUALITY.glob("t-*.gold.json"):
        page = gold_file.name.removesuffix(".gold.json")
        assert set(first_topics(kg, page, top=5)) - broad, page
