"""Topic weights per post: scheme concepts by the specificity of their labels, plus emergent noun phrases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graphkit.knowledge.topics import TopicIndex
from graphkit.model import Entity, Mention, MentionLink, Resolved
from graphkit.resolve.found import Found
from graphkit.resources import fold, slug

_TITLE_WEIGHT = 2.0  # a topic in the title counts twice
_COMMENT_WEIGHT = 2 / 3  # the article is what the page is about; a comment answers it
_BROADER_DAMPING = 0.25  # a broader concept gets a quarter of the evidence of a narrower one, per step


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


def topics(
    known: Resolved,
    mentions: list[Mention],
    index: TopicIndex,
    keyphrases: Iterable[tuple[str, float]],
    phrases: list[Mention] = (),
) -> Found:
    out = Found(known)
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
        scale = 1.0 if post == "" else _COMMENT_WEIGHT
        out.post_topics[post] = {
            key: round((1 - 0.5 ** sum(s)) * min(1.0, max(s)) * index.information.get(key, 1.0) * scale, 4)
            for key, s in found.items()
        }
    names = {fold(e.name) for e in known.entities.values() if e.kind != "topic"}
    emergent(out, phrases, index, keyphrases, names)
    return out


_EMERGENT_PER_DOCUMENT = 10
_EMERGENT_WEIGHT = 0.5  # an emergent phrase ranks below a scheme concept with the same evidence


def _stem(folded: str) -> str:
    return " ".join(w.rstrip("s") for w in folded.split())


def emergent(out: Found, phrases: list[Mention], index: TopicIndex, keyphrases, names: set[str]) -> None:
    """Noun phrases as topics of a local scheme of the corpus, ranked by salience in the document
    (how often it recurs, and its weight among the document's key phrases, extract.topics.keyphrases)
    times its specificity (the rarity of its words in general English, an IDF measured on a corpus
    far larger than ours); the best ten a document are kept. A phrase whose words contain a scheme
    concept's label is narrower than that concept."""
    ranked = {_stem(fold(p)): w for p, w in keyphrases}
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in phrases:
        groups[fold(m.name)].append(m)
    scored = []
    for folded, found in groups.items():
        padded = f" {folded} "
        words = tuple(found[0].name.lower().split())
        # Not emergent: a name of the document ('rebecca thomas nhs'), or a scheme label (a concept).
        if any(f" {name} " in padded for name in names) or words in index.by_lemmas or folded in index.label_slugs:
            continue
        salience = (1 - 0.5 ** len(found)) + ranked.get(_stem(folded), 0.0)
        weight = min(1.0, salience) * float(found[0].attrs.get("specificity", 0.5)) * _EMERGENT_WEIGHT
        scored.append((weight, folded, found))
    scored.sort(key=lambda s: (-s[0], s[1]))
    article = out.post_topics.setdefault("", {})
    for weight, _folded, found in scored[:_EMERGENT_PER_DOCUMENT]:
        name = found[0].name
        words = tuple(name.lower().split())
        broader = ""
        for size in range(len(words) - 1, 0, -1):  # the longest scheme label inside the phrase
            hits = [index.by_lemmas.get(words[i : i + size]) for i in range(len(words) - size + 1)]
            broader = next((h for h in hits if h), "")
            if broader:
                break
        key = slug(name)
        out.add(Entity("topic", key, name, scheme=False, broader=broader))
        article[key] = max(article.get(key, 0.0), round(weight, 4))
        for m in found:
            out.mentions.append(MentionLink(m.span.post, "topic", key, m))
