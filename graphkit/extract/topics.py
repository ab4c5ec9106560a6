"""Topics: concepts of the SKOS scheme in data/topics.ttl matched on lemmas, plus keyphrases.

Labels and text are compared as sequences of lower-case lemmas with punctuation dropped,
so 'seven-day services', 'seven day service' and 'Seven-Day Services' are one form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, ORTH
from spacy.tokens import Doc

from graphkit.knowledge.topics import TopicIndex, load_scheme
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon

__all__ = ["TopicIndex", "build_index", "keyphrases", "load_scheme", "topics"]
_NOMINAL = {"NOUN", "PROPN", "NUM", "X"}
_MAX_PATTERN = 6
_KEYPHRASE_WORDS = 600  # YAKE reads the opening of a long text: its statistics settle well before


def lemma_key(tokens: Iterable) -> tuple[str, ...]:
    """The comparison form of a token sequence: lower-case lemmas, punctuation and spaces dropped."""
    return tuple(t.lemma_.lower() or t.lower_ for t in tokens if not (t.is_punct or t.is_space))


def specificity(label: str) -> float:
    """How much a label says, 0.25..1: rare words say more ('polypharmacy' 1.0, 'staff' about 0.5).

    The information in a word grows as its frequency in general English falls (Zipf scale, from
    the wordfreq package's bundled tables); a phrase says the sum of its words.
    """
    from wordfreq import zipf_frequency

    words = [w for w in re.findall(r"[^\W_]+", label.lower()) if w not in lexicon("topic_function_words")]
    info = sum(max(0.0, 7.0 - zipf_frequency(w, "en")) for w in words) / 4.0
    return min(1.0, max(0.25, info))


def build_index(nlp) -> TopicIndex:
    concepts = load_scheme()
    index = TopicIndex(concepts)
    labels = [(label, slug) for slug, c in concepts.items() for label in (c.label, *c.alt_labels)]
    with nlp.select_pipes(
        enable=[p for p in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer") if p in nlp.pipe_names]
    ):
        docs = nlp.pipe(label for label, _ in labels)
        for (label, slug), doc in zip(labels, docs, strict=True):
            key = lemma_key(doc)
            if not key or len(key) > _MAX_PATTERN:
                continue
            index.by_lemmas.setdefault(key, slug)
            index.patterns.setdefault(key[0], []).append((key, slug, specificity(label)))
    for options in index.patterns.values():
        options.sort(key=lambda o: -len(o[0]))
    index.forms = frozenset(fold(label) for label, _ in labels)
    index.label_slugs = {fold(label): slug for label, slug in labels}
    return index


def topics(doc: Doc, post: str, index: TopicIndex) -> Iterator[Mention]:
    """Scheme concepts named in one post; the longest match wins where labels overlap."""
    # Work on arrays of attribute ids: creating a Token object per word is the slow part.
    strings = doc.vocab.strings
    attrs = doc.to_array([LEMMA, ORTH, IS_PUNCT, IS_SPACE])
    keep = [i for i, row in enumerate(attrs) if not (row[2] or row[3])]
    text = doc.text
    lemmas = [(strings[int(attrs[i][0])] or strings[int(attrs[i][1])]).lower() for i in keep]
    i = 0
    while i < len(keep):
        for key, slug, weight in index.patterns.get(lemmas[i], ()):
            if tuple(lemmas[i : i + len(key)]) == key:
                first, last = doc[keep[i]], doc[keep[i + len(key) - 1]]
                # A topic is a thing talked about: 'struck a chord' is not a strike, 'valued' not value.
                if last.pos_ not in _NOMINAL and first.pos_ not in _NOMINAL:
                    continue
                start, end = first.idx, last.idx + len(last.text)
                span = Span.of(text, start, end, post)
                attrs_ = {"concept": slug, "specificity": f"{weight:.3f}"}
                yield Mention("topic", index.concepts[slug].label, span, "topic-scheme", 0.9, attrs_)
                i += len(key) - 1
                break
        i += 1


def keyphrases(text: str, top: int = 8) -> list[tuple[str, float]]:
    """Keyphrases of a text by YAKE (statistical, nothing downloaded), best first, with a 0..1 weight.

    Only phrases that read as a topic are kept: no names (capitalised words other than acronyms),
    no stop words at the edges or inside (bar 'of' and 'and'), no single common word.
    """
    import yake

    words = text.split()
    if len(words) < 20:
        return []
    text = " ".join(words[:_KEYPHRASE_WORDS]) if len(words) > _KEYPHRASE_WORDS else text
    extractor = yake.KeywordExtractor(lan="en", n=3, top=top * 3, dedupLim=0.7)
    kept = []
    for phrase, score in extractor.extract_keywords(text):
        if _reads_as_topic(phrase):
            # YAKE scores are lower-is-better and unbounded; turn them into a gentle 0..1 weight.
            kept.append((phrase.lower(), float(1.0 / (1.0 + score * 10))))
        if len(kept) == top:
            break
    return kept


def _reads_as_topic(phrase: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    words = phrase.split()
    if any(w[:1].isupper() and not w.isupper() for w in words):
        return False  # a name or part of one: 'Rebecca Thomas', 'England sets'
    inner = {"of", "and"}
    if words[0].lower() in STOP_WORDS or words[-1].lower() in STOP_WORDS:
        return False
    if any(w.lower() in STOP_WORDS and w.lower() not in inner for w in words):
        return False
    return len(words) > 1 or specificity(phrase) >= 0.75
