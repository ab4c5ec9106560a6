"""Generate topics.ttl (the SKOS topic scheme) from topics.csv.

Usage (from the repository root):

    python data/build_topics.py

topics.csv has one row per concept: slug,label,broader,related,alt_labels,definition, with '|'
between several values. `broader` and `related` hold slugs of other rows; a concept without a
broader one is a top concept of the scheme. The Turtle written states both directions of every
hierarchy link (skos:broader and skos:narrower).

An alternative label given to several concepts is kept only on the most specific of them (the
one with the most ancestors; the first row on a tie), and an alternative label that is another
concept's preferred label is dropped, so that every label names one concept. Standard library only.
"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREFIXES = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix t: <https://w3id.org/graphkit/topic/> .
@prefix dcterms: <http://purl.org/dc/terms/> .

t: a skos:ConceptScheme ;
    dcterms:title "UK health and care policy topics"@en ;
    dcterms:description "Topics of UK health and social care policy writing, matched in text on the lemmas of \
their labels. Broad concepts with narrower ones under them (skos:broader, skos:narrower). Generated from \
topics.csv by build_topics.py."@en"""


def split(cell):
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def key(label):
    return " ".join(label.casefold().replace("\u2019", "'").replace("-", " ").split())


def literal(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@en'


def depth(slug, concepts, seen=()):
    parents = [b for b in concepts[slug]["broader"] if b not in seen]
    return 1 + max((depth(b, concepts, (*seen, slug)) for b in parents), default=0)


def main():
    with open(HERE / "topics.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    concepts = {}
    for r in rows:
        if r["slug"] in concepts:
            sys.exit(f"build_topics: slug {r['slug']} appears twice")
        concepts[r["slug"]] = {
            **r,
            "broader": split(r["broader"]),
            "related": split(r["related"]),
            "alt": split(r["alt_labels"]),
        }
    for slug, c in concepts.items():
        for other in c["broader"] + c["related"]:
            if other not in concepts:
                sys.exit(f"build_topics: {slug} refers to unknown concept {other}")

    pref = {key(c["label"]): slug for slug, c in concepts.items()}
    owner = {}  # label key -> slug that keeps it
    for slug in concepts:
        for alt in concepts[slug]["alt"]:
            k = key(alt)
            if k in pref:
                continue
            if k not in owner or depth(slug, concepts) > depth(owner[k], concepts):
                owner[k] = slug
    narrower = {slug: [] for slug in concepts}
    for slug, c in concepts.items():
        for b in c["broader"]:
            narrower[b].append(slug)

    tops = [slug for slug, c in concepts.items() if not c["broader"]]
    out = [PREFIXES + " ;\n    skos:hasTopConcept " + ",\n        ".join(f"t:{s}" for s in tops) + " .\n"]
    for slug, c in concepts.items():
        lines = [f"t:{slug} a skos:Concept", "    skos:inScheme t:", f"    skos:prefLabel {literal(c['label'])}"]
        alts, seen = [], set()
        for alt in c["alt"]:
            k = key(alt)
            if owner.get(k) == slug and k not in seen:
                seen.add(k)
                alts.append(literal(alt))
        if alts:
            lines.append("    skos:altLabel " + ",\n        ".join(alts))
        if c["broader"]:
            lines.append("    skos:broader " + ", ".join(f"t:{b}" for b in c["broader"]))
        else:
            lines.append("    skos:topConceptOf t:")
        if narrower[slug]:
            lines.append("    skos:narrower " + ",\n        ".join(f"t:{n}" for n in narrower[slug]))
        if c["related"]:
            lines.append("    skos:related " + ", ".join(f"t:{r}" for r in c["related"]))
        if c["definition"]:
            lines.append(f"    skos:definition {literal(c['definition'])}")
        out.append(" ;\n".join(lines) + " .\n")
    (HERE / "topics.ttl").write_text("\n".join(out), encoding="utf-8")
    print(
        f"topics.ttl: {len(concepts)} concepts, {len(tops)} top concepts, "
        f"{sum(len(n) for n in narrower.values())} broader/narrower links"
    )


if __name__ == "__main__":
    main()
