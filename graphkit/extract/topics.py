"""Topics: concepts of the SKOS scheme in data/topics.ttl matched on lemmas, plus keyphrases.

Labels and text are compared as sequences of lower-case lemmas with punctuation dropped,
so 'seven-day services', 'seven day service' and 'Seven-Day Services' are one form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import pairwise

from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, ORTH
from spacy.tokens import Doc

from graphkit.knowledge.cache import cached
from graphkit.knowledge.topics import TopicIndex, information_content, load_scheme, plain, vocabulary
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon

__all__ = ["TopicIndex", "build_index", "keyphrases", "load_scheme", "topics"]
_NOMINAL = {"NOUN", "PROPN", "NUM", "X"}
_MAX_PATTERN = 6


# Articles and possessives are skipped on both sides: 'handing back their contract' is 'hand back contract'.
_SKIPPED = frozenset({"the", "a", "an", "their", "our", "its", "his", "her", "my", "your", "these", "those"})


def lemma_key(tokens: Iterable) -> tuple[str, ...]:
    """The comparison form of a token sequence: lower-case lemmas, punctuation, spaces, articles
    and possessive determiners dropped."""
    return tuple(t.lemma_.lower() or t.lower_ for t in tokens if not (t.is_punct or t.is_space or t.lower_ in _SKIPPED))


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
    return {word: float(value) for value, words in compiled.items() for word in words.split(" ")}


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
    text = doc.text
    lemmas = [(strings[rows[i][0]] or strings[rows[i][1]]).lower() for i in keep]
    words = [strings[rows[i][1]].lower() for i in keep]
    i = 0
    while i < len(keep):
        options = index.patterns.get(lemmas[i], [])
        if words[i] != lemmas[i]:
            options = sorted([*options, *index.patterns.get(words[i], ())], key=lambda o: -len(o[0]))
        for key, slug, weight in options:
            n = len(key)
            if tuple(lemmas[i : i + n]) == key or tuple(words[i : i + n]) == key:
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


_PHRASE_EDGE = {"DET", "PRON", "NUM", "ADV", "PART", "CCONJ", "ADP", "SCONJ", "INTJ", "PUNCT", "SYM"}
_PHRASE_INNER = {"NOUN", "ADJ", "PROPN"}
_PARTICIPLES = {"VBN", "VBG"}  # 'delayed discharge', 'rising demand': a verb form describing the noun


def phrases(
    doc: Doc, post: str, taken: Iterable[tuple[int, int]] = (), index: TopicIndex | None = None
) -> Iterator[Mention]:
    """Noun phrases of a post that read as a topic: 'GP appointment booking', 'corridor care'.

    From spaCy's noun chunks, trimmed of determiners, numbers, pronouns and stop words at the edges,
    of a possessor in the singular ('my mother's care package' -> 'care package'; 'junior doctors’
    strikes' keeps its plural one), of a first word that says how good, big, new or sure a thing is
    rather than what it is ('valuable resource', 'biggest overhaul', 'recent years': data/lexicons/
    generic_modifiers.csv; kept where the scheme's labels use the two words together, 'urgent care
    centre', `index.pairs`) and of the rest of a hyphenated word ('twelve-week public
    consultation' -> 'public consultation'); kept when two to four words of nouns, adjectives and
    participles ('delayed discharge') end in a noun, with no verb, number or name inside
    (capitalised words other than acronyms), not inside a name or signature already found (`taken`),
    not a job title ('medical director'; a group of staff, 'newly qualified nurses', is a topic) or
    one person ('hospital patient'), and not ending in a word for anything or for a piece of
    discourse ('special issue', 'launch event', 'blog entry': data/lexicons/generic_heads.csv).
    Named as written with the last word's lemma ('junior doctors’ strike'); `attrs['lemmas']`
    holds every word's lemma, the form that phrases said differently share.
    """
    if not doc.has_annotation("DEP"):
        return
    taken = list(taken)
    functional = lexicon("job_titles")
    pairs = index.pairs if index is not None else frozenset()
    text = doc.text  # made from every token each time it is read: once here
    for chunk in doc.noun_chunks:
        policy = _policy_name(chunk)
        if policy and not any(s < policy[-1].idx + len(policy[-1]) and policy[0].idx < e for s, e in taken):
            start, end = policy[0].idx, policy[-1].idx + len(policy[-1])
            name = text[start:end]  # a policy is named as written: 'Employment Rights Bill'
            attrs = {"specificity": f"{specificity(name):.3f}", "lemmas": name.lower()}
            yield Mention("phrase", name, Span.of(text, start, end, post), "noun-phrase", 0.6, attrs)
            continue
        tokens = _trimmed(doc, chunk, pairs)
        if not 2 <= len(tokens) <= 4 or any(not _inner(t) and not _hyphened(doc, t) for t in tokens[1:]):
            continue
        if any(t.is_stop and not _hyphened(doc, t) for t in tokens[1:]):
            continue
        if not (_inner(tokens[0]) or _hyphened(doc, tokens[0]) or _degree(tokens[0], tokens[1])):
            continue
        if any(t.text[:1].isupper() and not t.text.isupper() and not _sentence_case(t) for t in tokens):
            continue  # a name or part of one
        if any(not t.is_alpha for t in tokens) or not _joined(doc, tokens):
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if any(s < end and start < e for s, e in taken):
            continue
        head = tokens[-1]
        lemmas = " ".join(t.text if t.text.isupper() else t.lemma_.lower() for t in tokens)
        if fold(lemmas) in functional or all(fold(t.lemma_) in functional for t in tokens):
            continue  # a job title: 'medical director', 'chief executives'
        if head.tag_ != "NNS" and ({fold(head.lemma_), fold(head.text)} & (functional | lexicon("person_heads"))):
            continue  # one person ('community midwife', 'hospital patient'), not a group ('student nurses')
        if fold(head.lemma_) in lexicon("generic_heads"):
            continue  # a word for anything: 'medical colleague', 'different element'
        name = _written(doc[tokens[0].i : head.i]) + (head.text if head.text.isupper() else head.lemma_.lower())
        attrs = {"specificity": f"{specificity(name):.3f}", "lemmas": lemmas}
        yield Mention("phrase", name, Span.of(text, start, end, post), "noun-phrase", 0.6, attrs)


def _trimmed(doc: Doc, chunk, pairs: frozenset[tuple[str, str]] = frozenset()) -> list:
    """A noun chunk's words that can be part of a topic's name, edges trimmed (see `phrases`)."""
    tokens = [t for t in chunk if not (t.is_punct or t.is_space)]
    owner = [i for i, t in enumerate(tokens) if t.tag_ == "POS" and i and tokens[i - 1].tag_ in ("NN", "NNP")]
    if owner:
        tokens = tokens[owner[-1] + 1 :]  # whose it is is not what it is: 'my mother's care package'
    tokens = [t for t in tokens if t.tag_ != "POS"]
    vague = lexicon("generic_modifiers")
    while tokens and _leading_edge(doc, tokens, vague, pairs):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_stop or tokens[-1].pos_ != "NOUN"):
        tokens = tokens[:-1]
    return tokens


_CONNECTIVES = {"and", "of", "for", "on", "in", "to"}


def _policy_name(chunk) -> list | None:
    """The words of a named policy, law or programme: capitalised words ending in a word of
    data/lexicons/policy_heads.csv ('the Employment Rights Bill', 'a Fair Pay Agreement'), or None."""
    tokens = [t for t in chunk if not t.is_space]
    while tokens and (tokens[0].pos_ in ("DET", "PRON") or tokens[0].tag_ == "POS"):
        tokens = tokens[1:]
    if len(tokens) < 2 or not tokens[-1].text.istitle() or fold(tokens[-1].text) not in lexicon("policy_heads"):
        return None
    if not (tokens[0].text[:1].isupper() or tokens[0].like_num) or len(tokens) > 7:
        return None
    if all(t.text[:1].isupper() or t.like_num or t.text == "-" or t.lower_ in _CONNECTIVES for t in tokens):
        return tokens
    return None


def _hyphened(doc: Doc, token) -> bool:
    """Whether a word is joined to the next or the last by a hyphen: 'catch-up', 'walk-in', 'drop-in'."""
    before = token.i > 1 and doc[token.i - 1].text == "-" and not doc[token.i - 2].whitespace_
    after = token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    return (before and not doc[token.i - 1].whitespace_) or (after and not doc[token.i + 1].whitespace_)


def _leading_edge(doc: Doc, tokens: list, vague: frozenset[str], pairs: frozenset[tuple[str, str]]) -> bool:
    """Whether a phrase's first word is not part of its topic: 'the', 'two', 'week' of '8 week
    courses', 'day' of 'seven-day', a vague word ('different', 'biggest'), unless the scheme says
    it with the next ('urgent care'); 'newly' of 'newly qualified' is."""
    first, rest = tokens[0], tokens[1:]
    if _fragment(doc, first) or (rest and any(c.dep_ == "nummod" for c in first.children)):
        return True
    if rest and _degree(first, rest[0]):
        return False
    if rest and (first.lemma_.lower(), rest[0].lemma_.lower()) in pairs:
        return False
    return (
        first.is_stop
        or first.pos_ in _PHRASE_EDGE
        or first.like_num
        or bool({fold(first.text), fold(first.lemma_)} & vague)
    )


def _joined(doc: Doc, tokens: list) -> bool:
    """Whether the words run on in the text, with nothing between them but a hyphen or a possessive."""
    inside = {t.i for t in tokens}
    return all(
        t.i in inside or t.tag_ == "POS" or (t.text == "-" and not t.whitespace_)
        for t in doc[tokens[0].i : tokens[-1].i + 1]
    )


def _sentence_case(token) -> bool:
    """A common word capitalised only because it starts a sentence: 'Newly qualified nurses are ...'."""
    return token.is_sent_start and token.pos_ != "PROPN" and token.text[1:].islower()


def _fragment(doc: Doc, token) -> bool:
    """Whether a word is the end of a hyphenated one: 'day' of 'seven-day'."""
    return token.i > 0 and not doc[token.i - 1].whitespace_ and doc[token.i - 1].is_punct


def _inner(token) -> bool:
    return token.pos_ in _PHRASE_INNER or (token.tag_ in _PARTICIPLES and token.dep_ == "amod")


def _degree(adverb, word) -> bool:
    """An adverb that says what kind the next word is: 'newly' qualified, 'medically' fit."""
    return (
        adverb.pos_ == "ADV"
        and not adverb.is_stop
        and adverb.text.endswith("ly")
        and adverb.head.i == word.i
        and (word.pos_ == "ADJ" or word.tag_ in _PARTICIPLES)
    )


def _written(tokens) -> str:
    """The words before a phrase's head as written, hyphens and possessives kept ('consultant-led ',
    'junior doctors’ '), lower case but for acronyms."""
    return "".join((t.text if t.text.isupper() else t.lower_) + t.whitespace_ for t in tokens)


_FIELD_WEIGHT = {"title": 2.0}  # a phrase in the title counts twice
_COMMENT_WEIGHT = 2 / 3  # a comment answers the article: its phrases count less
_RANK_SCALE = 0.5  # the best key phrase counts as a first mention does (quality.py: 0, 0.25, 0.5 alike; 1 lower)


def keyphrases(phrases: Iterable[Mention], top: int = 8) -> list[tuple[str, float]]:
    """The document's key phrases, best first, each with a weight of 0..0.5.

    Ranked within the document from its noun phrases (`phrases` of its parsed posts: noun chunks
    without verbs, names, numbers or punctuation, compared on their lemmas), as graph rankers such as
    SingleRank do over noun chunks: a word is central as often as the document's phrases use it,
    and a phrase's support is the mean centrality of its words summed over its occurrences, each
    weighed by where it is (title twice, a comment two thirds). The weight, 1 - 1/support times
    the phrase's specificity (halved), is 0 for a phrase said once in words the document uses nowhere else
    and nears the specificity as the document comes back to its words; a phrase of common words
    ('new way') weighs little however often it recurs. Each is named as it is said most often.
    """
    occurrences: list[tuple[str, tuple[str, ...], float, float]] = []
    said: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # lemmas -> names -> times
    for m in phrases:
        where = _FIELD_WEIGHT.get(m.span.field, 1.0) * (1.0 if m.span.post == "" else _COMMENT_WEIGHT)
        specific = float(m.attrs.get("specificity", 0.5))
        lemmas = fold(m.attrs.get("lemmas", m.name))
        said[lemmas][m.name] += 1
        occurrences.append((lemmas, tuple(lemmas.split()), where, specific))
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
    return [(max(said[key], key=said[key].get), round(weight, 4)) for key, weight in ranked]
