"""Every namespace and term graphkit writes, in one place.

Standard vocabularies first (SIOC, schema.org, FOAF, W3C ORG, DCTERMS, SKOS, PROV, Web
Annotation, OWL, the RDF Data Cube for the corpus's summary observations); the own namespace GK
holds only what none of them has.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode


class Namespace:
    """An IRI prefix whose attributes are pyoxigraph terms: SCHEMA.name is <https://schema.org/name>.

    pyoxigraph terms are what graph writes, so no term is converted on the way out; the module
    imports no rdflib, which keeps the command line quick to start. str(SCHEMA) is the prefix.
    """

    def __init__(self, iri: str, terms: Iterable[str] | None = None) -> None:
        self._iri = iri
        self._terms = frozenset(terms) if terms is not None else None  # None: open
        self._made: dict[str, NamedNode] = {}

    def __getattr__(self, name: str) -> NamedNode:
        """Called once per term: the term is then an attribute of its own, read without a call."""
        if name.startswith("_"):
            raise AttributeError(name)
        term = self[name]
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> NamedNode:
        term = self._made.get(name)
        if term is None:
            if self._terms is not None and name not in self._terms:
                raise AttributeError(f"{name} is not a term of {self._iri}")
            term = self._made[name] = NamedNode(self._iri + name)
        return term

    def __str__(self) -> str:
        return self._iri

    def __repr__(self) -> str:
        return f"Namespace({self._iri!r})"


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SIOC = Namespace("http://rdfs.org/sioc/ns#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
TOPIC = Namespace("https://w3id.org/graphkit/topic/")  # the topic scheme's own IRIs, as in data/topics.ttl
SH = Namespace("http://www.w3.org/ns/shacl#")
QB = Namespace("http://purl.org/linked-data/cube#")  # W3C RDF Data Cube: the summary observations

DEFAULT_BASE = "https://example.org/graphkit/"
# The public record of an NHS organisation in the ODS API, by its code (linked with schema:sameAs).
ODS_ADDRESS = "https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/{}"

PREFIXES = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "prov": str(PROV),
    "sioc": str(SIOC),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "oa": str(OA),
    "qb": str(QB),
    "gk": "https://w3id.org/graphkit/ns#",
}

# Own terms (GK). Each is documented here; nothing else in the code invents a term.
OWN_TERMS = {
    "orgType": "an organisation's type from the controlled list (nhs_trust, health_board, …)",
    "personKind": "commenter | public_figure | author | other",
    "odsCode": "NHS Organisation Data Service code",
    "confidence": "an extractor's confidence in an annotation, 0..1",
    "byline": "the free text under a commenter's name, or after an article author's name",
    "Byline": "the class of byline resources, whose sioc:content evidence offsets index",
    "topicScore": "links a post or person to a TopicScore",
    "TopicScore": "a weighted link to a topic",
    "topic": "the topic of a TopicScore",
    "weight": "a topic's weight for a post, 0..1",
    "Extractor": "the class of graphkit extractors (prov:SoftwareAgent)",
    "Keyphrase": "a topic found by keyphrase extraction rather than the scheme",
    "handle": "a social-media handle (@name) that belongs to an agent",
    "Handle": "the class of handles",
    "Hashtag": "the class of hashtags",
    "position": "a comment's position under its article, 1-based",
    "discusses": "a person discusses a topic: the topics of the comments they wrote",
    "Succession": "an NHS body replacing another (merger, acquisition, split), with its dcterms:date",
    "successor": "the body that replaced the other in a Succession (it dcterms:replaces the predecessor)",
    "predecessor": "the body replaced in a Succession",
    "event": "what a Succession was: acquisition, merger, ICB merger, ICB split …",
    "mentionCount": "in the corpus graph: how many posts mention an entity (schema:mentions)",
    "topicWeight": "in the corpus graph: a topic's gk:weight summed over every post scored on it",
    "postCount": "in the corpus graph: how many posts are scored on a topic",
    "topicCount": "in the corpus graph: how many topics a person discusses (gk:discusses)",
    "organisation": "in the corpus graph: the organisation of a co-mentioned pair (a summary qb:Observation) "
    "whose IRI sorts first",
    "otherOrganisation": "in the corpus graph: the other organisation of a co-mentioned pair (its IRI sorts last)",
    "memberType": "in the corpus graph: the organisation type (as gk:orgType) of the people a summary "
    "observation counts",
    "postTopic": "in the corpus graph: the topic of the posts a summary observation counts",
    "postTotal": "in the corpus graph: the posts a summary observation counts (naming both organisations of "
    "its pair; on its topic by people of its organisation type)",
    "personTotal": "in the corpus graph: the people a summary observation counts (members of an organisation "
    "of its type who wrote posts on its topic)",
    "weightTotal": "in the corpus graph: the gk:weight of its topic summed over a summary observation's posts "
    "(once per author of its type)",
}
# Closed: using a term not listed above fails at once, so every own term is documented here.
GK = Namespace("https://w3id.org/graphkit/ns#", OWN_TERMS)
OWN = {name: GK[name] for name in OWN_TERMS}


def n(term: NamedNode) -> NamedNode:
    return term


def lit(value: object, datatype: NamedNode | None = None) -> Literal:
    return Literal(str(value), datatype=datatype) if datatype else Literal(str(value))
