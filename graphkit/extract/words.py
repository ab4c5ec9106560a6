"""Words' frequency in general English (wordfreq's Zipf scale) and how much a label or phrase says."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from graphkit.knowledge.cache import cached
from graphkit.resources import lexicon

__all__ = ["specificity", "zipf"]


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
