"""Topics: concepts of the SKOS scheme in data/topics.ttl matched on lemmas, plus keyphrases.

Labels and text are compared as sequences of lower-case lemmas with punctuation dropped,
so 'seven-day services', 'seven day service' and 'Seven-Day Services' are one form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, ORTH
from spacy.tokens import Doc

from graphkit.extract.tokens import post_text
from graphkit.knowledge.cache import cached
from graphkit.knowledge.topics import TopicIndex, information_content, load_scheme
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon

__all__ = ["TopicIndex", "build_index", "keyphrases", "load_scheme", "topics"]
_NOMINAL = {"NOUN", "PROPN", "NUM", "X"}
_MAX_PATTERN = 6


def lemma_key(tokens: Iterable) -> tuple[str, ...]:
    """The comparison form of a token sequence: lower-case lemmas, punctuation and spaces dropped."""
    return tuple(t.lemma_.lower() or t.lower_ for t in tokens if not (t.is_punct or t.is_space))


def specificity(label: str) -> float:
    """How much a label says, 0.25..1: rare words say more ('polypharmacy' 1.0, 'staff' about 0.5).

    The information in a word grows as its frequency in general English falls (Zipf scale, from
    the wordfreq package's bundled tables); a phrase says the sum of its words.
    """
    words = [w for w in re.findall(r"[^\W_]+", label.lower()) if w not in lexicon("topic_function_words")]
    info = sum(max(0.0, 7.0 - zipf(w)) for w in words) / 4.0
    return min(1.0, max(0.25, info))


def zipf(word: str) -> float:
    """wordfreq's `zipf_frequency(word, "en")`, from its English table kept in graphkit's cache:
    importing wordfreq and reading its table takes seconds in every process, the cached copy a tenth."""
    table = _zipf_table()
    value = table.get(word)
    if value is not None:
        return value
    if word.isascii() and word.isalpha():
        return 0.0  # a word of plain letters wordfreq does not list: it has no frequency
    from wordfreq import zipf_frequency  # digits, other scripts: wordfreq's own rules

    return zipf_frequency(word, "en")


@cache
def _zipf_table() -> dict[str, float]:
    from importlib.metadata import version

    return cached("word-zipf", _compile_zipf, _decode_zipf, wordfreq=version("wordfreq"))


def _compile_zipf() -> dict[str, str]:
    """wordfreq's English words of letters, as {zipf value: the words with it, space-separated}."""
    from wordfreq import freq_to_zipf, get_frequency_dict

    buckets: dict[str, list[str]] = defaultdict(list)
    for word, frequency in get_frequency_dict("en").items():
        if word.isalpha():  # one token: zipf_frequency is this frequency on the Zipf scale, to 2 places
            buckets[repr(round(freq_to_zipf(frequency), 2))].append(word)
    return {value: " ".join(words) for value, words in buckets.items()}


def _decode_zipf(compiled: dict[str, str]) -> dict[str, float]:
    table: dict[str, float] = {}
    for value, words in compiled.items():  # a word is in one bucket: its value
        table.update(dict.fromkeys(words.split(" "), float(value)))
    return table


def build_index(nlp) -> TopicIndex:
    """The lemma index of the scheme's labels for this pipeline, compiled once and kept on disk
    (graphkit.knowledge.cache: keyed by the data files, graphkit's version and the pipeline)."""
    concepts = load_scheme()
    return cached("topic-index", lambda: _compile_index(nlp, concepts), lambda v: _index(concepts, v), nlp)


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
            by_lemmas.setdefault(key, slug)
            weight = specificity(label)
            patterns.setdefault(key[0], []).append([list(key), slug, weight])
            # A label alone is tagged without context ('spending' a verb, lemma 'spend'); its words
            # as written match too, so 'agency staff spending' is found however the text tags it.
            words = tuple(t.lower_ for t in doc if not (t.is_punct or t.is_space))
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
    return index


def topics(doc: Doc, post: str, index: TopicIndex) -> Iterator[Mention]:
    """Scheme concepts named in one post; the longest match wins where labels overlap."""
    # Work on arrays of attribute ids: creating a Token object per word is the slow part.
    strings = doc.vocab.strings
    rows = doc.to_array([LEMMA, ORTH, IS_PUNCT, IS_SPACE]).tolist()  # Python ints: indexing numpy is slow
    keep = [i for i, (_lemma, _orth, punct, space) in enumerate(rows) if not (punct or space)]
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
                start, end = first.idx, last.idx + len(last.text)
                span = Span.of(text, start, end, post)
                attrs_ = {"concept": slug, "specificity": f"{weight:.3f}"}
                yield Mention("topic", index.concepts[slug].label, span, "topic-scheme", 0.9, attrs_)
                i += n - 1
                break
        i += 1


_PHRASE_EDGE = {"DET", "PRON", "NUM", "ADV", "PART", "CCONJ", "ADP", "SCONJ", "INTJ", "PUNCT", "SYM"}
_PHRASE_INNER = {"NOUN", "ADJ", "PROPN"}


def phrases(doc: Doc, post: str, taken: Iterable[tuple[int, int]] = ()) -> Iterator[Mention]:
    """Noun phrases of a post that read as a topic: 'GP appointment booking', 'corridor care'.

    From spaCy's noun chunks, trimmed of determiners, numbers, pronouns and stop words at the edges;
    kept when two to four words of nouns and adjectives end in a noun, with no verb, number or
    name inside (capitalised words other than acronyms), and not inside an organisation or person
    already found. Named by their lemmas ('junior doctors’ strikes' -> 'junior doctor strike').
    """
    if not doc.has_annotation("DEP"):
        return
    taken = list(taken)
    functional = lexicon("job_titles")
    vague, generic = lexicon("generic_modifiers"), lexicon("generic_heads")
    text = post_text(doc)  # Doc.text is made from every token each time it is read
    for chunk in doc.noun_chunks:
        tokens = [t for t in chunk if not (t.is_punct or t.is_space or t.tag_ == "POS")]
        while tokens and (
            tokens[0].is_stop or tokens[0].pos_ in _PHRASE_EDGE or tokens[0].like_num or fold(tokens[0].text) in vague
        ):
            tokens = tokens[1:]  # 'the', 'two', and vague words that say nothing of the topic ('different')
        if tokens and tokens[0].i > 0 and not doc[tokens[0].i - 1].whitespace_ and doc[tokens[0].i - 1].is_punct:
            continue  # the rest of a hyphenated word: 'day services' of 'seven-day services'

        while tokens and (tokens[-1].is_stop or tokens[-1].pos_ != "NOUN"):
            tokens = tokens[:-1]
        if not 2 <= len(tokens) <= 4 or any(t.pos_ not in _PHRASE_INNER or t.is_stop for t in tokens):
            continue
        if any(t.text[:1].isupper() and not t.text.isupper() for t in tokens):
            continue  # a name or part of one
        if any(not t.is_alpha for t in tokens):
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if any(s <= start < e or s < end <= e for s, e in taken):
            continue
        name = " ".join(
            t.text if t.text.isupper() else (t.lemma_ if t.pos_ == "NOUN" else t.text).lower() for t in tokens
        )
        if fold(tokens[-1].lemma_) in functional or fold(tokens[-1].text) in functional:
            continue  # a job title: 'chief executive', 'medical director'
        if fold(tokens[-1].lemma_) in generic:
            continue  # a word for anything: 'medical colleague', 'different element'
        yield Mention(
            "phrase",
            name,
            Span.of(text, start, end, post),
            "noun-phrase",
            0.6,
            {"specificity": f"{specificity(name):.3f}"},
        )


_FIELD_WEIGHT = {"title": 2.0}  # a phrase in the title counts twice
_COMMENT_WEIGHT = 2 / 3  # a comment answers the article: its phrases count less
_RANK_SCALE = 0.5  # the best key phrase counts as a first mention does (quality.py: 0, 0.25, 0.5 alike; 1 lower)


def keyphrases(phrases: Iterable[Mention], top: int = 8) -> list[tuple[str, float]]:
    """The document's key phrases, best first, each with a weight of 0..0.5.

    Ranked within the document from its noun phrases (`phrases` of its parsed posts: noun chunks
    already lemmatised, without verbs, names, numbers or punctuation), as graph rankers such as
    SingleRank do over noun chunks: a word is central as often as the document's phrases use it,
    and a phrase's support is the mean centrality of its words summed over its occurrences, each
    weighed by where it is (title twice, a comment two thirds). The weight, 1 - 1/support times
    the phrase's specificity (halved), is 0 for a phrase said once in words the document uses nowhere else
    and nears the specificity as the document comes back to its words; a phrase of common words
    ('new way') weighs little however often it recurs.
    """
    occurrences: list[tuple[str, tuple[str, ...], float, float]] = []
    for m in phrases:
        where = _FIELD_WEIGHT.get(m.span.field, 1.0) * (1.0 if m.span.post == "" else _COMMENT_WEIGHT)
        specific = float(m.attrs.get("specificity", 0.5))
        occurrences.append((m.name, tuple(fold(m.name).split()), where, specific))
    uses: dict[str, float] = defaultdict(float)
    for _name, words, where, _s in occurrences:
        for word in set(words):
            uses[word] += where
    support: dict[str, float] = defaultdict(float)
    specificity_: dict[str, float] = {}
    for name, words, where, specific in occurrences:
        support[name] += where * sum(uses[w] for w in words) / max(1, len(words))
        specificity_[name] = specific
    weights = {name: _RANK_SCALE * (1 - 1 / s) * specificity_[name] for name, s in support.items() if s > 1}
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [(name, round(weight, 4)) for name, weight in ranked]
