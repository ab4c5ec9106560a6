"""The compiled topic index is kept in the user's cache, keyed by the data files; a bad entry is rebuilt."""

from __future__ import annotations

import json
import shutil

import pytest

from graphkit.extract.topics import build_index
from graphkit.knowledge import cache
from tests.conftest import ROOT


@pytest.fixture
def knowledge_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "graphkit" / "knowledge"


def _entries(folder):
    return sorted(folder.glob("topic-index-*.json"))


def test_the_index_is_compiled_once_then_read_from_the_cache(nlp, knowledge_cache):
    first = build_index(nlp)
    (entry,) = _entries(knowledge_cache)
    assert build_index(nlp) == first
    # What is read is the entry: a pattern added to it is in the next index.
    value = json.loads(entry.read_text(encoding="utf-8"))
    value["patterns"].setdefault("zebra", []).append([["zebra", "crossing"], "workforce", 1.0])
    entry.write_text(json.dumps(value), encoding="utf-8")
    assert ("zebra", "crossing") in [key for key, _slug, _w in build_index(nlp).patterns["zebra"]]


@pytest.mark.parametrize(
    "damage",
    [
        "",  # emptied
        '{"patterns": {"a": [["a"], "workforce"',  # cut off mid-write
        '{"patterns": 5, "by_lemmas": []}',  # JSON of another shape
        '{"patterns": {}, "by_lemmas": [[["x"], "no-such-concept"]]}',  # a concept the scheme lacks
        "\x00\xff not json",
    ],
)
def test_a_damaged_entry_is_rebuilt_silently(nlp, knowledge_cache, damage, capsys):
    fresh = build_index(nlp)
    (entry,) = _entries(knowledge_cache)
    entry.write_text(damage, encoding="utf-8", errors="surrogateescape")
    assert build_index(nlp) == fresh
    assert capsys.readouterr() == ("", "")
    assert _entries(knowledge_cache) == [entry]
    assert json.loads(entry.read_text(encoding="utf-8"))["patterns"]  # repaired


def test_changed_data_files_get_their_own_entry(nlp, knowledge_cache, tmp_path, monkeypatch):
    before = build_index(nlp)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    scheme = data / "topics.ttl"
    scheme.write_text(
        scheme.read_text(encoding="utf-8").replace('skos:prefLabel "Staff morale"', 'skos:prefLabel "Team spirit"'),
        encoding="utf-8",
    )
    monkeypatch.setenv("GRAPHKIT_DATA", str(data))
    from graphkit.knowledge.topics import load_scheme

    load_scheme.cache_clear()
    try:
        after = build_index(nlp)
    finally:
        load_scheme.cache_clear()
    assert len(_entries(knowledge_cache)) == 2
    assert ("team", "spirit") in after.by_lemmas and ("team", "spirit") not in before.by_lemmas


def test_an_unwritable_cache_still_gives_the_index(nlp, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    index = build_index(nlp)
    assert index.patterns and index.by_lemmas
    assert blocked.read_text(encoding="utf-8").startswith("a file")


def test_the_cache_lives_under_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_root() == tmp_path / "graphkit" / "knowledge"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_root().parts[-3:] == (".cache", "graphkit", "knowledge")


def test_word_frequencies_from_the_cached_table_are_wordfreqs_own(knowledge_cache):
    import random

    from wordfreq import zipf_frequency

    from graphkit.extract.words import _zipf_table, zipf

    _zipf_table.cache_clear()
    try:
        table = _zipf_table()
        assert _entries(knowledge_cache) == [] and list(knowledge_cache.glob("word-zipf-*.json"))
        words = random.Random(3).sample(sorted(table), 2000)
        words += ["staff", "polypharmacy", "qwzxjk", "café", "naïve", "covid19", "2024", "王小明"]
        assert [zipf(w) for w in words] == [zipf_frequency(w, "en") for w in words]
    finally:
        _zipf_table.cache_clear()


def test_phrase_matchers_made_from_cached_tokens_match_as_the_tokenised_names_do(nlp):
    from spacy.matcher import PhraseMatcher

    from graphkit.extract.matchers import _ATTRS, _matchers, _names, _tokenised

    names = _names()
    built = _matchers(nlp, json.loads(json.dumps(_tokenised(nlp))))  # the tokens as the cache keeps them
    for name, attr in _ATTRS.items():
        reference = PhraseMatcher(nlp.vocab, attr=attr)
        for key, surfaces in names[name]:
            reference.add(key, list(nlp.tokenizer.pipe(surfaces)))
        assert len(built[name]) == len(reference) == len({key for key, _surfaces in names[name]})
        text = " ; ".join(surfaces[0] for _key, surfaces in names[name][::5])  # spaced: "NHSE." would be one token
        for doc in (nlp.make_doc(text), nlp.make_doc(text.upper()), nlp.make_doc(text.lower())):
            found = sorted(built[name](doc))
            assert found == sorted(reference(doc))
        assert len(sorted(built[name](nlp.make_doc(text)))) >= len(names[name][::5])


def test_the_one_key_places_matcher_names_every_place_a_key_per_place_would(nlp):
    """The build's places matcher has one key (a key per place costs a lexeme each at every start) and
    names a match from its tokens: the same (place, start, end) as a matcher with a key per place, on
    every fifth place name of the data, as written, upper-cased and lower-cased, and on a name that
    two places share (each is named)."""
    from spacy.matcher import PhraseMatcher

    from graphkit.extract.matchers import _names, _place_matcher, _tokenised, place_matches

    rules = _names()["places"]
    tokenised = json.loads(json.dumps(_tokenised(nlp)))["places"]  # the tokens as the cache keeps them
    shared = [("Testholme", ["Newtown"]), ("Testholme East", ["Newtown"])]  # a name of two more places
    matcher, names = _place_matcher(nlp, [*tokenised, *[[key, [surfaces]] for key, surfaces in shared]])
    assert len(matcher) == 1
    reference = PhraseMatcher(nlp.vocab, attr="ORTH")
    for key, surfaces in [*rules, *shared]:
        reference.add(key, list(nlp.tokenizer.pipe(surfaces)))
    built = type("M", (), {"places": matcher, "place_names": names})
    text = " ; ".join(surfaces[0] for _key, surfaces in rules[::5]) + " ; Newtown"
    for doc in (nlp.make_doc(text), nlp.make_doc(text.upper()), nlp.make_doc(text.lower())):
        expected = sorted((nlp.vocab.strings[key], start, end) for key, start, end in reference(doc))
        assert sorted(place_matches(built, doc)) == expected
    found = place_matches(built, nlp.make_doc(text))
    assert len(found) >= len(rules[::5])
    assert [name for name, *_ in found if name.startswith("Testholme")] == ["Testholme", "Testholme East"]
