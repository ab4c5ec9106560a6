"""Topic weights per post: scheme concepts by the specificity of their labels, plus keyphrases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graphkit.knowledge.topics import TopicIndex
from graphkit.model import Entity, Mention, MentionLink, Resolved
from graphkit.resolve.found import Found
from graphkit.resources import fold, slug

_TITLE_WEIGHT = 2.0  # a topic in the title counts twice


def topics(
    known: Resolved, mentions: list[Mention], index: TopicIndex, keyphrases: Iterable[tuple[str, float]]
) -> Found:
    out = Found(known)
    # A post's weight for a topic grows with the evidence and is capped by how much its most
    # specific label says: (1 - 0.5^(sum of specificities)) * (highest specificity).
    evidence: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for m in mentions:
        concept = index.concepts[m.attrs["concept"]]
        out.add(Entity("topic", concept.slug, concept.label, scheme=True))
        weight = float(m.attrs.get("specificity", 1.0))
        evidence[m.span.post][concept.slug].append(weight * (_TITLE_WEIGHT if m.span.field == "title" else 1.0))
        out.mentions.append(MentionLink(m.span.post, "topic", concept.slug, m))
    for post, found in evidence.items():
        out.post_topics[post] = {key: round((1 - 0.5 ** sum(s)) * min(1.0, max(s)), 4) for key, s in found.items()}
    names = {fold(e.name) for e in known.entities.values() if e.kind != "topic"}
    article = out.post_topics.setdefault("", {})
    for phrase, weight in keyphrases:
        folded = fold(phrase)
        padded = f" {folded} "
        # Not a topic: a name of the document ('rebecca thomas nhs'), a number, a fragment.
        if any(f" {name} " in padded for name in names) or len(folded) < 4 or any(c.isdigit() for c in folded):
            continue
        slug_ = index.label_slugs.get(folded) or index.label_slugs.get(folded.rstrip("s"))
        if slug_:
            concept = index.concepts[slug_]
            out.add(Entity("topic", concept.slug, concept.label, scheme=True))
        else:
            slug_ = slug(phrase)
            out.add(Entity("topic", slug_, phrase.lower(), scheme=False))
        article[slug_] = max(article.get(slug_, 0.0), round(weight * 0.5, 4))
    return out
