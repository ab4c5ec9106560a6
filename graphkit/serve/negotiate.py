"""Content negotiation for the SPARQL endpoint: an Accept header and a query form in, a format name out."""

from __future__ import annotations

from graphkit.formats import media_types

# Media types each kind of result can be sent as, in the server's order of preference.
RESULT_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]
RDF_TYPES = media_types()


def offers(form: str | None) -> list[tuple[str, str]]:
    """What a query of this form (SELECT, ASK, CONSTRUCT, DESCRIBE) can answer in."""
    return RDF_TYPES if form in {"CONSTRUCT", "DESCRIBE"} else RESULT_TYPES


def choose(accept: str | None, form: str | None) -> tuple[str, str] | None:
    """The (media type, format name) to answer in, or None when the client accepts none of them."""
    available = offers(form)
    if not accept or not accept.strip():
        return available[0]
    ranges = _parse(accept)
    best, best_q = None, 0.0
    for media_type, name in available:
        q = _quality(media_type, ranges)
        if q > best_q:
            best, best_q = (media_type, name), q
    return best


def _parse(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for item in accept.split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        if not media_range:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media_range.lower(), q))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range that matches (exact, then type/*, then */*)."""
    kind = media_type.split("/")[0]
    for candidate in (media_type, f"{kind}/*", "*/*"):
        matches = [q for media_range, q in ranges if media_range == candidate]
        if matches:
            return max(matches)
    return 0.0
