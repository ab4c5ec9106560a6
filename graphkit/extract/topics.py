"""Topics: concepts of the SKOS scheme in data/topics.ttl matched on lemmas (noun phrases and key
phrases: extract.phrases).

Labels and text are compared as sequences of lower-case lemmas with punctuation dropped,
so 'seven-day services', 'seven day service' and 'Seven-Day Services' are one form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise

from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, ORTH
from spacy.tokens import Doc

from graphkit.extract.phrases import keyphrases, phrases
from graphkit.extract.tokens import post_text
from graphkit.extract.words import specificity, zipf
from graphkit.knowledge.cache import cached
from graphkit.knowledge.topics import TopicIndex, information_content, load_scheme, plain, vocabulary
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon

__all__ = ["TopicIndex", "build_index", "keyphrases", "load_scheme", "phrases", "topics"]
_NOMINAL = {"NOUN", "PROPN", "NUM", "X"}
_MAX_PATTERN = 6


# Articles and possessives are skipped on both sides: 'handing back their contract' is 'hand back contract'.
_SKIPPED = frozenset({"the", "a", "an", "their", "our", "its", "his", "her", "my", "your", "these", "those"})


def lemma_key(tokens: Iterable) -> tuple[str, ...]:
    """The comparison form of a token sequence: lower-case lemmas, punctuation, spaces, articles
    and possessive determiners dropped."""
    return tuple(t.lemma_.lower() or t.lower_ for t in tokens if not (t.is_punct or t.is_space or t.lower_ in _SKIPPED))


def build_index(nlp) -> TopicIndex:
    """The lemma index of the scheme's labels for this pipeline, compiled once and kept on disk
    (graphkit.knowledge.cache: keyed by the data files, graphkit's version and the pipeline)."""
    concepts = load_scheme()
    compile_ = lambda: _compile_index(nlp, concepts)  # noqa: E731
    return cached("topic-index", compile_, lambda v: _index(concepts, v), nlp, rules=_INDEX_RULES)


_INDEX_RULES = "3"  # bump when _compile_index makes a different index from the same labels
_VERB_FORMS = {"VBG", "VBN", "VBD"}


def _compile_index(nlp, concepts) -> dict:
    """The index's parts that take the pipeline to make, as JSON: patterns and lemma keys."""
    labels = [(label, slug) for slug, c in concepts.items() for label in (c.label, *c.alt_labels)]
    patterns: dict[str, list] = {}
    by_lemmas: dict[tuple[str, ...], str] = {}
    with nlp.select_pipes(
        enable=[p for p in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer") if p in nlp.pipe_names]
    ):
        docs = nlp.pipe(label for label, _ in labels)
        for (label, slug), doc in zip(labels, docs, strict=True):
            key = lemma_key(doc)
            if not key or len(key) > _MAX_PATTERN:
                continue
            words = tuple(t.lower_ for t in doc if not (t.is_punct or t.is_space or t.lower_ in _SKIPPED))
            weight = specificity(label)
            # One word in a verb's form says more than its lemma: 'staffing' is not 'staff',
            # 'sectioned' not 'section', 'commissioning' not a commission. It matches as written.
            if len(key) == 1 and doc[0].tag_ in _VERB_FORMS and words != key:
                key = words
            by_lemmas.setdefault(key, slug)
            patterns.setdefault(key[0], []).append([list(key), slug, weight])
            # A label alone is tagged without context ('spending' a verb, lemma 'spend'); its words
            # as written match too, so 'agency staff spending' is found however the text tags it.
            if words != key:
                patterns.setdefault(words[0], []).append([list(words), slug, weight])
    for options in patterns.values():
        options.sort(key=lambda o: -len(o[0]))
    return {"patterns": patterns, "by_lemmas": [[list(k), slug] for k, slug in by_lemmas.items()]}


def _index(concepts, compiled: dict) -> TopicIndex:
    """A TopicIndex from its compiled parts; raises (KeyError, TypeError, ValueError) on any other shape."""
    index = TopicIndex(concepts)
    for first, options in compiled["patterns"].items():
        index.patterns[first] = [(tuple(key), slug, float(w)) for key, slug, w in options]
    index.by_lemmas = {tuple(key): slug for key, slug in compiled["by_lemmas"]}
    if any(slug not in concepts for _k, slug in index.by_lemmas.items()):
        raise ValueError("the compiled index names a concept the scheme does not have")
    labels = [(label, slug) for slug, c in concepts.items() for label in (c.label, *c.alt_labels)]
    index.forms = frozenset(fold(label) for label, _ in labels)
    index.label_slugs = {fold(label): slug for label, slug in labels}
    index.information = information_content(concepts)
    index.vocabulary = vocabulary(concepts, lexicon("topic_function_words"))
    index.plain_labels = frozenset(plain(form) for form in index.forms)
    index.pairs = frozenset(pair for key in index.by_lemmas for pair in pairwise(key))
    return index


def topics(doc: Doc, post: str, index: TopicIndex, taken: Iterable[tuple[int, int]] = ()) -> Iterator[Mention]:
    """Scheme concepts named in one post; the longest match wins where labels overlap. Words inside
    a longer `taken` span (a name, a signature block) name no topic: 'Foundation Trust' in a trust's name."""
    taken = list(taken)
    # Work on arrays of attribute ids: creating a Token object per word is the slow part.
    strings = doc.vocab.strings
    rows = doc.to_array([LEMMA, ORTH, IS_PUNCT, IS_SPACE]).tolist()  # Python ints: indexing numpy is slow
    keep = [i for i, (_lemma, _orth, punct, space) in enumerate(rows) if not (punct or space)]
    keep = [i for i in keep if strings[rows[i][1]].lower() not in _SKIPPED]
    text = post_text(doc)
    lemmas = [(strings[rows[i][0]] or strings[rows[i][1]]).lower() for i in keep]
    words = [strings[rows[i][1]].lower() for i in keep]
    i = 0
    while i < len(keep):
        options = index.patterns.get(lemmas[i], [])
        if words[i] != lemmas[i] and words[i] in index.patterns:  # each list is longest first already
            options = sorted([*options, *index.patterns[words[i]]], key=lambda o: -len(o[0]))
        here: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # n -> the n lemmas and words from i
        for key, slug, weight in options:
            n = len(key)
            if n not in here:
                here[n] = (tuple(lemmas[i : i + n]), tuple(words[i : i + n]))
            if key in here[n]:
                first, last = doc[keep[i]], doc[keep[i + n - 1]]
                # A topic is a thing talked about: 'struck a chord' is not a strike, 'valued' not value.
                if last.pos_ not in _NOMINAL and first.pos_ not in _NOMINAL:
                    continue
                if n == 1 and _one_body(doc, first):
                    continue
                start, end = first.idx, last.idx + len(last.text)
                if any(s <= start and end <= e and (s, e) != (start, end) for s, e in taken):
                    continue  # part of a longer name; a name that is the label ('NHS App') is the topic
                span = Span.of(text, start, end, post)
                attrs_ = {"concept": slug, "specificity": f"{weight:.3f}"}
                if n == 1 and min(zipf(words[i]), zipf(lemmas[i])) >= COMMON_WORD:
                    attrs_["common"] = lemmas[i]  # one everyday word: 'recognition', 'distance', 'data'
                yield Mention("topic", index.concepts[slug].label, span, "topic-scheme", 0.9, attrs_)
                i += n - 1
                break
        i += 1


COMMON_WORD = 4.4  # Zipf frequency from which one word alone is an everyday word (about once in 25,000)


_THE_ONE = {"the", "this", "that", "its", "our", "their", "your", "my", "his", "her"}


def _one_body(doc: Doc, token) -> bool:
    """An acronym for a kind of body naming one of them: 'the ICB', 'our PCN' (an organisation the
    post refers to), where 'ICBs' and 'an ICB' are the structure talked about."""
    return token.text.isupper() and token.tag_ != "NNS" and token.i > 0 and doc[token.i - 1].lower_ in _THE_ONE
