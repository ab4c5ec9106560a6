"""Topic weights per post: scheme concepts by the specificity of their labels, plus emergent noun phrases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from graphkit.knowledge.topics import TopicIndex, plain, word_key
from graphkit.model import Entity, Mention, MentionLink, Resolved
from graphkit.resolve.found import Found
from graphkit.resources import fold, lexicon, slug

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
    mentions = corroborated(mentions, index)
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


def corroborated(mentions: list[Mention], index: TopicIndex) -> list[Mention]:
    """The scheme mentions of a document that hold in context. A concept named only by one everyday
    word ('recognition', 'distance', 'data': `attrs['common']`, extract.topics) said once is a
    word used in another sense as often as the concept ('the recognition of the problem', 'her
    distance from the party'): it counts when the document says that word again or names the concept,
    or one broader or narrower than it, in other words."""
    said: dict[str, int] = defaultdict(int)
    named: set[str] = set()
    for m in mentions:
        if "common" in m.attrs:
            said[m.attrs["common"]] += 1
        else:
            slug_ = m.attrs["concept"]
            named.add(slug_)
            named.update(s for s, _depth in _ancestors(slug_, index.concepts))

    def holds(m: Mention) -> bool:
        word, slug_ = m.attrs.get("common"), m.attrs["concept"]
        if not word or said[word] > 1 or slug_ in named:
            return True
        return any(s in named for s, _depth in _ancestors(slug_, index.concepts))

    return [m for m in mentions if holds(m)]


_EMERGENT_PER_DOCUMENT = 10
_EMERGENT_WEIGHT = 0.5  # an emergent phrase ranks below a scheme concept with the same evidence


def _lemmas(m: Mention) -> str:
    """The form a noun phrase shares with its other inflections: its words' lemmas, lower case."""
    return m.attrs.get("lemmas", m.name).lower()


def emergent(out: Found, phrases: list[Mention], index: TopicIndex, keyphrases, names: set[str]) -> None:
    """Noun phrases as topics of a local scheme of the corpus, ranked by salience in the document
    (how often it recurs, and its weight among the document's key phrases, extract.topics.keyphrases)
    times its specificity (the rarity of its words in general English, an IDF measured on a corpus
    far larger than ours); the best ten a document are kept. Phrases that share two words in a row
    are one topic ('national insurance rise', 'employer national insurance contribution'), named by
    the one said most. A phrase whose words contain a scheme concept's label is narrower than that concept."""
    ranked = {fold(p): w for p, w in keyphrases}
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in phrases:
        groups[_lemmas(m)].append(m)
    kept: dict[str, list[Mention]] = {}
    for key, found in groups.items():
        padded = f" {fold(found[0].name)} "
        # Not emergent: a name of the document ('rebecca thomas nhs'), or a scheme label (a concept).
        if any(f" {name} " in padded for name in names) or tuple(key.split()) in index.by_lemmas:
            continue
        if fold(found[0].name) in index.label_slugs or plain(fold(found[0].name)) in index.plain_labels:
            continue
        kept[key] = found
    scored = []
    for cluster in _clusters(kept):
        mentions = [m for key in cluster for m in kept[key]]
        best = max(cluster, key=lambda k: (len(kept[k]), ranked.get(fold(_name(kept[k])), 0.0), -len(k), k))
        name = _name(kept[best])
        bonus = max(ranked.get(fold(_name(kept[k])), 0.0) for k in cluster)
        salience = (1 - 0.5 ** len(mentions)) + bonus
        specific = float(kept[best][0].attrs.get("specificity", 0.5)) * _domain(best, index)
        weight = min(1.0, salience) * specific * _EMERGENT_WEIGHT
        first = min((m.span.post != "", m.span.field != "title", m.span.start) for m in mentions)
        scored.append((round(weight, 4), first, name, best, mentions))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))  # on a tie, the phrase said first
    article = out.post_topics.setdefault("", {})
    for weight, _first, name, key_lemmas, mentions in scored[:_EMERGENT_PER_DOCUMENT]:
        words = tuple(key_lemmas.split())
        broader = ""
        for size in range(len(words) - 1, 0, -1):  # the longest scheme label inside the phrase
            hits = [index.by_lemmas.get(words[i : i + size]) for i in range(len(words) - size + 1)]
            broader = next((h for h in hits if h), "")
            if broader:
                break
        key = slug(name)
        out.add(Entity("topic", key, name, scheme=False, broader=broader))
        article[key] = max(article.get(key, 0.0), round(weight, 4))
        for m in mentions:
            out.mentions.append(MentionLink(m.span.post, "topic", key, m))


def _domain(lemmas: str, index: TopicIndex) -> float:
    """How much a phrase speaks the scheme's language, 0.5..1: 'unpaid placement' (words of UK health
    and care policy) more than 'coffee shop' or 'false economy' (words of anything)."""
    words = [w for w in lemmas.lower().split() if w not in lexicon("topic_function_words")]
    known = sum(word_key(w) in index.vocabulary for w in words)
    return 0.5 + 0.5 * known / max(1, len(words))


def _name(found: list[Mention]) -> str:
    """The name a phrase is said by most often (the first said on a tie)."""
    counts: dict[str, int] = defaultdict(int)
    for m in found:
        counts[m.name] += 1
    return max(counts, key=lambda n: counts[n])


def _clusters(groups: dict[str, list[Mention]]) -> list[list[str]]:
    """Phrase keys grouped where they share two words in a row, in first-seen order."""
    parent = {key: key for key in groups}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    seen: dict[tuple[str, str], str] = {}
    function_words = lexicon("topic_function_words")
    for key in groups:
        words = key.split()
        for pair in pairwise(words):
            if set(pair) & function_words:
                continue  # 'cost of care' and 'cost of living' share no topic
            if pair in seen:
                parent[root(key)] = root(seen[pair])
            else:
                seen[pair] = key
    clusters: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        clusters[root(key)].append(key)
    return list(clusters.values())
