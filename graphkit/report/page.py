"""The debate report: one offline HTML page built from the canned queries, for readers who do not write SPARQL.

Sections: the corpus at a glance; who engages; what about; around whom; how it flows; and the evidence
every number links to. The page has no script at all; a Content-Security-Policy allows only its own
stylesheet (by hash) and forbids every request.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter, defaultdict
from functools import cache
from importlib import resources

import pyoxigraph as ox

from graphkit.projection import sentence
from graphkit.report.evidence import Evidence, anchor, e
from graphkit.report.stats import cached, corpus_name, stats
from graphkit.report.svg import COLOURS, Bar, bar_chart, column_chart

TOP = 15
"""Bars per chart."""
MAX_ARTICLES = 30
"""Articles drawn as reply threads and topic charts, most commented first; the rest are counted."""


def report_html(store: ox.Store, *, title: str | None = None, name: str = "graphkit corpus") -> str:
    """The report of the graph in `store` as one HTML page (a string), headed `title`, or by default by
    the corpus's article titles (or `name`, the output's, when it has no titles or many articles)."""
    ask = cached(store)
    counts = stats(store, asker=ask)
    posts = ask("posts")
    evidence = Evidence(posts, ask("evidence"), ask("topic-posts"))
    people = ask("people")
    organisations = ask("organisations")
    name = title or corpus_name(store, name, asker=ask)
    sections = [
        _glance(counts, people, organisations, posts, evidence),
        _who(ask, people, evidence),
        _what(ask, evidence),
        _whom(ask, evidence),
        _flow(posts, evidence),
    ]
    body = (
        "\n".join(sections)
        + '\n<section id="evidence"><h2>Evidence</h2>'
        + (
            '<p class="lead">Each number above links here: the quoted text it rests on and the post it is in.</p>'
            + evidence.html()
            + "</section>"
        )
    )
    css = _asset("report.css")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"style-src 'sha256-{_sha256(css)}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="graphkit report">\n'
        f"<title>{e('Debate report: ' + name)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f'<header><p class="kicker">Debate report</p><h1>{e(name)}</h1>'
        f"<nav>{_nav()}</nav></header>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _nav() -> str:
    parts = [("glance", "At a glance"), ("who", "Who engages"), ("what", "What about"), ("whom", "Around whom")]
    parts += [("flow", "How it flows"), ("evidence", "Evidence")]
    return " · ".join(f'<a href="#{key}">{e(text)}</a>' for key, text in parts)


# --- sections ---------------------------------------------------------------------------------------


def _glance(counts, people, organisations, posts, ev: Evidence) -> str:
    commenters = [p for p in people if p.get("kind") == "commenter"]
    who = ev.group(
        "all-commenters",
        "Every commenter",
        [(p["name"], p["person"], "") for p in commenters],
    )
    orgs = ev.group(
        "all-organisations",
        "Every organisation",
        [(o["name"], o["org"], kind_name(o.get("type", ""))) for o in sorted(organisations, key=lambda o: o["name"])],
    )
    articles = [p for p in posts if p.get("kind") == "article"]
    dated = sorted(p["created"][:10] for p in posts if p.get("created"))
    span = "" if not dated else dated[0] if dated[0] == dated[-1] else f"{dated[0]} to {dated[-1]}"
    items = [
        ("articles", len(articles), "#flow"),
        ("comments", counts.comments, "#flow"),
        ("commenters", len(commenters), who),
        ("organisations", sum(counts.organisations.values()), orgs),
        ("topics", counts.topics, "#what"),
    ]
    cells = "".join(
        f'<div class="figure" data-figure="{e(label)}"><a href="{e(href)}"><span class="n">{n}</span>'
        f'<span class="what">{e(label)}</span></a></div>'
        for label, n, href in items
    )
    titles = "".join(
        f'<li><a href="{e(ev.post_anchor(a["post"]))}">{e(a.get("title") or "untitled")}</a>'
        + (f" · {e(a['author'])}" if a.get("author") else "")
        + (f" · {e(a['created'][:10])}" if a.get("created") else "")
        + "</li>"
        for a in articles
    )
    return (
        f'<section id="glance"><h2>The corpus at a glance</h2><div class="figures">{cells}'
        f'<div class="figure" data-figure="dated posts"><span class="n">{len(dated)}</span>'
        f'<span class="what">dated posts{": " + e(span) if span else ""}</span></div></div>'
        f'<ul class="articles">{titles}</ul></section>'
    )


def _who(ask, people, ev: Evidence) -> str:
    by_org = ask("commenters-by-organisation")
    by_type = ask("commenters-by-organisation-type")
    roles = ask("roles")
    nhs = ask("nhs-organisations")
    person_iri = {p["name"]: p["person"] for p in people}
    colour = {row["type"]: COLOURS[i % len(COLOURS)] for i, row in enumerate(by_type)}

    type_bars = []
    for row in by_type:
        orgs = [r for r in by_org if r.get("type") == row["type"]]
        href = ev.group(
            f"type-{row['type']}",
            f"Commenters from organisations of type {kind_name(row['type'])}",
            [(r["organisation"], r["org"], r.get("names", "")) for r in orgs],
        )
        type_bars.append(Bar(kind_name(row["type"]), int(row["commenters"]), href, colour=colour[row["type"]]))
    org_bars = [
        Bar(
            r["organisation"],
            int(r["commenters"]),
            ev.entity(r["org"], r["organisation"]),
            kind_name(r.get("type", "")),
            colour.get(r.get("type", ""), COLOURS[0]),
        )
        for r in by_org[:TOP]
    ]
    role_bars = []
    for r in roles[:TOP]:
        names = [n for n in r.get("names", "").split("; ") if n]
        href = ev.group(
            f"role-{r['role']}",
            f"Who is {r['role']}",
            [(n, person_iri.get(n, ""), "") for n in names],
        )
        role_bars.append(Bar(r["role"], int(r["people"]), href))
    rows = "".join(
        f'<tr><td><a href="{e(ev.entity(r["org"], r["name"]))}">{e(r["name"])}</a></td>'
        f"<td>{e('hospital' if r.get('hospital') == 'true' else kind_name(r.get('type', '')))}</td>"
        f'<td data-col="ods">{_ods(r)}</td><td>{e(r.get("parent", ""))}</td>'
        f'<td data-col="icb">{e(_coded(r, "icbName", "icbCode"))}</td><td data-col="region">{e(_region(r))}</td>'
        f'<td class="num"><a href="{e(ev.entity(r["org"], r["name"]))}">{e(r.get("people", "0"))}</a></td></tr>'
        for r in nhs
    )
    table = (
        '<p class="lead">Each NHS body named in the debate (and the trust of a hospital it names, or a successor), '
        "with its NHS Organisation Data Service code (linked to its record) and where it sits: an English body's "
        "integrated care board and NHS England region, as the register files them; the nation of a body "
        "elsewhere in the UK.</p>"
        "<table><thead><tr><th>NHS body</th><th>type</th><th>ODS code</th><th>part of</th>"
        "<th>integrated care board</th><th>region or nation</th>"
        f"<th>people</th></tr></thead><tbody>{rows}</tbody></table>"
        if nhs
        else '<p class="more">No NHS body is named in the corpus.</p>'
    )
    return (
        '<section id="who"><h2>Who engages</h2>'
        + _figure("Commenters by organisation type", bar_chart(type_bars, title="Commenters by organisation type"))
        + _figure("Commenters by organisation", bar_chart(org_bars, title="Commenters by organisation"), len(by_org))
        + _figure("Top job roles (people holding each)", bar_chart(role_bars, title="Top job roles"), len(roles))
        + f"<h3>NHS bodies: ODS codes, integrated care boards and regions</h3>{table}</section>"
    )


def kind_name(value: str) -> str:
    """A controlled-list value as words: 'nhs_trust' -> 'NHS trust'."""
    return re.sub(r"\bnhs\b", "NHS", value.replace("_", " "))


def _region(row: dict[str, str]) -> str:
    """An English body's NHS England region, or the nation of a body in Wales, Scotland or Northern Ireland."""
    return _coded(row, "regionName", "regionCode") or row.get("nation", "")


def _coded(row: dict[str, str], name: str, code: str) -> str:
    """'NHS Devon Integrated Care Board (QJK)': a body's name with its ODS code, or '' without a name."""
    if not row.get(name):
        return ""
    return f"{row[name]} ({row[code]})" if row.get(code) else row[name]


def _ods(row: dict[str, str]) -> str:
    code = e(row.get("odsCode", ""))
    record = row.get("record", "")
    if record.startswith("https://"):
        return f'<a href="{e(record)}" rel="noopener noreferrer">{code}</a>'
    return code


def _what(ask, ev: Evidence) -> str:
    topics = ask("topics")
    per_article = ask("topics-by-article")
    by_type = ask("topics-by-organisation-type")
    bars = [
        Bar(r["label"], float(r["score"]), ev.topic(r["topic"], r["label"]), r.get("broader", "")) for r in topics[:TOP]
    ]
    out = [
        '<section id="what"><h2>What about</h2>',
        '<p class="lead">Topics by weight summed over the posts; each bar shows the specific topic with the '
        "broader concept of the scheme it belongs to.</p>",
        _figure("Top topics overall", bar_chart(bars, title="Top topics overall", digits=2), len(topics)),
    ]
    articles: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in per_article:
        articles[r["article"]].append(r)
    if len(articles) == 1:
        out.append('<p class="more">One article: its topics, with its comments, are the ones above.</p>')
    for rows in list(articles.values())[:MAX_ARTICLES] if len(articles) > 1 else []:
        chart = bar_chart(
            [
                Bar(r["label"], float(r["score"]), ev.topic(r["topic"], r["label"]), r.get("broader", ""))
                for r in rows[:10]
            ],
            title=f"Topics of {rows[0].get('title', 'an article')}",
            digits=2,
        )
        out.append(_figure(f"Topics of “{rows[0].get('title') or 'untitled'}” and its comments", chart, len(rows)))
    types: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in by_type:
        types[r["type"]].append(r)
    if types:
        body = "".join(
            f'<tr><th scope="row">{e(kind_name(t))}</th><td>'
            + ", ".join(
                f'<a href="{e(ev.topic(r["topic"], r["label"]))}">{e(r["label"])}</a> '
                f'<span class="num" data-count="{e(r["people"])}">({e(r["people"])})</span>'
                for r in rows[:6]
            )
            + "</td></tr>"
            for t, rows in types.items()
        )
        out.append(
            '<h3>Topics by organisation type</h3><p class="lead">The heaviest topics in the posts of people from '
            "each type of organisation (people writing on it).</p>"
            f"<table><thead><tr><th>type</th><th>topics</th></tr></thead><tbody>{body}</tbody></table>"
        )
    out.append("</section>")
    return "".join(out)


def _whom(ask, ev: Evidence) -> str:
    figures = ask("public-figures")
    mentions = ask("entity-mentions")
    mentioned_by: dict[str, Counter] = defaultdict(Counter)
    for row in mentions:
        mentioned_by[row["entity"]][row.get("author") or "the article"] += 1
    bars = [
        Bar(f["name"], int(f["mentions"]), ev.entity(f["person"], f["name"]), f.get("roles", "")) for f in figures[:TOP]
    ]
    rows = "".join(
        f'<tr><td><a href="{e(ev.entity(f["person"], f["name"]))}">{e(f["name"])}</a></td>'
        f"<td>{e(f.get('roles', ''))}</td><td>"
        + ", ".join(f"{e(who)} ({n})" for who, n in mentioned_by[f["person"]].most_common())
        + "</td></tr>"
        for f in figures
    )
    table = (
        f"<table><thead><tr><th>public figure</th><th>roles</th><th>mentioned by (posts)</th></tr></thead><tbody>{rows}"
        "</tbody></table>"
    )
    return (
        '<section id="whom"><h2>Around whom</h2>'
        + (
            _figure("Public figures by posts mentioning them", bar_chart(bars, title="Public figures by mentions"))
            + table
            if figures
            else '<p class="more">No public figure is named.</p>'
        )
        + "</section>"
    )


def _flow(posts: list[dict[str, str]], ev: Evidence) -> str:
    comments = [p for p in posts if p.get("kind") == "comment"]
    replied = sorted((p for p in comments if int(p.get("replies", 0)) > 0), key=lambda p: -int(p["replies"]))
    several = len({p.get("article") for p in comments}) > 1
    bars = [
        Bar(
            f"#{p.get('id', '')} {p.get('author', '')}".strip(),
            int(p["replies"]),
            ev.post_anchor(p["post"]),
            _short(p.get("title", "")) if several else "",
        )
        for p in replied[:TOP]
    ]
    days = Counter(p["created"][:10] for p in comments if p.get("created"))
    unit = "day" if len(days) <= 60 else "month"
    periods = days if unit == "day" else Counter(p["created"][:7] for p in comments if p.get("created"))
    timeline = column_chart([Bar(d, n) for d, n in sorted(periods.items())], title=f"Comments by {unit}")
    out = ['<section id="flow"><h2>How it flows</h2>']
    out.append(
        _figure("Most-replied comments", bar_chart(bars, title="Most-replied comments"))
        if bars
        else '<p class="more">No comment answers another.</p>'
    )
    out.append(
        _figure(f"Comments by {unit}", timeline)
        if days
        else '<p class="more">No comment in the corpus carries a date.</p>'
    )
    articles: dict[str, list[dict[str, str]]] = defaultdict(list)
    for p in posts:
        articles[p.get("article", "")].append(p)
    busiest = sorted(articles.values(), key=lambda rows: -len(rows))
    for rows in busiest[:MAX_ARTICLES]:
        out.append(_thread(rows, ev))
    if len(busiest) > MAX_ARTICLES:
        out.append(f'<p class="more">and {len(busiest) - MAX_ARTICLES} more articles with fewer comments.</p>')
    out.append("</section>")
    return "".join(out)


def _thread(rows: list[dict[str, str]], ev: Evidence) -> str:
    """One article and its comments as an indented tree of who answers whom."""
    article = next((r for r in rows if r.get("kind") == "article"), None)
    root = article["post"] if article else ""
    known = {r["post"] for r in rows}
    children: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        if r.get("kind") == "comment":
            parent = r.get("replyTo", "")
            children[parent if parent in known and parent != r["post"] else root].append(r)

    def item(r: dict[str, str], depth: int) -> str:
        snippet = sentence(r.get("text", ""), 0, "")
        meta = [f"#{r['id']}" if r.get("id") else "", r.get("created", "")[:10]]
        n = int(r.get("replies", 0))
        if n:
            meta.append(f"{n} repl{'y' if n == 1 else 'ies'}")
        kids = children.get(r["post"], []) if depth < 50 else []
        nested = f"<ul>{''.join(item(k, depth + 1) for k in kids)}</ul>" if kids else ""
        return (
            f'<li id="{anchor("post", r["post"])}"><span class="who">{e(r.get("author") or "anonymous")}</span> '
            f'<span class="meta">{e(" · ".join(m for m in meta if m))}</span><q>{e(snippet)}</q>{nested}</li>'
        )

    title = (article or {}).get("title") or "Untitled article"
    comments = sum(1 for r in rows if r.get("kind") == "comment")
    about = [
        article.get("author", "") if article else "",
        (article.get("created") or "")[:10] if article else "",
        f"{comments} comment{'' if comments == 1 else 's'}",
    ]
    # the heading names the article; the line under it says who wrote it, when, and how many answered
    head = (
        f'<p id="{anchor("post", root)}" class="article-head"><strong>The article</strong> · '
        + e(" · ".join(a for a in about if a))
        + "</p>"
        if article
        else ""
    )
    tree = "".join(item(r, 0) for r in children.get(root, []))
    return f'<div class="thread"><h3>Thread: {e(title)}</h3>{head}<ul class="tree">{tree}</ul></div>'


def _short(text: str, chars: int = 40) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _figure(caption: str, chart: str, total: int | None = None) -> str:
    if not chart:
        return f'<p class="more">{e(caption)}: none.</p>'
    more = f" (top {TOP} of {total})" if total and total > TOP else ""
    return f"<figure><figcaption>{e(caption + more)}</figcaption>{chart}</figure>"


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def _asset(name: str) -> str:
    return resources.files("graphkit.report").joinpath(name).read_text(encoding="utf-8")
