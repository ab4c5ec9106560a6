"""The debate report: built from the canned queries, every number linked to evidence on the page, every
string escaped, nothing loaded from anywhere; and the stats and evidence fixes it relies on."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html
from pyoxigraph import NamedNode

from graphkit.cli import main
from graphkit.graph.io import load_store
from graphkit.pipeline import build
from graphkit.query import load_query, rows, run
from graphkit.report import report_html, stats, write_report
from graphkit.report.page import kind_name
from graphkit.report.svg import Bar, bar_chart
from tests.conftest import TEST_DATA

HOSTILE = "<img src=x onerror=alert(1)>"


def ask(store, name, **params):
    return rows(run(store, load_query(name), params or None))


@pytest.fixture(scope="module")
def sample_report(sample_store) -> str:
    return report_html(sample_store)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("hostile-report") / "graph.trig"
    build([TEST_DATA / "hostile-names.json"], out)
    return load_store(out)


def charts(page: str) -> dict[str, dict[str, str]]:
    """Each chart's bars, by the chart's title: label -> the count the bar carries."""
    tree = lxml_html.fromstring(page)
    return {
        svg.get("aria-label"): {g.get("data-label"): g.get("data-count") for g in svg.iter("{*}g", "g")}
        for svg in tree.iter("{*}svg", "svg")
    }


def test_charts_carry_the_counts_the_queries_give(sample_store, sample_report):
    drawn = charts(sample_report)
    by_type = {kind_name(r["type"]): r["commenters"] for r in ask(sample_store, "commenters-by-organisation-type")}
    assert drawn["Commenters by organisation type"] == by_type
    by_org = {r["organisation"]: r["commenters"] for r in ask(sample_store, "commenters-by-organisation")}
    assert drawn["Commenters by organisation"] == by_org
    figures = {r["name"]: r["mentions"] for r in ask(sample_store, "public-figures")}
    assert drawn["Public figures by mentions"] == figures
    topics = ask(sample_store, "topics")[:15]
    assert {k: float(v) for k, v in drawn["Top topics overall"].items()} == {
        r["label"]: float(r["score"]) for r in topics
    }
    replied = {f"#{r['id']} {r['author']}": r["replies"] for r in ask(sample_store, "posts") if r["replies"] != "0"}
    assert drawn["Most-replied comments"] == {k: v for k, v in replied.items() if not k.startswith("#kingsfund")}


def test_the_glance_counts_match_stats_and_every_link_lands_on_the_page(sample_store, sample_report):
    tree = lxml_html.fromstring(sample_report)
    figures = {
        d.get("data-figure"): d.findtext(".//span[@class='n']") for d in tree.iter("div") if d.get("data-figure")
    }
    counted = stats(sample_store)
    assert figures == {
        "articles": "1",
        "comments": "9",  # the comments, not the article's title node
        "commenters": str(counted.people["commenter"]),
        "organisations": str(sum(counted.organisations.values())),
        "topics": str(counted.topics),
        "dated posts": "1" if counted.first else "0",
    }
    ids = {el.get("id") for el in tree.iter() if el.get("id")}
    links = [a.get("href") for a in tree.iter("a", "{*}a") if a.get("href", "").startswith("#")]
    assert len(links) > 50
    assert sorted({h[1:] for h in links} - ids) == []


def test_an_organisation_named_in_a_byline_is_evidenced_by_its_own_words(sample_store, sample_report):
    tree = lxml_html.fromstring(sample_report)
    org = next(r for r in ask(sample_store, "commenters-by-organisation") if r["type"] == "health_board")
    quotes = ask(sample_store, "evidence", entity=__import__("pyoxigraph").NamedNode(org["org"]))
    assert quotes and {q["exact"] for q in quotes} == {org["organisation"]}  # not the job title above it
    assert all(q["title"] for q in quotes)  # named by the article's title
    link = next(a for a in tree.iter("a") if a.text_content() == org["organisation"])
    section = tree.get_element_by_id(link.get("href")[1:])
    assert section.find(".//mark").text == org["organisation"]
    assert "on “Engaging clinicians" in section.text_content()  # the post by its article's title, not its id


def test_the_page_loads_nothing_and_runs_nothing(sample_report):
    assert "<script" not in sample_report
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', sample_report).group(1)
    assert "default-src &#x27;none&#x27;" in csp and "script-src" not in csp
    assert not re.search(r"\b(src|srcset)=|<link|@import|url\(", sample_report)
    assert re.findall(r'href="(https?://[^"]+)"', sample_report) == [
        h for h in re.findall(r'href="(https?://[^"]+)"', sample_report) if "directory.spineservices.nhs.uk" in h
    ]  # the only web links: ODS records, followed only when clicked


def test_hostile_names_are_escaped_everywhere(hostile_store):
    page = report_html(hostile_store, title="</title><script>alert(0)</script>")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    tree = lxml_html.fromstring(page)
    assert tree.findtext(".//title") == "Debate report: </title><script>alert(0)</script>"
    assert HOSTILE in tree.text_content()


def test_bar_chart_escapes_and_links_only_within_the_page():
    svg = bar_chart([Bar(HOSTILE, 3, "javascript:alert(1)"), Bar("a & b", 1.5, "#ev-1", note="<i>")], title="<t>")
    assert "<img" not in svg and "<i>" not in svg and "javascript:" not in svg
    assert 'data-count="3"' in svg and 'data-count="1.5"' in svg and 'href="#ev-1"' in svg
    assert bar_chart([], title="empty") == ""


def test_report_command_and_default_name(sample_graph, tmp_path, monkeypatch, capsys):
    out = tmp_path / "r.html"
    assert main(["report", str(sample_graph), "-o", str(out), "--title", "My debate"]) == 0
    assert "<h1>My debate</h1>" in out.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(sample_graph)]) == 0
    assert (tmp_path / "visualisations" / "graph-report.html").is_file()
    assert main(["report", str(tmp_path / "missing.trig")]) == 2
    assert "no such graph" in capsys.readouterr().err


def test_write_report_is_atomic_and_returns_the_path(sample_store, tmp_path):
    path = write_report(sample_store, tmp_path / "deep" / "report.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.html"]


def test_stats_counts_the_readers_things(sample_store):
    counted = stats(sample_store).as_dict()
    assert (counted["documents"], counted["comments"]) == (1, 9)
    assert counted["people"] == len(ask(sample_store, "people"))
    assert counted["organisations"] == len(ask(sample_store, "organisations"))
    assert sum(counted["organisations_by_type"].values()) == counted["organisations"]
    assert counted["topics"] == len(ask(sample_store, "topics"))


def test_timeline_counts_comments_by_day_and_threads_nest_replies(tmp_path, nlp):
    article = {
        "id": "dated",
        "title": "Waiting lists this winter",
        "publisher": "Health Policy Weekly",
        "published": "2024-01-10",
        "body": "Waiting lists grew again this winter, the NHS said.",
        "comments": [
            {"id": "1", "author": "Ann Lee", "posted": "2024-01-10", "body": "Our clinic is full."},
            {"id": "2", "author": "Bob Shaw", "posted": "2024-01-11", "reply_to": "1", "body": "Ann, ours too."},
            {"id": "3", "author": "Cy Dunn", "posted": "2024-01-11", "reply_to": "2", "body": "Bob, same here."},
        ],
    }
    (tmp_path / "dated.json").write_text(__import__("json").dumps(article), encoding="utf-8")
    build([tmp_path / "dated.json"], tmp_path / "g.trig")
    page = report_html(load_store(tmp_path / "g.trig"))
    assert charts(page)["Comments by day"] == {"2024-01-10": "1", "2024-01-11": "2"}
    tree = lxml_html.fromstring(page)
    nested = tree.xpath("//ul[@class='tree']/li/ul/li/ul/li//span[@class='who']")
    assert [s.text for s in nested] == ["Cy Dunn"]  # a reply to a reply, two levels in


def test_write_report_takes_a_graph_file_too(sample_graph, tmp_path):
    assert write_report(sample_graph, tmp_path / "r.html").read_text(encoding="utf-8").count("<svg") >= 4


def test_corpus_name_uses_titles_or_the_outputs_name(tmp_path, nlp):
    from graphkit.report import corpus_name

    two = load_store(TEST_DATA / "query-graph.trig")
    assert corpus_name(two, "query-graph.trig") == "Seven-day services and morale; Engaging clinicians"
    (tmp_path / "untitled.json").write_text('{"id": "u", "body": "Waiting lists grew again."}', encoding="utf-8")
    build([tmp_path / "untitled.json"], tmp_path / "u.trig")
    assert corpus_name(load_store(tmp_path / "u.trig"), "u.trig") == "u.trig"
    assert "<h1>u.trig</h1>" in write_report(tmp_path / "u.trig", tmp_path / "u.html").read_text(encoding="utf-8")


# --- NHS bodies: where each sits (its ICB and NHS England region, or its nation) -------------------


@pytest.fixture(scope="module")
def nhs_graph(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("nhs-structure") / "graph.trig"
    build([TEST_DATA / "nhs-structure.txt"], out)
    return out


def _filed_under() -> dict[str, tuple[str, str]]:
    """Code -> (its ICB's name, its region's name) as the register files give them: nhs_current's parent
    codes, a closed ICB followed to the one ICB it merged into."""
    import csv

    from graphkit.resources import data_dir

    def read(name):
        with (data_dir() / "gazetteers" / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    bodies = {r["code"]: r for r in read("nhs_current.csv") if r["code"]}
    later: dict[str, set[str]] = {}
    for r in read("nhs_successions.csv"):
        if r["event"].startswith("ICB"):
            later.setdefault(r["predecessor_code"], set()).add(r["successor_code"])
    out = {}
    for code, row in bodies.items():
        icb = row["parent_code"]
        if icb in bodies and bodies[icb]["status"] == "closed" and len(later.get(icb, ())) == 1:
            icb = next(iter(later[icb]))
        if icb in bodies and bodies[icb]["parent_code"] in bodies:
            out[code] = (bodies[icb]["name"], bodies[bodies[icb]["parent_code"]]["name"])
    return out


def _sites_without_ods_codes() -> dict[str, tuple[str, str]]:
    """Hospital -> (its board's name, the board's nation) for the hospitals of nhs_sites_current.csv whose board
    has no ODS code (filed under a GSS code or by name)."""
    import csv

    from graphkit.resources import data_dir

    folder = data_dir() / "gazetteers"
    with (folder / "nhs_current.csv").open(encoding="utf-8", newline="") as f:
        bodies = {r["code"] or r["name"]: r for r in csv.DictReader(f)}
    nations = {"scotland": "Scotland", "northern_ireland": "Northern Ireland"}
    with (folder / "nhs_sites_current.csv").open(encoding="utf-8", newline="") as f:
        sites = list(csv.DictReader(f))
    return {
        s["name"]: (bodies[s["parent_code"]]["name"], nations[bodies[s["parent_code"]]["country"]])
        for s in sites
        if s["parent_code"] in bodies and bodies[s["parent_code"]]["country"] in nations
    }


def test_nhs_bodies_carry_their_icb_and_region_from_the_register(nhs_graph):
    store = load_store(nhs_graph)
    found = {r["name"]: r for r in ask(store, "nhs-organisations")}
    filed = _filed_under()
    trusts = {n: r for n, r in found.items() if r.get("odsCode") and r["type"] == "nhs_trust"}
    assert len(trusts) >= 4  # Leeds, Royal Free, Frimley Health, and Plymouth (Derriford Hospital's trust)
    for name, row in trusts.items():
        assert (row["icbName"], row["regionName"]) == filed[row["odsCode"]], name
    hospital = found["Derriford Hospital"]  # a hospital: its trust's ICB and region
    assert hospital["parent"] == "University Hospitals Plymouth NHS Trust"
    assert (hospital["icbName"], hospital["regionName"]) == filed[found[hospital["parent"]]["odsCode"]]
    # a trust whose ICB merged into another is filed under today's board
    assert (
        found["Royal Free London NHS Foundation Trust"]["icbName"] == "NHS West and North London Integrated Care Board"
    )
    # outside England: the nation; a Scottish board is listed though it has no ODS code
    assert found["Swansea Bay University Health Board"]["nation"] == "Wales"
    assert (found["NHS Lothian"]["nation"], found["NHS Lothian"].get("odsCode", "")) == ("Scotland", "")
    # a Scottish or Northern Irish hospital (no ODS code) is filed under its board, as nhs_sites_current has it
    boards = _sites_without_ods_codes()
    hospitals = [r for r in found.values() if r.get("hospital") == "true" and not r.get("odsCode")]
    assert {r["name"] for r in hospitals} == {"Ninewells Hospital", "Belfast City Hospital"}
    for row in hospitals:
        assert (row["parent"], row["nation"]) == boards[row["name"]], row["name"]
    # the ICBs and regions are register facts: no row of their own here, no mention, no member
    register = {r["icbName"] for r in trusts.values()} | {r["regionName"] for r in trusts.values()}
    assert not register & set(found)
    assert not register & {r["name"] for r in ask(store, "organisations")}
    assert not register & {r["organisation"] for r in ask(store, "affiliations")}
    icb = NamedNode(trusts["Leeds Teaching Hospitals NHS Trust"]["icb"])
    assert [str(q["code"]) for q in run(store, f"SELECT ?code WHERE {{ <{icb.value}> gk:odsCode ?code }}")] == ['"QWO"']


def test_the_report_shows_each_nhs_bodys_icb_and_region(nhs_graph, tmp_path):
    store = load_store(nhs_graph)
    page = write_report(nhs_graph, tmp_path / "nhs.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    shown = {
        tr.findtext("td/a"): (tr.findtext("td[@data-col='icb']") or "", tr.findtext("td[@data-col='region']") or "")
        for tr in tree.xpath("//section[@id='who']//table/tbody/tr")
    }
    for r in ask(store, "nhs-organisations"):
        icb = f"{r['icbName']} ({r['icbCode']})" if r.get("icbName") else ""
        region = f"{r['regionName']} ({r['regionCode']})" if r.get("regionName") else r.get("nation", "")
        assert shown[r["name"]] == (icb, region), r["name"]
    assert shown["Leeds Teaching Hospitals NHS Trust"] == (
        "NHS West Yorkshire Integrated Care Board (QWO)",
        "NHS England North East and Yorkshire (Y63)",
    )
    assert shown["NHS Lothian"] == ("", "Scotland")
    types = {tr.findtext("td/a"): tr.findtext("td[2]") for tr in tree.xpath("//section[@id='who']//table/tbody/tr")}
    assert types["Derriford Hospital"] == "hospital" and types["Leeds Teaching Hospitals NHS Trust"] == "NHS trust"


def test_the_network_links_a_trust_to_its_icb_and_the_icb_to_its_region(nhs_graph):
    from graphkit.projection import project

    graph = project(load_store(nhs_graph))
    labels = {n: d["label"] for n, d in graph.nodes(data=True)}
    linked = {(labels[u], labels[v]) for u, v, d in graph.edges(data=True) if d["relation"] == "linked_to"}
    assert ("Leeds Teaching Hospitals NHS Trust", "NHS West Yorkshire Integrated Care Board") in linked
    assert ("NHS West Yorkshire Integrated Care Board", "NHS England North East and Yorkshire") in linked
