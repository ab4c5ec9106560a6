"""Topic weights per post: scheme concepts by the specificity of their labels, plus keyphrases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graphkit.extract.topics import TopicIndex
from graphkit.model import Mention
from graphkit.resolve.entities import Entity, MentionLink, Resolved
from graphkit.resources import fold, slug

_TITLE_WEIGHT = 2.0  # a topic in the title counts twice
_ARTICLE_WEIGHT = 1.5  # the article is what the page is about; a comment answers it
_BROADER_DAMPING = 0.5  # a broader concept gets half the evidence of a narrower one, per step


def _ancestors(slug_: str, concepts) -> list[tuple[str, int]]:
    """The broader concepts of a concept, each once, with its distance (1 = directly broader)."""
    seen: dict[str, int] = {}
    frontier = [(b, 1) for b in concepts[slug_].broader]
    while frontier:
        key, depth = frontier.pop(0)
        if key in seen or key not in concepts or key == slug_:
            continue
        seen[key] = depth
        frontier.extend((b, depth + 1) for b in concepts[key].broader)
    return list(seen.items())


def topics(out: Resolved, mentions: list[Mention], index: TopicIndex, keyphrases: Iterable[tuple[str, float]]) -> None:
    # A post's weight for a topic grows with the evidence and is capped by how much its most
    # specific label says: (1 - 0.5^(sum of specificities)) * (highest specificity).
    evidence: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for m in mentions:
        concept = index.concepts[m.attrs["concept"]]
        out.add(Entity("topic", concept.slug, concept.label, scheme=True))
        weight = float(m.attrs.get("specificity", 1.0)) * (_TITLE_WEIGHT if m.span.field == "title" else 1.0)
        evidence[m.span.post][concept.slug].append(weight)
        out.mentions.append(MentionLink(m.span.post, "topic", concept.slug, m))
        # The most specific concept is the one named; its broader concepts are what it is part of,
        # so they count too, damped per step, without a mention (the text does not name them).
        for slug_, depth in _ancestors(concept.slug, index.concepts):
            ancestor = index.concepts[slug_]
            out.add(Entity("topic", ancestor.slug, ancestor.label, scheme=True))
            evidence[m.span.post][ancestor.slug].append(weight * _BROADER_DAMPING**depth)
    # A concept that covers much of the scheme says less: 'Workforce' less than 'Physician associates'.
    for post, found in evidence.items():
        scale = _ARTICLE_WEIGHT if post == "" else 1.0
        out.post_topics[post] = {
            key: round((1 - 0.5 ** sum(s)) * min(1.0, max(s)) * index.information.get(key, 1.0) * scale, 4)
            for key, s in found.items()
        }
    names = {fold(e.name) for e in out.entities.values() if e.kind != "topic"}
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
