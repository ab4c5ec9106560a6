"""Newspapers and magazines named as what they are or what they do: 'This month's Practice Weekly
magazine', 'Practice Weekly ran a special issue', 'as the Courier reported'. A name the gazetteer does not
know, that spaCy leaves alone or takes for a place, is a news title (a company) when

- a noun for a news title follows it ('Practice Weekly magazine': data/lexicons/media_nouns.csv, kind
  'title'), or
- it is the subject of a publishing verb (data/lexicons/publishing_verbs.csv) that has a media noun as
  its object ('ran a special issue') or that tells publishing on its own ('reported', 'revealed'), or
- a media role (data/lexicons/media_roles.csv) and a person's name follow it ('Practice Weekly reporter
  Jane Roe', 'Practice Weekly senior correspondent Jane Roe').
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc

from graphkit.extract.titles import is_title_word
from graphkit.extract.tokens import post_text
from graphkit.knowledge import gazetteer
from graphkit.model import Mention, Span
from graphkit.resources import fold, lexicon, read_rows


@cache
def _title_nouns() -> frozenset[str]:
    """The media nouns that say what a news title is ('magazine'), not what it publishes ('story')."""
    return frozenset(fold(r["term"]) for r in read_rows("lexicons/media_nouns.csv") if r["kind"] == "title")


_NAME_POS = {"PROPN", "NOUN", "ADJ"}
_ON_THEIR_OWN = {"report", "reveal", "publish", "expose"}  # verbs that tell publishing without an object


def publications(doc: Doc, post: str, taken: list[tuple[int, int]]) -> Iterator[Mention]:
    """Organisation mentions (type company) for the news titles a post names as such."""
    text = post_text(doc)
    nouns, verbs, titles = lexicon("media_nouns"), lexicon("publishing_verbs"), _title_nouns()
    seen: set[int] = set()
    for t in doc:
        if not t.is_title or t.is_stop or t.pos_ not in _NAME_POS or t.ent_type_ in {"PERSON", "DATE"} or t.i in seen:
            continue
        start = t.i
        while (
            start > 0
            and doc[start - 1].is_title
            and doc[start - 1].pos_ == "PROPN"
            and not doc[start - 1].is_sent_start
        ):
            start -= 1
        end = t.i + 1
        while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        seen.update(range(start, end))
        name = doc[start:end]
        after = doc[end] if end < len(doc) else None
        named = after is not None and after.is_lower and fold(after.text) in titles
        verb = name.root.head
        told = (
            name.root.dep_ == "nsubj"
            and verb.lemma_.lower() in verbs
            and (
                verb.lemma_.lower() in _ON_THEIR_OWN
                or any(c.dep_ == "dobj" and fold(c.lemma_) in nouns for c in verb.children)
            )
        )
        proper = all(w.pos_ == "PROPN" for w in name)  # 'Practice Weekly reporter Jane Roe': spaCy may tag it ADJ
        if not ((proper and (named or told)) or _staff_before_name(doc, end)):
            continue
        if any(s < name.end_char and name.start_char < e for s, e in taken):
            continue
        gaz = gazetteer.load()
        if gaz.org(name.text) or gaz.place(name.text) or fold(name.text) in lexicon("given_names"):
            continue
        if any(is_title_word(w.text) for w in name) or any(c.dep_ == "appos" for c in name.root.children):
            continue  # 'The Chief Nurse, Jane Roe, reported …': a title and its holder, no news title
        span = Span.of(text, name.start_char, name.end_char, post)
        yield Mention("organisation", name.text, span, "publication", 0.7, {"type": "company"})


def _staff_before_name(doc: Doc, i: int) -> bool:
    """Whether words from token i are a media role and a person's name: 'reporter Jane Roe', 'senior
    health correspondent Jane Roe'."""
    j = i
    while j < len(doc) and j - i < 4 and doc[j].is_lower and doc[j].is_alpha:
        j += 1
    return j > i and fold(doc[j - 1].text) in lexicon("media_roles") and j < len(doc) and doc[j].ent_type_ == "PERSON"
