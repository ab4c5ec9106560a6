"""Reader speed and accuracy: graphkit's HTML reader against trafilatura alone, on generated pages.

    python bench/bench_readers.py [--pages 1000] [--seed 7]

Generates pages in eight comment layouts (WordPress nested lists, dt/dd lists, `<cite>Comment by
NAME — date</cite>` with pingbacks and a sidebar widget, widget buttons, folded 'read more'
comments, 'level-N' flat threads, German 'leserbrief' blocks, JSON-LD Comment items), each with
known comment ids, authors and parents. Prints (1) for each layout: comments found, authors right
and nesting right; (2) the time to read all pages with graphkit's reader (`read_html`: our own
tree and comment reader, plus trafilatura and extruct) against `trafilatura.extract` alone with
comments (which gives the comments as one block of text, without author, id or parent).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import trafilatura

from graphkit.ingest.html import read_html
from graphkit.model import Document

FIRST = ["Aisha", "Ben", "Catrin", "Dev", "Eilidh", "Femi", "Gwen", "Hamza", "Ines", "Jonas", "Kasia", "Liam", "Mei"]
LAST = ["Karim", "Ellery", "Morgan", "Patel", "Ross", "Adeyemi", "Pritchard", "Qureshi", "Silva", "Berg", "Nowak"]
WORDS = [
    "the",
    "ward",
    "waiting",
    "list",
    "staff",
    "funding",
    "beds",
    "discharge",
    "care",
    "home",
    "nurse",
    "shift",
    "rota",
    "winter",
    "pressure",
    "budget",
    "clinic",
    "referral",
    "pharmacy",
    "access",
    "rural",
    "practice",
    "patient",
    "delay",
]
ARTICLE = "<p>{}</p>"


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def thread(rng: random.Random, count: int) -> list[tuple[str, str, str | None, str]]:
    """(id, author, parent id, text) with replies to earlier comments."""
    out: list[tuple[str, str, str | None, str]] = []
    for n in range(count):
        cid = str(1000 + n)
        parent = rng.choice([c[0] for c in out]) if out and rng.random() < 0.4 else None
        out.append((cid, name(rng), parent, sentence(rng)))
    return out


def _children(comments, parent):
    return [c for c in comments if c[2] == parent]


def wordpress(rng, comments):
    def li(c):
        kids = _children(comments, c[0])
        sub = f'<ol class="children">{"".join(li(k) for k in kids)}</ol>' if kids else ""
        return (f'<li class="comment" id="comment-{c[0]}"><article class="comment-body"><footer class="comment-meta">'
                f'<div class="comment-author vcard"><b class="fn">{c[1]}</b> <span class="says">says:</span></div>'
                f'<div class="comment-metadata"><a href="#comment-{c[0]}"><time datetime="2024-01-02">2 Jan</time></a>'
                f'</div></footer><div class="comment-content"><p>{c[3]}</p></div>'
                f'<div class="reply"><a class="comment-reply-link">Reply</a></div></article>{sub}</li>')  # fmt: skip

    return f'<ol class="comment-list">{"".join(li(c) for c in _children(comments, None))}</ol>', True


def dtdd(rng, comments):
    flat = [c for c in comments if c[2] is None]
    items = "".join(
        f'<dt id="comment-{c[0]}"><strong>{c[1]}</strong> — 3 May 2023</dt><dd><p>{c[3]}</p></dd>' for c in flat
    )
    return f'<div id="comments"><dl class="commentlist">{items}</dl></div>', False


def cite(rng, comments):
    flat = [c for c in comments if c[2] is None]
    items = "".join(f'<li class="comment" id="comment-{c[0]}"><p><cite>Comment by {c[1]} — 4 June 2022 @ 9:14 am'
                    f"</cite></p><p>{c[3]}</p></li>" for c in flat)  # fmt: skip
    items += '<li class="pingback" id="comment-9"><p><cite>Pingback by Blog — 5 June 2022</cite></p><p>[…]</p></li>'
    widget = ('<aside class="widget"><ul><li class="comment" id="comment-8"><span class="fn">Widget Person</span>'
              "<p>Shown on every page.</p></li></ul></aside>")  # fmt: skip
    return f'<ol class="commentlist">{items}</ol>{widget}', False


def widgets(rng, comments):
    html, _ = wordpress(rng, comments)
    return html.replace("</p></div>", '</p><div class="comment-likes"><a class="like">Like</a>'
                        "<span>Liked by 21 people</span></div></div>"), True  # fmt: skip


def expandable(rng, comments):
    flat = [c for c in comments if c[2] is None]
    items = "".join(f'<div class="comment" id="c-{c[0]}"><span class="comment-author">{c[1]}</span>'
                    '<div class="comment-text">'
                    f'<p>{c[3]}</p><div class="comment-text-more" style="display:none"><p>More: {c[3]}</p></div>'
                    '<a class="expand">Read more</a></div></div>' for c in flat)  # fmt: skip
    return f'<div class="user-comments">{items}</div>', False


def levels(rng, comments):
    depth: dict[str, int] = {}
    order: list = []

    def walk(parent, level):
        for c in _children(comments, parent):
            depth[c[0]] = level
            order.append(c)
            walk(c[0], level + 1)

    walk(None, 1)
    items = "".join(f'<div class="comment level-{depth[c[0]]}" id="comment-{c[0]}"><div class="comment-author">{c[1]}'
                    f'</div><div class="comment-body"><p>{c[3]}</p></div></div>' for c in order)  # fmt: skip
    return f'<div class="comment-thread">{items}</div>', True


def german(rng, comments):
    flat = [c for c in comments if c[2] is None]
    items = "".join(f'<div class="leserbrief" id="lb-{c[0]}"><div class="verfasser">{c[1]}</div><div class="datum">'
                    f'12.03.2024</div><div class="inhalt"><p>{c[3]}</p></div></div>' for c in flat)  # fmt: skip
    return f'<div class="leserbriefe"><h2>Leserbriefe</h2>{items}</div>', False


def jsonld(rng, comments):
    def item(c):
        return {"@type": "Comment", "@id": f"#comment-{c[0]}", "author": {"@type": "Person", "name": c[1]},
                "text": c[3], "comment": [item(k) for k in _children(comments, c[0])]}  # fmt: skip

    data = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "x",
            "comment": [item(c) for c in _children(comments, None)]}  # fmt: skip
    return f'<script type="application/ld+json">{json.dumps(data)}</script>', True


LAYOUTS = {
    "wordpress": wordpress,
    "dt/dd": dtdd,
    "cite+pingback+widget": cite,
    "widget buttons": widgets,
    "expandable": expandable,
    "level-N flat": levels,
    "german leserbrief": german,
    "json-ld": jsonld,
}


def page(rng: random.Random, layout: str) -> tuple[str, list]:
    comments = thread(rng, rng.randint(3, 12))
    markup, nested = LAYOUTS[layout](rng, comments)
    if not nested:
        comments = [c for c in comments if c[2] is None]
    body = "".join(ARTICLE.format(sentence(rng, 30)) for _ in range(rng.randint(3, 8)))
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Article</title></head><body><main><article>"
            f"<h1>Article</h1>{body}</article>{markup}</main></body></html>")  # fmt: skip
    return html, comments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    layouts = list(LAYOUTS)
    with tempfile.TemporaryDirectory() as folder:
        pages = []
        for n in range(args.pages):
            layout = layouts[n % len(layouts)]
            html, truth = page(rng, layout)
            path = Path(folder) / f"page-{n}.html"
            path.write_text(html, encoding="utf-8")
            pages.append((layout, path, html, truth))

        score: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # truth, found, author, nesting, false
        started = time.perf_counter()
        read = [(layout, next(d for d in read_html(path) if isinstance(d, Document)), truth)
                for layout, path, _, truth in pages]  # fmt: skip
        ours = time.perf_counter() - started
        for layout, doc, truth in read:
            got = {c.id: c for c in doc.comments}
            row = score[layout]
            row[0] += len(truth)
            row[4] += len(set(got) - {t[0] for t in truth})
            for cid, author, parent, _ in truth:
                if cid in got:
                    row[1] += 1
                    row[2] += got[cid].author == author
                    row[3] += got[cid].reply_to == parent

        started = time.perf_counter()
        for _, _, html, _ in pages:
            trafilatura.extract(html, include_comments=True)
        theirs = time.perf_counter() - started

    print(f"{'layout':<22} {'comments':>9} {'found':>7} {'authors right':>14} {'nesting right':>14} {'false':>6}")
    for layout in layouts:
        total, found, author, nesting, false = score[layout]
        print(f"{layout:<22} {total:>9} {found:>7} {author:>14} {nesting:>14} {false:>6}")
    print(f"read {args.pages} pages: graphkit read_html {ours:.2f} s ({ours / args.pages * 1000:.1f} ms/page); "
          f"trafilatura.extract(include_comments=True) alone {theirs:.2f} s "
          f"({theirs / args.pages * 1000:.1f} ms/page); "
          f"ratio {ours / theirs:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
