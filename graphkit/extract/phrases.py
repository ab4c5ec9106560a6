"""Noun phrases that read as topics ('corridor care', 'transparency of payments'), and a document's key
phrases among them; resolve.topics makes the best of them emergent topics of the corpus."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from graphkit.extract.tokens import post_text
from graphkit.extract.words import specificity
from graphkit.knowledge.topics import TopicIndex
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon

__all__ = ["keyphrases", "phrases"]

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
    holds every word's lemma, the form that phrases said differently share. A noun joined by 'of'
    to a bare noun phrase is one too, named as written: 'conflicts of interest' (`_of_phrase`).
    """
    if not doc.has_annotation("DEP"):
        return
    taken = list(taken)
    functional = lexicon("job_titles")
    pairs = index.pairs if index is not None else frozenset()
    text = post_text(doc)  # Doc.text is made from every token each time it is read
    chunks = list(doc.noun_chunks)  # spaCy finds them walking every token: once
    roots = {chunk.root.i: chunk for chunk in chunks}
    for chunk in chunks:
        policy = _policy_name(chunk)
        if policy and not any(s < policy[-1].idx + len(policy[-1]) and policy[0].idx < e for s, e in taken):
            start, end = policy[0].idx, policy[-1].idx + len(policy[-1])
            name = text[start:end]  # a policy is named as written: 'Employment Rights Bill'
            attrs = {"specificity": f"{specificity(name):.3f}", "lemmas": name.lower()}
            yield Mention("phrase", name, Span.of(text, start, end, post), "noun-phrase", 0.6, attrs)
            continue
        tokens = _plain(doc, chunk, pairs, functional)
        if tokens and not any(s < tokens[-1].idx + len(tokens[-1]) and tokens[0].idx < e for s, e in taken):
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            head = tokens[-1]
            lemmas = " ".join(t.text if _acronym(t.text) else t.lemma_.lower() for t in tokens)
            name = _written(doc[tokens[0].i : head.i]) + (head.text if _acronym(head.text) else head.lemma_.lower())
            attrs = {"specificity": f"{specificity(name):.3f}", "lemmas": lemmas}
            yield Mention("phrase", name, Span.of(text, start, end, post), "noun-phrase", 0.6, attrs)
        words = _of_phrase(doc, chunk, roots, pairs, functional)
        if words and not any(s < words[-1].idx + len(words[-1]) and words[0].idx < e for s, e in taken):
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            name = " ".join(t.text if _acronym(t.text) else t.lower_ for t in words)
            lemmas = " ".join(t.text if _acronym(t.text) else t.lemma_.lower() for t in words)
            attrs = {"specificity": f"{specificity(name):.3f}", "lemmas": lemmas}
            yield Mention("phrase", name, Span.of(text, start, end, post), "noun-phrase", 0.6, attrs)


def _plain(doc: Doc, chunk, pairs: frozenset[tuple[str, str]], functional: frozenset[str]) -> list | None:
    """A noun chunk's words as a topic's (see `phrases`), or None."""
    tokens = _trimmed(doc, chunk, pairs)
    if not 2 <= len(tokens) <= 4 or any(not _inner(t) and not _hyphened(doc, t) for t in tokens[1:]):
        return None
    if any(t.is_stop and not _hyphened(doc, t) for t in tokens[1:]):
        return None
    if not (_inner(tokens[0]) or _hyphened(doc, tokens[0]) or _degree(tokens[0], tokens[1])):
        return None
    if not _plain_words(doc, tokens):
        return None
    head = tokens[-1]
    lemmas = " ".join(t.lemma_.lower() for t in tokens)
    if fold(lemmas) in functional or all(fold(t.lemma_) in functional for t in tokens):
        return None  # a job title: 'medical director', 'chief executives'
    return None if _vague_head(head, functional) else tokens


def _plain_words(doc: Doc, tokens: list) -> bool:
    """Words with no name among them (capitalised words other than acronyms), no digits or
    punctuation inside, running on in the text."""
    if any(t.text[:1].isupper() and not _acronym(t.text) and not _sentence_case(t) for t in tokens):
        return False  # a name or part of one
    return all(t.is_alpha for t in tokens) and _joined(doc, tokens)


def _acronym(word: str) -> bool:
    """An acronym, in the plural too: 'NHS', 'GPs', 'ICBs'."""
    return word.isupper() or (len(word) > 2 and word.endswith("s") and word[:-1].isupper())


def _vague_head(head, functional: frozenset[str]) -> bool:
    """Whether a phrase's head makes it no topic: one person ('community midwife', 'hospital patient';
    a group, 'student nurses', is one) or a word for anything ('medical colleague', 'different element')."""
    if head.tag_ != "NNS" and ({fold(head.lemma_), fold(head.text)} & (functional | lexicon("person_heads"))):
        return True
    return fold(head.lemma_) in lexicon("generic_heads")


def _of_phrase(doc: Doc, chunk, roots: dict, pairs: frozenset[tuple[str, str]], functional: frozenset[str]):
    """The words of a noun and the bare noun phrase its 'of' joins to it, 'transparency of payments',
    'conflicts of interest', 'safety of medical devices', or None: no determiner after 'of' ('the
    closure of the unit' is a closure), no quantity or part before it ('number of patients', 'half of
    them': data/lexicons/partitive_heads.csv), two to four words besides 'of'."""
    of = doc[chunk.end] if chunk.end < len(doc) else None
    if of is None or of.lower_ != "of" or of.head.i != chunk.root.i:
        return None
    obj = next((c for c in of.children if c.dep_ == "pobj"), None)
    right = roots.get(obj.i) if obj is not None else None
    if right is None or right.start != of.i + 1:
        return None
    left = _trimmed(doc, chunk, pairs)
    right = [t for t in right if not (t.is_punct or t.is_space)]
    if not left or left[-1].i != chunk.root.i or not 2 <= len(left) + len(right) <= 4:
        return None
    if any(not _inner(t) or t.is_stop for t in (*left, *right)):
        return None
    if right[-1].pos_ != "NOUN" and not _acronym(right[-1].text):
        return None
    if not _plain_words(doc, left) or not _plain_words(doc, right):
        return None
    if fold(chunk.root.lemma_) in lexicon("partitive_heads") or _vague_head(left[-1], functional):
        return None
    return [*left, of, *right]


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
    return "".join((t.text if _acronym(t.text) else t.lower_) + t.whitespace_ for t in tokens)


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
        words = tuple(w for w in lemmas.split() if w not in lexicon("topic_function_words"))  # not 'of'
        occurrences.append((lemmas, words, where, specific))
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
