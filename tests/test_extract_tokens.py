"""The token table the extractors share reads what the Doc itself gives, once per post."""

from __future__ import annotations

from graphkit.extract.tokens import offsets, post_text


def test_the_shared_text_and_offsets_are_the_docs_own(nlp):
    doc = nlp("The Secretary of State  said:\n\n‘Waiting lists’ – at NHS England’s trusts – fell. \tDr Ng (BMA) agreed")
    text = post_text(doc)
    assert text == doc.text
    starts, ends = offsets(doc)
    assert len(starts) == len(ends) == len(doc)
    for i in range(len(doc)):
        for j in range(i, min(len(doc), i + 6)):
            assert text[starts[i] : ends[j]] == doc[i : j + 1].text  # a span's text, without making the Span
    assert post_text(doc) is text  # read once


def test_each_post_has_its_own_table(nlp):
    first, second = nlp("The Health Secretary spoke."), nlp("A nurse from Leeds answered at length.")
    assert post_text(first) == first.text and post_text(second) == second.text
    assert offsets(first) != offsets(second)
    assert offsets(nlp("")) == ([], [])
