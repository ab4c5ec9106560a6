"""The comparison keys every stage matches names by: fold and slug give one key for any text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.resources import fold, slug


def _fold(text: str) -> str:
    """fold by its definition, for every text alike: decomposed, marks dropped, apostrophes dropped, case-folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("'", "").casefold()
    return " ".join(re.sub(r"[^\w&+]+", " ", text).split())


def _slug(text: str) -> str:
    """slug by its definition, without a shortcut for ASCII."""
    folded = _fold(text).replace("&", " and ").replace("+", " plus ")
    ascii_ = folded.encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:80]
    if sum(c.isalnum() for c in ascii_) < sum(c.isalnum() for c in folded):
        digest = hashlib.sha1(folded.encode()).hexdigest()[:8]
        out = f"{out}-{digest}" if out else digest
    return out


_TEXT = st.text(st.characters(codec="utf-8"), max_size=40) | st.text("aZé'’‘ -&+_.,ßﬁİ王0१\u0301", max_size=20)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_fold_and_slug_are_the_same_keys_for_ascii_and_any_other_text(text):
    assert fold(text) == _fold(text)
    assert slug(text) == _slug(text)


def test_keys_of_names_as_written():
    assert fold("St Thomas’ Hospital  & Guy's") == "st thomas hospital & guys"
    assert fold("Céline Ó Dálaigh") == "celine o dalaigh" == fold("celine o dalaigh")
    assert slug("Bart’s Health NHS Trust") == "barts-health-nhs-trust"
    assert slug("王小明").startswith(hashlib.sha1("王小明".encode()).hexdigest()[:8])
